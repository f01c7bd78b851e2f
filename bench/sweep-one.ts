/**
 * One timed sweep or plan search in a fresh process (bench/sweep.ts, bench/plan.ts run it so that no run
 * inherits another's caches or heap): `node bench/sweep-one.ts sweep WORKERS ESTATE|default SCENARIO…` or
 * `node bench/sweep-one.ts plan WORKERS ESTATE|default UNIT…`; prints one JSON line of figures.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Result } from "effect"
import { defaultEstatePath } from "../topology/load.ts"
import { TaskExecutor } from "../twin/parallel/executor.ts"
import { buildProblem } from "../twin/plan/constraints.ts"
import { estateModel } from "../twin/plan/estate-model.ts"
import { searchPlans } from "../twin/plan/search.ts"
import { ScenarioCache } from "../twin/sweep/scenario-cache.ts"
import { runSweep } from "../twin/sweep/sweep.ts"

const [what, workersText, estateArg, ...rest] = process.argv.slice(2)
const workers = Number(workersText)
const layer = workers === 1 ? TaskExecutor.layerInProcess : TaskExecutor.layerLocalWorkers(workers)
const estate = estateArg === "default" ? undefined : estateArg
const began = performance.now()
if (what === "sweep") {
  const r = await Effect.runPromise(Effect.scoped(runSweep(rest.map((path) => ({ path, estate })), { mode: "n-1" })).pipe(Effect.provide([layer, ScenarioCache.layer]), Effect.provide(NodeServices.layer)))
  const seconds = (performance.now() - began) / 1000
  console.log(JSON.stringify({ seconds, faults: r.faultsTried, columns: r.columns.length, states: r.tasks, participants: r.estate.participants }))
} else {
  const path = estate ?? defaultEstatePath
  const model = await Effect.runPromise(estateModel(path).pipe(Effect.provide(NodeServices.layer)))
  const unitsFile = rest.length === 0 ? undefined : { name: "bench", value: { units: rest } }
  const problem = Result.getOrThrow(buildProblem({ model, unitsFile, constraintsFile: undefined, maxPhases: undefined }))
  const r = await Effect.runPromise(Effect.scoped(searchPlans(problem, { estate: path, model })).pipe(Effect.provide(layer)))
  const seconds = (performance.now() - began) / 1000
  console.log(JSON.stringify({ seconds, method: r.method, orders: r.ordersScored, states: r.statesEvaluated, participants: model.file.participants.length }))
}

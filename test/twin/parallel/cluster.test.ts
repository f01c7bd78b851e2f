/**
 * The effect/cluster executor (twin/parallel/cluster/) on loopback: a throwaway PostgreSQL as the
 * coordinator (test/support/postgres.ts), three `twin runner` processes, and this process as the caller
 * (clusterExecutorLayer, what `--cluster URL` uses). The sweeps' results must be exactly those of the
 * calling thread or the local pool — whoever ran each task, whether a runner died or joined meanwhile.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, type Layer, Result } from "effect"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { loadScenario } from "../../../scenarios/load.ts"
import { clusterExecutorLayer } from "../../../twin/parallel/cluster/cluster-executor.ts"
import { TaskExecutor } from "../../../twin/parallel/executor.ts"
import { runMessageSweep } from "../../../twin/sweep/message/message-sweep.ts"
import { ScenarioCache } from "../../../twin/sweep/scenario-cache.ts"
import { type FaultMode, runSweep } from "../../../twin/sweep/sweep.ts"
import { buildProblem } from "../../../twin/plan/constraints.ts"
import { estateModel } from "../../../twin/plan/estate-model.ts"
import { searchPlans } from "../../../twin/plan/search.ts"
import { type Postgres, startPostgres } from "../../support/postgres.ts"
import { runnerAlive, spawnTwinRunner, stopTwinRunner, type TwinRunner } from "../../support/twin-runner.ts"

const small = fileURLToPath(new URL("../sweep/fixtures/tiny-monte-carlo.yaml", import.meta.url))
const smallPhase = fileURLToPath(new URL("../sweep/fixtures/small-phase.yaml", import.meta.url))
const planEstate = fileURLToPath(new URL("../plan/fixtures/plan-estate.yaml", import.meta.url))

interface Runner extends TwinRunner {
  /** Tasks it has started (its `task KIND` lines). */
  tasks: number
  /** Called on each `task` line as it arrives (synchronously: a kill lands while that task runs). */
  onTask: (() => void) | undefined
}

const runners: Array<Runner> = []
let pg: Postgres | undefined

const startRunner = async (url: string): Promise<Runner> => {
  const counted = { tasks: 0, onTask: undefined as (() => void) | undefined }
  const runner: Runner = Object.assign(
    await spawnTwinRunner(url, (line) => {
      if (!line.startsWith("task ")) return
      runner.tasks++
      runner.onTask?.()
    }),
    counted
  )
  runners.push(runner)
  await runner.joined
  return runner
}

const tasksRun = (rs: ReadonlyArray<Runner>): number => rs.reduce((n, r) => n + r.tasks, 0)

beforeAll(async () => {
  pg = await startPostgres()
  await Promise.all([startRunner(pg.url), startRunner(pg.url), startRunner(pg.url)])
}, 120_000)

afterAll(async () => {
  await Promise.all(runners.map((r) => stopTwinRunner(r)))
  await pg?.stop()
}, 60_000)

const load = (path: string) => Effect.runPromise(loadScenario(path, { catalogues }).pipe(Effect.provide(NodeServices.layer)))

const messageSweep = async (path: string, count: number, seeds: number, layer: Layer.Layer<TaskExecutor>, onProgress?: (done: number) => void) => {
  const scenario = await load(path)
  return Effect.runPromise(Effect.scoped(runMessageSweep(scenario, path, { count, seed: scenario.seed, seeds, estate: undefined }, onProgress)).pipe(Effect.provide(layer)))
}

const impactSweep = (mode: FaultMode, layer: Layer.Layer<TaskExecutor>) =>
  Effect.runPromise(Effect.scoped(runSweep([{ path: smallPhase, estate: undefined }], mode)).pipe(Effect.provide([layer, ScenarioCache.layer]), Effect.provide(NodeServices.layer)))

describe("TaskExecutor on effect/cluster (three runners, Postgres)", () => {
  it("gives exactly what the calling thread gives: the message and impact sweeps, the plan search", async () => {
    const cluster = clusterExecutorLayer(pg!.url)
    const before = tasksRun(runners)
    const onCluster = await messageSweep(small, 4, 2, cluster)
    expect(onCluster).toEqual(await messageSweep(small, 4, 2, TaskExecutor.layerInProcess))
    // 4 draws × 2 seeds = 8 sweep.message tasks, each started by a runner — at least once: a task whose
    // shard moves while it runs (runners joining, a busy runner late on its lock) is started again by the
    // shard's new owner (effect/cluster delivers at least once; tasks are pure, so the result is the same).
    expect(tasksRun(runners) - before).toBeGreaterThanOrEqual(8)
    // The impact sweeps' kinds too: sweep.single (N-1 analyses, whose outputs carry Int32Arrays), sweep.pairs, sweep.exact.
    for (const mode of [{ mode: "n-1" }, { mode: "n-2" }, { mode: "random", count: 20, seed: 3 }] as const) {
      expect(await impactSweep(mode, cluster)).toEqual(await impactSweep(mode, TaskExecutor.layerInProcess))
    }
    // And the planner's plan.state (the hand-made plan estate's three units, test/twin/plan/plan.test.ts).
    const model = await Effect.runPromise(estateModel(planEstate).pipe(Effect.provide(NodeServices.layer)))
    const problem = Result.getOrThrow(buildProblem({ model, unitsFile: undefined, constraintsFile: undefined, maxPhases: undefined }))
    const search = (layer: Layer.Layer<TaskExecutor>) => Effect.runPromise(Effect.scoped(searchPlans(problem, { estate: planEstate, model })).pipe(Effect.provide(layer)))
    expect(await search(cluster)).toEqual(await search(TaskExecutor.layerInProcess))
  }, 180_000)

  // The next two tests' sweep: 12 draws × 2 seeds of tiny-monte-carlo.yaml, 24 short tasks.
  let reference: Awaited<ReturnType<typeof messageSweep>> | undefined
  const referenceSweep = async () => (reference ??= await messageSweep(small, 12, 2, TaskExecutor.layerInProcess))

  it("a runner killed mid-sweep: its tasks run elsewhere, the result is the same", async () => {
    const expected = await referenceSweep()
    const live = runners.filter(runnerAlive)
    const before = new Map(live.map((r) => [r, r.tasks]))
    // The first runner to start a task of this sweep is killed on the spot, while that task runs (SIGKILL:
    // no goodbye; its shard locks go with its Postgres connections, its requests stay in storage).
    let victim: Runner | undefined
    for (const r of live) {
      r.onTask = () => {
        if (victim !== undefined) return
        victim = r
        r.child.kill("SIGKILL")
      }
    }
    const result = await messageSweep(small, 12, 2, clusterExecutorLayer(pg!.url)).finally(() => live.forEach((r) => (r.onTask = undefined)))
    expect(victim).toBeDefined()
    expect(result).toEqual(expected)
    // 24 tasks. The victim finished none of those it started (the first was cut short; any line after it
    // was already in flight): the survivors ran every one.
    const survivors = live.filter((r) => r !== victim)
    expect(survivors.reduce((n, r) => n + r.tasks - before.get(r)!, 0)).toBeGreaterThanOrEqual(24)
  }, 240_000)

  it("a runner joining mid-sweep takes work, the result is the same", async () => {
    const expected = await referenceSweep()
    // The runners already in are paused (SIGSTOP: as if busy) while the sweep is sent, so that work is
    // still waiting when the new runner joins; they go on once it has run a task.
    const others = runners.filter(runnerAlive)
    for (const r of others) r.child.kill("SIGSTOP")
    const sweep = messageSweep(small, 12, 2, clusterExecutorLayer(pg!.url))
    const joiner = await startRunner(pg!.url)
    await new Promise<void>((resolve) => (joiner.onTask = resolve))
    for (const r of others) r.child.kill("SIGCONT")
    expect(await sweep).toEqual(expected)
    expect(joiner.tasks).toBeGreaterThanOrEqual(1)
  }, 240_000)
})

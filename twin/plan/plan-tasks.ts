/**
 * The planner's task kind `plan.state` (twin/parallel/task-handlers.ts): the metrics of one cutover state
 * (state-metrics.ts) on an estate named by path, the estate loaded and validated once per thread.
 */
import { NodeServices } from "@effect/platform-node"
import { Cause, Effect, Exit } from "effect"
import { displayPath, loadEstateFile } from "../../topology/load.ts"
import type { EstateModel } from "../../topology/model.ts"
import { validateEstate } from "../../topology/validate.ts"
import { analyse, stateMetrics, type StateMetrics } from "./state-metrics.ts"

export interface StateTask {
  readonly estate: string
  /** Units moved before the plan starts. */
  readonly base: ReadonlyArray<string>
  /** Units of the plan moved in this state. */
  readonly moved: ReadonlyArray<string>
}

const models = new Map<string, Promise<EstateModel>>()
const starts = new Map<string, ReturnType<typeof analyse>>()

export const estateModel = (path: string): Promise<EstateModel> => {
  let found = models.get(path)
  if (found === undefined) {
    found = Effect.runPromiseExit(
      loadEstateFile(path).pipe(
        Effect.flatMap((file) => Effect.fromResult(validateEstate(displayPath(path), file))),
        Effect.provide(NodeServices.layer)
      )
    ).then((exit) => {
      if (Exit.isFailure(exit)) throw Cause.squash(exit.cause)
      return exit.value.model
    })
    models.set(path, found)
  }
  return found
}

export const runStateTask = async ({ estate, base, moved }: StateTask): Promise<StateMetrics> => {
  const model = await estateModel(estate)
  const key = `${estate}|${base.join(",")}`
  let start = starts.get(key)
  if (start === undefined) starts.set(key, (start = analyse(model, base)))
  return stateMetrics(start, analyse(model, [...base, ...moved]))
}

/**
 * The planner's task kind `plan.state` (twin/parallel/task-handlers.ts): the metrics of one cutover state
 * (state-metrics.ts) on an estate named by path, which the caller has validated (estate-model.ts): each
 * thread parses it and builds the model once.
 */
import { trustedModel } from "../parallel/trusted-estate.ts"
import { analyse, stateMetrics, type StateMetrics } from "./state-metrics.ts"

declare module "../parallel/task.ts" {
  interface TaskMap {
    readonly "plan.state": { readonly input: StateTask; readonly output: StateMetrics }
  }
}

export interface StateTask {
  readonly estate: string
  /** Units moved before the plan starts. */
  readonly base: ReadonlyArray<string>
  /** Units of the plan moved in this state. */
  readonly moved: ReadonlyArray<string>
}

const starts = new Map<string, ReturnType<typeof analyse>>()

export const runStateTask = async ({ estate, base, moved }: StateTask): Promise<StateMetrics> => {
  // The search runs after its caller validated the estate: tasks only parse it and build the model.
  const model = trustedModel(estate)
  const key = `${estate}|${base.join(",")}`
  let start = starts.get(key)
  if (start === undefined) starts.set(key, (start = analyse(model, base)))
  return stateMetrics(start, analyse(model, [...base, ...moved]))
}

/**
 * The planner's task kind `plan.state` (twin/parallel/task-handlers.ts): the metrics of one cutover state
 * (state-metrics.ts) on an estate named by path, which the caller has validated: each lane parses it and
 * builds the model once (trusted-estate.ts).
 */
import { MemoTable, type TaskMemo } from "../parallel/task-memo.ts"
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

/** The analysis of the plan's starting state, per estate and base: kept by the lane (task-memo.ts). */
const starts = new MemoTable<ReturnType<typeof analyse>>()

export const runStateTask = async ({ estate, base, moved }: StateTask, memo: TaskMemo): Promise<StateMetrics> => {
  // The search runs after its caller validated the estate: tasks only parse it and build the model.
  const model = trustedModel(memo, estate)
  const start = starts.get(memo, `${estate}|${base.join(",")}`, () => analyse(model, base))
  return stateMetrics(start, analyse(model, [...base, ...moved]))
}

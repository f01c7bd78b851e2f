/**
 * The tests' own task kinds, so the executors can be tested without an estate. They live with the tests
 * and are registered by them (`registerTaskModule`), not in the shipped registry:
 * - `square`: squares a number;
 * - `tally`: how many `tally` tasks this lane has run so far, this one included (read from the lane's
 *   memo, so it shows how long a memo lives).
 */
import { MemoTable, type TaskMemo } from "../../../twin/parallel/task-memo.ts"

declare module "../../../twin/parallel/task.ts" {
  interface TaskMap {
    readonly square: { readonly input: number; readonly output: number }
    readonly tally: { readonly input: null; readonly output: number }
  }
}

export const square = (n: number): number => n * n

const tallies = new MemoTable<{ n: number }>()

export const tally = (_: null, memo: TaskMemo): number => ++tallies.get(memo, "tally", () => ({ n: 0 })).n

const here = new URL("./test-tasks.ts", import.meta.url).href

/** Where a worker thread loads each kind from. */
export const squareModule = { module: here, export: "square" }
export const tallyModule = { module: here, export: "tally" }

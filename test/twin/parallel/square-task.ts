/**
 * A test-only task kind, `square`: squares a number, so the executors can be tested without an estate. It
 * lives with the tests and is registered by them (`registerTaskModule`), not in the shipped registry.
 */
declare module "../../../twin/parallel/task.ts" {
  interface TaskMap {
    readonly square: { readonly input: number; readonly output: number }
  }
}

export const square = (n: number): number => n * n

/** Where a worker thread loads `square` from. */
export const squareModule = { module: new URL("./square-task.ts", import.meta.url).href, export: "square" }

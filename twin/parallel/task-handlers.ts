/**
 * Every task kind a sweep or plan search sends, with where its handler lives: the one registry both the
 * calling thread and each worker load (a worker knows nothing but this module). Handlers are imported on
 * first use, so a worker loads only the modules of the kinds it is sent (a worker's start is mostly module
 * loading). A distributed runner registers the same handlers (docs/scaling.md).
 */
import type { TaskHandler } from "./task.ts"

const loaders = new Map<string, () => Promise<TaskHandler>>([
  ["sweep.single", () => import("../sweep/sweep-tasks.ts").then((m) => m.runSingleTask as TaskHandler)],
  ["sweep.pairs", () => import("../sweep/sweep-tasks.ts").then((m) => m.runPairTask as TaskHandler)],
  ["sweep.exact", () => import("../sweep/sweep-tasks.ts").then((m) => m.runExactTask as TaskHandler)],
  ["plan.state", () => import("../plan/plan-tasks.ts").then((m) => m.runStateTask as TaskHandler)],
  ["simulate.part", () => import("../simulate/part-task.ts").then((m) => m.runPartTask as TaskHandler)],
  // Test-only kind: squares a number, so the executors can be tested without an estate.
  ["square", () => Promise.resolve(((n: number) => n * n) as TaskHandler)]
])

const loaded = new Map<string, Promise<TaskHandler>>()

/** The handler of `kind`, or undefined for a kind nobody registered. */
export const taskHandler = (kind: string): Promise<TaskHandler> | undefined => {
  const load = loaders.get(kind)
  if (load === undefined) return undefined
  let found = loaded.get(kind)
  if (found === undefined) loaded.set(kind, (found = load()))
  return found
}

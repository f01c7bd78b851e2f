/**
 * Every task kind a sweep or plan search sends, with its handler: the one registry both the calling thread
 * and each worker load (a worker knows nothing but this module). A distributed runner registers the same
 * handlers (docs/scaling.md).
 */
import { runStateTask } from "../plan/plan-tasks.ts"
import { runExactTask, runPairTask, runSingleTask } from "../sweep/sweep-tasks.ts"
import type { TaskHandler } from "./task.ts"

const handlers = new Map<string, TaskHandler>()

export const taskHandlers: ReadonlyMap<string, TaskHandler> = handlers

// Test-only kind: squares a number, so the executors can be tested without an estate.
handlers.set("square", (n: number) => n * n)

handlers.set("sweep.single", runSingleTask)
handlers.set("sweep.pairs", runPairTask)
handlers.set("sweep.exact", runExactTask)
handlers.set("plan.state", runStateTask)

/**
 * A worker thread of the local pool (executor.ts): runs each task it is sent and replies with its output or
 * error. A task of a kind registered at run time (a test's own) comes with its registration, which the
 * worker makes too before running it (task-handlers.ts).
 *
 * This message handler is a genuine edge: it turns a thread message into a promise of the task's output
 * and back into a message; no Effect runs inside it.
 */
import { parentPort } from "node:worker_threads"
import type { Request } from "./executor.ts"
import { runTask } from "./task.ts"
import { registerTaskModule, registrationOf, taskHandler } from "./task-handlers.ts"
import { TaskMemo } from "./task-memo.ts"

// This thread's lane: what its tasks keep between them lives as long as the thread (the pool's scope).
const memo = new TaskMemo()

parentPort?.on("message", (message: Request) => {
  const { registration } = message
  // The kind's name as sent: registered under it, so that this thread's lookup finds it (task-handlers.ts).
  if (registration !== undefined && registrationOf(message.task.kind) === undefined) registerTaskModule(message.task.kind, registration)
  runTask(taskHandler, message.task, memo).then(
    (output) => parentPort!.postMessage({ id: message.id, output }),
    (e: unknown) => parentPort!.postMessage({ id: message.id, error: e instanceof Error ? e.message : String(e) })
  )
})

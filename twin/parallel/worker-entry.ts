/** A worker thread of the local pool (executor.ts): runs each task it is sent and replies with its output or error. */
import { parentPort } from "node:worker_threads"
import { runTask, type Task } from "./task.ts"
import { taskHandler } from "./task-handlers.ts"

parentPort?.on("message", (message: { id: number; task: Task }) => {
  runTask(taskHandler, message.task).then(
    (output) => parentPort!.postMessage({ id: message.id, output }),
    (e: unknown) => parentPort!.postMessage({ id: message.id, error: e instanceof Error ? e.message : String(e) })
  )
})

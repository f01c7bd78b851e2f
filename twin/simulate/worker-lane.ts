/**
 * A worker lane of a run in parts (simulate-in-parts.ts): a worker thread that runs parts one after another,
 * kept for the next run when its parts ran well (part-workers.ts).
 */
import { Effect } from "effect"
import type { MessagePort, Worker } from "node:worker_threads"
import type { Request } from "../parallel/executor.ts"
import type { TaskMessage } from "../parallel/task.ts"
import type { PartOutput } from "./parts.ts"
import { acquireWorker, releaseWorker } from "./part-workers.ts"
import { ThreadLost } from "./thread-warden.ts"

/**
 * A worker thread that runs parts one after another (the executor's worker entry and task protocol) while
 * `take` gives it one; interrupting it ends the thread, and one whose parts all ran waits for the next run
 * (part-workers.ts). A failure of a part is a defect (the estate was
 * validated before the run). Not the executor's pool (twin/parallel/executor.ts), whose calling-thread lane
 * runs a task whole: this thread's lane runs its parts in steps (progress, Ctrl-C, the CLI's appends), and
 * the workers get the young generation the CLI gives this thread.
 */
export const workerLane = (
  take: () => number | undefined,
  input: (part: number) => { readonly message: TaskMessage; readonly transfer: ReadonlyArray<MessagePort> },
  done: (part: number, output: PartOutput) => void
): Effect.Effect<void> =>
  Effect.acquireUseRelease(
    acquireWorker,
    (worker) =>
      Effect.gen(function*() {
        for (let part = take(); part !== undefined; part = take()) {
          const { message, transfer } = input(part)
          done(part, yield* runOn(worker, part, message, transfer))
        }
      }),
    releaseWorker
  )

/** Runs one part on `worker` and waits for its output (`transfer`: what the task's message hands over). */
export const runOn = (worker: Worker, id: number, message: TaskMessage, transfer: ReadonlyArray<MessagePort>): Effect.Effect<PartOutput> =>
  Effect.callback<PartOutput>((resume) => {
    const onMessage = (reply: { readonly output?: PartOutput; readonly error?: string }): void => {
      off()
      resume(reply.error !== undefined ? Effect.die(new Error(reply.error)) : Effect.succeed(reply.output!))
    }
    const onError = (e: Error & { readonly code?: string }): void => {
      off()
      resume(Effect.die(e.code === "ERR_WORKER_OUT_OF_MEMORY" ? new ThreadLost(`the worker's thread ran out of memory while running part ${id}`) : e))
    }
    // A thread that ends without an error (`process.exit` in a model, `terminate`) must not leave this wait.
    const onExit = (code: number): void => {
      off()
      resume(Effect.die(new ThreadLost(`the worker's thread exited (code ${code}) while running part ${id}`)))
    }
    const off = (): void => {
      worker.off("message", onMessage)
      worker.off("error", onError)
      worker.off("exit", onExit)
    }
    worker.on("message", onMessage)
    worker.on("error", onError)
    worker.on("exit", onExit)
    worker.postMessage({ id, task: message } satisfies Request, [...transfer])
    return Effect.sync(off)
  })

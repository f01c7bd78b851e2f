/**
 * The worker threads that run parts (simulate-in-parts.ts), kept between runs of one process: a worker's
 * start — its thread, the ~500 modules the parts load — is most of what a short run in parts costs over one
 * world (a folder of short cutover phases, `twin run scenarios/library/cutover`, ran ~0.4 s slower a file).
 * A worker whose run ended well waits idle for the next, unref'd so that it never keeps the process alive;
 * one whose run failed or was interrupted is ended, since its thread may still be inside a part.
 */
import { Effect, Exit } from "effect"
import { Worker } from "node:worker_threads"
import { WORKER_YOUNG_GENERATION_MB } from "../parallel/heap-flags.ts"


const idle: Array<Worker> = []

const start = (): Worker => {
  const worker = new Worker(new URL("../parallel/worker-entry.ts", import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } })
  // A worker that ends while idle (the process exiting, a resource limit) is not handed out again.
  worker.once("exit", () => {
    const i = idle.indexOf(worker)
    if (i >= 0) idle.splice(i, 1)
  })
  return worker
}

/** A worker for the run's parts: an idle one if there is one, else a new one; `release`d when the run ends. */
export const acquireWorker: Effect.Effect<Worker> = Effect.sync(() => {
  const worker = idle.pop()
  if (worker === undefined) return start()
  worker.ref()
  return worker
})

export const releaseWorker = <A, E>(worker: Worker, exit: Exit.Exit<A, E>): Effect.Effect<void> =>
  Exit.isSuccess(exit)
    ? Effect.sync(() => {
      worker.unref()
      idle.push(worker)
    })
    : Effect.promise(() => worker.terminate()).pipe(Effect.asVoid)

/** Runs a drill's ideal response in a worker thread (ideal-worker.ts); resolves with it or rejects with why. */
import { Worker } from "node:worker_threads"
import type { IdealRun } from "./ideal-run.ts"

export interface IdealRequest {
  readonly path: string
  readonly estate: string | undefined
  readonly seed: number | undefined
}

export type IdealReply = { readonly ideal: IdealRun } | { readonly error: string }

export const idealInWorker = (request: IdealRequest): Promise<IdealRun> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./ideal-worker.ts", import.meta.url))
    let settled = false
    worker.once("message", (reply: IdealReply) => {
      settled = true
      void worker.terminate()
      if ("ideal" in reply) resolve(reply.ideal)
      else reject(new Error(reply.error))
    })
    worker.once("error", (e) => {
      if (!settled) reject(e)
    })
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the ideal run's worker stopped (exit ${code})`))
    })
    worker.postMessage(request)
  })

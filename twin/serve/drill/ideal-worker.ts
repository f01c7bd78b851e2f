/**
 * A worker thread that runs a drill's ideal response (ideal-run.ts) while the trainee's drill goes on:
 * the second simulation costs seconds of CPU, and the live world must keep answering its sockets. It
 * loads the drill file itself (a resolved drill holds functions, which do not cross threads) and posts
 * back what the score and the debrief need. The message handler is an edge: no Effect runs past it.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Result } from "effect"
import { parentPort } from "node:worker_threads"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { loadDrill } from "../../../scenarios/drill/load-drill.ts"
import { renderInputInvalid } from "../../../topology/input-issue.ts"
import type { IdealRequest, IdealReply } from "./ideal-thread.ts"
import { runIdeal } from "./ideal-run.ts"

parentPort?.once("message", (request: IdealRequest) => {
  const load = loadDrill(request.path, { catalogues, estate: request.estate, seed: request.seed }).pipe(Effect.provide(NodeServices.layer))
  Effect.runPromise(Effect.result(load)).then(
    (loaded) => {
      if (Result.isFailure(loaded)) return reply({ error: renderInputInvalid(loaded.failure).join("\n") })
      const ideal = runIdeal(loaded.success)
      if (Result.isFailure(ideal)) return reply({ error: ideal.failure })
      const { lines, expect, submissions, harm } = ideal.success
      reply({ ideal: { lines, expect, submissions, harm } })
    },
    (e: unknown) => reply({ error: e instanceof Error ? e.message : String(e) })
  )
})

const reply = (message: IdealReply) => parentPort!.postMessage(message)

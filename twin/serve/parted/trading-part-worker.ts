/**
 * The worker thread of a live world in two parts (trading-part.ts): the OCG-C/OTP-C trading path's world —
 * or, split by participants, its parts but the last, each run in turn and their lines merged — run to each
 * target it is sent, with the instructor's controls applied at the instant it has reached.
 * Replies go through the port it was given and are counted in shared memory, so that the calling thread,
 * which waits for them without returning to its event loop, sees each as soon as it is sent.
 *
 * A genuine edge, like twin/parallel/worker-entry.ts: messages in, messages out; no Effect runs here.
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads"
import { Result } from "effect"
import { buildModel } from "../../../topology/model.ts"
import type { Micros } from "../../engine/time.ts"
import type { TraceEvent } from "../../engine/trace.ts"
import { startMerge } from "../../simulate/merge-parts.ts"
import { partsFor, systemParts } from "../../simulate/parts.ts"
import { type TradingShare, tradingShare } from "./trading-share.ts"
import { type PartReply, type PartRequest, type TradingPartInit } from "./trading-part.ts"

// `lifeline` is held for the thread's life (thread-warden.ts): its end, however it comes, wakes the calling thread.
const init = workerData as TradingPartInit & { readonly port: MessagePort; readonly posted: SharedArrayBuffer; readonly lifeline: MessagePort }
const posted = new Int32Array(init.posted)
const reply = (message: PartReply): void => {
  init.port.postMessage(message)
  Atomics.add(posted, 0, 1)
  Atomics.notify(posted, 0)
}

const controls: Array<Result.Result<string, string>> = []
let shares: ReadonlyArray<TradingShare> | undefined
let failed: string | undefined

const start = (): ReadonlyArray<TradingShare> => {
  const model = buildModel(init.estate)
  const settings = { seed: init.seed, window: init.window, moved: init.moved, ...(init.settings === undefined ? {} : { settings: init.settings }) }
  const parts = init.shares === undefined ? [systemParts[0]!] : init.shares.parts.map((k) => partsFor(init.shares!.of)[k]!)
  return parts.map((part) => tradingShare(model, part, settings))
}

try {
  shares = start()
} catch (e) {
  failed = e instanceof Error ? e.stack ?? e.message : String(e)
}

/** A control applied to every part here: they must answer alike (they share the estate and the network). */
const control = (all: ReadonlyArray<TradingShare>, m: PartRequest & { readonly type: "control" }): Result.Result<string, string> => {
  const answers = all.map((share) => share.control(m.control, m.at))
  const first = JSON.stringify(answers[0])
  if (answers.some((a) => JSON.stringify(a) !== first)) throw new Error(`the trading parts answered a control differently: ${answers.map((a) => JSON.stringify(a)).join(", ")}`)
  return answers[0]!
}

/** The parts' new lines merged by time (the first part's first at an instant), world-level lines once. */
const stepped = (all: ReadonlyArray<TradingShare>): ReadonlyArray<TraceEvent> => {
  if (all.length === 1) return all[0]!.take()
  const merged: Array<TraceEvent> = []
  startMerge(all.map((share) => share.take()), { write: (e) => void merged.push(e) })(Number.POSITIVE_INFINITY)
  return merged
}

parentPort!.on("message", (m: PartRequest) => {
  if (failed !== undefined || shares === undefined) return reply({ error: failed ?? "the trading part did not start" })
  try {
    if (m.type === "control") {
      controls.push(control(shares, m))
      return
    }
    let ran = 0
    for (const share of shares) ran += share.sim.runTo(m.t as Micros)
    reply({ events: stepped(shares), ran, controls: controls.splice(0).map((r) => (Result.isSuccess(r) ? { ok: r.success } : { error: r.failure })) })
  } catch (e) {
    failed = e instanceof Error ? e.stack ?? e.message : String(e)
    reply({ error: failed })
  }
})

/**
 * The worker thread of a live world in two parts (trading-part.ts): the OCG-C/OTP-C trading path's world,
 * run to each target it is sent, with the instructor's controls applied at the instant it has reached.
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
import { partSimulation, systemParts } from "../../simulate/parts.ts"
import { LiveFaults } from "../live-faults.ts"
import { applyWorldControl } from "../world-controls.ts"
import type { PartReply, PartRequest, TradingPartInit } from "./trading-part.ts"

const init = workerData as TradingPartInit & { readonly port: MessagePort; readonly posted: SharedArrayBuffer }
const posted = new Int32Array(init.posted)
const reply = (message: PartReply): void => {
  init.port.postMessage(message)
  Atomics.add(posted, 0, 1)
  Atomics.notify(posted, 0)
}

const events: Array<TraceEvent> = []
const controls: Array<Result.Result<string, string>> = []
let world: ReturnType<typeof start> | undefined
let failed: string | undefined

const start = () => {
  const model = buildModel(init.estate)
  const settings = { seed: init.seed, window: init.window, moved: init.moved, ...(init.settings === undefined ? {} : { settings: init.settings }) }
  const sim = partSimulation(model, systemParts[0]!, settings, { write: (e) => void events.push(e) })
  const faults = new LiveFaults({ runtime: sim.runtime, world: sim.world, model, seed: init.seed, taken: new Set() })
  const units = model.file.cutoverUnits.map((u) => u.id)
  return { sim, controlled: { runtime: sim.runtime, world: sim.world, faults, model, window: init.window, units, startPhase: undefined } }
}

try {
  world = start()
} catch (e) {
  failed = e instanceof Error ? e.stack ?? e.message : String(e)
}

parentPort!.on("message", (m: PartRequest) => {
  if (failed !== undefined || world === undefined) return reply({ error: failed ?? "the trading part did not start" })
  try {
    if (m.type === "control") {
      controls.push(applyWorldControl(world.controlled, m.control, m.at))
      return
    }
    const ran = world.sim.runTo(m.t as Micros)
    reply({ events: events.splice(0), ran, controls: controls.splice(0).map((r) => (Result.isSuccess(r) ? { ok: r.success } : { error: r.failure })) })
  } catch (e) {
    failed = e instanceof Error ? e.stack ?? e.message : String(e)
    reply({ error: failed })
  }
})

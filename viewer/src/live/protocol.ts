/**
 * Messages of the live protocol (docs/live.md "Protocol"), declared in twin/contract/live-protocol.ts and
 * shared with the server (twin/serve/protocol.ts); here is how the viewer reads the server's frames.
 */
import type { ClockMessage, ServerMessage } from "../../../twin/contract/live-protocol.ts"
import type { TraceEvent } from "../trace/types.ts"

export type { ServerMessage, Welcome } from "../../../twin/contract/live-protocol.ts"

/** Reads a frame; a frame that is not one of these is reported, not thrown. */
export const decodeServerMessage = (text: string): ServerMessage | string => {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return `live: expected a JSON message, got ${JSON.stringify(text.slice(0, 40))}`
  }
  if (typeof v !== "object" || v === null || typeof (v as { type?: unknown }).type !== "string") return "live: expected a message with a type"
  const m = v as ServerMessage
  if (m.type === "events" && (!Array.isArray(m.events) || typeof m.from !== "number")) return "live: expected events with from and an events array"
  return m
}

/**
 * What to do with an `events` batch holding `have` events: append it when it starts where we are; start over
 * when the server's log restarted (a batch from 0 opening with `trace.start`); otherwise ask again (`hello`
 * with have = N) — the contract's resync.
 */
export const onEvents = (have: number, from: number, first: TraceEvent | undefined): "append" | "reset" | "resync" => {
  if (from === have) return "append"
  if (from === 0 && have > 0 && first?.kind === "trace.start") return "reset"
  return "resync"
}

/**
 * What the status line adds when the world cannot keep the speed asked: "×552 of ×1000" (held of asked),
 * when the speed it held is under 95 % of it — otherwise nothing (a world that keeps pace wobbles by a few
 * per cent from tick to tick). Never the asked speed alone while the clock runs slower.
 */
export const heldNote = (m: Pick<ClockMessage, "speed" | "paused" | "held">): string | undefined => {
  if (m.held === undefined || m.paused || m.held >= 0.95 * m.speed) return undefined
  const held = m.held >= 10 ? Math.round(m.held) : m.held
  return `×${held} of ×${m.speed}`
}

/** Messages of the live protocol (docs/live.md "Protocol"; server: twin/serve/protocol.ts), as the viewer reads them. */
import type { TraceEvent } from "../trace/types.ts"

export interface Welcome {
  readonly type: "welcome"
  readonly role: "instructor" | "trainee"
  readonly scenario: { readonly id: string; readonly name: string; readonly phases: ReadonlyArray<{ readonly id: string; readonly name: string }> } | null
  readonly faultKinds: ReadonlyArray<{ readonly kind: string; readonly params: ReadonlyArray<string>; readonly summary: string }>
  readonly units: ReadonlyArray<string>
  readonly speed: number
}

export type ServerMessage =
  | Welcome
  | { readonly type: "events"; readonly from: number; readonly events: ReadonlyArray<TraceEvent> }
  | { readonly type: "clock"; readonly t: number; readonly speed: number; readonly paused: boolean; readonly lagMs: number }
  | { readonly type: "ack"; readonly ref?: string; readonly detail: string }
  | { readonly type: "error"; readonly ref?: string; readonly message: string }
  | { readonly type: "end"; readonly t: number }

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

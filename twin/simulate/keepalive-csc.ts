/**
 * China Connect heartbeats as the keepalive elision sees them (keepalive-elision.ts): a session logged on
 * sends a Heartbeat every `heartbeatEvery`, its CCCG echoes it from state the Heartbeat does not change
 * (whether the session is logged on from that client), and the echo moves the session's `lastHeard` on —
 * the only thing a period changes. The order timer may stay armed: its firing wakes the session.
 */
import type { Input } from "../engine/machine.ts"
import { type CccgState, type CscMessage, type CscSessionState, gatewayOf } from "../models/csc/index.ts"
import type { KeepaliveModel } from "./keepalive-elision.ts"

export const cscKeepalive: KeepaliveModel<CscSessionState, CccgState> = {
  server: (s) => (s.link._tag !== "logged-on" ? undefined : gatewayOf(s, s.link.target)),
  cycleTimers: new Set(["heartbeat"]),
  waits: (timer) => timer === "next-order",
  periodic: (a, b, period) => {
    const [x, y] = [a.link, b.link]
    if (x._tag !== "logged-on" || y._tag !== "logged-on" || x.target !== y.target || y.lastHeard !== x.lastHeard + period) return undefined
    if (a.settings !== b.settings || a.conn !== b.conn || a.nextIn !== b.nextIn || a.next !== b.next || a.held !== b.held || a.quotaView !== b.quotaView || a.reported !== b.reported) return undefined
    return (k) => (k === 0 ? b : { ...b, link: { ...y, lastHeard: y.lastHeard + k * period } })
  },
  // A report goes to the session's client (one passed to the CCCG holding the session names it too); a
  // logon replaces the client a session is logged on from; a closed CCCG answers a logon with a refusal,
  // which does not touch a session logged on elsewhere.
  concerns: (g, input: Input<unknown>) => {
    // A replay's next batch goes to the session's client (gateway.ts `replay:SESSION`).
    if (input._tag === "timer") return g.sessions.filter((x) => input.name === `replay:${x.session}`).map((x) => x.client)
    if (input._tag !== "receive") return []
    const m = input.message as CscMessage
    // Closing drops every session (the echoes stop); opening, a new link and the quota touch no exchange.
    if (m._tag === "site") return m.open ? [] : "all"
    if (m._tag === "relink" || m._tag === "quota-state") return []
    if ("client" in m && m.client !== "") return [m.client]
    if (m._tag === "logon") return [input.from, ...g.sessions.filter((x) => x.session === m.session).map((x) => x.client)]
    return [input.from]
  }
}

/**
 * The participant's BSS side of one OCG-C session (trading or drop-copy), as DOMAIN §1 tells a client to
 * behave. The connection procedure (Lookup Service, primary, secondary, the 5/10/60 s waits) is
 * client-connect.ts; this file is the machine and what happens on a logged-on session:
 * - Heartbeats and Test Requests both ways (liveness.ts); daily sequence numbers from 1; a lower number
 *   without PossDup gets a Logout; a gap gets one Resend Request from the gap to the end (end 0).
 * - Execution Reports deduplicated on ExecID: `applied` counts executions, `duplicates` the rest.
 * - Trading sessions send orders on a schedule (order-schedule.ts), counted as skipped while not logged
 *   on; drop-copy sessions only receive.
 *
 * It reports what it sees: `flow.status` for its session flow (`up` 1 of 2 when logged on to the primary or
 * the secondary gateway; the detail names the gateway, or why it is down) on change only, and an
 * `ocg.session` event on every change of its connection.
 *
 * Assumptions [U]: until its first Logon of the day is answered the BSS keeps its outbound sequence number
 * at 1 (so a lost first Logon does not trip the start-of-day rule); dedup keeps the highest ExecID applied
 * (ExecIDs rise through the day and a session's reports arrive in order), so its state stays O(1).
 * Controls: `stop` (abrupt, no Logout), `logout` (graceful), `resume` (from the Lookup Service), `resend`,
 * `duplicate-logon` (a second connection's Logon for the Comp ID while the session is up).
 */
import { cancel, close, type Machine, send, type Step, timer } from "../../engine/machine.ts"
import { flowStatus } from "../flow-status.ts"
import type { Micros } from "../../engine/time.ts"
import { heartbeatDeadline, idleDeadline, type Liveness, onHeartbeatTimer, onIdleTimer, received } from "./liveness.ts"
import { bytes, type OcgMessage, type OcgWire, wire } from "./messages.ts"
import { notePending, orderAnswered, orderSent } from "./order-acks.ts"
import { nextOrderAt, ordersDueAt } from "./order-schedule.ts"
import { LOGON_RETRY_WAIT, RECONNECT_WAIT } from "./rules.ts"
import { go, logonFailed, lookupFailed, onLogonReply, sessionLost } from "./client-connect.ts"
import { type Acc, type ClientPhase, type ClientState, disconnect, event, NAMES, ORDER, STEP, write } from "./client-state.ts"

export {
  type ClientConfig,
  type ClientCounts,
  type ClientPhase,
  type ClientState,
  initialClientState,
  type NextAttempt,
  type Role
} from "./client-state.ts"

const onActive = (a: Acc, before: ClientPhase & { readonly _tag: "active" }, m: OcgWire): void => {
  const liveness = received(before.liveness, a.now)
  // The common case (the next message in sequence, not a Logout) in one new state rather than three.
  if (m.seq === a.s.nextIn && m._tag !== "Logout") return onNext(a, before, liveness, m)
  const p = { ...before, liveness }
  a.s = { ...a.s, phase: p }
  if (m._tag === "Logout") {
    // Spec §4.4: answer a Logout with a Logout; the gateway closes the connection.
    write(a, p.gateway, p.conn, { _tag: "Logout", text: "logout reply" })
    sessionLost(a, p.gateway, p.role, `Logout from gateway: ${m.text}`)
    return
  }
  if (m.seq < a.s.nextIn) {
    if (m.possDup) return
    // DOMAIN §1 Sequence numbers: a lower sequence number with PossDup≠1 gets a Logout.
    write(a, p.gateway, p.conn, { _tag: "Logout", text: "sequence number lower than expected" })
    disconnect(a, p.gateway, p.conn, "logout")
    sessionLost(a, p.gateway, p.role, "sequence number lower than expected")
    return
  }
  if (m.seq > a.s.nextIn) {
    // DOMAIN §1 Recovery: ask once for everything from the gap (end 0); what follows comes in the replay.
    if (p.recovering === undefined) write(a, p.gateway, p.conn, { _tag: "ResendRequest", start: a.s.nextIn, end: 0 })
    a.s = { ...a.s, phase: { ...p, recovering: Math.max(m.seq, p.recovering ?? 0) } }
  }
}

/** The message expected next arrived on an active session (what `onActive` does then, allocating less). */
const onNext = (a: Acc, before: ClientPhase & { readonly _tag: "active" }, liveness: Liveness, m: OcgWire): void => {
  const nextIn = m._tag === "SequenceReset" && m.gapFill ? Math.max(m.newSeq, m.seq + 1) : m.seq + 1
  const recovering = before.recovering !== undefined && nextIn <= before.recovering ? before.recovering : undefined
  const phase = { ...before, liveness, recovering }
  if (m._tag === "ExecutionReport") {
    const c = a.s.counts
    const fresh = m.report.execId > a.s.execHighWater
    a.s = {
      ...a.s,
      nextIn,
      phase,
      execHighWater: fresh ? m.report.execId : a.s.execHighWater,
      counts: {
        ...c,
        applied: c.applied + (fresh ? 1 : 0),
        duplicates: c.duplicates + (fresh ? 0 : 1),
        possResend: c.possResend + (m.possResend ? 1 : 0)
      }
    }
    if (fresh && m.report.dropCopyFor === undefined) orderAnswered(a, "clOrdId", m.report.clOrdId)
    return
  }
  a.s = { ...a.s, nextIn, phase }
  if (m._tag === "TestRequest") write(a, phase.gateway, phase.conn, { _tag: "Heartbeat", testReqId: m.testReqId })
  else if (m._tag === "BusinessMessageReject") {
    a.s = { ...a.s, counts: { ...a.s.counts, rejected: a.s.counts.rejected + 1 } }
    orderAnswered(a, "seq", m.refSeq)
  }
}

const onReceive = (a: Acc, from: string, m: OcgMessage): void => {
  const p = a.s.phase
  if (m._tag === "Control") return onControl(a, m)
  if (m._tag !== "Disconnect" && !("seq" in m)) return
  if (p._tag === "stopped" || p._tag === "waiting" || m.conn !== p.conn) return
  if (p._tag === "lookup") {
    if (from !== p.endpoint) return
    if (m._tag === "Disconnect") return lookupFailed(a, p.endpoint, m.reason)
    if (m._tag !== "LookupResponse") return
    a.actions.push(cancel(STEP))
    if (!m.accepted || m.primary === undefined || m.secondary === undefined) return lookupFailed(a, p.endpoint, m.reason ?? "rejected")
    a.s = { ...a.s, gateways: { primary: m.primary, secondary: m.secondary } }
    event(a, { event: "lookup-ok", endpoint: p.endpoint, primary: m.primary, secondary: m.secondary })
    return go(a, { _tag: "logon", role: "primary" })
  }
  if (from !== p.gateway) return
  if (p._tag === "logon") {
    if (m._tag === "Disconnect") return logonFailed(a, p.role, p.gateway, `dropped: ${m.reason}`, RECONNECT_WAIT)
    if (m._tag === "Logout") return logonFailed(a, p.role, p.gateway, `Logout: ${m.text}`, RECONNECT_WAIT)
    if (m._tag === "Logon") onLogonReply(a, p, m)
    return
  }
  if (m._tag === "Disconnect") return sessionLost(a, p.gateway, p.role, `dropped by gateway: ${m.reason}`)
  onActive(a, p, m)
}

const stopConnection = (a: Acc, graceful: boolean): void => {
  const p = a.s.phase
  a.actions.push(cancel(STEP), cancel(NAMES.heartbeat), cancel(NAMES.idle))
  if (p._tag === "active" && graceful) write(a, p.gateway, p.conn, { _tag: "Logout", text: "end of day" })
  if (p._tag === "active" || p._tag === "logon") disconnect(a, p.gateway, p.conn, graceful ? "logout" : "BSS stopped")
  a.s = { ...a.s, phase: { _tag: "stopped" }, downReason: graceful ? "logged out" : "BSS stopped" }
  event(a, { event: "stopped", graceful })
}

const onControl = (a: Acc, m: OcgMessage & { readonly _tag: "Control" }): void => {
  const p = a.s.phase
  if (m.command === "stop" || m.command === "logout") {
    if (p._tag !== "stopped") stopConnection(a, m.command === "logout")
  } else if (m.command === "resume") {
    if (p._tag === "stopped") {
      a.s = { ...a.s, endpoint: 0 }
      go(a, { _tag: "lookup" })
    }
  } else if (m.command === "resend" && p._tag === "active") {
    write(a, p.gateway, p.conn, { _tag: "ResendRequest", start: m.start, end: 0 })
  } else if (m.command === "duplicate-logon" && p._tag === "active") {
    // DOMAIN §1 Duplicate logon, staged: a second connection (its own `conn`) for this Comp ID sends a Logon
    // to the gateway holding the session. It is another instance's message: this session's sequence
    // numbers do not move; the gateway's answer (both connections dropped) arrives as for any drop.
    const conn = a.s.nextConn
    a.s = { ...a.s, nextConn: conn + 1 }
    const logon = wire(
      { compId: a.s.config.compId, conn, seq: a.s.nextOut, possDup: false, possResend: false },
      { _tag: "Logon", nextExpected: a.s.nextIn }
    )
    a.actions.push(send(p.gateway, logon, bytes(logon), conn))
    event(a, { event: "duplicate-logon-sent", gateway: p.gateway, conn })
  }
}

const onTimer = (a: Acc, name: string): void => {
  const p = a.s.phase
  const heartbeat = a.s.config.heartbeat
  if (name === ORDER) return onOrderTimer(a)
  if (name === STEP) {
    if (p._tag === "waiting") return go(a, p.next)
    if (p._tag === "lookup") {
      a.actions.push(close(p.endpoint, p.conn))
      return lookupFailed(a, p.endpoint, "no response")
    }
    if (p._tag === "logon") {
      // DOMAIN §1 Logon: no response in 60 s: drop the connection, wait 60 s before retrying.
      disconnect(a, p.gateway, p.conn, "no Logon response")
      return logonFailed(a, p.role, p.gateway, "no Logon response", LOGON_RETRY_WAIT)
    }
    return
  }
  if (p._tag !== "active") return
  if (name === NAMES.heartbeat) {
    const verdict = onHeartbeatTimer(p.liveness, a.now, heartbeat)
    if (verdict._tag === "wait") return void a.actions.push(timer(NAMES.heartbeat, verdict.after))
    // Nothing written for an interval: an order still out is found here, not only at the next order.
    notePending(a)
    write(a, p.gateway, p.conn, { _tag: "Heartbeat", testReqId: undefined })
    a.actions.push(timer(NAMES.heartbeat, heartbeat))
  } else if (name === NAMES.idle) {
    const verdict = onIdleTimer(p.liveness, a.now, heartbeat)
    if (verdict._tag === "wait") return void a.actions.push(timer(NAMES.idle, verdict.after))
    if (verdict._tag === "dead") {
      // DOMAIN §1 Heartbeat: no reply to the Test Request: Logout and disconnect.
      write(a, p.gateway, p.conn, { _tag: "Logout", text: "no reply to Test Request" })
      disconnect(a, p.gateway, p.conn, "logout")
      return sessionLost(a, p.gateway, p.role, "no reply to Test Request")
    }
    a.s = { ...a.s, phase: { ...p, liveness: verdict.liveness } }
    write(a, p.gateway, p.conn, { _tag: "TestRequest", testReqId: verdict.testReqId })
    a.actions.push(timer(NAMES.idle, verdict.after))
  }
}

const onOrderTimer = (a: Acc): void => {
  const { orders, orderQuantity, orderPrice } = a.s.config
  for (let n = ordersDueAt(orders, a.now); n > 0; n--) {
    const p = a.s.phase
    if (p._tag !== "active") {
      a.s = { ...a.s, counts: { ...a.s.counts, ordersSkipped: a.s.counts.ordersSkipped + 1 } }
      continue
    }
    const clOrdId = a.s.nextClOrdId
    a.s = { ...a.s, nextClOrdId: clOrdId + 1, counts: { ...a.s.counts, ordersSent: a.s.counts.ordersSent + 1 } }
    orderSent(a, clOrdId, a.s.nextOut)
    write(a, p.gateway, p.conn, { _tag: "NewOrder", clOrdId, side: clOrdId % 2 === 1 ? "buy" : "sell", quantity: orderQuantity, price: orderPrice })
  }
  armOrders(a, a.now + 1)
}

const armOrders = (a: Acc, from: Micros): void => {
  if (a.s.config.type !== "trading") return
  const at = nextOrderAt(a.s.config.orders, from)
  if (at !== undefined) a.actions.push(timer(ORDER, at - a.now))
}

const report = (a: Acc): void => {
  const p = a.s.phase
  const up = p._tag === "active" ? 1 : 0
  const last = a.s.reported
  // Compared before the detail is built: this runs on every step, and the detail rarely changes.
  if (last !== undefined && last.up === up) {
    if (p._tag === "active" ? last.gateway === p.gateway && last.role === p.role : last.detail === a.s.downReason) return
  }
  const detail = p._tag === "active" ? `logged on to ${p.gateway} (${p.role})` : a.s.downReason
  a.s = { ...a.s, reported: { up, detail, gateway: p._tag === "active" ? p.gateway : undefined, role: p._tag === "active" ? p.role : undefined } }
  const { participant, flow } = a.s.config
  a.actions.push(flowStatus({ participant, flow, service: "otp-c", up, of: 2, degraded: false, detail }))
}

export const clientSession: Machine<ClientState, OcgMessage> = {
  step: (state, input, now): Step<ClientState, OcgMessage> => {
    const a: Acc = { s: state, actions: [], now }
    if (input._tag === "start") {
      armOrders(a, now)
      go(a, { _tag: "lookup" })
    } else if (input._tag === "timer") onTimer(a, input.name)
    else onReceive(a, input.from, input.message)
    report(a)
    return [a.s, a.actions]
  },
  // The liveness timers re-arm lazily (onTimer: a "wait" verdict only re-arms): the runtime does that itself.
  deadline: (state, name) => {
    const p = state.phase
    if (p._tag !== "active") return undefined
    if (name === NAMES.heartbeat) return heartbeatDeadline(p.liveness, state.config.heartbeat)
    if (name === NAMES.idle) return idleDeadline(p.liveness, state.config.heartbeat)
    return undefined
  }
}


/**
 * A participant's China Connect northbound session (the BSS side): logs on to its primary CCCG, fails over
 * to the secondary when the primary does not answer, keeps the session alive with heartbeats, and sends
 * its day's orders and cancels when they fall due.
 *
 * Its gateways, in the order it tries them: primary, secondary, then each one's DR pair at the backup site
 * (estate `roles.drPairs`), which stand for what the CCCG Lookup Service hands out after a failover
 * [U, after OCG-C, DOMAIN §1]: before it they are closed and refuse the connection at once, and the
 * session goes on to the next gateway `reconnectDelay` later.
 *
 * Session rules, after OCG-C (DOMAIN §1), simplified [U for CCCG]: no answer to a Logon within
 * `logonTimeout` (60 s) drops the attempt, and the next one — to the other gateway — goes `logonRetryDelay`
 * (60 s) later; heartbeats every 20 s, answered by the gateway; nothing heard for `silentIntervals`
 * heartbeat intervals (3 before a Test Request plus about 3 more: 6) — it gives up at the 6th heartbeat tick
 * after the last message heard, so a loss is noticed 100–120 s on whatever its phase against the ticks —
 * or a reset from a CCCG that crashed and came back without its connection, and the session is lost; after a loss
 * the client waits `reconnectDelay` (10 s) and logs on to the primary first again. Orders that fall due
 * while not logged on are held and sent at the next logon; orders in flight when a session is lost are
 * not sent again (the participant → CCCG direction has no recovery here). Each logon attempt is a new TCP
 * connection (`conn`, messages.ts): a short cut only delays the session's messages, and what comes on a
 * connection given up is not heard.
 *
 * Recovery of reports [U, after OCG-C — DOMAIN §1 Recovery; twin/models/csc/session-store.ts]: the client
 * keeps the next report number it expects (`nextIn`, 1 at the day's start) and sends it in every Logon; the
 * CCCG writes again what it has not had. A numbered report below `nextIn` was heard already and is dropped
 * unseen, so each report counts once. A refusal for a session the CCCG does not hold comes unnumbered.
 *
 * Trace (subject = participant):
 * - `csc.order`: `event` (held | submitted | accepted | rejected | traded | cancel-submitted | cancelled |
 *   cancel-rejected), `session`, `order`, `market`, `side`, `amount` (RMB); then `gateway` for submissions,
 *   `dqb` for accepted / traded / cancelled (the market's DQB after it), `reason` and `dqb` (the CCCG's view,
 *   or null) for rejected, `reason` for cancel-rejected; `replayed: true` for a report first heard in the
 *   replay after a Logon (written with PossDup=1).
 * - `csc.quota`: `session`, `market`, `buysOpen`, `dqb` — when what the session sees of a market's quota
 *   changes (a buy refused for quota; a buy accepted again). The ledger's own view is the link's `csc.quota`.
 * - `flow.status` for `${participant}/${session}`: up = 1 while logged on, of = 2 (primary and secondary).
 */
import { flowStatus } from "../flow-status.ts"
import { type Action, cancel, close, emit, type Input, type Machine, send, timer } from "../../engine/machine.ts"
import type { CscOrderData } from "../../contract/kinds-csc-ecp.ts"
import type { Micros } from "../../engine/time.ts"
import { type CscMessage, type Market, type Side, wireBytes } from "./messages.ts"

export interface SessionOrder {
  readonly at: Micros
  readonly action: "order" | "cancel"
  readonly order: string
  readonly market: Market
  readonly side: Side
  readonly amount: number
}

export interface CscSessionSettings {
  readonly participant: string
  readonly session: string
  readonly flow: string
  /** The gateways it tries, in order (primary, secondary, their DR pairs), and what each is to it. */
  readonly gateways: ReadonlyArray<{ readonly id: string; readonly role: string }>
  /** By time; a cancel carries the market, side and amount of the order it cancels. */
  readonly orders: ReadonlyArray<SessionOrder>
  readonly heartbeatEvery: Micros
  readonly silentIntervals: number
  readonly logonTimeout: Micros
  readonly logonRetryDelay: Micros
  readonly reconnectDelay: Micros
}

/** An index into `settings.gateways`. */
type Target = number

export type SessionLink =
  | { readonly _tag: "idle"; readonly target: Target }
  | { readonly _tag: "logging-on"; readonly target: Target }
  | { readonly _tag: "logged-on"; readonly target: Target; readonly lastHeard: Micros }

export interface CscSessionState {
  readonly settings: CscSessionSettings
  readonly link: SessionLink
  /** The TCP connection of the current (or last) logon attempt; 0 before the first. */
  readonly conn: number
  /** The sequence number of the next report expected (DOMAIN §1 Recovery: what a Logon asks for). */
  readonly nextIn: number
  /** Index of the first order not yet due. */
  readonly next: number
  readonly held: ReadonlyArray<SessionOrder>
  /** Whether buys looked open, per market, from this session's reports. */
  readonly quotaView: Readonly<Record<Market, boolean>>
  readonly reported: string | undefined
}

type Act = Action<CscMessage>
type Out = Array<Act>

export const initialSessionState = (settings: CscSessionSettings): CscSessionState => ({
  settings,
  link: { _tag: "idle", target: 0 },
  conn: 0,
  nextIn: 1,
  next: 0,
  held: [],
  quotaView: { SSE: true, SZSE: true },
  reported: undefined
})

export const gatewayOf = (s: CscSessionState, t: Target): string => s.settings.gateways[t]!.id

const nextTarget = (s: CscSessionState, t: Target): Target => (t + 1) % s.settings.gateways.length

const orderEvent = (
  s: CscSessionState,
  event: CscOrderData["event"],
  o: Omit<SessionOrder, "at" | "action">,
  extra: Pick<CscOrderData, "gateway" | "reason" | "dqb" | "replayed"> = {}
): Act =>
  emit(
    "csc.order",
    { event, session: s.settings.session, order: o.order, market: o.market, side: o.side, amount: o.amount, ...extra },
    s.settings.participant
  )

/** A logon attempt opens a new connection: what the last one still had unsent is dropped with it. */
const logon = (s: CscSessionState, target: Target, out: Out): CscSessionState => {
  const conn = s.conn + 1
  const m: CscMessage = { _tag: "logon", session: s.settings.session, conn, nextExpected: s.nextIn }
  out.push(send(gatewayOf(s, target), m, wireBytes(m), conn), timer("logon-timeout", s.settings.logonTimeout))
  return { ...s, conn, link: { _tag: "logging-on", target } }
}

const submit = (s: CscSessionState, o: SessionOrder, gateway: string, out: Out): void => {
  const m: CscMessage = {
    _tag: o.action,
    session: s.settings.session,
    conn: s.conn,
    client: "", // the CCCG fills in the sender
    order: o.order,
    market: o.market,
    side: o.side,
    amount: o.amount
  }
  out.push(send(gateway, m, wireBytes(m), s.conn), orderEvent(s, o.action === "order" ? "submitted" : "cancel-submitted", o, { gateway }))
}

/** A report tells whether buys were open for its market; a change is a `csc.quota` event. */
const observeQuota = (s: CscSessionState, market: Market, open: boolean, dqbSeen: number | null, out: Out): CscSessionState => {
  if (s.quotaView[market] === open) return s
  out.push(emit("csc.quota", { session: s.settings.session, market, buysOpen: open, dqb: dqbSeen }, s.settings.participant))
  return { ...s, quotaView: { ...s.quotaView, [market]: open } }
}

/** A numbered report moves `nextIn` past it; one below `nextIn` was heard already (undefined: drop it). */
const sequenced = (s: CscSessionState, m: CscMessage): CscSessionState | undefined => {
  if (!("seq" in m) || m.seq === undefined) return s
  if (m.seq < s.nextIn) return undefined
  // A number above `nextIn` cannot come: the CCCG writes in order from the Logon's next expected number.
  return { ...s, nextIn: m.seq + 1 }
}

/** `replayed: true` for a report written again after a Logon. */
const replayMark = (m: CscMessage): Pick<CscOrderData, "replayed"> => ("possDup" in m && m.possDup === true ? { replayed: true } : {})

const onReceive = (s: CscSessionState, from: string, m: CscMessage, now: Micros, out: Out): CscSessionState => {
  if ("conn" in m && m.conn !== s.conn) return s // a closed connection's: its socket is gone
  const l = s.link
  const fromCurrent = l._tag !== "idle" && from === gatewayOf(s, l.target)
  const heard = l._tag === "logged-on" && fromCurrent ? { ...s, link: { ...l, lastHeard: now } } : s
  let next = sequenced(heard, m)
  if (next === undefined) return heard
  switch (m._tag) {
    case "refused": {
      if (l._tag !== "logging-on" || !fromCurrent) return next
      out.push(cancel("logon-timeout"), timer("reconnect", s.settings.reconnectDelay))
      return { ...s, link: { _tag: "idle", target: nextTarget(s, l.target) } }
    }
    case "reset": {
      // The CCCG crashed and came back without this connection (gateway.ts): the session is lost now.
      if (l._tag !== "logged-on" || !fromCurrent) return next
      out.push(cancel("heartbeat"))
      return lose(next, l.target, out)
    }
    case "logon-ack": {
      if (l._tag !== "logging-on" || !fromCurrent) return next
      out.push(cancel("logon-timeout"), timer("heartbeat", s.settings.heartbeatEvery))
      next = { ...s, link: { _tag: "logged-on", target: l.target, lastHeard: now }, held: [] }
      for (const o of s.held) submit(next, o, from, out)
      return next
    }
    case "accepted":
      out.push(orderEvent(next, "accepted", m, { dqb: m.dqb, ...replayMark(m) }))
      return m.side === "buy" ? observeQuota(next, m.market, true, m.dqb, out) : next
    case "rejected":
      out.push(orderEvent(next, "rejected", m, { reason: m.reason, dqb: m.dqb, ...replayMark(m) }))
      return m.reason === "quota" ? observeQuota(next, m.market, false, m.dqb, out) : next
    case "traded":
    case "cancelled":
      out.push(orderEvent(next, m._tag, m, { dqb: m.dqb, ...replayMark(m) }))
      return next
    case "cancel-rejected":
      out.push(orderEvent(next, "cancel-rejected", m, { reason: m.reason, ...replayMark(m) }))
      return next
    default:
      return next
  }
}

/** The session at gateway `target` is lost (silence, a reset): its connection closed, the primary again after the reconnect wait. */
const lose = (s: CscSessionState, target: Target, out: Out): CscSessionState => {
  out.push(close(gatewayOf(s, target), s.conn), timer("reconnect", s.settings.reconnectDelay))
  return { ...s, link: { _tag: "idle", target: 0 } }
}

const onTimer = (s: CscSessionState, name: string, now: Micros, out: Out): CscSessionState => {
  const l = s.link
  switch (name) {
    case "logon-timeout": {
      if (l._tag !== "logging-on") return s
      // The attempt's connection closed: one still opening never reaches the CCCG (twin/engine/tcp.ts).
      out.push(close(gatewayOf(s, l.target), s.conn), timer("reconnect", s.settings.logonRetryDelay))
      return { ...s, link: { _tag: "idle", target: nextTarget(s, l.target) } }
    }
    case "reconnect":
      return l._tag === "idle" ? logon(s, l.target, out) : s
    case "heartbeat": {
      if (l._tag !== "logged-on") return s
      // Lost at the `silentIntervals`-th tick after the last thing heard. Ticks are `heartbeatEvery` apart, so
      // that tick is the first more than `silentIntervals - 1` intervals after it. Not "`silentIntervals`
      // intervals since": an echo arrives a round trip after its tick, and that test held on a tick longer.
      if (now - l.lastHeard > (s.settings.silentIntervals - 1) * s.settings.heartbeatEvery) return lose(s, l.target, out)
      const m: CscMessage = { _tag: "heartbeat", session: s.settings.session, conn: s.conn }
      out.push(send(gatewayOf(s, l.target), m, wireBytes(m), s.conn), timer("heartbeat", s.settings.heartbeatEvery))
      return s
    }
    default:
      return s
  }
}

/** Sends (or holds) every order now due, and arms the timer for the next one. */
const release = (s: CscSessionState, now: Micros, out: Out): CscSessionState => {
  const orders = s.settings.orders
  let i = s.next
  const held: Array<SessionOrder> = [...s.held]
  const l = s.link
  while (i < orders.length && orders[i]!.at <= now) {
    const o = orders[i]!
    if (l._tag === "logged-on") submit(s, o, gatewayOf(s, l.target), out)
    else {
      held.push(o)
      out.push(orderEvent(s, "held", o))
    }
    i++
  }
  if (i === s.next) return s
  const due = orders[i]
  if (due !== undefined) out.push(timer("next-order", due.at - now))
  return { ...s, next: i, held }
}

/**
 * Whether two links report the same: both logged on to the same target, or neither logged on. A state
 * that came out of a step has `reported` worked out from its link, so the step whose link reports as its
 * input's did need not build the detail again (the heartbeats' steps).
 */
const reportsAs = (a: SessionLink, b: SessionLink): boolean =>
  a === b || (a._tag === "logged-on" ? b._tag === "logged-on" && a.target === b.target : b._tag !== "logged-on")

const report = (before: CscSessionState, s: CscSessionState, out: Out): CscSessionState => {
  if (before.reported !== undefined && s.reported === before.reported && s.settings === before.settings && reportsAs(before.link, s.link)) return s
  const l = s.link
  const up = l._tag === "logged-on" ? 1 : 0
  const detail = l._tag === "logged-on" ? `logged on to ${gatewayOf(s, l.target)} (${s.settings.gateways[l.target]!.role})` : "not logged on"
  const key = `${up}/${detail}`
  if (key === s.reported) return s
  out.push(flowStatus({ participant: s.settings.participant, flow: s.settings.flow, service: "otp-csc", up, of: 2, degraded: false, detail }))
  return { ...s, reported: key }
}

export const cscSession: Machine<CscSessionState, CscMessage> = {
  step: (state: CscSessionState, input: Input<CscMessage>, now: Micros) => {
    const out: Out = []
    let s = state
    if (input._tag === "start") {
      s = logon(s, 0, out)
      const first = s.settings.orders[0]
      if (first !== undefined && first.at > now) out.push(timer("next-order", first.at - now))
    } else if (input._tag === "timer") s = onTimer(s, input.name, now, out)
    else s = onReceive(s, input.from, input.message, now, out)
    s = release(s, now, out)
    return [report(state, s, out), out]
  }
}

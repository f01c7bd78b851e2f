/**
 * The BSS side of one OCG-C session driven by a real FIX client (issue 20 item 3: the real session IS the
 * model's session for its Comp ID). It stands where `clientSession` would for that Comp ID, at the same
 * BSS, and relays: what the real client does on the wire (twin/wire/ocg/, told through `RealSessionReport`s
 * at the instant it happened) becomes the model's own OCG-C messages, sent over the BSS's modelled path to
 * the gateway machine the real client is connected to; what that gateway machine sends back is handed to
 * the endpoint (`relayed`, read by the rig's tap, twin/simulate/taps.ts), which writes it to the client as
 * FIX. So the model's gateway, the OTP-C host's books and the trace see the real orders.
 *
 * Two session layers meet here, and each keeps its own numbers: the FIX session on the wire is the
 * endpoint's (its MsgSeqNum, heartbeats on its clock, its replays); the model's session is this machine's
 * (`nextOut` / `nextIn`, as client-session.ts numbers it), so the model gateway's sequence rules, replays
 * and PossResend re-sends run as they do for a modelled BSS. The business content crosses over unchanged:
 * ExecIDs, order state, fills. This machine does the model-side session duties itself and relays none of
 * them: it answers the gateway's Test Requests (the client's heartbeats run on the wall clock, the model's
 * on virtual time), follows sequence numbers, asks once for a gap. It relays each execution once,
 * deduplicated on ExecID (DOMAIN §1), so the reports the real client missed while its gateway was down come
 * back once, from the model host's re-send with PossResend=1, and those the endpoint already wrote are not
 * written again (the endpoint's own FIX replay recovers what its socket lost).
 *
 * It reports as the modelled BSS does: an `ocg.session` event on every change of its connection (`logon`
 * when the model gateway answers the Logon, `disconnected`) and a `flow.status` for its session flow on
 * change (`up` 1 of 2 while logged on). It has no timers: a crashed gateway is noticed when the real
 * client's own timeout closes its socket (`RealDisconnected`). Its machine id is not the flow id
 * (`realClientMachineId`), so what reads a `ClientState` by that id (the heartbeat elision, the gateway-down
 * report of wire-ocg.ts) finds no modelled BSS for the Comp ID.
 */
import { type Action, emit, type Machine, send, type Step } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import { flowStatus } from "../flow-status.ts"
import type { Role } from "./client-state.ts"
import { bytes, type Execution, type OcgBody, type OcgMessage, type OcgWire, type RejectReason, type Side, wire } from "./messages.ts"
import { FIRST_SEQUENCE } from "./rules.ts"

/** What the endpoint reports of a real session; `conn` is the endpoint's connection (the model's `conn` too). */
export type RealSessionReport =
  /** The endpoint accepted a FIX Logon (password, Comp ID, gateway): log on to `gateway` in the model. */
  | { readonly _tag: "RealLogon"; readonly gateway: string; readonly role: Role; readonly conn: number }
  /** A New Order Single the endpoint accepted; `ref` is its FIX MsgSeqNum (named again in a reject). */
  | { readonly _tag: "RealOrder"; readonly conn: number; readonly ref: number; readonly clOrdId: number; readonly side: Side; readonly quantity: number; readonly price: number }
  /** An Order Cancel Request (`replace` undefined) or Order Cancel/Replace Request the endpoint accepted. */
  | {
    readonly _tag: "RealAmend"
    readonly conn: number
    readonly ref: number
    readonly clOrdId: number
    readonly origClOrdId: number
    readonly replace: { readonly quantity: number; readonly price: number } | undefined
  }
  /** An Order Mass Cancel Request the endpoint accepted, with the session's orders it matches (relay.ts). */
  | { readonly _tag: "RealMassCancel"; readonly conn: number; readonly ref: number; readonly clOrdId: number; readonly orders: ReadonlyArray<number> }
  /** The client logged out (graceful). */
  | { readonly _tag: "RealLogout"; readonly conn: number }
  /** The connection's socket is gone (`reason` as the endpoint logged it). */
  | { readonly _tag: "RealDisconnected"; readonly gateway: string; readonly role: Role; readonly conn: number; readonly reason: string }

/** What the model's gateway said that the endpoint writes to the real client (as FIX). */
export type RelayedToClient =
  /** The model gateway answered the Logon on `conn`: the endpoint answers the FIX Logon. */
  | { readonly _tag: "LoggedOn"; readonly conn: number }
  /** A new execution for the session (each ExecID once); `possResend` as the model sent it. */
  | { readonly _tag: "Execution"; readonly conn: number; readonly report: Execution; readonly possResend: boolean }
  /**
   * A Business Message Reject of the order (or, `amend` set, the cancel — false — or Cancel/Replace — true;
   * `mass` the mass cancel) the client sent as FIX MsgSeqNum `ref`.
   */
  | {
    readonly _tag: "Rejected"
    readonly conn: number
    readonly ref: number | undefined
    readonly clOrdId: number | undefined
    readonly amend: boolean | undefined
    readonly mass: boolean
    readonly reason: RejectReason
    readonly usLeft: number
  }
  /** The model gateway ended the session with a Logout (`text`). */
  | { readonly _tag: "LoggedOut"; readonly conn: number; readonly text: string }
  /** The model gateway dropped the connection without a Logout. */
  | { readonly _tag: "Dropped"; readonly conn: number; readonly reason: string }

interface Link {
  readonly gateway: string
  readonly role: Role
  readonly conn: number
}

export interface RealClientState {
  readonly participant: string
  readonly compId: string
  /** The session's flow id (topology/model.ts), as client-session.ts reports it. */
  readonly flow: string
  /** Where it is logged on in the model now, if anywhere. */
  readonly at: Link | undefined
  /** A Logon sent to the model and not answered yet. */
  readonly pending: Link | undefined
  /** The model session's numbers (client-session.ts's rules: 1 until the first Logon of the day is answered). */
  readonly nextOut: number
  readonly nextIn: number
  readonly loggedOnOnce: boolean
  /**
   * The highest sequence number seen beyond a gap a Resend Request is recovering (DOMAIN §1: a second
   * Resend Request during a replay kills the session, so it asks once).
   */
  readonly recovering: number | undefined
  readonly execHighWater: number
  /** Executions relayed (distinct ExecIDs) and copies dropped as already relayed. */
  readonly applied: number
  readonly duplicates: number
  /** Orders sent to the model: its sequence number → the client's MsgSeqNum and ClOrdID (for a reject). */
  readonly orders: ReadonlyMap<number, { readonly ref: number; readonly clOrdId: number; readonly amend: boolean | undefined; readonly mass?: true }>
  /** What this step hands the real client, in order (the rig's tap reads it; replaced every step). */
  readonly relayed: ReadonlyArray<RelayedToClient>
}

export const realClientState = (config: { readonly participant: string; readonly compId: string; readonly flow: string }): RealClientState => ({
  ...config,
  at: undefined,
  pending: undefined,
  nextOut: FIRST_SEQUENCE,
  nextIn: FIRST_SEQUENCE,
  loggedOnOnce: false,
  recovering: undefined,
  execHighWater: 0,
  applied: 0,
  duplicates: 0,
  orders: new Map(),
  relayed: []
})

/** The machine id of a real session's stand-in: distinct from the flow id the modelled BSS uses. */
export const realClientMachineId = (flow: string): string => `${flow}/real`

interface Acc {
  s: RealClientState
  readonly actions: Array<Action<OcgMessage>>
  readonly relayed: Array<RelayedToClient>
}

const write = (a: Acc, to: Link, body: OcgBody): number => {
  const seq = a.s.nextOut
  const m: OcgWire = wire({ compId: a.s.compId, conn: to.conn, seq, possDup: false, possResend: false }, body)
  a.actions.push(send(to.gateway, m, bytes(m), to.conn))
  a.s = { ...a.s, nextOut: seq + 1 }
  return seq
}

const disconnect = (a: Acc, to: Link, reason: string): void => {
  const m: OcgMessage = { _tag: "Disconnect", compId: a.s.compId, conn: to.conn, reason }
  a.actions.push(send(to.gateway, m, bytes(m), to.conn))
}

const up = (a: Acc, link: Link): void => {
  const { participant, compId, flow } = a.s
  a.actions.push(
    emit("ocg.session", { compId, flow, event: "logon", gateway: link.gateway, role: link.role }, participant),
    flowStatus({ participant, flow, service: "otp-c", up: 1, of: 2, degraded: false, detail: `logged on to ${link.gateway} (${link.role})` })
  )
}

/** The model session at `link` ended (`reason`): reported as the modelled BSS reports it. */
const lost = (a: Acc, link: Link, reason: string): void => {
  const { participant, compId, flow } = a.s
  a.s = { ...a.s, at: undefined, recovering: undefined }
  a.actions.push(
    emit("ocg.session", { compId, flow, event: "disconnected", gateway: link.gateway, role: link.role, reason }, participant),
    flowStatus({ participant, flow, service: "otp-c", up: 0, of: 2, degraded: false, detail: reason })
  )
}

const fromEndpoint = (a: Acc, m: RealSessionReport): void => {
  const at = a.s.at
  switch (m._tag) {
    case "RealLogon": {
      // The client left a connection it had not closed (one held silent): that session ended first.
      if (at !== undefined && at.conn !== m.conn) {
        disconnect(a, at, "logged on again elsewhere")
        lost(a, at, `logged on again at ${m.gateway}`)
      }
      const link: Link = { gateway: m.gateway, role: m.role, conn: m.conn }
      a.s = { ...a.s, pending: link, nextOut: a.s.loggedOnOnce ? a.s.nextOut : FIRST_SEQUENCE }
      write(a, link, { _tag: "Logon", nextExpected: a.s.nextIn })
      return
    }
    case "RealOrder": {
      if (at === undefined || at.conn !== m.conn) return
      const seq = write(a, at, { _tag: "NewOrder", clOrdId: m.clOrdId, side: m.side, quantity: m.quantity, price: m.price })
      a.s = { ...a.s, orders: new Map(a.s.orders).set(seq, { ref: m.ref, clOrdId: m.clOrdId, amend: undefined }) }
      a.actions.push(emit("ocg.session", { compId: a.s.compId, flow: a.s.flow, event: "order-relayed", gateway: at.gateway, clOrdId: m.clOrdId }, a.s.participant))
      return
    }
    case "RealAmend": {
      if (at === undefined || at.conn !== m.conn) return
      const seq = write(a, at, { _tag: "AmendOrder", clOrdId: m.clOrdId, origClOrdId: m.origClOrdId, replace: m.replace })
      a.s = { ...a.s, orders: new Map(a.s.orders).set(seq, { ref: m.ref, clOrdId: m.clOrdId, amend: m.replace !== undefined }) }
      const { compId, flow, participant } = a.s
      a.actions.push(emit("ocg.session", { compId, flow, event: "amend-relayed", gateway: at.gateway, clOrdId: m.clOrdId, origClOrdId: m.origClOrdId, replace: m.replace !== undefined }, participant))
      return
    }
    case "RealMassCancel": {
      if (at === undefined || at.conn !== m.conn) return
      const seq = write(a, at, { _tag: "MassCancel", clOrdId: m.clOrdId, orders: m.orders })
      a.s = { ...a.s, orders: new Map(a.s.orders).set(seq, { ref: m.ref, clOrdId: m.clOrdId, amend: undefined, mass: true }) }
      const { compId, flow, participant } = a.s
      a.actions.push(emit("ocg.session", { compId, flow, event: "mass-cancel-relayed", gateway: at.gateway, clOrdId: m.clOrdId, orders: m.orders.length }, participant))
      return
    }
    case "RealLogout": {
      if (at === undefined || at.conn !== m.conn) return
      write(a, at, { _tag: "Logout", text: "logout" })
      lost(a, at, "logged out")
      return
    }
    case "RealDisconnected": {
      const pending = a.s.pending
      if (pending !== undefined && pending.conn === m.conn) {
        disconnect(a, pending, "BSS disconnected")
        a.s = { ...a.s, pending: undefined }
      }
      // A disconnect of a connection that is not the logged-on one (a duplicate's, a stale one) changes nothing.
      if (at === undefined || at.conn !== m.conn) return
      disconnect(a, at, "BSS disconnected")
      lost(a, at, m.reason)
      return
    }
  }
}

const onExecution = (a: Acc, link: Link, report: Execution, possResend: boolean): void => {
  if (report.execId <= a.s.execHighWater) {
    a.s = { ...a.s, duplicates: a.s.duplicates + 1 }
    return
  }
  a.s = { ...a.s, execHighWater: report.execId, applied: a.s.applied + 1 }
  a.relayed.push({ _tag: "Execution", conn: link.conn, report, possResend })
  const { compId, flow, participant } = a.s
  a.actions.push(emit("ocg.session", { compId, flow, event: "execution-relayed", gateway: link.gateway, execId: report.execId, clOrdId: report.clOrdId, execType: report.execType, possResend }, participant))
}

const fromGateway = (a: Acc, from: string, m: OcgMessage): void => {
  if (m._tag !== "Disconnect" && !("seq" in m)) return
  const pending = a.s.pending
  if (pending !== undefined && from === pending.gateway && m.conn === pending.conn) {
    a.s = { ...a.s, pending: undefined }
    if (m._tag === "Logon") {
      // A Logon reply numbered above NextExpectedSeq announces a replay (spec §5.3), as client-connect.ts.
      const nextIn = m.seq === a.s.nextIn ? m.seq + 1 : a.s.nextIn
      a.s = { ...a.s, at: pending, nextIn, nextOut: a.s.loggedOnOnce ? a.s.nextOut : FIRST_SEQUENCE + 1, loggedOnOnce: true, recovering: undefined }
      up(a, pending)
      a.relayed.push({ _tag: "LoggedOn", conn: pending.conn })
    } else if (m._tag === "Logout" || m._tag === "Disconnect") {
      a.relayed.push(m._tag === "Logout" ? { _tag: "LoggedOut", conn: m.conn, text: m.text } : { _tag: "Dropped", conn: m.conn, reason: m.reason })
    }
    return
  }
  const at = a.s.at
  if (at === undefined || from !== at.gateway || m.conn !== at.conn) return
  if (m._tag === "Disconnect") {
    a.relayed.push({ _tag: "Dropped", conn: at.conn, reason: m.reason })
    return lost(a, at, `dropped by gateway: ${m.reason}`)
  }
  if (m._tag === "Logout") {
    // Spec §4.4: a Logout is answered with a Logout; the gateway closes the connection.
    write(a, at, { _tag: "Logout", text: "logout reply" })
    a.relayed.push({ _tag: "LoggedOut", conn: at.conn, text: m.text })
    return lost(a, at, `Logout from gateway: ${m.text}`)
  }
  if (!("seq" in m)) return
  if (m.seq < a.s.nextIn && !m.possDup) return
  if (m.seq > a.s.nextIn) {
    // DOMAIN §1 Recovery: ask once for everything from the gap (end 0); what follows comes in the replay.
    if (a.s.recovering === undefined) write(a, at, { _tag: "ResendRequest", start: a.s.nextIn, end: 0 })
    a.s = { ...a.s, recovering: Math.max(m.seq, a.s.recovering ?? 0) }
  }
  const nextIn = Math.max(a.s.nextIn, m._tag === "SequenceReset" && m.gapFill ? Math.max(m.newSeq, m.seq + 1) : m.seq + 1)
  a.s = { ...a.s, nextIn, recovering: a.s.recovering !== undefined && nextIn <= a.s.recovering ? a.s.recovering : undefined }
  switch (m._tag) {
    case "TestRequest":
      // The model's liveness runs on virtual time: the stand-in answers for the client, whose clock is the wall's.
      write(a, at, { _tag: "Heartbeat", testReqId: m.testReqId })
      return
    case "ExecutionReport":
      return onExecution(a, at, m.report, m.possResend)
    case "BusinessMessageReject": {
      const order = a.s.orders.get(m.refSeq)
      a.relayed.push({ _tag: "Rejected", conn: at.conn, ref: order?.ref, clOrdId: order?.clOrdId, amend: order?.amend, mass: order?.mass === true, reason: m.reason, usLeft: m.usLeft })
      return
    }
    default:
      return
  }
}

const atStart = (a: Acc): void => {
  const { participant, flow } = a.s
  // At the start of the day, as the modelled BSS reports its flow (client-session.ts).
  a.actions.push(flowStatus({ participant, flow, service: "otp-c", up: 0, of: 2, degraded: false, detail: "not logged on yet" }))
}

export const realClient: Machine<RealClientState, RealSessionReport | OcgMessage> = {
  step: (state, input, _now: Micros): Step<RealClientState, RealSessionReport | OcgMessage> => {
    const a: Acc = { s: state.relayed.length === 0 ? state : { ...state, relayed: [] }, actions: [], relayed: [] }
    if (input._tag === "start") atStart(a)
    else if (input._tag === "receive") {
      const m = input.message
      if (m._tag === "RealLogon" || m._tag === "RealOrder" || m._tag === "RealAmend" || m._tag === "RealMassCancel" || m._tag === "RealLogout" || m._tag === "RealDisconnected") fromEndpoint(a, m)
      else fromGateway(a, input.from, m)
    }
    if (a.relayed.length > 0) a.s = { ...a.s, relayed: a.relayed }
    return [a.s, a.actions]
  }
}

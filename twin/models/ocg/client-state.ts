/**
 * The state of a participant's BSS session (client-session.ts) and the step accumulator its parts share:
 * config, connection phase, sequence numbers, counters, and the primitive actions (write a numbered
 * message, drop a connection, trace an `ocg.session` event).
 *
 * Gotcha: `write` numbers every message but a Lookup Request (always sequence 1, DOMAIN §1 Lookup
 * Response) and, on an active session, counts as a transmission for the heartbeat rule.
 */
import type { OcgSessionEvent } from "../../contract/kinds-ocg.ts"
import { type Action, close, emit, send } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import { emptyQueue, type Queue } from "./fill-queue.ts"
import { type Liveness, sent } from "./liveness.ts"
import type { GatewayPair } from "./lookup-service.ts"
import { bytes, type OcgBody, type OcgMessage, type OcgWire, wire } from "./messages.ts"
import type { OrderWindow } from "./order-schedule.ts"
import { FIRST_SEQUENCE } from "./rules.ts"

export interface ClientConfig {
  readonly participant: string
  readonly compId: string
  readonly type: "trading" | "drop-copy"
  /** The session's flow id (`${participant}/${compId}`, topology/model.ts). */
  readonly flow: string
  /** Lookup Service machine ids in the order DOMAIN §1 gives. */
  readonly lookupEndpoints: ReadonlyArray<string>
  readonly heartbeat: Micros
  readonly lookupTimeout: Micros
  readonly orders: ReadonlyArray<OrderWindow>
  readonly orderQuantity: number
  readonly orderPrice: number
}

export type Role = "primary" | "secondary"
export type NextAttempt = { readonly _tag: "lookup" } | { readonly _tag: "logon"; readonly role: Role }

export type ClientPhase =
  | { readonly _tag: "stopped" }
  | { readonly _tag: "waiting"; readonly next: NextAttempt }
  | { readonly _tag: "lookup"; readonly endpoint: string; readonly conn: number }
  | { readonly _tag: "logon"; readonly role: Role; readonly gateway: string; readonly conn: number; readonly sentAt: Micros }
  | {
    readonly _tag: "active"
    readonly role: Role
    readonly gateway: string
    readonly conn: number
    readonly liveness: Liveness
    /** Highest sequence number seen beyond a gap a Resend Request is recovering. */
    readonly recovering: number | undefined
  }

export interface ClientCounts {
  /** Distinct executions applied (one per ExecID). */
  readonly applied: number
  /** Execution Reports whose ExecID was already applied. */
  readonly duplicates: number
  readonly possResend: number
  readonly ordersSent: number
  /** Orders due while the session was not logged on. */
  readonly ordersSkipped: number
  readonly rejected: number
  readonly logons: number
}

/** A New Order sent and not answered yet: its ClOrdID, sequence number (a reject names it) and when. */
export interface PendingOrder {
  readonly clOrdId: number
  readonly seq: number
  readonly sentAt: Micros
}

/** The one empty queue of pending orders, so idle states compare equal (beats.ts). */
export const NO_PENDING: Queue<PendingOrder> = emptyQueue<PendingOrder>()

export interface ClientState {
  readonly config: ClientConfig
  readonly phase: ClientPhase
  /** The Lookup Service endpoint to try next (index into `lookupEndpoints`). */
  readonly endpoint: number
  readonly gateways: GatewayPair | undefined
  readonly nextConn: number
  readonly nextOut: number
  readonly nextIn: number
  readonly loggedOnOnce: boolean
  readonly nextClOrdId: number
  readonly execHighWater: number
  /** New Orders sent and not answered yet, oldest first (answers come in order on a session). */
  readonly pending: Queue<PendingOrder>
  /** The worst answer time of the current spell of late answers (µs), undefined outside one (order-acks.ts). */
  readonly lateWorst: Micros | undefined
  /** The ClOrdID of the oldest pending order traced `awaiting` and not answered or overtaken yet (order-acks.ts). */
  readonly awaited: number | undefined
  readonly counts: ClientCounts
  /** Why the session is not up (the `flow.status` detail while down). */
  readonly downReason: string
  /** The last `flow.status` written; `gateway` and `role` when it was up (compared without building the detail). */
  readonly reported:
    | { readonly up: number; readonly detail: string; readonly gateway: string | undefined; readonly role: Role | undefined }
    | undefined
}

/** Timer names: the connection procedure's single step timer, heartbeat liveness, the order schedule. */
export const STEP = "step"
export const NAMES = { heartbeat: "hb", idle: "idle" }
export const ORDER = "order"

export interface Acc {
  s: ClientState
  readonly actions: Array<Action<OcgMessage>>
  readonly now: Micros
}

export const event = (a: Acc, data: OcgSessionEvent): void => {
  a.actions.push(emit("ocg.session", { compId: a.s.config.compId, flow: a.s.config.flow, ...data }, a.s.config.participant))
}

/** Sends a session message on connection `conn`, numbering it unless it is a Lookup message. */
export const write = (a: Acc, to: string, conn: number, body: OcgBody): void => {
  const lookup = body._tag === "LookupRequest"
  const message: OcgWire = wire({ compId: a.s.config.compId, conn, seq: lookup ? FIRST_SEQUENCE : a.s.nextOut, possDup: false, possResend: false }, body)
  a.actions.push(send(to, message, bytes(message), conn))
  if (lookup) return
  const p = a.s.phase
  a.s = { ...a.s, nextOut: a.s.nextOut + 1, phase: p._tag === "active" ? { ...p, liveness: sent(p.liveness, a.now) } : p }
}

/** Ends connection `conn`: the Disconnect (the FIN) written, then the socket closed — one still opening never reaches `to`. */
export const disconnect = (a: Acc, to: string, conn: number, reason: string): void => {
  const m: OcgMessage = { _tag: "Disconnect", compId: a.s.config.compId, conn, reason }
  a.actions.push(send(to, m, bytes(m), conn), close(to, conn))
}

export const initialClientState = (config: ClientConfig): ClientState => ({
  config,
  phase: { _tag: "stopped" },
  endpoint: 0,
  gateways: undefined,
  nextConn: 1,
  nextOut: FIRST_SEQUENCE,
  nextIn: FIRST_SEQUENCE,
  loggedOnOnce: false,
  nextClOrdId: 1,
  execHighWater: 0,
  pending: NO_PENDING,
  lateWorst: undefined,
  awaited: undefined,
  counts: { applied: 0, duplicates: 0, possResend: 0, ordersSent: 0, ordersSkipped: 0, rejected: 0, logons: 0 },
  downReason: "not logged on yet",
  reported: undefined
})

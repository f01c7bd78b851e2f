/**
 * What OCG-C participants, gateways, the Lookup Service and the OTP-C host say to each other.
 *
 * Three families share one union so that every OCG machine is a `Machine<S, OcgMessage>`:
 * - `OcgWire`: OCG-C binary messages (DOMAIN §1 Binary framing) with the header fields the session rules
 *   read (Comp ID, sequence number, PossDup, PossResend) plus `conn`, the connection the message travels on.
 * - `Disconnect`: not an OCG-C message but the end of the TCP connection (FIN/RST). It is how a peer learns
 *   of an abrupt close, a refused connect or a dropped duplicate logon; while the path is cut it waits for
 *   retransmission like any message of the connection, which is when the heartbeat rules take over.
 * - `HostLink`: the gateway ↔ OTP-C host exchange inside HKEX (not public; its shape is this model's).
 * - `Control`: scenario and test commands (open/close a Lookup Service, crash/restart a gateway, stop a BSS…).
 *
 * A connection is `conn`, a number the client picks per connect attempt; every message of it is sent on
 * that stream (twin/engine/tcp.ts), so the network delays it by retransmissions rather than losing it,
 * and a newer connection between the same two machines ends the older one. A message on any other
 * `conn` than the one a side holds is stale and ignored, as a TCP stack would. The `HostLink` rides one
 * standing connection per gateway–host pair (machine.ts STANDING_STREAM) [U: the internal protocol is not public;
 * a matching host's order entry link is reliable, so a loss inside HKEX delays orders and reports rather
 * than losing them]; what a down end misses is recovered by the claim and HostResync exchange.
 */
import type { Micros } from "../../engine/time.ts"
import type { OtpcState } from "./otp-c.ts"
import type { DetachCause } from "../../contract/kinds-ocg.ts"

export interface Header {
  readonly compId: string
  readonly conn: number
  readonly seq: number
  readonly possDup: boolean
  readonly possResend: boolean
}

export type Side = "buy" | "sell"
/**
 * `replace`: the order amended (Cancel/Replace); `reject`: a refusal, a host log entry with an ExecID like
 * any report here — of a New Order (status `rejected`: an Execution Report rejected on the wire) or of a
 * cancel or amend (any other status: the order's; a FIX Order Cancel Reject).
 */
export type ExecType = "new" | "trade" | "cancel" | "replace" | "reject"
export type OrderStatus = "new" | "filled" | "cancelled" | "rejected"

/**
 * The business content of an Execution Report. `execId` is the ExecID (an alphanumeric field on the wire,
 * a number here): one OTP-C host numbers executions from one counter, so ExecIDs rise through the day.
 */
export interface Execution {
  readonly execId: number
  /** The trading session the order came in on. */
  readonly compId: string
  readonly clOrdId: number
  readonly execType: ExecType
  readonly status: OrderStatus
  readonly quantity: number
  readonly cumQty: number
  readonly price: number
  /** ExecRestatementReason 104 when the order was cancelled by Cancel-on-Disconnect. */
  readonly cancelOnDisconnect: boolean
  /** Set on the copy sent to a drop-copy session: the copy's own Comp ID. */
  readonly dropCopyFor: string | undefined
  /** A refusal's reason in words (Text 58), when the host gives one (order-hours.ts). */
  readonly text: string | undefined
}

export type RejectReason = "throttle" | "receive-only"

export type OcgBody =
  | { readonly _tag: "LookupRequest" }
  | {
    readonly _tag: "LookupResponse"
    readonly accepted: boolean
    readonly primary: string | undefined
    readonly secondary: string | undefined
    readonly reason: string | undefined
  }
  | { readonly _tag: "Logon"; readonly nextExpected: number }
  | { readonly _tag: "Logout"; readonly text: string }
  | { readonly _tag: "Heartbeat"; readonly testReqId: number | undefined }
  | { readonly _tag: "TestRequest"; readonly testReqId: number }
  /** `end` 0 means "everything from `start`" (DOMAIN §1 Recovery). */
  | { readonly _tag: "ResendRequest"; readonly start: number; readonly end: number }
  | { readonly _tag: "SequenceReset"; readonly gapFill: boolean; readonly newSeq: number }
  | { readonly _tag: "NewOrder"; readonly clOrdId: number; readonly side: Side; readonly quantity: number; readonly price: number }
  /**
   * Cancel (`replace` undefined) or Cancel/Replace of the open order `origClOrdId`, under the new ClOrdID
   * `clOrdId`. Only a real FIX client sends them (real-client.ts): the modelled BSS's orders are never amended.
   */
  | {
    readonly _tag: "AmendOrder"
    readonly clOrdId: number
    readonly origClOrdId: number
    readonly replace: { readonly quantity: number; readonly price: number } | undefined
  }
  /**
   * Cancel each of `orders` (ClOrdIDs) still open: a FIX Order Mass Cancel Request `clOrdId`, the orders its
   * endpoint found matching (twin/wire/ocg/session/relay.ts). Only a real FIX client sends it.
   */
  | { readonly _tag: "MassCancel"; readonly clOrdId: number; readonly orders: ReadonlyArray<number> }
  | { readonly _tag: "ExecutionReport"; readonly report: Execution }
  /** `usLeft`: time left in the current throttle interval (DOMAIN §1 Throttle: given in the text). */
  | { readonly _tag: "BusinessMessageReject"; readonly refSeq: number; readonly reason: RejectReason; readonly usLeft: number }

export type OcgWire = Header & OcgBody

export interface Disconnect {
  readonly _tag: "Disconnect"
  readonly compId: string
  readonly conn: number
  readonly reason: string
}

/** Why a gateway reports a session gone to the host; decides Cancel-on-Disconnect (written in the trace too). */
export type { DetachCause } from "../../contract/kinds-ocg.ts"

export type HostLink =
  /**
   * Gateway → host after a valid Logon: claim the session. `resume` and `clientHas` are sent when the
   * gateway holds a session record: the host log entries its store already has, and those the client's
   * NextExpectedSeq proves it received.
   */
  | {
    readonly _tag: "HostAttach"
    readonly compId: string
    readonly logonSeq: number
    readonly resume: number | undefined
    readonly clientHas: number | undefined
  }
  /**
   * Host → gateway. `refused`: first Logon of the day with a sequence number above 1. `current`: the
   * gateway's own record is the live one; otherwise it takes over the client's sequence numbers.
   * Deliveries from host log entry `start` follow this message.
   */
  | { readonly _tag: "HostAttachAck"; readonly compId: string; readonly refused: boolean; readonly current: boolean; readonly start: number }
  | { readonly _tag: "HostDetach"; readonly compId: string; readonly cause: DetachCause; readonly cancelOnDisconnect: Micros | undefined }
  /** Host → a gateway that held the session before another gateway claimed it: drop the connection. */
  | { readonly _tag: "HostRevoke"; readonly compId: string }
  | { readonly _tag: "HostOrder"; readonly compId: string; readonly clOrdId: number; readonly side: Side; readonly quantity: number; readonly price: number }
  /** An `AmendOrder` passed on to the host. */
  | {
    readonly _tag: "HostAmend"
    readonly compId: string
    readonly clOrdId: number
    readonly origClOrdId: number
    readonly replace: { readonly quantity: number; readonly price: number } | undefined
  }
  /** A `MassCancel` passed on to the host. */
  | { readonly _tag: "HostMassCancel"; readonly compId: string; readonly clOrdId: number; readonly orders: ReadonlyArray<number> }
  /** One host log entry for a session, `index` its place in that session's log. */
  | { readonly _tag: "HostDeliver"; readonly compId: string; readonly index: number; readonly report: Execution; readonly possResend: boolean }
  /** Gateway → host: a delivery arrived out of order; hand everything again from `from`. */
  | { readonly _tag: "HostResync"; readonly compId: string; readonly from: number }

export type Control =
  /** Lookup Service: open (failover) or close. */
  | { readonly _tag: "Control"; readonly command: "open" | "close" }
  /** Gateway: crash (answers nothing, loses its connections) and restart (records survive). */
  | { readonly _tag: "Control"; readonly command: "crash" | "restart" }
  /**
   * BSS: stop (abrupt: connections dropped, no Logout), logout (graceful, then stop), resume (from Lookup);
   * duplicate-logon: a second connection for the Comp ID sends a Logon while the session is up (a second
   * BSS instance started with the same Comp ID; the `duplicate-logon` fault).
   */
  | { readonly _tag: "Control"; readonly command: "stop" | "logout" | "resume" | "duplicate-logon" }
  /** BSS: send a Resend Request from `start` to the end (an operator's or a faulty BSS's request). */
  | { readonly _tag: "Control"; readonly command: "resend"; readonly start: number }
  /**
   * OTP-C host (DR failover, otp-c.ts): the backup site's host takes over `primary`'s state, the
   * replicated copy as it was at `asOf` (when the primary host was last up).
   */
  | { readonly _tag: "Control"; readonly command: "take-over"; readonly primary: string; readonly state: OtpcState; readonly asOf: Micros }
  /** OTP-C host: another host (`successor`) has taken over; this one answers no session any more. */
  | { readonly _tag: "Control"; readonly command: "retire"; readonly successor: string }

export type OcgMessage = OcgWire | Disconnect | HostLink | Control

export const wire = (header: Header, body: OcgBody): OcgWire => ({ ...header, ...body })

/** Application (business) messages: stored for replay; session messages are gap-filled (DOMAIN §1 Recovery). */
export const isApplication = (body: OcgBody): boolean =>
  body._tag === "ExecutionReport" || body._tag === "BusinessMessageReject" || body._tag === "NewOrder" || body._tag === "AmendOrder" ||
  body._tag === "MassCancel"

// DOMAIN §1 Binary framing: 54-byte header (STX, Length, MsgType, SeqNum, PossDup, PossResend, CompID,
// 32-byte presence map) and a 4-byte CRC32C trailer [S].
export const HEADER_BYTES = 54
export const TRAILER_BYTES = 4
const frame = (body: number): number => HEADER_BYTES + body + TRAILER_BYTES

/**
 * Body sizes are this model's estimates: field sizes from a third-party data dictionary of the OCG-C
 * binary spec (alphanumeric fields fixed-length, e.g. ClOrdID/ExecID/SecurityID 21 bytes, TransactTime 25,
 * broker ids 12, decimals 8) [S], with the fields this model assumes present [U]:
 * - Heartbeat 0 (2 with the Test Request id it answers); Test Request 2; Resend Request 8; Sequence Reset 5.
 * - Logon from the BSS 454 (encrypted password 450 + NextExpectedSeq 4); from the gateway 5.
 * - Logout 33 (status 1 + a 30-character text with its 2-byte length).
 * - Lookup Request 2; Lookup Response 37 accepted (status + two IP:port), 34 rejected (status, code, text).
 * - Business Message Reject 49 (code 2, reason text 42, referenced type 1 and sequence 4).
 * - New Order 101 (ClOrdID, broker, security, source, time, side, type, price, quantity, TIF, disclosure);
 *   a cancel or amend the same, and a mass cancel [U].
 * - Execution Report 159 for new/cancel (161 with the restatement reason), 201 for a fill (+ execution
 *   quantity and price, trade match id 25, aggressor 1).
 * Disconnect and Control are 0: no OCG-C frame (a TCP FIN/RST; a scenario command).
 * HostLink sizes are [U] (the internal protocol is not public): attach/ack/detach/revoke/resync 64, an
 * order or a delivery its OCG-C frame plus 16 bytes of routing.
 */
export const bodyBytes = (body: OcgBody): number => {
  switch (body._tag) {
    case "LookupRequest":
      return 2
    case "LookupResponse":
      return body.accepted ? 37 : 34
    case "Logon":
      return 454
    case "Logout":
      return 33
    case "Heartbeat":
      return body.testReqId === undefined ? 0 : 2
    case "TestRequest":
      return 2
    case "ResendRequest":
      return 8
    case "SequenceReset":
      return 5
    case "NewOrder":
    case "AmendOrder":
    case "MassCancel":
      return 101
    case "ExecutionReport":
      return executionBytes(body.report)
    case "BusinessMessageReject":
      return 49
  }
}

const executionBytes = (e: Execution): number => e.execType === "trade" ? 201 : e.cancelOnDisconnect ? 161 : 159

/** The gateway's Logon reply carries no password: NextExpectedSeq and Session Status only. */
const GATEWAY_LOGON_BODY = 5
const HOST_CONTROL_BYTES = 64
const HOST_ROUTING_BYTES = 16

/** Size on the wire of `m` as sent by `fromClient` (only the Logon differs by direction). */
export const bytes = (m: OcgMessage, fromClient = true): number => {
  switch (m._tag) {
    case "Disconnect":
    case "Control":
      return 0
    case "HostAttach":
    case "HostAttachAck":
    case "HostDetach":
    case "HostRevoke":
    case "HostResync":
      return HOST_CONTROL_BYTES
    case "HostOrder":
    case "HostAmend":
    case "HostMassCancel":
      return frame(101) + HOST_ROUTING_BYTES
    case "HostDeliver":
      return frame(executionBytes(m.report)) + HOST_ROUTING_BYTES
    case "Logon":
      return frame(fromClient ? bodyBytes(m) : GATEWAY_LOGON_BODY)
    default:
      return frame(bodyBytes(m))
  }
}

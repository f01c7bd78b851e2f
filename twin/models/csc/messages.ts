/**
 * China Connect northbound messages between a participant's CSC session, a CCCG and the SSE / SZSE
 * mainland links. Session messages follow the OCG-C pattern (DOMAIN §1: Logon, Heartbeat) much
 * simplified; order messages carry enough (session, client machine, order id) for the CCCG to relay a
 * report back without keeping per-order state.
 *
 * A session's messages travel on its TCP connection, `conn`: a number the session picks per logon attempt
 * (twin/engine/tcp.ts — held and retransmitted while the path is cut, never lost); a side ignores a message
 * of any other connection than the one it holds, as its TCP stack would (the socket is closed). Inside
 * HKEX (CCCG ↔ mainland link, a CCCG passing a report to the CCCG holding the session) each machine pair
 * has one standing connection (machine.ts STANDING_STREAM) [U: the internal protocol is not public; order
 * routing inside an exchange is reliable]: a loss or a short cut there delays orders and reports.
 *
 * Sequence numbers [U, after OCG-C — DOMAIN §1 Sequence numbers, Recovery; session-store.ts says why]: the
 * CCCG numbers the reports it sends a session (`seq`, from 1 each day, kept in the platform's session store
 * across gateways); a Logon carries the client's next expected number, and the gateway writes again what
 * the client has not had, with PossDup=1 (`possDup`). A refusal for a session not logged on at that CCCG
 * is not a session message and goes unnumbered. The participant → CCCG direction is not numbered here.
 *
 * Sizes: the OCG-style binary header is 54 bytes plus a 4-byte CRC32C trailer (DOMAIN §1 [S]); bodies are
 * rounded guesses [U]. All are far below any MTU.
 */

export type Market = "SSE" | "SZSE"
export type Side = "buy" | "sell"

export type RejectReason =
  /** The CCCG saw no logon for this session. */
  | "not-logged-on"
  /** Outside order input (before 09:10, 11:30–12:55, from 15:00). */
  | "outside-hours"
  /** A buy while the market's quota is closed (exhausted for the day, or DQB ≤ 0 before continuous). */
  | "quota"
  /** A cancel in the no-cancellation period 09:20–09:25. */
  | "no-cancel-period"
  /** A cancel for an order already traded, cancelled or unknown. */
  | "not-open"

interface OrderRef {
  readonly session: string
  /** The session's TCP connection the order came in on (the CCCG answers on it unless the session has a newer one there). */
  readonly conn: number
  /** The client machine to report to. */
  readonly client: string
  readonly order: string
  readonly market: Market
  readonly side: Side
  readonly amount: number
}

/** How a CCCG numbered a report it wrote to the session (absent: unnumbered, see the header). */
interface Numbered {
  readonly seq?: number
  /** Written again after a Logon (the header's PossDup=1). */
  readonly possDup?: boolean
}

export type CscMessage =
  /** `nextExpected`: the sequence number of the next report the client expects (1 at the day's first). */
  | { readonly _tag: "logon"; readonly session: string; readonly conn: number; readonly nextExpected: number }
  | { readonly _tag: "logon-ack"; readonly session: string; readonly conn: number }
  | { readonly _tag: "heartbeat"; readonly session: string; readonly conn: number }
  | ({ readonly _tag: "order" } & OrderRef)
  | ({ readonly _tag: "cancel" } & OrderRef)
  /** The order reached the market; `dqb` is the market's balance after it. */
  | ({ readonly _tag: "accepted"; readonly dqb: number } & OrderRef & Numbered)
  | ({ readonly _tag: "rejected"; readonly reason: RejectReason; readonly dqb: number | null } & OrderRef & Numbered)
  | ({ readonly _tag: "traded"; readonly dqb: number } & OrderRef & Numbered)
  | ({ readonly _tag: "cancelled"; readonly dqb: number } & OrderRef & Numbered)
  | ({ readonly _tag: "cancel-rejected"; readonly reason: RejectReason } & OrderRef & Numbered)
  /** Mainland link → every CCCG: whether buys are admitted for `market`, and its DQB. Sent on every change. */
  | { readonly _tag: "quota-state"; readonly market: Market; readonly buysOpen: boolean; readonly dqb: number }
  /** A closed CCCG → the client: the logon's connection is refused (a reset), at once. */
  | { readonly _tag: "refused"; readonly session: string; readonly conn: number }
  /**
   * A restarted CCCG → the client, on a connection it held before it crashed: the host has no socket for
   * it any more, so the client's next segment is answered with a reset (TCP RST) and the session is lost.
   */
  | { readonly _tag: "reset"; readonly session: string; readonly conn: number }
  /**
   * Operations → a CCCG (not on the wire): its node went down (`up` false: the host crashed, its connections
   * and sessions gone) or came back (a fresh host: no sessions until they log on again).
   */
  | { readonly _tag: "power"; readonly up: boolean }
  /** Operations → a CCCG (not on the wire): open or close it (the backup site's, on DR failover). */
  | { readonly _tag: "site"; readonly open: boolean }
  /** Operations → a CCCG (not on the wire): `market`'s orders go to `link` from now on (its DR take-over). */
  | { readonly _tag: "relink"; readonly market: Market; readonly link: string }
  /**
   * Operations → a mainland link (not on the wire): CCCG `from` is down; reports for the orders that came
   * through it enter the platform through `to` from now on (twin/simulate/csc-gateway-loss.ts).
   */
  | { readonly _tag: "reroute"; readonly from: string; readonly to: string }
  /** Operations → a mainland link (not on the wire): its DR pair took it over; it stays silent for good. */
  | { readonly _tag: "retire" }

export const HEADER_BYTES = 58

export const wireBytes = (m: CscMessage): number => {
  switch (m._tag) {
    case "logon":
      return HEADER_BYTES + 200
    case "logon-ack":
    case "heartbeat":
    case "refused":
    case "reset":
    case "power":
    case "site":
    case "relink":
    case "reroute":
    case "retire":
      return HEADER_BYTES
    case "quota-state":
      return HEADER_BYTES + 24
    default:
      return HEADER_BYTES + 96
  }
}

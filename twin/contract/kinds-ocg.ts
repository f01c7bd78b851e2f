/**
 * Trace kinds of OTP-C through OCG-C: the BSS sessions, the Lookup Service, the gateways, the OTP-C hosts
 * (twin/models/ocg/), and the execution ledger the simulation keeps beside them (`ocg.executions`).
 */

type Role = "primary" | "secondary"

/** What a BSS session did (twin/models/ocg/client-session.ts, client-connect.ts), by `event`. */
export type OcgSessionEvent =
  | { readonly event: "lookup"; readonly endpoint: string }
  | { readonly event: "lookup-ok"; readonly endpoint: string; readonly primary: string; readonly secondary: string }
  | { readonly event: "lookup-failed"; readonly endpoint: string; readonly reason: string }
  | { readonly event: "logon-sent"; readonly gateway: string; readonly role: Role }
  | { readonly event: "logon"; readonly gateway: string; readonly role: Role }
  | { readonly event: "logon-failed"; readonly gateway: string; readonly role: Role; readonly reason: string; readonly next: "lookup" | Role }
  | { readonly event: "disconnected"; readonly gateway: string; readonly role: Role; readonly reason: string }
  | { readonly event: "stopped"; readonly graceful: boolean }
  /** The second connection's Logon (the `duplicate-logon` fault). */
  | { readonly event: "duplicate-logon-sent"; readonly gateway: string; readonly conn: number }
  /**
   * A New Order answered (Execution Report or Business Message Reject) more than LATE_ACK (100 ms) after it
   * was sent: the first of a spell of late answers and each worse one after it (a spell ends at an answer
   * in time), so a stall's worst order is traced once. `sentAt` µs; `latencyUs` from sending to answer.
   */
  | { readonly event: "late-ack"; readonly clOrdId: number; readonly sentAt: number; readonly latencyUs: number }
  /** The end of a spell of late answers: New Order `clOrdId` answered within LATE_ACK; `worstUs` the spell's worst. */
  | { readonly event: "late-acks-ended"; readonly clOrdId: number; readonly worstUs: number }
  /**
   * New Orders `firstClOrdId`..`lastClOrdId` (`orders` of them, the first sent at `firstSentAt` µs) were
   * never answered: a later order's answer came first (they died with a connection or a gateway).
   */
  | { readonly event: "unanswered"; readonly orders: number; readonly firstClOrdId: number; readonly lastClOrdId: number; readonly firstSentAt: number }
  /**
   * The session's oldest pending New Order (`clOrdId`, sent at `sentAt` µs) found waiting over LATE_ACK, with
   * `orders` out: as the BSS wrote a later order, and again as it lost its session (order-evidence.ts says
   * when the wait ends).
   */
  | { readonly event: "awaiting"; readonly orders: number; readonly clOrdId: number; readonly sentAt: number }
  /** A real FIX client's order, sent on to the model's gateway by its stand-in (twin/models/ocg/real-client.ts). */
  | { readonly event: "order-relayed"; readonly gateway: string; readonly clOrdId: number }
  /** A real FIX client's cancel (`replace` false) or Cancel/Replace of order `origClOrdId`, sent on likewise. */
  | { readonly event: "amend-relayed"; readonly gateway: string; readonly clOrdId: number; readonly origClOrdId: number; readonly replace: boolean }
  /** A real FIX client's Order Mass Cancel Request `clOrdId`, sent on with the `orders` ClOrdIDs its endpoint found matching. */
  | { readonly event: "mass-cancel-relayed"; readonly gateway: string; readonly clOrdId: number; readonly orders: number }
  /** An execution the model's gateway sent a real client's stand-in, handed on to the client (each ExecID once). */
  | {
    readonly event: "execution-relayed"
    readonly gateway: string
    readonly execId: number
    readonly clOrdId: number
    readonly execType: "new" | "trade" | "cancel" | "replace" | "reject"
    readonly possResend: boolean
  }

export type OcgSessionData = { readonly compId: string; readonly flow: string } & OcgSessionEvent

export type OcgLookupData = { readonly event: "opened" | "closed" | "crashed" | "restarted" }

/** Why a gateway's session ended (the host is told; it decides Cancel-on-Disconnect). */
export type DetachCause =
  | "logout"
  | "disconnect"
  | "missed-heartbeats"
  | "duplicate-logon"
  | "resend-during-replay"
  | "sequence-error"
  | "abandoned"

/** Gateway-side session events (twin/models/ocg/gateway.ts, gateway-session.ts), by `event`. */
export type OcgGatewayData =
  | { readonly event: "logon-refused"; readonly compId: string; readonly peer: string; readonly reason: string }
  | { readonly event: "duplicate-logon"; readonly compId: string; readonly peer: string; readonly holder: string }
  | { readonly event: "logon"; readonly compId: string; readonly peer: string; readonly record: "current" | "fresh"; readonly replayed: number }
  | { readonly event: "inbound-gap"; readonly compId: string; readonly expected: number; readonly got: number }
  | { readonly event: "resend"; readonly compId: string; readonly from: number; readonly to: number; readonly frames: number }
  /** DOMAIN §1 Throttle: `refSeq` the order's sequence number, `usLeft` µs left in the throttle's second. */
  | { readonly event: "throttle-reject"; readonly compId: string; readonly clOrdId: number; readonly refSeq: number; readonly mps: number; readonly usLeft: number }
  | { readonly event: "session-end"; readonly compId: string; readonly peer: string; readonly cause: DetachCause; readonly logout: boolean }
  | { readonly event: "crash"; readonly connectionsLost: number }
  | { readonly event: "restart" }

export type OtpCancelOnDisconnectData =
  | { readonly compId: string; readonly event: "armed"; readonly cause: DetachCause; readonly delay: number }
  | { readonly compId: string; readonly event: "avoided"; readonly gateway: string }
  | { readonly compId: string; readonly event: "fired"; readonly cancelled: number }

/** DR failover of OTP-C: the backup site's host took over (`asOf` µs), or the primary retired. */
export type OtpHostData =
  | {
    readonly event: "took-over"
    readonly primary: string
    readonly asOf: number
    readonly sessions: number
    readonly nextExecId: number
    readonly openOrders: number
  }
  | { readonly event: "retired"; readonly successor: string }

/** A session whose books disagree. */
export type ShortSession = {
  readonly participant: string
  readonly compId: string
  readonly sent: number
  readonly applied: number
  readonly undelivered: number
}

/** The execution ledger (twin: every minute and at the end). */
export type OcgExecutionsData = {
  readonly sessions: number
  readonly sent: number
  readonly applied: number
  readonly undelivered: number
  readonly discarded: number
  readonly short: ReadonlyArray<ShortSession>
}

export interface OcgKinds {
  "ocg.session": OcgSessionData
  "ocg.lookup": OcgLookupData
  "ocg.gateway": OcgGatewayData
  "otp.cancel-on-disconnect": OtpCancelOnDisconnectData
  "otp.host": OtpHostData
  "ocg.executions": OcgExecutionsData
}

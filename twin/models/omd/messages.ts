/**
 * What OMD models send each other, and how many bytes each takes on the wire.
 *
 * Multicast (real-time and refresh channels) and TCP (retransmission) messages share one union so that a
 * feed handler, which hears all of them, is one machine. Exact protocol messages (heartbeat, Sequence
 * Reset, Trading Session Status, DR Signal, RTS logon/request/response, Refresh Complete) are one model
 * message each; bulk data is a `slice` standing for the messages `first..last` of a time slice, and a
 * refresh `snapshot` stands for a whole snapshot (see publisher.ts for what that abstraction keeps).
 *
 * Sizes are OMD bytes — the 16-byte packet header plus the messages (DOMAIN §3 packet header and message
 * size table) — without IP/UDP/TCP headers. A model message that stands for many packets (slice, snapshot,
 * retransmitted range) carries their total.
 *
 * `channel` names the sequence space (`omdc/SS`); `line` is the multicast line a message came on.
 */
import type { Micros } from "../../engine/time.ts"
import { packetsBytes } from "./stream.ts"

export type Line = "A" | "B"
export const LINES: ReadonlyArray<Line> = ["A", "B"]
export const otherLine = (line: Line): Line => (line === "A" ? "B" : "A")

/** DOMAIN §3 packet header: PktSize, MsgCount, Filler, SeqNum, SendTime. */
export const PACKET_HEADER_BYTES = 16

/** DOMAIN §3 message sizes (bytes, including MsgSize and MsgType). */
export const MESSAGE_BYTES = {
  sequenceReset: 8,
  drSignal: 8,
  logon: 16,
  logonResponse: 8,
  retransmissionRequest: 16,
  retransmissionResponse: 16,
  refreshComplete: 8,
  tradingSessionStatus: 32
} as const

// ---- multicast: real-time channels ----

/** The messages `first..last` published in one time slice (a stand-in for many packets). */
export interface Slice {
  readonly _tag: "slice"
  readonly channel: string
  readonly line: Line
  readonly first: number
  readonly last: number
  /** Publisher clock when the slice closed (SendTime; shifted by a clock skew). */
  readonly sendTime: Micros
}

/** DOMAIN §3 Heartbeat: MsgCount 0, SeqNum = the last message's sequence number (0 before any). */
export interface Heartbeat {
  readonly _tag: "heartbeat"
  readonly channel: string
  readonly line: Line
  readonly seq: number
  readonly sendTime: Micros
}

/**
 * DOMAIN §3 / spec §3.4.2 Sequence Reset (100), NewSeqNo always 1. The client ignores the packet's own
 * SeqNum and expects NewSeqNo next, so it takes no sequence number of its own. `resetNo` counts the
 * channel's resets that day (identical on both lines) so a client applies each reset once.
 */
export interface SequenceReset {
  readonly _tag: "sequence-reset"
  readonly channel: string
  readonly line: Line
  readonly newSeqNo: 1
  readonly resetNo: number
  readonly sendTime: Micros
}

/** Spec §3.8.1 Trading Session Status (20): one sequence number. */
export interface SessionStatus {
  readonly _tag: "session-status"
  readonly channel: string
  readonly line: Line
  readonly seq: number
  readonly marketCode: string
  /** TradingSessionSubID (DOMAIN §1 sub-IDs). */
  readonly subId: number
  /** TradingSesStatus (spec §3.8.1: 0, 10, 20, 30, 40, 50, 100). */
  readonly status: number
  readonly sendTime: Micros
}

/** Spec §3.4.3 DR Signal (105) on the dedicated DR channel: 1 = DR in progress, 2 = DR completed. */
export interface DrSignal {
  readonly _tag: "dr-signal"
  readonly channel: string
  readonly line: Line
  readonly seq: number
  readonly drStatus: 1 | 2
  readonly sendTime: Micros
}

// ---- multicast: refresh channels ----

/** A whole snapshot of `messages` messages (refresh cycle `cycle`); its Refresh Complete follows. */
export interface Snapshot {
  readonly _tag: "snapshot"
  readonly channel: string
  readonly line: Line
  readonly cycle: number
  readonly messages: number
}

/** Spec §3.6.1 Refresh Complete (203): the snapshot is synchronised with real-time seq `lastSeqNum`. */
export interface RefreshComplete {
  readonly _tag: "refresh-complete"
  readonly channel: string
  readonly line: Line
  readonly cycle: number
  readonly lastSeqNum: number
}

// ---- TCP: retransmission service ----

/**
 * Every RTS message names `conn`, the TCP connection it travels on: a number the client picks per connect
 * (twin/engine/tcp.ts — held and retransmitted while the path is cut, never lost). Each side ignores a
 * message of any other connection than the one it holds, as its TCP stack would (that socket is closed).
 */
interface OnConnection {
  readonly conn: number
}

/** Opening or closing the TCP connection (no OMD payload). */
export interface RtsConnect extends OnConnection {
  readonly _tag: "rts-connect"
}
export interface RtsClose extends OnConnection {
  readonly _tag: "rts-close"
  readonly reason: string
}
/** Spec §3.5.1 Logon (101). */
export interface RtsLogon extends OnConnection {
  readonly _tag: "rts-logon"
  readonly user: string
}
/** Spec §3.5.2 SessionStatus: 0 active, 5 invalid username or IP, 100 user already connected. */
export type SessionStatusCode = 0 | 5 | 100
export interface RtsLogonResponse extends OnConnection {
  readonly _tag: "rts-logon-response"
  readonly sessionStatus: SessionStatusCode
}
/** Spec §3.5.3 Retransmission Request (201). */
export interface RtsRequest extends OnConnection {
  readonly _tag: "rts-request"
  readonly channel: string
  readonly first: number
  readonly last: number
}
/**
 * Spec §3.5.4 RetransStatus: 0 accepted, 1 unknown/unauthorised channel, 2 messages not available,
 * 100 exceeds maximum sequence range, 101 exceeds maximum requests in a day.
 */
export type RetransStatus = 0 | 1 | 2 | 100 | 101
export interface RtsResponse extends OnConnection {
  readonly _tag: "rts-response"
  readonly channel: string
  readonly status: RetransStatus
  readonly first: number
  readonly last: number
}
/** The retransmitted messages `first..last`, sent right after an accepting response (spec §4.3). */
export interface RtsRetransmission extends OnConnection {
  readonly _tag: "rts-retransmission"
  readonly channel: string
  readonly first: number
  readonly last: number
}
/** Spec §4.3 RTS heartbeat; the client answers with an exact copy. */
export interface RtsHeartbeat extends OnConnection {
  readonly _tag: "rts-heartbeat"
}
export interface RtsHeartbeatResponse extends OnConnection {
  readonly _tag: "rts-heartbeat-response"
}

// ---- control from operations (scenario steps, faults) ----

export type Control =
  | { readonly _tag: "control"; readonly command: "crash" }
  /** `catchUp`: send what this line missed while down (delayed, not lost); otherwise resume at the current seq. */
  | { readonly _tag: "control"; readonly command: "restart"; readonly catchUp: boolean }
  | { readonly _tag: "control"; readonly command: "dr-signal"; readonly drStatus: 1 | 2 }
  /** The publisher's clock runs `skew` µs ahead (negative: behind): SendTime shifts. */
  | { readonly _tag: "control"; readonly command: "clock-skew"; readonly skew: Micros }

export type OmdMessage =
  | Slice
  | Heartbeat
  | SequenceReset
  | SessionStatus
  | DrSignal
  | Snapshot
  | RefreshComplete
  | RtsConnect
  | RtsClose
  | RtsLogon
  | RtsLogonResponse
  | RtsRequest
  | RtsResponse
  | RtsRetransmission
  | RtsHeartbeat
  | RtsHeartbeatResponse
  | Control

/**
 * The last sequence number a real-time channel message accounts for (a heartbeat's seq, a slice's last;
 * 0 for a Sequence Reset), or undefined for anything else.
 */
export const realTimeLastSeq = (m: OmdMessage): number | undefined => {
  switch (m._tag) {
    case "slice":
      return m.last
    case "heartbeat":
    case "session-status":
    case "dr-signal":
      return m.seq
    case "sequence-reset":
      return 0
    default:
      return undefined
  }
}

/** OMD bytes of a message; `meanMessageBytes` sizes the messages a slice, snapshot or retransmission stands for. */
export const wireBytes = (m: OmdMessage, meanMessageBytes: number): number => {
  const one = (message: number) => PACKET_HEADER_BYTES + message
  switch (m._tag) {
    case "slice":
    case "rts-retransmission":
      return packetsBytes(m.last - m.first + 1, meanMessageBytes)
    case "snapshot":
      return packetsBytes(m.messages, meanMessageBytes)
    case "heartbeat":
    case "rts-heartbeat":
    case "rts-heartbeat-response":
      return PACKET_HEADER_BYTES
    case "sequence-reset":
      return one(MESSAGE_BYTES.sequenceReset)
    case "session-status":
      return one(MESSAGE_BYTES.tradingSessionStatus)
    case "dr-signal":
      return one(MESSAGE_BYTES.drSignal)
    case "refresh-complete":
      return one(MESSAGE_BYTES.refreshComplete)
    case "rts-logon":
      // Spec §3.5: PktSize 32 = 16-byte header + 16-byte Logon.
      return one(MESSAGE_BYTES.logon)
    case "rts-logon-response":
      return one(MESSAGE_BYTES.logonResponse)
    case "rts-request":
      return one(MESSAGE_BYTES.retransmissionRequest)
    case "rts-response":
      return one(MESSAGE_BYTES.retransmissionResponse)
    case "rts-connect":
    case "rts-close":
    case "control":
      return 0
  }
}

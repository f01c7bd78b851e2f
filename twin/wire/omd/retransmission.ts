/**
 * Retransmission service messages (spec §3.5), carried over TCP each in its own packet whose header has
 * MsgCount 1 and SeqNum/SendTime 0 (§3.5: "PktSize 32 … SeqNum 0 … not used"); see packet-encode.ts `encodeRtsPacket`.
 */
import { defineMessage } from "./message-codec.ts"
import { MsgType } from "./msg-type.ts"

/** §3.5.1: Username padded with binary nulls to 12 bytes. */
export interface Logon {
  readonly msgType: typeof MsgType.Logon
  readonly username: string
}

/** §3.5.2 SessionStatus values. */
export const SessionStatus = { Active: 0, InvalidUsernameOrIp: 5, AlreadyConnected: 100 } as const

export interface LogonResponse {
  readonly msgType: typeof MsgType.LogonResponse
  readonly sessionStatus: number
}

export interface RetransmissionRequest {
  readonly msgType: typeof MsgType.RetransmissionRequest
  readonly channelId: number
  readonly beginSeqNum: number
  /** Last message of the range, inclusive. */
  readonly endSeqNum: number
}

/** §3.5.4 RetransStatus values. */
export const RetransStatus = {
  Accepted: 0,
  UnknownChannel: 1,
  MessagesNotAvailable: 2,
  ExceedsMaximumRange: 100,
  ExceedsDailyRequests: 101
} as const

export interface RetransmissionResponse {
  readonly msgType: typeof MsgType.RetransmissionResponse
  readonly channelId: number
  readonly retransStatus: number
  readonly beginSeqNum: number
  readonly endSeqNum: number
}

export const logon = defineMessage<Logon>({
  msgType: MsgType.Logon, name: "Logon", section: "3.5.1", totalLength: 16,
  rows: [[4, "username", "NulString", 12]]
})

export const logonResponse = defineMessage<LogonResponse>({
  msgType: MsgType.LogonResponse, name: "Logon Response", section: "3.5.2", totalLength: 8,
  rows: [
    [4, "sessionStatus", "Uint8", 1],
    [5, "filler", "Filler", 3]
  ]
})

export const retransmissionRequest = defineMessage<RetransmissionRequest>({
  msgType: MsgType.RetransmissionRequest, name: "Retransmission Request", section: "3.5.3", totalLength: 16,
  rows: [
    [4, "channelId", "Uint16", 2],
    [6, "filler", "Filler", 2],
    [8, "beginSeqNum", "Uint32", 4],
    [12, "endSeqNum", "Uint32", 4]
  ]
})

export const retransmissionResponse = defineMessage<RetransmissionResponse>({
  msgType: MsgType.RetransmissionResponse, name: "Retransmission Response", section: "3.5.4", totalLength: 16,
  rows: [
    [4, "channelId", "Uint16", 2],
    [6, "retransStatus", "Uint8", 1],
    [7, "filler", "Filler", 1],
    [8, "beginSeqNum", "Uint32", 4],
    [12, "endSeqNum", "Uint32", 4]
  ]
})

/**
 * A client of the retransmission service (spec §4.3) for one request: connect over TCP, Logon with a
 * username, one Retransmission Request for the exact range, read the Retransmission Response and the
 * packets that follow (their SeqNums are the real-time ones, their framing may differ), answer the server's
 * heartbeats with an exact copy, close. Every way it cannot serve is an outcome with the reason, never a
 * throw: a connect that does not complete in `connectTimeoutMs` (a blocked port drops the SYN), a refused
 * connection, a Logon Response other than 0, a RetransStatus other than 0, a stream that does not decode,
 * or messages that do not all arrive in `responseTimeoutMs`.
 */
import * as net from "node:net"
import { isOmdDecodeError } from "../errors.ts"
import type { OmdMessage, UnknownMessage } from "../messages.ts"
import { decodePacket } from "../packet-decode.ts"
import { encodeRtsPacket } from "../packet-encode.ts"
import { MAX_PACKET_BYTES } from "../packet-header.ts"
import { PacketFramer } from "../stream-framer.ts"
import type { SeqRange } from "./channel-feed.ts"

export interface RtsTarget {
  readonly host: string
  readonly port: number
}

export interface RtsRequest {
  readonly username: string
  readonly channelId: number
  readonly range: SeqRange
  readonly connectTimeoutMs?: number
  readonly responseTimeoutMs?: number
}

export type RtsOutcome =
  | { readonly ok: true; readonly messages: ReadonlyArray<readonly [number, OmdMessage | UnknownMessage]> }
  | { readonly ok: false; readonly why: string }

export const retransmit = (target: RtsTarget, request: RtsRequest): Promise<RtsOutcome> =>
  new Promise((resolve) => {
    const { range } = request
    const wanted = range.last - range.first + 1
    const messages = new Map<number, OmdMessage | UnknownMessage>()
    const framer = new PacketFramer(MAX_PACKET_BYTES)
    let phase: "connecting" | "logon" | "request" | "messages" = "connecting"
    let settled = false
    const socket = net.connect({ host: target.host, port: target.port })
    const finish = (outcome: RtsOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(connectTimer)
      clearTimeout(responseTimer)
      socket.destroy()
      resolve(outcome)
    }
    const connectTimer = setTimeout(() => finish({ ok: false, why: `connect timeout after ${request.connectTimeoutMs ?? 2000} ms` }), request.connectTimeoutMs ?? 2000)
    let responseTimer: ReturnType<typeof setTimeout> | undefined
    socket.on("connect", () => {
      clearTimeout(connectTimer)
      responseTimer = setTimeout(
        () => finish({ ok: false, why: phase === "messages" ? `timeout: ${messages.size} of ${wanted} messages` : `timeout waiting for the ${phase === "logon" ? "Logon Response" : "Retransmission Response"}` }),
        request.responseTimeoutMs ?? 5000
      )
      phase = "logon"
      socket.write(encodeRtsPacket({ msgType: 101, username: request.username }))
    })
    socket.on("error", (error: NodeJS.ErrnoException) => finish({ ok: false, why: error.code === "ECONNREFUSED" ? "connection refused" : `socket error ${error.code ?? error.message}` }))
    socket.on("close", () => finish({ ok: false, why: phase === "messages" ? `closed after ${messages.size} of ${wanted} messages` : "closed by the server" }))
    socket.on("data", (chunk: Buffer) => {
      const error = framer.push(chunk, (bytes) => {
        if (settled) return
        const packet = decodePacket(bytes, { maxPktSize: MAX_PACKET_BYTES, skipUnknown: true })
        if (isOmdDecodeError(packet)) return finish({ ok: false, why: packet.message })
        const { header } = packet
        if (header.msgCount === 0) {
          socket.write(bytes) // §4.3: a heartbeat response is an exact copy of the heartbeat
          return
        }
        const first = packet.messages[0]!
        if (phase === "logon") {
          if (first.msgType !== 102) return finish({ ok: false, why: `expected a Logon Response, got MsgType ${first.msgType}` })
          if (first.sessionStatus !== 0) return finish({ ok: false, why: `logon rejected (SessionStatus ${first.sessionStatus})` })
          phase = "request"
          socket.write(encodeRtsPacket({ msgType: 201, channelId: request.channelId, beginSeqNum: range.first, endSeqNum: range.last }))
          return
        }
        if (phase === "request") {
          if (first.msgType !== 202) return finish({ ok: false, why: `expected a Retransmission Response, got MsgType ${first.msgType}` })
          if (first.retransStatus !== 0) return finish({ ok: false, why: `request rejected (RetransStatus ${first.retransStatus})` })
          phase = "messages"
          return
        }
        packet.messages.forEach((message, i) => {
          const seq = header.seqNum + i
          if (seq >= range.first && seq <= range.last) messages.set(seq, message)
        })
        if (messages.size === wanted) finish({ ok: true, messages: [...messages.entries()].sort((a, b) => a[0] - b[0]) })
      })
      if (error !== undefined) finish({ ok: false, why: error.message })
    })
  })

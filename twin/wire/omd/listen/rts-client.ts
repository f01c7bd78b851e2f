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
  /**
   * `rejected`: the server answered the request with a RetransStatus other than 0 (`status`); `failed`:
   * anything else (no connection, timeout, logon refused, connection dropped, undecodable stream) — the
   * kind of failure after which spec §4.3 says to use another server.
   */
  | { readonly ok: false; readonly kind: "failed" | "rejected"; readonly why: string; readonly status?: number }

const failed = (why: string): RtsOutcome => ({ ok: false, kind: "failed", why })

/** How the TCP connection is opened (tests pass one whose connect never completes, as a blocked port's). */
export type Connect = (target: RtsTarget) => net.Socket

const tcpConnect: Connect = (target) => net.connect({ host: target.host, port: target.port })

export const retransmit = (target: RtsTarget, request: RtsRequest, connect: Connect = tcpConnect): Promise<RtsOutcome> =>
  new Promise((resolve) => {
    const { range } = request
    const wanted = range.last - range.first + 1
    const messages = new Map<number, OmdMessage | UnknownMessage>()
    const framer = new PacketFramer(MAX_PACKET_BYTES)
    let phase: "connecting" | "logon" | "request" | "messages" = "connecting"
    let settled = false
    const socket = connect(target)
    const finish = (outcome: RtsOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(connectTimer)
      clearTimeout(responseTimer)
      socket.destroy()
      resolve(outcome)
    }
    const connectTimer = setTimeout(() => finish(failed(`connect timeout after ${request.connectTimeoutMs ?? 2000} ms`)), request.connectTimeoutMs ?? 2000)
    let responseTimer: ReturnType<typeof setTimeout> | undefined
    socket.on("connect", () => {
      clearTimeout(connectTimer)
      responseTimer = setTimeout(
        () => finish(failed(phase === "messages" ? `timeout: ${messages.size} of ${wanted} messages` : `timeout waiting for the ${phase === "logon" ? "Logon Response" : "Retransmission Response"}`)),
        request.responseTimeoutMs ?? 5000
      )
      phase = "logon"
      socket.write(encodeRtsPacket({ msgType: 101, username: request.username }))
    })
    socket.on("error", (error: NodeJS.ErrnoException) => finish(failed(error.code === "ECONNREFUSED" ? "connection refused" : `socket error ${error.code ?? error.message}`)))
    socket.on("close", () => finish(failed(phase === "messages" ? `closed after ${messages.size} of ${wanted} messages` : "closed by the server")))
    socket.on("data", (chunk: Buffer) => {
      const error = framer.push(chunk, (bytes) => {
        if (settled) return
        const packet = decodePacket(bytes, { maxPktSize: MAX_PACKET_BYTES, skipUnknown: true })
        if (isOmdDecodeError(packet)) return finish(failed(packet.message))
        const { header } = packet
        if (header.msgCount === 0) {
          socket.write(bytes) // §4.3: a heartbeat response is an exact copy of the heartbeat
          return
        }
        const first = packet.messages[0]!
        if (phase === "logon") {
          if (first.msgType !== 102) return finish(failed(`expected a Logon Response, got MsgType ${first.msgType}`))
          if (first.sessionStatus !== 0) return finish(failed(`logon rejected (SessionStatus ${first.sessionStatus})`))
          phase = "request"
          socket.write(encodeRtsPacket({ msgType: 201, channelId: request.channelId, beginSeqNum: range.first, endSeqNum: range.last }))
          return
        }
        if (phase === "request") {
          if (first.msgType !== 202) return finish(failed(`expected a Retransmission Response, got MsgType ${first.msgType}`))
          if (first.retransStatus !== 0) return finish({ ok: false, kind: "rejected", status: first.retransStatus, why: `request rejected (RetransStatus ${first.retransStatus})` })
          phase = "messages"
          return
        }
        packet.messages.forEach((message, i) => {
          const seq = header.seqNum + i
          if (seq >= range.first && seq <= range.last) messages.set(seq, message)
        })
        if (messages.size === wanted) finish({ ok: true, messages: [...messages.entries()].sort((a, b) => a[0] - b[0]) })
      })
      if (error !== undefined) finish(failed(error.message))
    })
  })

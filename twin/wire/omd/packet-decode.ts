/**
 * Decoding one packet from untrusted bytes (a datagram, or one packet a TCP framer cut out). Never throws:
 * every problem is an `OmdDecodeError` naming where it was found —
 * - fewer than 16 bytes, or fewer than PktSize: `TruncatedPacket` at the offset where the bytes end;
 * - PktSize under 16, over the limit, or shorter than the bytes: `BadPktSize` at 0;
 * - a message whose 4-byte MsgSize/MsgType does not fit, or whose MsgSize runs past PktSize: `TruncatedMessage`
 *   at the message's start;
 * - MsgSize under 4 or not its type's layout: `BadMsgSize` at the message's start;
 * - a MsgType with no layout (unless `skipUnknown`): `UnknownMsgType` at the message's offset + 2;
 * - MsgCount messages read and bytes left, or the bytes end before MsgCount messages: `MsgCountMismatch` at
 *   the offset where the next message would start (or the leftover bytes start).
 */
import { decodeError, type OmdDecodeError } from "./errors.ts"
import { MESSAGE_HEADER_BYTES } from "./message-codec.ts"
import { codecFor, type OmdMessage, type UnknownMessage } from "./messages.ts"
import { MAX_PKT_SIZE, PACKET_HEADER_BYTES, readPacketHeader, type PacketHeader } from "./packet-header.ts"
import { SPEC_MSG_TYPES } from "./msg-type.ts"

export interface DecodedPacket {
  readonly header: PacketHeader
  /** The i-th message has sequence number header.seqNum + i. Empty for a heartbeat. */
  readonly messages: ReadonlyArray<OmdMessage | UnknownMessage>
}

export interface DecodeOptions {
  /** Largest PktSize accepted: MAX_PKT_SIZE (1472) on multicast; up to 1500 on a TCP stream. */
  readonly maxPktSize?: number
  /**
   * Skip messages whose MsgType the spec lists but this codec does not lay out (Liquidity Provider, News …)
   * as `UnknownMessage`s; a MsgType the spec does not list is still an error.
   */
  readonly skipUnknown?: boolean
}

export const decodePacket = (bytes: Uint8Array, options?: DecodeOptions): DecodedPacket | OmdDecodeError => {
  const maxPktSize = options?.maxPktSize ?? MAX_PKT_SIZE
  if (bytes.length < PACKET_HEADER_BYTES)
    return decodeError("TruncatedPacket", bytes.length, "packet header", `${PACKET_HEADER_BYTES} bytes`, `${bytes.length} bytes`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const header = readPacketHeader(view, 0)
  const { pktSize, msgCount } = header
  if (pktSize < PACKET_HEADER_BYTES || pktSize > maxPktSize)
    return decodeError("BadPktSize", 0, "PktSize", `${PACKET_HEADER_BYTES}..${maxPktSize}`, pktSize)
  if (pktSize > bytes.length) return decodeError("TruncatedPacket", bytes.length, "PktSize", `${pktSize} bytes`, `${bytes.length} bytes`)
  if (pktSize < bytes.length) return decodeError("BadPktSize", 0, "PktSize", `${bytes.length} (the bytes received)`, pktSize)
  const messages: Array<OmdMessage | UnknownMessage> = new Array(msgCount)
  let at = PACKET_HEADER_BYTES
  for (let i = 0; i < msgCount; i++) {
    if (at === pktSize) return decodeError("MsgCountMismatch", at, "MsgCount", `${msgCount} messages`, `${i} before the packet ends`)
    if (at + MESSAGE_HEADER_BYTES > pktSize)
      return decodeError("TruncatedMessage", at, "MsgSize", `${MESSAGE_HEADER_BYTES} bytes of MsgSize and MsgType`, `${pktSize - at} bytes`)
    const msgSize = view.getUint16(at, true)
    const msgType = view.getUint16(at + 2, true)
    if (msgSize < MESSAGE_HEADER_BYTES) return decodeError("BadMsgSize", at, "MsgSize", `at least ${MESSAGE_HEADER_BYTES}`, msgSize)
    if (at + msgSize > pktSize)
      return decodeError("TruncatedMessage", at, "MsgSize", `at most ${pktSize - at} (to the end of the packet)`, msgSize)
    const codec = codecFor(msgType)
    if (codec === undefined) {
      if (options?.skipUnknown !== true || !SPEC_MSG_TYPES.has(msgType))
        return decodeError("UnknownMsgType", at + 2, "MsgType", "a MsgType of OMD-C v1.45 §3.2", msgType)
      messages[i] = { msgType: "unknown", wireType: msgType, size: msgSize }
    } else {
      const message = codec.decode(view, bytes, at, msgSize)
      if (message instanceof Error) return message
      messages[i] = message
    }
    at += msgSize
  }
  if (at !== pktSize) return decodeError("MsgCountMismatch", at, "MsgCount", `${msgCount} messages filling PktSize ${pktSize}`, `${pktSize - at} bytes left over`)
  return { header, messages }
}

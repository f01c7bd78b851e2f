/**
 * Cutting a TCP byte stream (the RTS session, spec §4.3) into packets by their PktSize. The stream has no
 * other framing, so a PktSize under 16 or over the limit leaves no way to find the next packet: the framer
 * reports `BadPktSize` at that packet's offset in the stream and stops (the session must be closed).
 * Bytes are buffered up to one packet: a peer cannot make it hold more than `maxPktSize`.
 */
import { decodeError, type OmdDecodeError } from "./errors.ts"
import { MAX_PACKET_BYTES, PACKET_HEADER_BYTES } from "./packet-header.ts"

export class PacketFramer {
  private readonly buffer: Uint8Array
  private filled = 0
  /** Stream offset of buffer[0]. */
  private streamOffset = 0
  private failed: OmdDecodeError | undefined

  readonly maxPktSize: number

  constructor(maxPktSize: number = MAX_PACKET_BYTES) {
    this.maxPktSize = maxPktSize
    this.buffer = new Uint8Array(maxPktSize)
  }

  /** The error that stopped the framer, if one did. */
  get error(): OmdDecodeError | undefined {
    return this.failed
  }

  /**
   * Feeds `chunk`; calls `onPacket` with each whole packet (a copy, the caller may keep it). Returns the
   * error that stops the stream, if this chunk brought one.
   */
  push(chunk: Uint8Array, onPacket: (packet: Uint8Array) => void): OmdDecodeError | undefined {
    if (this.failed !== undefined) return this.failed
    let from = 0
    while (from < chunk.length) {
      const take = Math.min(chunk.length - from, (this.filled < 2 ? 2 : this.expected()) - this.filled)
      this.buffer.set(chunk.subarray(from, from + take), this.filled)
      this.filled += take
      from += take
      if (this.filled < 2) continue
      const pktSize = this.expected()
      if (pktSize < PACKET_HEADER_BYTES || pktSize > this.maxPktSize) {
        this.failed = decodeError("BadPktSize", this.streamOffset, "PktSize", `${PACKET_HEADER_BYTES}..${this.maxPktSize}`, pktSize)
        return this.failed
      }
      if (this.filled === pktSize) {
        onPacket(this.buffer.slice(0, pktSize))
        this.streamOffset += pktSize
        this.filled = 0
      }
    }
    return undefined
  }

  private expected(): number {
    return this.buffer[0]! | (this.buffer[1]! << 8)
  }
}

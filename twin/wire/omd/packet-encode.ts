/**
 * Building packets (spec §3.2): a 16-byte header, then whole messages back to back, never a message split
 * across packets; at most MAX_PKT_SIZE bytes (1500 less IPv4 and UDP headers, see packet-header.ts) and 255
 * messages (MsgCount is a Uint8). `PacketBuilder` reuses one preallocated buffer: `start`, `add` until it
 * says no, `finish` (a copy the caller may keep, e.g. while a socket sends it) — the hot path of a publisher.
 * Heartbeats (§3.4.1) are packets with MsgCount 0 whose SeqNum is the channel's previous message's.
 */
import { encodeMessageAt, messageSize, type OmdMessage } from "./messages.ts"
import { MAX_MSG_COUNT, MAX_PKT_SIZE, PACKET_HEADER_BYTES, writePacketHeader } from "./packet-header.ts"

export class PacketBuilder {
  readonly capacity: number
  private readonly bytes: Uint8Array
  private readonly view: DataView
  private length = PACKET_HEADER_BYTES
  private count = 0
  private seqNum = 0
  private sendTime = 0n

  /** `capacity`: largest PktSize (default MAX_PKT_SIZE, 1472). */
  constructor(capacity: number = MAX_PKT_SIZE) {
    this.capacity = capacity
    this.bytes = new Uint8Array(capacity)
    this.view = new DataView(this.bytes.buffer)
  }

  /** Begins a packet whose first message will have `seqNum`. */
  start(seqNum: number, sendTime: bigint): void {
    this.length = PACKET_HEADER_BYTES
    this.count = 0
    this.seqNum = seqNum
    this.sendTime = sendTime
  }

  get messageCount(): number {
    return this.count
  }

  /** PktSize of the packet so far. */
  get size(): number {
    return this.length
  }

  /** SeqNum the next packet starts at (this packet's SeqNum + its messages). */
  get nextSeqNum(): number {
    return this.seqNum + this.count
  }

  /**
   * Appends `message` if it fits; false when the packet is full (finish it and start the next). A message
   * that could not fit even an empty packet is a bug of the caller: RangeError.
   */
  add(message: OmdMessage): boolean {
    const size = messageSize(message)
    if (PACKET_HEADER_BYTES + size > this.capacity)
      throw new RangeError(`OMD-C message ${message.msgType} of ${size} bytes cannot fit a packet of ${this.capacity}`)
    if (this.count === MAX_MSG_COUNT || this.length + size > this.capacity) return false
    encodeMessageAt(this.view, this.bytes, this.length, message)
    this.length += size
    this.count++
    return true
  }

  /** The packet's bytes (a copy: the builder's buffer is reused by the next `start`). */
  finish(): Uint8Array {
    writePacketHeader(this.view, 0, { pktSize: this.length, msgCount: this.count, seqNum: this.seqNum, sendTime: this.sendTime })
    return this.bytes.slice(0, this.length)
  }

  /** Like `finish` but a view of the builder's buffer, valid until the next `start` (no copy: benches, sync writes). */
  finishView(): Uint8Array {
    writePacketHeader(this.view, 0, { pktSize: this.length, msgCount: this.count, seqNum: this.seqNum, sendTime: this.sendTime })
    return this.bytes.subarray(0, this.length)
  }
}

/**
 * Where each packet starts when `count` messages of sizes `sizeOf(i)` are packed greedily as PacketBuilder
 * packs them (`add` until it refuses): the message indices, ascending, from 0, then `count` (so packet `j`
 * holds `starts[j] … starts[j + 1] − 1`). Sizes only: a layout of packets not yet encoded (the rig's
 * snapshots, encoded when due). RangeError for a message no packet can hold, as `add` throws.
 */
export const packetStarts = (count: number, sizeOf: (i: number) => number, capacity: number = MAX_PKT_SIZE): Int32Array => {
  const starts: Array<number> = []
  let length = PACKET_HEADER_BYTES
  let inPacket = 0
  for (let i = 0; i < count; i++) {
    const size = sizeOf(i)
    if (PACKET_HEADER_BYTES + size > capacity) throw new RangeError(`OMD-C message of ${size} bytes cannot fit a packet of ${capacity}`)
    if (i === 0 || inPacket === MAX_MSG_COUNT || length + size > capacity) {
      starts.push(i)
      length = PACKET_HEADER_BYTES
      inPacket = 0
    }
    length += size
    inPacket++
  }
  starts.push(count)
  return Int32Array.from(starts)
}

/** One packet holding all of `messages` (RangeError if they do not fit one packet of `capacity`). */
export const encodePacket = (seqNum: number, sendTime: bigint, messages: ReadonlyArray<OmdMessage>, capacity: number = MAX_PKT_SIZE): Uint8Array => {
  const builder = new PacketBuilder(capacity)
  builder.start(seqNum, sendTime)
  for (const message of messages)
    if (!builder.add(message)) throw new RangeError(`OMD-C: ${messages.length} messages do not fit one packet of ${capacity} bytes`)
  return builder.finish()
}

/** §3.4.1: a heartbeat is a header with MsgCount 0; SeqNum is the previous message's sequence number. */
export const encodeHeartbeat = (seqNum: number, sendTime: bigint): Uint8Array => encodePacket(seqNum, sendTime, [])

export interface PackedPacket {
  readonly seqNum: number
  readonly msgCount: number
  readonly bytes: Uint8Array
}

/**
 * `messages` numbered from `firstSeqNum`, packed greedily into as few packets as the limits allow (each
 * packet as full as the next message lets it be), all stamped `sendTime`.
 */
export const packMessages = (firstSeqNum: number, sendTime: bigint, messages: ReadonlyArray<OmdMessage>, capacity: number = MAX_PKT_SIZE): Array<PackedPacket> => {
  const builder = new PacketBuilder(capacity)
  const packets: Array<PackedPacket> = []
  builder.start(firstSeqNum, sendTime)
  let seqNum = firstSeqNum
  for (const message of messages) {
    if (!builder.add(message)) {
      packets.push({ seqNum, msgCount: builder.messageCount, bytes: builder.finish() })
      seqNum = builder.nextSeqNum
      builder.start(seqNum, sendTime)
      builder.add(message)
    }
  }
  if (builder.messageCount > 0) packets.push({ seqNum, msgCount: builder.messageCount, bytes: builder.finish() })
  return packets
}

/**
 * §3.5: Logon, Retransmission Request (client) and Logon Response, Retransmission Response (server) travel
 * on the RTS TCP session each in its own packet: MsgCount 1, SeqNum 0, SendTime 0 ("not used").
 */
export const encodeRtsPacket = (message: OmdMessage): Uint8Array => encodePacket(0, 0n, [message])

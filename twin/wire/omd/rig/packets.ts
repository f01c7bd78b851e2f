/**
 * The wire packets for what the twin says a receiver got: numbers of a channel turned into OMD-C packets
 * with the content of channel-content.ts, composed as the model composes them — a block of numbers
 * `first..last` is cut into the model's packets of `perPacket` numbers from `first` (stream.ts
 * `messagesPerPacket`, the unit the network loses), the numbers lost on the way are left out, and each
 * model packet becomes one wire packet, or several when its messages do not fit 1,472 bytes (reference
 * data: a Security Definition is far larger than the channel's mean message). So the numbers that reach a
 * receiver are exactly the twin's, and no packet passes the spec's 1,500 bytes with IP and UDP headers.
 *
 * Packets are the same for every participant and line given the same SendTime, so they are cached (the
 * last `CACHE_ENTRIES` blocks): a cohort of watched participants costs one encoding.
 */
import type { Micros } from "../../../engine/time.ts"
import { ChannelContent, type SnapshotContent, TRADING_DAY_MIDNIGHT_MS } from "../content/channel-content.ts"
import { type OmdMessage, PacketBuilder, packetStarts, readPacketHeader, writePacketHeader } from "../index.ts"

const CACHE_ENTRIES = 8_192

/** SendTime (ns since the epoch, to the millisecond as the spec says) of the model's `t` µs of the day. */
export const sendTimeOf = (t: Micros): bigint => (BigInt(TRADING_DAY_MIDNIGHT_MS) + BigInt(Math.floor(t / 1_000))) * 1_000_000n

/** Packets to send, by index: encoded already or when first asked for (a lazy snapshot). */
export interface PacketList {
  readonly count: number
  /** Messages in all its packets. */
  readonly messages: number
  readonly packet: (j: number) => Uint8Array
  /**
   * A list some packets were left out of (`withoutLost`): packet `j`'s place among the `slots` of the whole,
   * so a paced line sends it when the whole's packet would have gone — the time its SendTime says.
   */
  readonly slotOf?: (j: number) => number
  readonly slots?: number
}

/** Packets laid out before they are encoded: each one's first number and message count are known. */
export interface LaidOutPackets extends PacketList {
  readonly firstSeq: (j: number) => number
  readonly msgCount: (j: number) => number
}

/** `packets` less those holding one of the `lost` numbers (the network loses whole packets); as is when none. */
export const withoutLost = (packets: LaidOutPackets, lost: ReadonlySet<number>): PacketList => {
  if (lost.size === 0) return packets
  const kept: Array<number> = []
  let messages = 0
  for (let j = 0; j < packets.count; j++) {
    const first = packets.firstSeq(j)
    const n = packets.msgCount(j)
    let holds = false
    for (let s = first; s < first + n && !holds; s++) holds = lost.has(s)
    if (holds) continue
    kept.push(j)
    messages += n
  }
  return { count: kept.length, messages, packet: (k) => packets.packet(kept[k]!), slotOf: (k) => kept[k]!, slots: packets.count }
}

/** A list of packets already encoded. */
export const packetListOf = (packets: ReadonlyArray<Uint8Array>): PacketList => {
  let messages = 0
  // MsgCount is byte 2 of the header (packet-header.ts).
  for (const p of packets) messages += p[2]!
  return { count: packets.length, messages, packet: (j) => packets[j]! }
}

export class PacketComposer {
  private readonly builder = new PacketBuilder()
  private readonly cache = new Map<string, ReadonlyArray<Uint8Array>>()

  /** Packs `count` messages (message(i) for i in 0..count-1) numbered from `firstSeq`, splitting by size. */
  pack(firstSeq: number, count: number, sendTime: bigint, message: (i: number) => OmdMessage): Array<Uint8Array> {
    const out: Array<Uint8Array> = []
    const b = this.builder
    b.start(firstSeq, sendTime)
    for (let i = 0; i < count; i++) {
      const m = message(i)
      if (!b.add(m)) {
        out.push(b.finish())
        b.start(firstSeq + i, sendTime)
        b.add(m)
      }
    }
    if (b.messageCount > 0) out.push(b.finish())
    return out
  }

  /**
   * The packets `pack` would make of a snapshot of `count` messages numbered from `firstSeq` (`content`:
   * ChannelContent.snapshotAt), laid out now from the messages' sizes and each encoded when first asked for
   * (then kept: every line and participant sending the snapshot shares it) — byte for byte `pack`'s, but
   * packet `j` of `packets` stamped `sendTime(j, packets)`: a snapshot leaves over its cycle, not at once.
   */
  snapshot(firstSeq: number, count: number, sendTime: (j: number, packets: number) => bigint, content: SnapshotContent): LaidOutPackets {
    const starts = this.layout(count, content)
    const packets = starts.length - 1
    const encoded = new Array<Uint8Array | undefined>(packets)
    // Packets of the day's reference data only are the same in every cycle but for SeqNum and SendTime
    // (a packing from index 0 lays them out alike whatever follows): encoded once a day, then copied and
    // stamped — they are ~10,000 of a snapshot's ~10,400, and their Security Definitions the costliest to encode.
    const same = this.sameOf(content)
    const encode = (j: number): Uint8Array => {
      if (starts[j + 1]! <= content.sameBefore) {
        const kept = same[j]
        if (kept !== undefined) return stamped(kept, firstSeq + starts[j]!, sendTime(j, packets))
      }
      const b = this.builder
      b.start(firstSeq + starts[j]!, sendTime(j, packets))
      for (let i = starts[j]!; i < starts[j + 1]!; i++) {
        if (!b.add(content.message(i))) throw new RangeError(`snapshot packet ${j}: message ${i} does not fit where packetStarts laid it`)
      }
      const packet = b.finish()
      if (starts[j + 1]! <= content.sameBefore) same[j] = packet
      return packet
    }
    return {
      count: packets,
      messages: count,
      packet: (j) => (encoded[j] ??= encode(j)),
      firstSeq: (j) => firstSeq + starts[j]!,
      msgCount: (j) => starts[j + 1]! - starts[j]!
    }
  }

  /**
   * Where a snapshot's packets start (packetStarts over its sizes), kept by length and `sizesKey`: the
   * layout of the day's snapshots seldom changes (30,000 sizes each, four snapshots a refresh cycle of the
   * default estate, every 30 ms at ×1000).
   */
  private layout(count: number, content: SnapshotContent): Int32Array {
    const key = `${count}|${content.sizesKey}`
    const hit = this.layouts.get(key)
    if (hit !== undefined) return hit
    const starts = packetStarts(count, content.size)
    if (this.layouts.size >= 8) this.layouts.delete(this.layouts.keys().next().value!)
    this.layouts.set(key, starts)
    return starts
  }

  private readonly layouts = new Map<string, Int32Array>()

  /** Per channel (`sameKey`): its reference-data packets by index in the snapshot, as first encoded. */
  private readonly samePackets = new Map<string, Array<Uint8Array | undefined>>()

  private sameOf(content: SnapshotContent): Array<Uint8Array | undefined> {
    let same = this.samePackets.get(content.sameKey)
    if (same === undefined) this.samePackets.set(content.sameKey, (same = []))
    return same
  }

  /** The packets for numbers `from..to` of `content` (one model packet's run), cached. */
  run(content: ChannelContent, from: number, to: number, sendTime: bigint): ReadonlyArray<Uint8Array> {
    const key = `${content.channel}|${from}|${to}|${sendTime}`
    const hit = this.cache.get(key)
    if (hit !== undefined) return hit
    const packets = this.pack(from, to - from + 1, sendTime, (i) => content.messageAt(from + i))
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!)
    this.cache.set(key, packets)
    return packets
  }

  /**
   * The packets of block `first..last` (model packets of `perPacket` from `first`) less the `lost`
   * numbers (sorted), in order.
   */
  block(content: ChannelContent, first: number, last: number, perPacket: number, lost: ReadonlyArray<number>, sendTime: bigint): Array<Uint8Array> {
    return runsOf(first, last, perPacket, lost).flatMap(([from, to]) => this.run(content, from, to, sendTime))
  }
}

/** The runs of a block by index (`runsOf`'s): run `j` is numbers `from(j) … to(j)`. */
export interface Runs {
  readonly count: number
  /** Numbers in all the runs. */
  readonly messages: number
  readonly from: (j: number) => number
  readonly to: (j: number) => number
}

/**
 * `runsOf(first, last, perPacket, lost)` as `Runs`, computed rather than listed when nothing was lost (the
 * common case: a slice of a busy channel is hundreds of model packets a second per line, and at ×1000
 * nearly all of them are shed unsent).
 */
export const blockRuns = (first: number, last: number, perPacket: number, lost: ReadonlyArray<number>): Runs => {
  if (lost.length === 0) {
    const count = last >= first ? Math.ceil((last - first + 1) / perPacket) : 0
    return { count, messages: Math.max(0, last - first + 1), from: (j) => first + j * perPacket, to: (j) => Math.min(last, first + (j + 1) * perPacket - 1) }
  }
  const runs = runsOf(first, last, perPacket, lost)
  let messages = 0
  for (const [from, to] of runs) messages += to - from + 1
  return { count: runs.length, messages, from: (j) => runs[j]![0], to: (j) => runs[j]![1] }
}

/**
 * The runs of numbers of block `first..last` that reached the receiver: each model packet (`perPacket`
 * numbers from `first`) less the `lost` numbers (sorted) — the network loses whole packets, so normally a
 * model packet is one run or none. Cheap: encoding waits until a run is due (feed.ts).
 */
export const runsOf = (first: number, last: number, perPacket: number, lost: ReadonlyArray<number>): Array<readonly [number, number]> => {
  const out: Array<readonly [number, number]> = []
  let l = 0
  for (let a = first; a <= last; a += perPacket) {
    const b = Math.min(last, a + perPacket - 1)
    while (l < lost.length && lost[l]! < a) l++
    if (l >= lost.length || lost[l]! > b) {
      out.push([a, b])
      continue
    }
    let runStart = a
    for (let s = a; s <= b; s++) {
      while (l < lost.length && lost[l]! < s) l++
      if (l < lost.length && lost[l] === s) {
        if (runStart < s) out.push([runStart, s - 1])
        runStart = s + 1
      }
    }
    if (runStart <= b) out.push([runStart, b])
  }
  return out
}

/** A copy of `packet` with its header's SeqNum and SendTime set, by the codec's header reader and writer. */
const stamped = (packet: Uint8Array, seqNum: number, sendTime: bigint): Uint8Array => {
  const copy = packet.slice()
  const view = new DataView(copy.buffer)
  writePacketHeader(view, 0, { ...readPacketHeader(view, 0), seqNum, sendTime })
  return copy
}

/**
 * Each watched participant's OMD-C feed as the twin says it arrives: the tap (twin/simulate/taps.ts) hands
 * over every OMD message reaching a participant's feed handler — which numbers of which channel came on
 * line A and on line B and when, with the numbers lost on the way — and this turns each into the packets
 * that participant's line gets (packets.ts), due at the wall time of the arrival (send-queue.ts).
 *
 * What reaches the wire, per watched participant, line and channel, is therefore exactly the twin's:
 * numbers lost on the way are not sent; a both-lines loss is a real gap on both groups; a line whose path
 * does not forward multicast gets nothing (the twin delivers nothing); a DR failover shows as the packets
 * coming from another publisher (another source socket: the backup site's node) and the DR Signal on the
 * participant's DR channel groups. Heartbeats, the Sequence Reset, Trading Session Statuses and DR Signals
 * are the twin's individual messages; the refresh lines carry the snapshots and Refresh Complete. A
 * snapshot goes out paced over its cycle (`snapshotSpread`), as a real refresh service sends, and its Refresh
 * Complete right after its last packet — not the model's 1 s later: a snapshot of the default estate is
 * 10,357 packets (11.6 MB: the universe's Security Definitions), and four of them (SS and SP, refresh A and
 * B) in 0.9 s were 46,000 packets/s per watched participant, more than the rig sends or a listener reads at 1×.
 *
 * The content of a number comes from channel-content.ts, fed from the trace: `omd.session-status` and
 * `omd.dr-signal` say which numbers are those messages, `omd.refresh.cycle` a snapshot's LastSeqNum,
 * `omd.publisher` start-of-day when the day began.
 *
 * Refresh numbering [U]: the refresh model numbers its line `snapshotMessages` per snapshot and one per
 * Refresh Complete, so snapshot `cycle` of n messages starts at (cycle − 1)(n + 1) + 1 (a refresh publisher
 * that crashed mid-cycle would shift this; the twin's DR take-over keeps its numbering).
 */
import type { EstateModel } from "../../../../topology/model.ts"
import type { TraceEvent } from "../../../engine/trace.ts"
import { millis, type Micros } from "../../../engine/time.ts"
import { meanMessageBytesOf, realTimeLastSeq } from "../../../models/omd/index.ts"
import { messagesPerPacket } from "../../../models/omd/stream.ts"
import type { OmdArrival } from "../../../simulate/taps.ts"
import type { SessionChange } from "../../../models/trading-day.ts"
import type { RigListing } from "../../../rig/rig-endpoint.ts"
import { ChannelContent } from "../content/channel-content.ts"
import { encodeHeartbeat, encodePacket } from "../index.ts"
import { type AddressBase, type LineRole, lineAddress, OMD_GROUPS, type OmdGroup } from "./address-plan.ts"
import { blockRuns, type LaidOutPackets, PacketComposer, type PacketList, packetListOf, type Runs, sendTimeOf, withoutLost } from "./packets.ts"
import { everyGroupJoined, type GroupJoined } from "./group-members.ts"
import type { SendQueue } from "./send-queue.ts"

/**
 * [U] A slice's packets go out evenly over this long from the slice's arrival (the publisher model's 1 s
 * slice: it sends a slice's messages at its end, the real publisher all through it), so the wire carries
 * the model's rate rather than a burst a second; a line never sends a packet before the one queued ahead.
 */
export const SLICE_SPREAD: Micros = millis(1_000)
/**
 * [U] A snapshot's packets go out evenly over its refresh cycle less this much, so its Refresh Complete (sent
 * after its last packet) precedes the next cycle's snapshot by about this.
 */
export const SNAPSHOT_MARGIN: Micros = millis(1_000)
/** [U] The shortest spread of a snapshot (a refresh cycle shorter than 1.9 s). */
export const SNAPSHOT_MIN_SPREAD: Micros = millis(900)
/** The refresh model's default period (index.ts refreshPublisherNode), until two cycles of a line say. */
export const DEFAULT_REFRESH_PERIOD: Micros = millis(30_000)
/** How long a snapshot's packets are spread over, for a refresh cycle of `period`. */
export const snapshotSpread = (period: Micros): Micros => Math.max(SNAPSHOT_MIN_SPREAD, period - SNAPSHOT_MARGIN)
/** When packet `j` of `n` spread evenly over `spread` goes, after the first: the pacing and the SendTime both. */
export const spreadOffset = (j: number, n: number, spread: Micros): Micros => Math.floor((j * spread) / n)
/** The refresh model's default snapshot size (index.ts refreshPublisherNode), until a snapshot says. */
const DEFAULT_SNAPSHOT_MESSAGES = 30_000

export interface LineTarget {
  readonly participant: string
  readonly group: OmdGroup
  readonly role: LineRole
  readonly address: string
  readonly port: number
}

/** Sends `packet` to `target` from the socket of publisher node `node`. */
export type PacketSink = (node: string, target: LineTarget, packet: Uint8Array) => void

export interface FeedCounters {
  /** Packets and messages queued per `participant|group|role`. */
  /** (model packets for slices: a run may become more than one wire packet) */
  readonly packets: Map<string, number>
  readonly messages: Map<string, number>
}

const groupOfChannel = (channel: string): OmdGroup | undefined => {
  if (!channel.startsWith("omdc/")) return undefined
  const g = channel.slice("omdc/".length)
  return (OMD_GROUPS as ReadonlyArray<string>).includes(g) ? (g as OmdGroup) : undefined
}

export class OmdFeed {
  readonly contents = new Map<OmdGroup, ChannelContent>()
  readonly counters: FeedCounters = { packets: new Map(), messages: new Map() }
  private readonly targets = new Map<string, LineTarget>()
  private readonly watched: ReadonlySet<string>
  private readonly pending: Array<OmdArrival> = []
  private readonly composer = new PacketComposer()
  private readonly lastSeqNums = new Map<string, { readonly lastSeqNum: number; readonly t: Micros }>()
  private readonly publisherOf = new Map<string, string>()
  /** The last snapshots laid out (their packets, encoded as they go), by channel, cycle, size, LastSeqNum and time. */
  private readonly snapshots = new Map<string, LaidOutPackets>()
  /** DR channel multicasts already queued, per participant and line (see `out`). */
  private readonly drSeen = new Set<string>()
  /** Per `participant|group|role`: the instant its last queued packet goes (a line keeps its order). */
  private readonly lineFree = new Map<string, Micros>()
  /** Per `group|line`: the last snapshot's cycle and its last packet's send instant (its SendTime). */
  private readonly snapshotEnds = new Map<string, { readonly cycle: number; readonly t: Micros }>()
  /** Messages per snapshot, per channel, as the refresh model last sent (its Refresh Complete's number). */
  private readonly snapshotSizes = new Map<OmdGroup, number>()
  /** Per `group|line`: the trace instant of its last `omd.refresh.cycle` and the period between the last two. */
  private readonly cycles = new Map<string, { readonly t: Micros; readonly period: Micros | undefined }>()
  private readonly queue: SendQueue
  private readonly sink: PacketSink
  private readonly log: (line: string) => void
  private readonly joined: GroupJoined

  constructor(options: {
    readonly model: EstateModel
    readonly seed: number
    /** The trading day whose phases the channels' rates follow (default a full day). */
    readonly day?: ReadonlyArray<SessionChange>
    readonly watched: ReadonlyArray<string>
    readonly base: AddressBase
    readonly queue: SendQueue
    readonly sink: PacketSink
    readonly log: (line: string) => void
    /** Whether a line's group is joined now: only then is it sent (group-members.ts; default: always). */
    readonly joined?: GroupJoined
  }) {
    this.queue = options.queue
    this.sink = options.sink
    this.log = options.log
    this.joined = options.joined ?? everyGroupJoined
    for (const g of OMD_GROUPS) this.contents.set(g, new ChannelContent(options.seed, `omdc/${g}`, g, options.day))
    const taking: Array<string> = []
    options.watched.forEach((p, w) => {
      const groups = options.model.participantById.get(p)?.omdC ?? []
      if (groups.length === 0) return
      taking.push(p)
      for (const g of [...groups, "DR" as const]) {
        const roles: ReadonlyArray<LineRole> = g === "DR" ? ["line-A", "line-B"] : ["line-A", "line-B", "refresh-A", "refresh-B"]
        for (const role of roles) this.targets.set(`${p}|${g}|${role}`, { participant: p, group: g, role, ...lineAddress(options.base, w, g, role) })
      }
    })
    this.watched = new Set(taking)
  }

  private readonly highestSeq = new Map<OmdGroup, number>()

  /** The highest number of `group` the twin published that the rig has learnt of (trace, arrivals). */
  highest(group: OmdGroup): number {
    return this.highestSeq.get(group) ?? 0
  }

  private published(group: OmdGroup, seq: number): void {
    if (seq > (this.highestSeq.get(group) ?? 0)) this.highestSeq.set(group, seq)
  }

  /** Packets for a retransmission of `from..to` of `group` (framing of its own, spec §4.3), SendTime `t`. */
  retransmission(group: OmdGroup, from: number, to: number, t: Micros): Array<Uint8Array> {
    const content = this.contents.get(group)!
    return this.composer.pack(from, to - from + 1, sendTimeOf(t), (i) => content.messageAt(from + i))
  }

  /** The participants with an OMD-C feed among the watched. */
  get participants(): ReadonlyArray<string> {
    return [...this.watched]
  }

  /** The lines, each with what the rig shed of it so far (`shed`, when some: the wire lacks them, the trace does not). */
  listing(): ReadonlyArray<RigListing> {
    return [...this.targets.values()].map((t) => {
      const shed = this.queue.shedOf(`${t.participant}|${t.group}|${t.role}`)
      return {
        service: "omd-c",
        name: `${t.participant} ${t.role} ${t.group}`,
        participant: t.participant,
        transport: "udp-multicast" as const,
        address: t.address,
        port: t.port,
        role: t.role,
        channel: t.group,
        ...(shed > 0 ? { shed } : {})
      }
    })
  }

  target(participant: string, group: OmdGroup, role: LineRole): LineTarget | undefined {
    return this.targets.get(`${participant}|${group}|${role}`)
  }

  /** The tap: keeps arrivals at watched participants until the step is over (`advanced`). */
  readonly tap = (arrival: OmdArrival): void => {
    for (const p of arrival.participants) {
      if (this.watched.has(p)) {
        this.pending.push(arrival)
        return
      }
    }
  }

  /** After a step of the world: the trace's facts first, then the arrivals, queued at their instants. */
  advanced(fresh: ReadonlyArray<TraceEvent>): void {
    for (const e of fresh) this.learn(e)
    const arrivals = this.pending.splice(0)
    for (const a of arrivals) this.arrive(a)
    // Sent after the step (between the live hub's ticks), not inside it: send-queue.ts TURN_MS.
    this.queue.drainSoon()
  }

  private learn(e: TraceEvent): void {
    const d = e.data as Record<string, unknown>
    const group = typeof d.channel === "string" ? groupOfChannel(d.channel) : undefined
    if (group === undefined) return
    const content = this.contents.get(group)!
    switch (e.kind) {
      case "omd.session-status":
        content.session(Number(d.seq), e.t, Number(d.subId), Number(d.status))
        this.published(group, Number(d.seq))
        return
      case "omd.dr-signal":
        content.drSignal(Number(d.seq), Number(d.drStatus) === 2 ? 2 : 1)
        this.published(group, Number(d.seq))
        return
      case "omd.refresh.cycle":
      {
        this.lastSeqNums.set(`${group}|${String(d.line)}|${Number(d.cycle)}`, { lastSeqNum: Number(d.lastSeqNum), t: e.t })
        const key = `${group}|${String(d.line)}`
        const before = this.cycles.get(key)
        this.cycles.set(key, { t: e.t, period: before !== undefined && e.t > before.t ? e.t - before.t : before?.period })
        return
      }
      case "omd.publisher":
        if (d.state === "start-of-day") content.startedAt(e.t)
        return
    }
  }

  private arrive(a: OmdArrival): void {
    const m = a.message
    if (!("channel" in m) || !("line" in m)) return
    const group = groupOfChannel(m.channel)
    if (group === undefined) return
    const content = this.contents.get(group)!
    const node = a.from.slice(0, a.from.indexOf("/"))
    const realTime: LineRole = m.line === "A" ? "line-A" : "line-B"
    const refresh: LineRole = m.line === "A" ? "refresh-A" : "refresh-B"
    const perPacket = messagesPerPacket(meanMessageBytesOf(group))
    if (m._tag === "sequence-reset") this.highestSeq.set(group, 0)
    const last = realTimeLastSeq(m)
    if (last !== undefined) this.published(group, last)
    switch (m._tag) {
      case "slice":
        this.switchCheck(group, m.line, a.from)
        return this.outRuns(a, node, group, realTime, content, blockRuns(m.first, m.last, perPacket, a.lost), sendTimeOf(m.sendTime), a.at)
      case "heartbeat":
        this.switchCheck(group, m.line, a.from)
        return this.out(a, node, group, realTime, packetListOf([encodeHeartbeat(m.seq, sendTimeOf(m.sendTime))]), a.at)
      case "sequence-reset":
        // The day's start for the content's times is the trace's (`omd.publisher` start-of-day, the
        // publication instant), the same whoever's arrival this is.
        return this.out(a, node, group, realTime, packetListOf([encodePacket(1, sendTimeOf(m.sendTime), [{ msgType: 100, newSeqNo: 1 }])]), a.at)
      case "session-status":
        content.session(m.seq, m.sendTime, m.subId, m.status)
        if (a.lost.includes(m.seq)) return
        return this.out(a, node, group, realTime, packetListOf(this.composer.block(content, m.seq, m.seq, 1, [], sendTimeOf(m.sendTime))), a.at)
      case "dr-signal":
        content.drSignal(m.seq, m.drStatus)
        if (a.lost.includes(m.seq)) return
        return this.out(a, node, group, realTime, packetListOf(this.composer.block(content, m.seq, m.seq, 1, [], sendTimeOf(m.sendTime))), a.at)
      case "snapshot": {
        this.snapshotSizes.set(group, m.messages)
        const known = this.lastSeqNums.get(`${group}|${m.line}|${m.cycle}`)
        if (known === undefined) return
        const first = (m.cycle - 1) * (m.messages + 1) + 1
        const spread = snapshotSpread(this.cycles.get(`${group}|${m.line}`)?.period ?? DEFAULT_REFRESH_PERIOD)
        // One layout per snapshot, whatever the number of watched participants and lines; its packets are
        // encoded when first due (packets.ts `snapshot`), so a snapshot shed for lateness costs no encoding.
        // Packet j's SendTime is when the publisher sends it: the cycle's start (the trace's instant) plus
        // its place in the pacing below — the same offset the line sends it at after the arrival.
        const key = `${group}|${m.cycle}|${m.messages}|${known.lastSeqNum}|${known.t}|${spread}`
        let packets = this.snapshots.get(key)
        if (packets === undefined) {
          packets = this.composer.snapshot(first, m.messages, (j, n) => sendTimeOf(known.t + spreadOffset(j, n, spread)), content.snapshotAt(known.lastSeqNum))
          if (this.snapshots.size >= 8) this.snapshots.delete(this.snapshots.keys().next().value!)
          this.snapshots.set(key, packets)
        }
        this.snapshotEnds.set(`${group}|${m.line}`, { cycle: m.cycle, t: known.t + spreadOffset(packets.count - 1, packets.count, spread) })
        // Lost numbers drop the packets holding them (the model loses packets of `perPacket` from `first`).
        return this.out(a, node, group, refresh, withoutLost(packets, new Set(a.lost)), a.at, spread, true)
      }
      case "refresh-complete": {
        const seq = refreshCompleteSeq(this.snapshotSizes.get(group) ?? DEFAULT_SNAPSHOT_MESSAGES, m.cycle)
        if (a.lost.length > 0) return
        // The line sends it right after the snapshot's last packet (`out` keeps a line's order), so it is
        // never stamped before that packet.
        const end = this.snapshotEnds.get(`${group}|${m.line}`)
        const t = end !== undefined && end.cycle === m.cycle ? Math.max(a.at, end.t) : a.at
        return this.out(a, node, group, refresh, packetListOf([encodePacket(seq, sendTimeOf(t), [{ msgType: 203, lastSeqNum: m.lastSeqNum }])]), a.at)
      }
    }
  }

  private switchCheck(group: OmdGroup, line: string, from: string): void {
    const key = `${group}|${line}`
    const before = this.publisherOf.get(key)
    if (before === from) return
    this.publisherOf.set(key, from)
    if (before !== undefined) this.log(`omd-c: ${group} line ${line}: publisher ${before} → ${from} (DR take-over)`)
  }

  /**
   * Queues the runs of a slice (packets.ts `blockRuns`) for each watched participant of `a`, spread evenly over
   * SLICE_SPREAD from `at`, in line order, as one series (send-queue.ts); a run is encoded when it is due
   * (once for every line and participant: the composer's cache), so a run shed for lateness costs nothing.
   */
  private outRuns(a: OmdArrival, node: string, group: OmdGroup, role: LineRole, content: ChannelContent, runs: Runs, sendTime: bigint, at: Micros): void {
    const n = runs.count
    if (n === 0) return
    const send = (target: LineTarget) => (j: number): number => {
      const packets = this.composer.run(content, runs.from(j), runs.to(j), sendTime)
      for (const packet of packets) this.sink(node, target, packet)
      return packets.length
    }
    for (const p of a.participants) {
      if (!this.watched.has(p)) continue
      const key = `${p}|${group}|${role}`
      const target = this.targets.get(key)
      if (target === undefined || !this.joined(target.address)) continue
      this.counters.packets.set(key, (this.counters.packets.get(key) ?? 0) + n)
      this.counters.messages.set(key, (this.counters.messages.get(key) ?? 0) + runs.messages)
      const atOf = spreadFrom(Math.max(at, this.lineFree.get(key) ?? at), at, SLICE_SPREAD, n)
      this.queue.pushSeries({ count: n, atOf, send: send(target), key })
      this.lineFree.set(key, atOf(n - 1))
    }
  }

  /**
   * Queues `packets` for each watched participant of `a`, spread evenly over `spread` from `at`, in line
   * order; `whole`: useful only whole (a snapshot: once late, shed to its end, send-queue.ts).
   */
  private out(a: OmdArrival, node: string, group: OmdGroup, role: LineRole, packets: PacketList, at: Micros, spread: Micros = 0, whole = false): void {
    const n = packets.count
    if (n === 0) return
    // The DR channel reaches each of a participant's feed handlers (one per channel group it takes): its
    // one DR group on the wire gets each multicast once (the publisher's SendTime tells them apart).
    const m = a.message
    const once = group === "DR" && "sendTime" in m ? `${m._tag}|${"seq" in m ? m.seq : 0}|${m.sendTime}` : undefined
    for (const p of a.participants) {
      if (!this.watched.has(p)) continue
      const key = `${p}|${group}|${role}`
      if (once !== undefined) {
        const seen = `${key}|${once}`
        if (this.drSeen.has(seen)) continue
        if (this.drSeen.size > 10_000) this.drSeen.clear()
        this.drSeen.add(seen)
      }
      const target = this.targets.get(key)
      if (target === undefined) continue
      // A group nobody on this host has joined is not sent (group-members.ts: the network would not carry it).
      if (!this.joined(target.address)) continue
      this.counters.packets.set(key, (this.counters.packets.get(key) ?? 0) + n)
      this.counters.messages.set(key, (this.counters.messages.get(key) ?? 0) + packets.messages)
      const free = Math.max(at, this.lineFree.get(key) ?? at)
      if (spread === 0 || n === 1) {
        this.queue.push({
          at: free,
          send: () => {
            for (let j = 0; j < n; j++) this.sink(node, target, packets.packet(j))
            return n
          },
          key
        })
        this.lineFree.set(key, free)
      } else {
        const inWhole = spreadFrom(free, at, spread, packets.slots ?? n)
        const slotOf = packets.slotOf
        const atOf = slotOf === undefined ? inWhole : (j: number) => inWhole(slotOf(j))
        this.queue.pushSeries({ count: n, atOf, send: (j) => this.sink(node, target, packets.packet(j)), key, whole })
        this.lineFree.set(key, atOf(n - 1))
      }
    }
  }
}

/**
 * The instant of packet `j` of `n` spread evenly over `spread` from `at`, never before `free` (the line's
 * previous packet): a line keeps its order.
 */
const spreadFrom = (free: Micros, at: Micros, spread: Micros, n: number) => (j: number): Micros => Math.max(free, at + spreadOffset(j, n, spread))

/** The refresh line's number of cycle `cycle`'s Refresh Complete (header: refresh numbering). */
export const refreshCompleteSeq = (snapshotMessages: number, cycle: number): number => cycle * (snapshotMessages + 1)

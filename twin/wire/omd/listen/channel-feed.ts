/**
 * One OMD-C channel as a feed handler sees it (spec §4): lines A and B arbitrated at the message level by
 * sequence number (§4.2, first come first served), gaps detected (§4.1), recovered from the retransmission
 * service (§4.3) or, when it cannot serve, from the refresh service (§4.4), and the books kept from the
 * messages processed in order. Pure: packets and outcomes go in with the time, actions come out (ask the
 * RTS for a range, join or leave refresh); the socket glue (listener.ts) performs them. Tested without sockets.
 *
 * Rules, and where they come from:
 * - A message is processed when it is the next expected number; one that arrives early waits (`pending`);
 *   one at or below the expected number, or already waiting, is a duplicate (§4.1 Figure 2).
 * - Per line, numbers arrive in order, so a line whose packet starts past a missing number has skipped it.
 *   Missing numbers both lines have passed are a gap at once; missing numbers only one line has passed wait
 *   `arbitrationTimeoutMs` for the other line (Table 2: "recover data from the other line with a
 *   configurable timeout"), then are a gap. A heartbeat's SeqNum is its line's last number (§3.4.1).
 * - A gap is asked of the RTS for exactly its range (in requests of at most 10,000: §4.3 system limits).
 *   One recovery at a time, as the server serves requests serially; numbers after it keep arriving and wait.
 * - The RTS cannot serve (no connection, logon or request rejected, messages missing): refresh. Discard the
 *   refresh channel until a Refresh Complete, collect the next snapshot until the next Refresh Complete,
 *   and take it if its LastSeqNum reaches the numbers we lack (else wait for the next); then the books are
 *   the snapshot's, numbers ≤ LastSeqNum are dropped, the lost ones counted `unrecovered` (§4.4).
 * - Sequence Reset (§3.4.2): books cleared, next expected NewSeqNo. It comes on both lines: the first copy
 *   resets, the other line's copy (the next Reset seen on that line) only resets that line. A Sequence Reset
 *   takes no number of its own: it is expected alone in its packet.
 * - The first packet of a late start sets the expected number and asks for a refresh (§2.2.1).
 */
import type { OmdMessage, UnknownMessage } from "../messages.ts"
import type { DecodedPacket } from "../packet-decode.ts"
import { Books } from "./books.ts"
import { newLineStats, type ChannelStats, type FeedState, type LineStats } from "./feed-stats.ts"
import { RefreshCollector } from "./refresh-collector.ts"

export type { ChannelStats, FeedState, LineStats } from "./feed-stats.ts"

export type Line = "A" | "B"
export const LINES: ReadonlyArray<Line> = ["A", "B"]

export interface SeqRange {
  readonly first: number
  readonly last: number
}

export type FeedAction =
  | { readonly _tag: "retransmit"; readonly range: SeqRange }
  | { readonly _tag: "join-refresh"; readonly reason: string }
  | { readonly _tag: "leave-refresh" }
  | { readonly _tag: "note"; readonly text: string }

export interface ChannelFeedOptions {
  readonly channel: string
  /**
   * Wait this long for the other line before a number one line skipped is a gap (default 100 ms: longer
   * than the event-loop stalls of a loaded 2-core machine, short next to the RTS round trip).
   */
  readonly arbitrationTimeoutMs?: number
  /** Largest range one Retransmission Request may ask for (§4.3: 10,000). */
  readonly maxRange?: number
  /**
   * Most messages kept while waiting (for a refresh, a recovery): past it the oldest go (default 1,000,000).
   * A snapshot that reaches past them loses nothing; one that does not leaves a hole the RTS is asked for.
   * Without it a listener started late with no refresh coming would grow without bound.
   */
  readonly maxPending?: number
  /**
   * Whether the channel has a refresh service (the DR channel has none): without one, a late start just
   * takes the numbers from its first packet, and a gap the RTS cannot serve is skipped and counted unrecovered.
   */
  readonly refreshAvailable?: boolean
  /** Called with each message processed in sequence (after the books took it). */
  readonly onMessage?: (seq: number, message: OmdMessage | UnknownMessage) => void
}


export class ChannelFeed {
  readonly channel: string
  readonly books = new Books()
  private readonly arbitrationTimeoutMs: number
  private readonly maxRange: number
  private readonly maxPending: number
  private readonly refreshAvailable: boolean
  private readonly onMessage: ((seq: number, message: OmdMessage | UnknownMessage) => void) | undefined
  private readonly lines: Record<Line, LineStats> = { A: newLineStats(), B: newLineStats() }
  private readonly lineHighest: Record<Line, number | undefined> = { A: undefined, B: undefined }
  private readonly pending = new Map<number, { readonly message: OmdMessage | UnknownMessage; readonly line: Line | "rts" }>()
  private nextExpected: number | undefined
  private holeSince: number | undefined
  private recovering: SeqRange | undefined
  private readonly refresh = new RefreshCollector()
  /** The line whose Sequence Reset copy is still to come (the other line's reset was applied). */
  private resetEchoFrom: Line | undefined
  private startedMs: number | undefined
  private lastArrivalMs: number | undefined
  private stats = { processed: 0, duplicates: 0, gaps: 0, gapMessages: 0, recovered: 0, unrecovered: 0, rtsRequests: 0, rtsFailures: 0, refreshes: 0, sequenceResets: 0, longestSilenceMs: 0 }

  constructor(options: ChannelFeedOptions) {
    this.channel = options.channel
    this.arbitrationTimeoutMs = options.arbitrationTimeoutMs ?? 100
    this.maxRange = options.maxRange ?? 10_000
    this.maxPending = options.maxPending ?? 1_000_000
    this.refreshAvailable = options.refreshAvailable ?? true
    this.onMessage = options.onMessage
  }

  /** The listener started listening at `nowMs` (silence is counted from here). */
  start(nowMs: number): void {
    this.startedMs = nowMs
  }

  get state(): FeedState {
    if (this.refresh.active) return "awaiting-refresh"
    if (this.recovering !== undefined) return "recovering"
    return this.nextExpected === undefined ? "waiting" : "synced"
  }

  /** A datagram on `line` that did not decode. */
  decodeError(line: Line, bytes: number, nowMs: number): void {
    this.arrival(line, bytes, nowMs)
    this.lines[line].decodeErrors++
  }

  /** A decoded real-time packet from `line`. */
  packet(line: Line, packet: DecodedPacket, nowMs: number): Array<FeedAction> {
    const actions: Array<FeedAction> = []
    const { seqNum, msgCount, pktSize } = packet.header
    const stats = this.arrival(line, pktSize, nowMs)
    stats.packets++
    stats.messages += msgCount
    if (msgCount === 0) stats.heartbeats++
    if (msgCount === 1 && packet.messages[0]!.msgType === 100) {
      actions.push({ _tag: "note", text: `${this.channel}: Sequence Reset on line ${line}` })
      this.sequenceReset(line, packet.messages[0]!.newSeqNo, actions)
      return actions
    }
    if (this.nextExpected === undefined) {
      // Late start (§2.2.1): numbers from here on, the state from a refresh.
      this.nextExpected = msgCount === 0 ? seqNum + 1 : seqNum
      this.startRefresh("late start", actions)
    }
    // In order with nothing waiting (the usual case): process at once, without the pending map.
    const direct = !this.refresh.active
    for (let i = 0; i < msgCount; i++) {
      const seq = seqNum + i
      if (seq < this.nextExpected || this.pending.has(seq)) this.stats.duplicates++
      else if (direct && seq === this.nextExpected && this.pending.size === 0) {
        this.process(seq, packet.messages[i]!)
        this.nextExpected = seq + 1
        stats.firstCome++
      } else {
        this.pending.set(seq, { message: packet.messages[i]!, line })
        stats.firstCome++
      }
    }
    const last = msgCount === 0 ? seqNum : seqNum + msgCount - 1
    this.lineHighest[line] = Math.max(this.lineHighest[line] ?? last, last)
    // Oldest first: a Map iterates in insertion order, and numbers arrive (mostly) in order.
    for (const seq of this.pending.keys()) {
      if (this.pending.size <= this.maxPending) break
      this.pending.delete(seq)
    }
    this.settle(nowMs, actions)
    return actions
  }

  /**
   * Whether a packet whose last number is `last` brings nothing new: every number is below the next
   * expected (the other line's copy, usually). The listener then counts it (`stalePacket`) without decoding
   * its messages. Never for a one-message packet, which may be the other line's copy of a Sequence Reset.
   */
  isStale(seqNum: number, msgCount: number): boolean {
    return msgCount > 1 && this.nextExpected !== undefined && !this.refresh.active && seqNum + msgCount - 1 < this.nextExpected
  }

  /** A packet `isStale` said brings nothing new: counted, its messages duplicates. */
  stalePacket(line: Line, pktSize: number, seqNum: number, msgCount: number, nowMs: number): void {
    const stats = this.arrival(line, pktSize, nowMs)
    stats.packets++
    stats.messages += msgCount
    this.stats.duplicates += msgCount
    const last = seqNum + msgCount - 1
    this.lineHighest[line] = Math.max(this.lineHighest[line] ?? last, last)
  }

  /** Time passed with no packet (arbitration timeouts). */
  tick(nowMs: number): Array<FeedAction> {
    const actions: Array<FeedAction> = []
    this.settle(nowMs, actions)
    return actions
  }

  /** The RTS accepted the request for `range` and sent these messages (numbers with their messages). */
  retransmitted(range: SeqRange, messages: ReadonlyArray<readonly [number, OmdMessage | UnknownMessage]>, nowMs: number): Array<FeedAction> {
    const actions: Array<FeedAction> = []
    if (this.recovering === undefined || this.recovering.first !== range.first) return actions
    let got = 0
    for (const [seq, message] of messages) {
      if (seq < range.first || seq > range.last || seq < this.nextExpected! || this.pending.has(seq)) continue
      this.pending.set(seq, { message, line: "rts" })
      got++
    }
    this.stats.recovered += got
    this.recovering = undefined
    this.holeSince = undefined
    actions.push({ _tag: "note", text: `${this.channel}: gap ${range.first}-${range.last} recovered from RTS (${got} messages)` })
    this.settle(nowMs, actions)
    return actions
  }

  /** The RTS could not serve `range` (`why`: connect timeout, logon or request rejected …): refresh. */
  retransmitFailed(range: SeqRange, why: string, nowMs: number): Array<FeedAction> {
    const actions: Array<FeedAction> = []
    if (this.recovering === undefined || this.recovering.first !== range.first) return actions
    this.stats.rtsFailures++
    if (this.refreshAvailable) {
      actions.push({ _tag: "note", text: `${this.channel}: RTS cannot serve ${range.first}-${range.last} (${why}): refresh` })
      this.startRefresh(`RTS: ${why}`, actions)
    } else {
      // No refresh service: give the range up and go on after it.
      let lost = 0
      for (let seq = range.first; seq <= range.last; seq++) if (!this.pending.has(seq)) lost++
      this.stats.unrecovered += lost
      this.recovering = undefined
      this.holeSince = undefined
      for (let seq = this.nextExpected!; seq <= range.last; seq++) this.pending.delete(seq)
      this.nextExpected = Math.max(this.nextExpected!, range.last + 1)
      actions.push({ _tag: "note", text: `${this.channel}: RTS cannot serve ${range.first}-${range.last} (${why}), no refresh: ${lost} messages unrecovered` })
    }
    this.settle(nowMs, actions)
    return actions
  }

  /** Something outside the channel (a DR signal) wants the market state rebuilt from refresh. */
  requestRefresh(reason: string, clearBooks: boolean): Array<FeedAction> {
    const actions: Array<FeedAction> = []
    if (clearBooks) this.books.clear()
    if (this.nextExpected !== undefined) this.startRefresh(reason, actions)
    return actions
  }

  /** A decoded packet from the channel's refresh service (line A or B, arbitrated on its own numbers). */
  refreshPacket(packet: DecodedPacket, nowMs: number): Array<FeedAction> {
    const actions: Array<FeedAction> = []
    if (!this.refresh.active) return actions
    this.refresh.packet(packet, (messages, lastSeqNum, reason) => this.takeSnapshot(messages, lastSeqNum, reason, actions))
    if (!this.refresh.active) this.settle(nowMs, actions)
    return actions
  }

  /** Numbers still missing when the run ends count as unrecovered. */
  finish(nowMs: number): void {
    if (this.nextExpected !== undefined) {
      const highest = Math.max(this.lineHighest.A ?? 0, this.lineHighest.B ?? 0)
      let lost = 0
      for (let seq = this.nextExpected; seq <= highest; seq++) if (!this.pending.has(seq)) lost++
      this.stats.unrecovered += lost
    }
    this.silence(nowMs)
    for (const line of LINES) this.lineSilence(line, nowMs)
  }

  statistics(nowMs: number): ChannelStats {
    const lines = { A: { ...this.lines.A }, B: { ...this.lines.B } }
    for (const line of LINES) {
      const since = this.lines[line].lastArrivalMs ?? this.startedMs ?? nowMs
      lines[line].longestSilenceMs = Math.max(lines[line].longestSilenceMs, nowMs - since)
    }
    const since = this.lastArrivalMs ?? this.startedMs ?? nowMs
    return {
      channel: this.channel,
      lines,
      ...this.stats,
      longestSilenceMs: Math.max(this.stats.longestSilenceMs, nowMs - since),
      nextExpected: this.nextExpected,
      state: this.state,
      books: this.books.summary()
    }
  }

  private arrival(line: Line, bytes: number, nowMs: number): LineStats {
    const stats = this.lines[line]
    this.lineSilence(line, nowMs)
    this.silence(nowMs)
    stats.lastArrivalMs = nowMs
    stats.bytes += bytes
    this.lastArrivalMs = nowMs
    return stats
  }

  private lineSilence(line: Line, nowMs: number): void {
    const stats = this.lines[line]
    const since = stats.lastArrivalMs ?? this.startedMs ?? nowMs
    stats.longestSilenceMs = Math.max(stats.longestSilenceMs, nowMs - since)
  }

  private silence(nowMs: number): void {
    const since = this.lastArrivalMs ?? this.startedMs ?? nowMs
    this.stats.longestSilenceMs = Math.max(this.stats.longestSilenceMs, nowMs - since)
  }

  private sequenceReset(line: Line, newSeqNo: number, actions: Array<FeedAction>): void {
    this.lineHighest[line] = newSeqNo - 1
    if (this.resetEchoFrom === line) {
      this.resetEchoFrom = undefined
      return
    }
    this.stats.sequenceResets++
    this.resetEchoFrom = line === "A" ? "B" : "A"
    this.books.clear()
    this.pending.clear()
    this.nextExpected = newSeqNo
    this.holeSince = undefined
    this.recovering = undefined
    // A new day (or rectified reference data) from here: a refresh under way for the old numbers is moot.
    if (this.refresh.active) actions.push({ _tag: "leave-refresh" })
    this.refresh.stop()
  }

  private startRefresh(reason: string, actions: Array<FeedAction>): void {
    if (!this.refreshAvailable) return
    this.recovering = undefined
    this.holeSince = undefined
    if (this.refresh.start(reason)) actions.push({ _tag: "join-refresh", reason })
  }

  /** Takes a whole snapshot synchronised at `lastSeqNum` if it covers what we lack; false: wait for the next. */
  private takeSnapshot(messages: ReadonlyArray<OmdMessage | UnknownMessage>, lastSeqNum: number, reason: string, actions: Array<FeedAction>): boolean {
    const expected = this.nextExpected!
    if (lastSeqNum < expected - 1) return false
    this.books.clear()
    for (const message of messages) if (message.msgType !== "unknown") this.books.apply(message)
    let lost = 0
    for (let seq = expected; seq <= lastSeqNum; seq++) {
      if (this.pending.has(seq)) this.pending.delete(seq)
      else lost++
    }
    this.stats.unrecovered += lost
    this.stats.refreshes++
    this.nextExpected = lastSeqNum + 1
    actions.push({ _tag: "leave-refresh" })
    actions.push({ _tag: "note", text: `${this.channel}: refresh (${reason}) synchronised at ${lastSeqNum}, ${messages.length} snapshot messages, ${lost} lost messages unrecovered` })
    return true
  }

  private process(seq: number, message: OmdMessage | UnknownMessage): void {
    if (message.msgType !== "unknown") this.books.apply(message)
    this.stats.processed++
    this.onMessage?.(seq, message)
  }

  /** Processes what is in order, then looks for a gap to declare. */
  private settle(nowMs: number, actions: Array<FeedAction>): void {
    if (this.nextExpected === undefined || this.refresh.active) return
    let next = this.nextExpected
    for (let entry = this.pending.get(next); entry !== undefined; entry = this.pending.get(next)) {
      this.pending.delete(next)
      this.process(next, entry.message)
      next++
    }
    this.nextExpected = next
    if (this.recovering !== undefined) return
    const hole = this.hole()
    if (hole === undefined) {
      this.holeSince = undefined
      return
    }
    this.holeSince ??= nowMs
    const passedByBoth = Math.min(this.lineHighest.A ?? -1, this.lineHighest.B ?? -1, hole.last)
    const gapLast = nowMs - this.holeSince >= this.arbitrationTimeoutMs ? hole.last : passedByBoth
    if (gapLast < hole.first) return
    const range = { first: hole.first, last: Math.min(gapLast, hole.first + this.maxRange - 1) }
    this.recovering = range
    this.stats.gaps++
    this.stats.gapMessages += range.last - range.first + 1
    this.stats.rtsRequests++
    actions.push({ _tag: "retransmit", range })
  }

  /** The first run of missing numbers: from the next expected to before the first waiting one (or a line's highest). */
  private hole(): SeqRange | undefined {
    const first = this.nextExpected!
    let waiting = Infinity
    for (const seq of this.pending.keys()) if (seq < waiting) waiting = seq
    const announced = Math.max(this.lineHighest.A ?? -1, this.lineHighest.B ?? -1)
    const last = waiting === Infinity ? announced : waiting - 1
    return last >= first ? { first, last } : undefined
  }
}

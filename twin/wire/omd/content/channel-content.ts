/**
 * Everything a channel carries, by sequence number: the content the rig puts on the wire for the twin's
 * numbers (real-time lines, retransmissions) and the snapshots of its refresh lines.
 *
 * The same number gives the same message for every participant, line and the retransmission service:
 * reference data (universe.ts) for the day's first START_OF_DAY_MESSAGES numbers, the Trading Session
 * Statuses at the numbers the twin gave them (`session`, from the trace's `omd.session-status`), book
 * activity (book-flow.ts) for every other number. A DR channel's numbers are DR Signals (`drSignal`).
 *
 * A snapshot (spec §4.4 "Market state") synchronised with real-time number L, of the size the refresh model
 * gives it (`messages`): Market Definition, every Security Definition, the latest Trading Session Status,
 * the book as it stands after L (open orders for SF, occupied levels for SS/SP), then until `messages` are
 * reached (cut short if the market state is longer), one message per security code in turn (1, 2, …):
 * - SS/SP: its Statistics (spec §3.11.1, SS and SP only) — the Trades of numbers 1 … L (trade-tally.ts):
 *   SharesTraded, Turnover, High/Low/Last (0 before its first trade), VWAP on SP only ("not populated for
 *   SS"), no short selling;
 * - SF: no Statistics (§3.11.1), so [U] a Security Status "Resume" (3): true of every security in the twin
 *   (none is halted), though §4.4 sends it only for securities resumed that day. The model's snapshot size is
 *   kept because the refresh line's numbers, and the numbers the twin loses on it, are the model's.
 */
import { GROUP_ASSUMPTIONS, START_OF_DAY_MESSAGES } from "../../../models/omd/index.ts"
import { DAY } from "../../../models/omd/stream.ts"
import { accrue, tradingDayRates } from "../../../models/omd/timetable.ts"
import { fullDayTimetable, type SessionChange } from "../../../models/trading-day.ts"
import { MICROS_PER_SECOND, type Micros } from "../../../engine/time.ts"
import { activeSecurities, type BookContext, bookMessage, bookStyleOf, epochNs } from "./book-flow.ts"
import { nameKey } from "./hash.ts"
import { messageSize, type OmdMessage as ContentMessage, type SecurityStatus, type Statistics, type TradingSessionStatus } from "../index.ts"
import { Rounds } from "./rounds.ts"
import { TradeIds } from "./trade-ids.ts"
import { TradeTally } from "./trade-tally.ts"
import { ACTIVE_SECURITIES, referenceMessage, UNIVERSE_SIZE } from "./universe.ts"

/**
 * [U] Midnight (Hong Kong, UTC+8) of the day the twin simulates, for SendTime, TradeTime and session times
 * (ns since the epoch): a Monday of the Q3 2026 cutover, fixed so the same seed gives the same bytes.
 */
export const TRADING_DAY_MIDNIGHT_MS = Date.UTC(2026, 6, 6) - 8 * 3_600_000

/** One snapshot's messages by index and their encoded sizes (ChannelContent.snapshotAt). */
export interface SnapshotContent {
  readonly message: (index: number) => ContentMessage
  readonly size: (index: number) => number
  /**
   * What the sizes depend on besides the index: the market state's message sizes (the reference data and
   * the fixed-size messages that follow are the day's): two snapshots with the same key and length pack alike.
   */
  readonly sizesKey: string
  /**
   * The messages before this index are the same in every snapshot of the channel's day (the reference data:
   * Market Definition and every Security Definition), so are the packets that hold only them: `sameKey`
   * names whose they are (the channel), for a cache of them across cycles.
   */
  readonly sameBefore: number
  readonly sameKey: string
}

export class ChannelContent {
  readonly channel: string
  readonly group: string
  private readonly seed: number
  private readonly special = new Map<number, ContentMessage>()
  /** The sequence numbers of the specials, ascending (they arrive in order). */
  private readonly specialSeqs: Array<number> = []
  private dayStart: Micros = DAY.startOfDay
  private cumulative: Float64Array | undefined
  private readonly book: BookContext
  private readonly tradeIds: TradeIds
  private readonly tally: TradeTally

  /** The phases of the day the rates follow (the model's publisher's: twin/models/omd/timetable.ts). */
  private readonly day: ReadonlyArray<SessionChange>

  constructor(seed: number, channel: string, group: string, day: ReadonlyArray<SessionChange> = fullDayTimetable) {
    this.seed = seed
    this.day = day
    this.channel = channel
    this.group = group
    const channelKey = nameKey(channel)
    this.book = {
      seed,
      channelKey,
      style: bookStyleOf(group),
      isBook: (seq) => seq > START_OF_DAY_MESSAGES && !this.special.has(seq),
      timeOf: (seq) => epochNs(TRADING_DAY_MIDNIGHT_MS, this.timeOf(seq)),
      rounds: new Rounds(seed, channelKey),
      ...activeSecurities(seed),
      tradeIdOf: (code, seq) => this.tradeIds.of(code, seq)
    }
    this.tradeIds = new TradeIds(this.book, this.specialSeqs)
    this.tally = new TradeTally(this.book)
  }

  /** The day started at `t` (the Sequence Reset): the book's times count from it. */
  startedAt(t: Micros): void {
    if (t !== this.dayStart) this.cumulative = undefined
    this.dayStart = t
  }

  /**
   * Number `seq` is a Trading Session Status (the trace's `omd.session-status`, at its publication instant
   * `at`). The first word on a number stands: a later copy (another line's, with its clock skew) changes
   * nothing, so every line and the RTS carry the same bytes.
   */
  session(seq: number, at: Micros, subId: number, status: number): void {
    if (this.special.has(seq)) return
    const message: TradingSessionStatus = {
      msgType: 20,
      marketCode: "MAIN",
      tradingSessionSubId: subId,
      tradingSesStatus: status,
      tradingSesControlFlag: "0",
      startDateTime: epochNs(TRADING_DAY_MIDNIGHT_MS, at),
      endDateTime: 0n
    }
    this.put(seq, message)
  }

  /** Number `seq` of the DR channel is a DR Signal. */
  drSignal(seq: number, drStatus: 1 | 2): void {
    this.put(seq, { msgType: 105, drStatus })
  }

  private put(seq: number, message: ContentMessage): void {
    if (!this.special.has(seq)) {
      let i = this.specialSeqs.length
      while (i > 0 && this.specialSeqs[i - 1]! > seq) i--
      this.specialSeqs.splice(i, 0, seq)
      // What the numbers after it are changes: TradeIDs, and market states synchronised at or after it.
      this.tradeIds.changed()
      this.tally.changed(seq)
      if (this.lastState !== undefined && this.lastState.lastSeqNum >= seq) this.lastState = undefined
    }
    this.special.set(seq, message)
  }

  /** The message at real-time number `seq` (≥ 1). */
  messageAt(seq: number): ContentMessage {
    const s = this.special.get(seq)
    if (s !== undefined) return s
    if (this.group === "DR") return { msgType: 105, drStatus: 1 }
    if (seq <= START_OF_DAY_MESSAGES) return referenceMessage(this.seed, seq)
    return bookMessage(this.book, seq)
  }

  /** Message `index` (0-based) of a snapshot of `messages` synchronised with real-time number `lastSeqNum`. */
  snapshotMessage(lastSeqNum: number, index: number): ContentMessage {
    return this.snapshotAt(lastSeqNum).message(index)
  }

  /**
   * The snapshot synchronised with `lastSeqNum`, its market state taken now: each message and its encoded
   * size. Sizes come without building the message where they do not change (reference data, Statistics),
   * so the rig lays a snapshot's packets out (where each starts) without encoding one: at ×1000 nearly all
   * are shed unsent, and 10,357 encodings every 30 virtual seconds per line were most of a step's cost.
   */
  snapshotAt(lastSeqNum: number): SnapshotContent {
    const state = this.snapshotState(lastSeqNum)
    const message = (index: number): ContentMessage => {
      if (index <= UNIVERSE_SIZE) return referenceMessage(this.seed, index + 1)
      const k = index - UNIVERSE_SIZE - 1
      if (k < state.length) return state[k]!
      return this.perSecurity(1 + ((k - state.length) % UNIVERSE_SIZE), lastSeqNum)
    }
    const size = (index: number): number => {
      if (index <= UNIVERSE_SIZE) return this.referenceSize(index)
      const k = index - UNIVERSE_SIZE - 1
      if (k < state.length) return messageSize(state[k]!)
      return (this.perSecuritySize ??= messageSize(this.perSecurity(1, 0)))
    }
    return { message, size, sizesKey: state.map((m) => messageSize(m)).join(","), sameBefore: UNIVERSE_SIZE + 1, sameKey: this.channel }
  }

  /** Encoded sizes of the reference data (snapshot index → bytes), the same in every snapshot of the day. */
  private referenceSizes: Int32Array | undefined
  /** The size of the per-security messages after the market state: one fixed-size type per channel. */
  private perSecuritySize: number | undefined

  private referenceSize(index: number): number {
    const sizes = (this.referenceSizes ??= new Int32Array(UNIVERSE_SIZE + 1))
    return sizes[index] || (sizes[index] = messageSize(referenceMessage(this.seed, index + 1)))
  }

  private lastState: { readonly lastSeqNum: number; readonly messages: ReadonlyArray<ContentMessage> } | undefined

  /** The latest session status and the book after `lastSeqNum` (header). */
  private snapshotState(lastSeqNum: number): ReadonlyArray<ContentMessage> {
    if (this.lastState?.lastSeqNum === lastSeqNum) return this.lastState.messages
    const out: Array<ContentMessage> = []
    let latest: ContentMessage | undefined
    for (const seq of this.specialSeqs) if (seq <= lastSeqNum && this.special.get(seq)!.msgType === 20) latest = this.special.get(seq)
    if (latest !== undefined) out.push(latest)
    if (this.group !== "DR") {
      // Orders of broken lives stay in the SF book: the three numbers after each non-book base.
      if (this.book.style === "order-by-order") {
        const bases = [START_OF_DAY_MESSAGES - (START_OF_DAY_MESSAGES % 4), ...this.specialSeqs.filter((s) => s % 4 === 0)]
        for (const b of bases) {
          for (let s = b + 1; s < b + 4 && s <= lastSeqNum; s++) if (this.book.isBook(s)) out.push(bookMessage(this.book, s))
        }
      }
      // The life in progress at lastSeqNum: its order (SF) or level (SS/SP) is still in the book.
      const phase = lastSeqNum % 4
      const base = lastSeqNum - phase
      if (this.book.isBook(base) && phase <= (this.book.style === "order-by-order" ? 2 : 1)) {
        const add = bookMessage(this.book, base)
        const current = phase === 0 ? add : bookMessage(this.book, base + 1)
        if (add.msgType === 30 && current.msgType === 31) out.push({ ...add, quantity: current.quantity })
        else if (add.msgType === 53 && current.msgType === 53) out.push({ ...current, entries: current.entries.map((e) => ({ ...e, updateAction: 0 })) })
        else out.push(add)
      }
    }
    this.lastState = { lastSeqNum, messages: out }
    return out
  }

  /** The message of security `code` after a snapshot's market state (header): Statistics up to `lastSeqNum`, or SF's status. */
  private perSecurity(code: number, lastSeqNum: number): Statistics | SecurityStatus {
    if (this.book.style === "order-by-order") return { msgType: 21, securityCode: code, suspensionIndicator: 3 }
    const t = code <= ACTIVE_SECURITIES ? this.tally.upTo(lastSeqNum) : undefined
    const shares = t?.shares[code] ?? 0
    const turnover = t?.turnover[code] ?? 0
    return {
      msgType: 60,
      securityCode: code,
      sharesTraded: BigInt(shares),
      turnover: BigInt(turnover),
      highPrice: t?.high[code] ?? 0,
      lowPrice: t?.low[code] ?? 0,
      lastPrice: t?.last[code] ?? 0,
      vwap: this.group === "SP" && shares > 0 ? Math.round(turnover / shares) : 0,
      shortSellSharesTraded: 0,
      shortSellTurnover: 0n
    }
  }

  /** The instant (µs of the day) the model's rate profile publishes book number `seq` at (header of book-flow.ts). */
  timeOf(seq: number): Micros {
    const peak = GROUP_ASSUMPTIONS[this.group]?.peakPerSecond ?? 1_000
    if (this.cumulative === undefined) {
      const rates = tradingDayRates(peak, this.day)
      const seconds = Math.max(1, Math.ceil((DAY.endOfTraffic - this.dayStart) / MICROS_PER_SECOND))
      const table = new Float64Array(seconds + 1)
      for (let k = 1; k <= seconds; k++) table[k] = table[k - 1]! + accrue(rates, this.dayStart + (k - 1) * MICROS_PER_SECOND, this.dayStart + k * MICROS_PER_SECOND) / MICROS_PER_SECOND
      this.cumulative = table
    }
    const n = seq - START_OF_DAY_MESSAGES
    const table = this.cumulative
    let lo = 0
    let hi = table.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (table[mid]! >= n) hi = mid
      else lo = mid + 1
    }
    return this.dayStart + lo * MICROS_PER_SECOND
  }
}

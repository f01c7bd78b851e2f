/**
 * The OMD sequence ranges a feed handler has found lost (`omd.gap`) and not yet closed — neither
 * recovered (`omd.recovered`) nor lost for good (`omd.loss.unrecovered`) — per participant and channel,
 * read from the trace alone. A run that ends before a range closes (the window ends before the next
 * refresh, an RTS answer in flight) leaves it open: the trace says so by the `omd.gap` with nothing after
 * it, and a verdict taken then must see it (docs/checks.md `omd-unrecovered-gaps`).
 *
 * Gotcha: a closing event names a piece of a range (a partial RTS answer, a refresh up to its LastSeqNum),
 * so closing cuts ranges; each piece keeps the instant its range was found. The feed handler's ranges of one
 * channel are disjoint and mostly found and closed in number order: each list is sorted, new ranges go on
 * its end and closes at its head only move a start index (a refresh after an hour of 30 % loss closes
 * thousands one by one: cutting each off the front of the array would cost their square).
 */
import type { Micros } from "../../twin/engine/time.ts"

export interface OpenGap {
  readonly first: number
  readonly last: number
  /** When the feed handler found it (its `omd.gap`). */
  readonly foundAt: Micros
}

export interface OpenGapsOf {
  readonly participant: string
  readonly flow: string
  readonly channel: string
  /** Sorted by `first`, disjoint. */
  readonly gaps: ReadonlyArray<OpenGap>
}

interface Entry {
  readonly participant: string
  readonly flow: string
  readonly channel: string
  /** The open ranges are `gaps[start…]`; those before `start` are closed, dropped from time to time. */
  gaps: Array<OpenGap>
  start: number
}

/** Closed ranges kept at the head of an entry's array before they are dropped (amortised: at least half of it). */
const COMPACT_AFTER = 1024

/** The first index from `lo` whose range ends at or after `n` (gaps sorted and disjoint: `last` is sorted too). */
const firstEndingFrom = (gaps: ReadonlyArray<OpenGap>, n: number, from: number): number => {
  let lo = from
  let hi = gaps.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (gaps[mid]!.last < n) lo = mid + 1
    else hi = mid
  }
  return lo
}

export class OpenGaps {
  private readonly byChannel = new Map<string, Entry>()

  /** `omd.gap`: `first..last` found lost at `t`. */
  found(participant: string, flow: string, channel: string, first: number, last: number, t: Micros): void {
    const key = `${participant}|${channel}`
    let entry = this.byChannel.get(key)
    if (entry === undefined) {
      entry = { participant, flow, channel, gaps: [], start: 0 }
      this.byChannel.set(key, entry)
    }
    const gaps = entry.gaps
    const gap = { first, last, foundAt: t }
    const tail = gaps[gaps.length - 1]
    if (gaps.length === entry.start || tail!.last < first) gaps.push(gap)
    else gaps.splice(firstEndingFrom(gaps, first, entry.start), 0, gap)
  }

  /** `omd.recovered` or `omd.loss.unrecovered`: `first..last` closed. */
  closed(participant: string, channel: string, first: number, last: number): void {
    const entry = this.byChannel.get(`${participant}|${channel}`)
    if (entry === undefined) return
    const gaps = entry.gaps
    const from = firstEndingFrom(gaps, first, entry.start)
    let to = from
    while (to < gaps.length && gaps[to]!.first <= last) to++
    if (to === from) return
    // What is left of the cut ranges lies before `first` in the first of them and after `last` in the last.
    const kept: Array<OpenGap> = []
    const head = gaps[from]!
    if (head.first < first) kept.push({ ...head, last: first - 1 })
    const tail = gaps[to - 1]!
    if (tail.last > last) kept.push({ ...tail, first: last + 1 })
    if (from === entry.start && kept.length <= to - from) {
      // At the head: the kept pieces take the last cut slots and the open part starts at them.
      entry.start = to - kept.length
      kept.forEach((k, i) => (gaps[entry.start + i] = k))
      if (entry.start >= COMPACT_AFTER && entry.start * 2 >= gaps.length) {
        entry.gaps = gaps.slice(entry.start)
        entry.start = 0
      }
    } else gaps.splice(from, to - from, ...kept)
  }

  /** Every channel with a range open, in the order first found. */
  *open(): Iterable<OpenGapsOf> {
    for (const e of this.byChannel.values()) {
      if (e.gaps.length > e.start) yield { participant: e.participant, flow: e.flow, channel: e.channel, gaps: e.gaps.slice(e.start) }
    }
  }
}

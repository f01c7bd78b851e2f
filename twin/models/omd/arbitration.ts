/**
 * Line arbitration on sequence numbers (DOMAIN §3, spec §4.2): first come, first served, at the message
 * level. Each line is tracked on its own (what it has delivered, what it skipped); a sequence number one
 * line skipped is a *hole* until the other line delivers it (filled) or also skips it (a *gap*: lost on
 * both lines). A hole still open after the arbitration timeout becomes a gap too (`expire`).
 *
 * Everything at or below `highest` is delivered, in a hole, or was handed out as a gap. A line's first
 * message sets its baseline (a late start knows nothing earlier); a Sequence Reset sets both to 0.
 *
 * Gotcha: holes only ever wait for one line, since a hole skipped by both lines is a gap at once; and a
 * line never reports on numbers at or below its own `lineHighest` again (per-line order is FIFO), so a
 * hole missing on line L never meets line L's later data.
 */
import type { Micros } from "../../engine/time.ts"
import type { Line } from "./messages.ts"
import { clip, minus, runsOf, subtract, total, type SeqRange } from "./ranges.ts"

export interface Hole extends SeqRange {
  readonly missingOn: Line
  readonly since: Micros
}

export interface Arbitration {
  readonly lineHighest: Readonly<Record<Line, number | undefined>>
  readonly highest: number | undefined
  /** Sorted by seq; `since` never decreases along the list (new holes are appended). */
  readonly holes: ReadonlyArray<Hole>
  /** Sequence numbers each line delivered first. */
  readonly firstCome: Readonly<Record<Line, number>>
  /** Sequence numbers that arrived after the other line had delivered them. */
  readonly duplicates: number
}

export const emptyArbitration: Arbitration = {
  lineHighest: { A: undefined, B: undefined },
  highest: undefined,
  holes: [],
  firstCome: { A: 0, B: 0 },
  duplicates: 0
}

/** After a Sequence Reset: both lines expect seq 1 (spec §3.4.2). */
export const resetArbitration = (a: Arbitration): Arbitration => arbitrationAfter(a, 0)

/** Both lines continue after `seq` (a late start with no refresh: the numbers up to it are the caller's gap). */
export const arbitrationAfter = (a: Arbitration, seq: number): Arbitration => ({ ...a, lineHighest: { A: seq, B: seq }, highest: seq, holes: [] })

export interface Observation {
  readonly arbitration: Arbitration
  /** Sequence numbers this line delivered (new or duplicate). */
  readonly received: number
  /** Newly lost on both lines. */
  readonly gaps: ReadonlyArray<SeqRange>
}

const put = <T>(record: Readonly<Record<Line, T>>, line: Line, value: T): Readonly<Record<Line, T>> =>
  line === "A" ? { A: value, B: record.B } : { A: record.A, B: value }

/**
 * Line `line` delivered `first..last` except `lost` (sorted). A heartbeat with seq h is `first = h + 1,
 * last = h`: nothing delivered, everything up to h accounted for.
 */
export const observe = (
  a: Arbitration,
  line: Line,
  first: number,
  last: number,
  lost: ReadonlyArray<number>,
  now: Micros
): Observation => {
  const base = a.lineHighest[line] ?? first - 1
  const count = Math.max(0, last - first + 1)
  if (last <= base) return { arbitration: count > 0 ? { ...a, duplicates: a.duplicates + count - lost.length } : a, received: count - lost.length, gaps: [] }
  const highest = a.highest ?? base

  // The common case: this line continues where it left off, loses nothing, and no hole waits.
  if (first === base + 1 && lost.length === 0 && a.holes.length === 0) {
    const fresh = last > highest ? last - Math.max(highest, base) : 0
    return {
      arbitration: {
        ...a,
        lineHighest: put(a.lineHighest, line, last),
        highest: Math.max(highest, last),
        firstCome: put(a.firstCome, line, a.firstCome[line] + fresh),
        duplicates: a.duplicates + count - fresh
      },
      received: count,
      gaps: []
    }
  }

  const from = Math.max(first, base + 1)
  const lostRuns = runsOf(lost.filter((s) => s >= from && s <= last))
  const skipped: Array<SeqRange> = []
  if (first > base + 1) skipped.push({ first: base + 1, last: Math.min(first - 1, last) })
  const missingHere = [...skipped, ...lostRuns]
  const receivedHere = from <= last ? minus([{ first: from, last }], lostRuns) : []

  // At or below `highest`: fill the other line's holes, or find them skipped here too (gaps).
  const receivedOld = clip(receivedHere, -Infinity, highest)
  const filled = subtract(a.holes, receivedOld)
  const both = subtract(filled.kept, clip(missingHere, -Infinity, highest))
  // Above `highest`: new numbers, delivered first by this line or holes waiting for the other line.
  const receivedNew = clip(receivedHere, highest + 1, last)
  const newHoles: Array<Hole> = clip(missingHere, highest + 1, last).map((r) => ({ first: r.first, last: r.last, missingOn: line, since: now }))

  const firstCome = total(filled.removed) + total(receivedNew)
  return {
    arbitration: {
      lineHighest: put(a.lineHighest, line, last),
      highest: Math.max(highest, last),
      holes: newHoles.length === 0 ? both.kept : [...both.kept, ...newHoles],
      firstCome: put(a.firstCome, line, a.firstCome[line] + firstCome),
      duplicates: a.duplicates + total(receivedOld) - total(filled.removed)
    },
    received: total(receivedHere),
    gaps: both.removed.map((h) => ({ first: h.first, last: h.last }))
  }
}

/** Holes older than `timeout` become gaps: the other line did not fill them in time. */
export const expire = (a: Arbitration, now: Micros, timeout: Micros): { readonly arbitration: Arbitration; readonly gaps: ReadonlyArray<SeqRange> } => {
  const due = a.holes.filter((h) => h.since + timeout <= now)
  if (due.length === 0) return { arbitration: a, gaps: [] }
  return {
    arbitration: { ...a, holes: a.holes.filter((h) => h.since + timeout > now) },
    gaps: due.map((h) => ({ first: h.first, last: h.last }))
  }
}

/** When the oldest hole times out, or undefined when none waits. */
export const nextExpiry = (a: Arbitration, timeout: Micros): Micros | undefined => {
  let t: Micros | undefined
  for (const h of a.holes) if (t === undefined || h.since + timeout < t) t = h.since + timeout
  return t
}

/**
 * A refresh synchronised with `lastSeqNum` covers everything up to it (spec §4.4: drop cached messages
 * ≤ LastSeqNum). Returns the holes it settled.
 */
export const settleUpTo = (a: Arbitration, lastSeqNum: number): { readonly arbitration: Arbitration; readonly settled: ReadonlyArray<Hole> } => {
  const { kept, removed } = subtract(a.holes, [{ first: -Infinity, last: lastSeqNum }])
  const raise = (v: number | undefined) => Math.max(v ?? lastSeqNum, lastSeqNum)
  return {
    arbitration: { ...a, holes: kept, highest: raise(a.highest), lineHighest: { A: raise(a.lineHighest.A), B: raise(a.lineHighest.B) } },
    settled: removed
  }
}

/**
 * A gateway's store of the business messages it sent on one session, and the replay built from it.
 *
 * DOMAIN §1 Recovery: the gateway replays from the client's NextExpectedSeq (at Logon) or a Resend
 * Request's range; business messages are sent again under their own sequence numbers with PossDup=1, and
 * runs of session messages (Logon, Heartbeat, Test Request, …), which are not stored, are skipped with a
 * Sequence Reset in gap-fill mode.
 *
 * The store is a persistent append-only table (row-log.ts), one row per message in sequence order:
 * storing is O(1) and never copies a day's messages, an Execution Report is kept as numbers
 * (packed-execution.ts) rather than an object, and a replay finds its start by binary search.
 */
import { appendRow, cell, emptyRowLog, keep, keptWith, type RowLog, setCell } from "../../engine/row-log.ts"
import { type OcgWire, wire } from "./messages.ts"
import { EXECUTION_WIDTH, pack, unpack } from "./packed-execution.ts"

// A row: sequence number, host log entry (-1: none), PossResend, kind, then the packed execution.
const SEQ = 0
const INDEX = 1
const POSS_RESEND = 2
const KIND = 3
const REPORT = 4
/** Kinds: an Execution Report packed in the row, or another message kept whole beside it (rare: rejects). */
const PACKED = 0
const KEPT = 1

export type OutboundStore = RowLog

export const emptyStore: OutboundStore = emptyRowLog(REPORT + EXECUTION_WIDTH)

/** `s` with `message` (the next sent business message) stored; `index` is the host log entry it carries. */
export const store = (s: OutboundStore, message: OcgWire, index: number | undefined): OutboundStore => {
  const next = appendRow(s)
  const row = s.length
  setCell(next, row, SEQ, message.seq)
  setCell(next, row, INDEX, index ?? -1)
  setCell(next, row, POSS_RESEND, message.possResend ? 1 : 0)
  if (message._tag === "ExecutionReport") {
    setCell(next, row, KIND, PACKED)
    pack(next, row, REPORT, message.report)
  } else {
    setCell(next, row, KIND, KEPT)
    keep(next, row, message)
  }
  return next
}

/** The first row whose sequence number is `seq` or more (rows are in sequence order). */
const firstFrom = (s: OutboundStore, seq: number): number => {
  let lo = 0
  let hi = s.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (cell(s, mid, SEQ) < seq) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Row `row` as sent again on connection `conn`: PossDup=1. */
const resent = (s: OutboundStore, row: number, compId: string, conn: number): OcgWire => {
  if (cell(s, row, KIND) === KEPT) return { ...(keptWith(s, row) as OcgWire), conn, possDup: true }
  const header = { compId, conn, seq: cell(s, row, SEQ), possDup: true, possResend: cell(s, row, POSS_RESEND) === 1 }
  return wire(header, { _tag: "ExecutionReport", report: unpack(s, row, REPORT) })
}

/**
 * The frames of a replay of `from..to` of session `compId` on connection `conn`: stored business messages with PossDup=1, and
 * one gap-fill Sequence Reset (also PossDup=1) for every run of sequence numbers with nothing stored.
 */
export const replayFrames = (
  s: OutboundStore,
  from: number,
  to: number,
  compId: string,
  conn: number
): ReadonlyArray<OcgWire> => {
  const out: Array<OcgWire> = []
  let cursor = from
  const gapFill = (seq: number, newSeq: number): OcgWire => ({
    _tag: "SequenceReset",
    compId,
    conn,
    seq,
    possDup: true,
    possResend: false,
    gapFill: true,
    newSeq
  })
  for (let row = firstFrom(s, from); row < s.length && cell(s, row, SEQ) <= to; row++) {
    const seq = cell(s, row, SEQ)
    if (seq > cursor) out.push(gapFill(cursor, seq))
    out.push(resent(s, row, compId, conn))
    cursor = seq + 1
  }
  if (cursor <= to) out.push(gapFill(cursor, to + 1))
  return out
}

/**
 * How many host log entries the client has, given that it expects `nextExpected` next: one past the newest
 * stored entry it received, or `base` (what the store started from) when it received none of them.
 */
export const clientHas = (s: OutboundStore, nextExpected: number, base: number): number => {
  for (let row = firstFrom(s, nextExpected) - 1; row >= 0; row--) {
    const index = cell(s, row, INDEX)
    if (index >= 0) return index + 1
  }
  return base
}

/**
 * A gateway's store of the business messages it sent on one session, and the replay built from it.
 *
 * DOMAIN §1 Recovery: the gateway replays from the client's NextExpectedSeq (at Logon) or a Resend
 * Request's range; business messages are sent again under their own sequence numbers with PossDup=1, and
 * runs of session messages (Logon, Heartbeat, Test Request, …), which are not stored, are skipped with a
 * Sequence Reset in gap-fill mode.
 *
 * The store is a persistent list of rows in the gateway's row arena (twin/engine/row-arena.ts), one per
 * message: storing is O(1) and never copies a day's messages, and an Execution Report is kept as numbers
 * (packed-execution.ts) rather than an object. A replay walks back only as far as it reaches.
 */
import { appendOwnedRow, emptyRowList, RowArena, type RowList, rowBefore } from "../../engine/row-arena.ts"
import { type OcgWire, wire } from "./messages.ts"
import { EXECUTION_WIDTH, pack, unpack } from "./packed-execution.ts"

// A row: the link to the message before, sequence number, host log entry (-1: none), PossResend, kind,
// then the packed execution.
const SEQ = 1
const INDEX = 2
const POSS_RESEND = 3
const KIND = 4
const REPORT = 5
/** Kinds: an Execution Report packed in the row, or another message kept whole beside it (rare: rejects). */
const PACKED = 0
const KEPT = 1

export type OutboundStore = RowList

export const emptyStore: OutboundStore = emptyRowList

/** Where a gateway keeps its sessions' stores (one per gateway, shared by every version of its state). */
export const newStoreArena = (): RowArena => new RowArena(REPORT + EXECUTION_WIDTH)

/** `s` with `message` (the next sent business message) stored; `index` is the host log entry it carries. */
export const store = (s: OutboundStore, message: OcgWire, index: number | undefined, arena: RowArena): OutboundStore => {
  const next = appendOwnedRow(s, arena, message.compId)
  const home = next.arena!
  const row = next.last
  home.set(row, SEQ, message.seq)
  home.set(row, INDEX, index ?? -1)
  home.set(row, POSS_RESEND, message.possResend ? 1 : 0)
  if (message._tag === "ExecutionReport") {
    home.set(row, KIND, PACKED)
    pack(home, row, REPORT, message.report, message.compId, next.owner)
  } else {
    home.set(row, KIND, KEPT)
    home.keep(row, message)
  }
  return next
}

/** Row `row` as sent again on connection `conn`: PossDup=1. */
const resent = (arena: RowArena, row: number, compId: string, conn: number): OcgWire => {
  if (arena.get(row, KIND) === KEPT) return { ...(arena.kept(row) as OcgWire), conn, possDup: true }
  const header = { compId, conn, seq: arena.get(row, SEQ), possDup: true, possResend: arena.get(row, POSS_RESEND) === 1 }
  return wire(header, { _tag: "ExecutionReport", report: unpack(arena, row, REPORT) })
}

/** The rows with `from ≤ seq ≤ to`, oldest first (rows are in sequence order). */
const rowsBetween = (s: OutboundStore, from: number, to: number): Array<number> => {
  const out: Array<number> = []
  for (let row = s.last; row >= 0 && s.arena!.get(row, SEQ) >= from; row = rowBefore(s, row)) {
    if (s.arena!.get(row, SEQ) <= to) out.push(row)
  }
  return out.reverse()
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
  for (const row of rowsBetween(s, from, to)) {
    const seq = s.arena!.get(row, SEQ)
    if (seq > cursor) out.push(gapFill(cursor, seq))
    out.push(resent(s.arena!, row, compId, conn))
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
  for (let row = s.last; row >= 0; row = rowBefore(s, row)) {
    if (s.arena!.get(row, SEQ) < nextExpected && s.arena!.get(row, INDEX) >= 0) return s.arena!.get(row, INDEX) + 1
  }
  return base
}

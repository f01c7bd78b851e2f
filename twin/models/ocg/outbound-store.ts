/**
 * A gateway's store of the business messages it sent on one session, and the replay built from it.
 *
 * DOMAIN §1 Recovery: the gateway replays from the client's NextExpectedSeq (at Logon) or a Resend
 * Request's range; business messages are sent again under their own sequence numbers with PossDup=1, and
 * runs of session messages (Logon, Heartbeat, Test Request, …), which are not stored, are skipped with a
 * Sequence Reset in gap-fill mode.
 *
 * The store is a persistent list, newest first: storing is O(1) and shares the rest, so a machine never
 * copies a day's messages to add one; a replay walks back only as far as it reaches.
 */
import type { OcgWire } from "./messages.ts"

export interface Stored {
  readonly message: OcgWire
  /** The host log entry the message carries (an Execution Report), if any. */
  readonly index: number | undefined
  readonly prev: Stored | undefined
}

export const store = (head: Stored | undefined, message: OcgWire, index: number | undefined): Stored => ({ message, index, prev: head })

/** Stored messages with `from ≤ seq ≤ to`, oldest first. */
export const storedBetween = (head: Stored | undefined, from: number, to: number): ReadonlyArray<OcgWire> => {
  const out: Array<OcgWire> = []
  for (let s = head; s !== undefined && s.message.seq >= from; s = s.prev) if (s.message.seq <= to) out.push(s.message)
  return out.reverse()
}

/**
 * The frames of a replay of `from..to` of session `compId` on connection `conn`: stored business messages with PossDup=1, and
 * one gap-fill Sequence Reset (also PossDup=1) for every run of sequence numbers with nothing stored.
 */
export const replayFrames = (
  head: Stored | undefined,
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
  for (const m of storedBetween(head, from, to)) {
    if (m.seq > cursor) out.push(gapFill(cursor, m.seq))
    out.push({ ...m, conn, possDup: true })
    cursor = m.seq + 1
  }
  if (cursor <= to) out.push(gapFill(cursor, to + 1))
  return out
}

/**
 * How many host log entries the client has, given that it expects `nextExpected` next: one past the newest
 * stored entry it received, or `base` (what the store started from) when it received none of them.
 */
export const clientHas = (head: Stored | undefined, nextExpected: number, base: number): number => {
  for (let s = head; s !== undefined; s = s.prev) if (s.message.seq < nextExpected && s.index !== undefined) return s.index + 1
  return base
}

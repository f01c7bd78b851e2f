/**
 * The host side of an OCG-C session: the day's log of business messages for one Comp ID and which gateway
 * holds the session — the part of OCG-C session state that outlives a gateway.
 *
 * What it models (DOMAIN §1 Recovery, Sequence numbers):
 * - Execution Reports generated while the client is away are kept and handed over when it logs on again.
 * - A gateway that held the session and still has its record (`current`) replays from its own store by
 *   sequence number; the host hands it only what it has not stored.
 * - Any other gateway (failover to the secondary, or back to a primary after a spell elsewhere) starts a
 *   fresh record and gets every entry since the last point a Logon proved the client had (`confirmed`).
 *   Entries handed to a gateway before are re-sent with PossResend=1 — "after an OCG-C outage they carry
 *   PossResend=1; deduplicate on ExecID" — entries never handed go with PossResend=0.
 *
 * Assumptions [U]: the OCG-C replicates a session's sequence numbers across its gateways (DOMAIN §1: the
 * client cannot reset; spec §4.6.2.2 the OCG-C retains them through an outage) but not its store of sent
 * messages; the twin models the replicated numbers by letting a gateway without the current record take the
 * client's (its NextExpectedSeq and Logon sequence number). A new claim by another gateway revokes the old
 * holder, since the host cannot tell a crashed gateway from a live one (last claim wins).
 *
 * The log is a persistent list of packed executions in the host's row arena (twin/engine/row-arena.ts), so
 * appending never copies a day's entries and a day of them is not a day of objects for the collector.
 */
import { appendOwnedRow, emptyRowList, RowArena, type RowList, rowBefore, rowsFrom } from "../../engine/row-arena.ts"
import type { Execution } from "./messages.ts"
import { EXECUTION_WIDTH, execIdAt, pack, unpack } from "./packed-execution.ts"

// A row: the link to the entry before, then the packed execution.
const REPORT = 1

/** Where a host keeps its sessions' log entries (one per host, shared by every version of its state). */
export const newLogArena = (): RowArena => new RowArena(REPORT + EXECUTION_WIDTH)

export interface SessionLog {
  /** The entries, oldest first (`entries.length` of them). */
  readonly entries: RowList
  /** The gateway that holds (or last held) the session. */
  readonly owner: string | undefined
  /** Whether the owner has a live connection; entries are handed over only then. */
  readonly attached: boolean
  /** Entries handed to some gateway so far. */
  readonly handed: number
  /** Entries a Logon proved the client had received. */
  readonly confirmed: number
  /** The session has logged on today. */
  readonly known: boolean
}

export const emptyLog: SessionLog = {
  entries: emptyRowList,
  owner: undefined,
  attached: false,
  handed: 0,
  confirmed: 0,
  known: false
}

export interface Handover {
  readonly index: number
  readonly report: Execution
  readonly possResend: boolean
}

/** Entries `from..length-1`, oldest first, each marked PossResend if it was handed over before. */
export const handoversFrom = (log: SessionLog, from: number): ReadonlyArray<Handover> => {
  const rows = rowsFrom(log.entries, from)
  const first = log.entries.length - rows.length
  return rows.map((row, i) => ({ index: first + i, report: unpack(log.entries.arena!, row, REPORT), possResend: first + i < log.handed }))
}

/** Every entry's report, oldest first. */
export const entries = (log: SessionLog): ReadonlyArray<Execution> => handoversFrom(log, 0).map((h) => h.report)

/** How many of the newest entries have an ExecID above `execId` (counted back to the first that has not). */
export const newestAbove = (log: SessionLog, execId: number): number => {
  let n = 0
  for (let row = log.entries.last; row >= 0 && execIdAt(log.entries.arena!, row, REPORT) > execId; row = rowBefore(log.entries, row)) n++
  return n
}

export type AttachResult =
  | { readonly _tag: "refused" }
  | {
    readonly _tag: "attached"
    readonly log: SessionLog
    readonly current: boolean
    readonly start: number
    readonly handovers: ReadonlyArray<Handover>
    /** The gateway that held the session until now and must drop it, if another one. */
    readonly revoke: string | undefined
  }

export interface AttachRequest {
  readonly logonSeq: number
  readonly resume: number | undefined
  readonly clientHas: number | undefined
}

export const attach = (log: SessionLog, gateway: string, request: AttachRequest): AttachResult => {
  // DOMAIN §1 Sequence numbers: "A Logon with a start sequence number above 1 at start of day is dropped."
  if (!log.known && request.logonSeq > 1) return { _tag: "refused" }
  const current = log.owner === gateway && request.resume !== undefined
  const length = log.entries.length
  const start = current ? Math.min(request.resume ?? 0, length) : Math.min(log.confirmed, length)
  const confirmed = current && request.clientHas !== undefined ? Math.max(log.confirmed, request.clientHas) : log.confirmed
  const handovers = handoversFrom(log, start)
  const revoke = log.owner !== undefined && log.owner !== gateway && log.attached ? log.owner : undefined
  return {
    _tag: "attached",
    log: { ...log, owner: gateway, attached: true, handed: length, confirmed, known: true },
    current,
    start,
    handovers,
    revoke
  }
}

/** The owner reports the session gone; a report from a gateway that no longer holds it changes nothing. */
export const detach = (log: SessionLog, gateway: string): SessionLog | undefined =>
  log.owner === gateway && log.attached ? { ...log, attached: false } : undefined

/**
 * Appends `report` to `compId`'s log (a new row in `arena` if the log has none yet); hands it to the owner
 * at once when attached.
 */
export const append = (
  log: SessionLog,
  compId: string,
  report: Execution,
  arena: RowArena
): { readonly log: SessionLog; readonly handover: Handover | undefined } => {
  const entries = appendOwnedRow(log.entries, arena, compId)
  pack(entries.arena!, entries.last, REPORT, report, compId, entries.owner)
  if (!log.attached) return { log: { ...log, entries }, handover: undefined }
  return {
    log: { ...log, entries, handed: entries.length },
    handover: { index: entries.length - 1, report, possResend: false }
  }
}

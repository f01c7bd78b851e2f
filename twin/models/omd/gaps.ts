/**
 * A feed handler's outstanding gaps and where each is being recovered from (DOMAIN §3 "Line arbitration",
 * spec §4 table 2): lost on both lines → the retransmission service, unless the gap is older than the
 * RTS keeps (last 50,000 per channel) or retransmission is used up → refresh. Gaps found while the handler
 * is not in sync (late start, DR) are held until the refresh that brings it into sync, then routed.
 *
 * Without a refresh path (`withoutRefresh`: the channel has none, OMD-CC as modelled, or the handler does
 * not use it) a gap reaching past the retention is split: the RTS is asked for the part it still keeps
 * (within the client's request rules, rts-client.ts) and the older part is lost at once; what the RTS
 * cannot serve (exhausted, refused, no server answered) is lost too — nothing waits for a refresh that
 * cannot come.
 *
 * Every sequence number of a gap ends in exactly one trace event: `omd.recovered` (via `rts` or
 * `refresh`) or `omd.loss.unrecovered` (no recovery path, a Sequence Reset, or the end of the day) —
 * unless the run ends first: then its `omd.gap` is the last word on it (scenarios/checks/open-gaps.ts).
 * A refresh rebuilds the market image, not the messages: `omd.recovered` via refresh says so with
 * `replayed: false`.
 *
 * These functions work on the feed handler's step under construction (`Work`), which they update.
 */
import type { FeedOf, OmdRecoveredData } from "../../contract/kinds-omd.ts"
import type { TraceKind, TraceKinds } from "../../contract/trace-kinds.ts"
import { emit, type Action } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import type { FeedHandlerState } from "./feed-handler.ts"
import type { OmdMessage } from "./messages.ts"
import { merge, span, subtract, type SeqRange } from "./ranges.ts"
import { rtsEnqueue, rtsUsable, type RtsResult } from "./rts-client.ts"

export interface Gap extends SeqRange {
  readonly detectedAt: Micros
  readonly via: "rts" | "refresh" | "held"
}

export interface Work {
  s: FeedHandlerState
  readonly actions: Array<Action<OmdMessage>>
  readonly now: Micros
}

/** The feed handler's flow and channel: every event of a feed handler starts with them. */
export const feedOf = (w: Work): FeedOf => ({ flow: w.s.config.flow, channel: w.s.config.channel })

/** A trace event of the feed handler, about its participant. */
export const note = <K extends TraceKind>(w: Work, kind: K, data: TraceKinds[K]): void => {
  w.actions.push(emit(kind, data, w.s.config.participant))
}

const byFirst = <T extends SeqRange>(a: T, b: T) => a.first - b.first

const unrecovered = (w: Work, pieces: ReadonlyArray<SeqRange>, reason: string): void => {
  for (const p of pieces) {
    note(w, "omd.loss.unrecovered", { ...feedOf(w), first: p.first, last: p.last, size: span(p), reason })
    w.s = { ...w.s, stats: { ...w.s.stats, unrecovered: w.s.stats.unrecovered + span(p) } }
  }
}

/** Takes `ranges` (sorted) out of the outstanding gaps; returns the pieces removed. */
const take = (w: Work, ranges: ReadonlyArray<SeqRange>): Array<Gap> => {
  const { kept, removed } = subtract(w.s.gaps, ranges)
  w.s = { ...w.s, gaps: kept }
  return removed
}

const add = (w: Work, gaps: ReadonlyArray<Gap>): void => {
  if (gaps.length > 0) w.s = { ...w.s, gaps: [...w.s.gaps, ...gaps].sort(byFirst) }
}

export const applyRts = (w: Work, r: RtsResult): void => {
  w.s = { ...w.s, rts: r.client }
  w.actions.push(...r.actions)
  if (r.recovered !== undefined) recover(w, r.recovered, "rts", { endpoint: r.recovered.endpoint })
  if (r.failed.length > 0) {
    const failed = merge([...r.failed].sort(byFirst))
    toRefresh(w, take(w, failed), r.failed[0]!.reason)
  }
}

const toRefresh = (w: Work, pieces: ReadonlyArray<Gap>, reason: string): void => {
  const without = w.s.config.withoutRefresh
  if (without === undefined) add(w, pieces.map((g) => ({ ...g, via: "refresh" as const })))
  else unrecovered(w, pieces, `${reason}; ${without}`)
}

/** Decides where each gap is recovered from (it is already in `gaps` or about to be added). */
const route = (w: Work, pieces: ReadonlyArray<Gap>): void => {
  const c = w.s.config
  if (w.s.sync !== "synced") return add(w, pieces.map((g) => ({ ...g, via: "held" as const })))
  const highest = w.s.arb.highest ?? 0
  const rts: Array<Gap> = []
  const refresh: Array<Gap> = []
  // DOMAIN §3: the RTS keeps the last 50,000 per channel, from `kept`; an older gap can only come from refresh.
  const kept = highest - c.rtsRetention + 1
  for (const g of pieces) {
    if (!rtsUsable(w.s.rts)) refresh.push(g)
    else if (g.first >= kept) rts.push({ ...g, via: "rts" })
    else if (c.withoutRefresh !== undefined && g.last >= kept) {
      // No refresh to wait for: the RTS's part is still worth having.
      refresh.push({ ...g, last: kept - 1 })
      rts.push({ ...g, first: kept, via: "rts" })
    } else refresh.push(g)
  }
  add(w, rts)
  // The reason is written only where there is no refresh path (an unrecovered loss).
  const why = rtsUsable(w.s.rts) ? "older than RTS retention" : w.s.rts.exhausted ? "retransmission exhausted" : "no retransmission server"
  toRefresh(w, refresh, why)
  if (rts.length > 0) applyRts(w, rtsEnqueue(w.s.rts, rts))
}

/** New gaps (lost on both lines, or a hole the other line did not fill in time). */
export const declare = (w: Work, ranges: ReadonlyArray<SeqRange>, reason: string): void => {
  if (ranges.length === 0) return
  for (const r of ranges) note(w, "omd.gap", { ...feedOf(w), first: r.first, last: r.last, size: span(r), reason })
  const size = ranges.reduce((n, r) => n + span(r), 0)
  w.s = { ...w.s, stats: { ...w.s.stats, gaps: w.s.stats.gaps + size } }
  route(w, ranges.map((r) => ({ first: r.first, last: r.last, detectedAt: w.now, via: "held" as const })))
}

/** Routes the gaps held while out of sync, now that the handler is in sync again. */
export const releaseHeld = (w: Work): void => {
  const held = w.s.gaps.filter((g) => g.via === "held")
  if (held.length === 0) return
  w.s = { ...w.s, gaps: w.s.gaps.filter((g) => g.via !== "held") }
  route(w, held)
}

/** `range` arrived (RTS) or is covered (refresh up to LastSeqNum). */
export const recover = (w: Work, range: SeqRange, via: "rts" | "refresh", extra: Pick<OmdRecoveredData, "endpoint" | "lastSeqNum" | "line">): void => {
  for (const g of take(w, [range])) {
    note(w, "omd.recovered", { ...feedOf(w), first: g.first, last: g.last, size: span(g), via, after: w.now - g.detectedAt, replayed: via === "rts", ...extra })
    const stats = w.s.stats
    w.s = { ...w.s, stats: via === "rts" ? { ...stats, recoveredRts: stats.recoveredRts + span(g) } : { ...stats, recoveredRefresh: stats.recoveredRefresh + span(g) } }
  }
}

/** Everything outstanding is lost for good (`reason`: "sequence reset", "end of day"). */
export const abandonAll = (w: Work, reason: string): void => {
  const gaps = w.s.gaps
  w.s = { ...w.s, gaps: [] }
  unrecovered(w, gaps, reason)
}

export const refreshWanted = (s: FeedHandlerState): boolean => s.sync === "awaiting-refresh" || s.gaps.some((g) => g.via === "refresh")

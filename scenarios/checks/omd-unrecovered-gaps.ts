/**
 * `omd-unrecovered-gaps`: market data lost for good stays within `maxGaps` (default 0). Every sequence
 * number a feed handler finds lost on both lines (`omd.gap`) ends in one `omd.recovered` or
 * `omd.loss.unrecovered` (twin/models/omd/gaps.ts) — or is still open when the run ends first (a window
 * ending before the next refresh); this check counts the second kind written in the window — one per range,
 * per participant (a cohort's loss is written once per member) — for one OMD service or both. With
 * `recoverWithin`, a range recovered (`omd.recovered`) later than that after the feed handler found it
 * counts too: its book was stale that long (a recovery path blocked, a slow fallback); and so does a range
 * still open at the verdict that was found longer ago than that — late whatever comes after (open-gaps.ts
 * finds them from the trace). An open range younger than `recoverWithin`, or any open range without it, may
 * still be recovered in time: not judged, but the summary says how many there are.
 * Judged: the participants' channels of the service seen (any OMD event naming one) by the
 * verdict; none — no feed handler of the service in the run — is nothing to check.
 */
import { Effect, Schema } from "effect"
import type { Micros } from "../../twin/engine/time.ts"
import { isKind, type TraceEvent } from "../../twin/contract/trace-event.ts"
import type { CheckKind, Evidence } from "./check.ts"
import { Duration, durationMicros } from "../format/duration.ts"
import { channelName, clock, CountOr, durOver, inWindow, OmdService, omdServiceOf } from "./params.ts"
import { plural } from "../format/plural.ts"
import { OpenGaps } from "./open-gaps.ts"
import { Seen } from "./seen.ts"

export const OmdUnrecoveredGapsParams = Schema.Struct({
  /** `omd-c`, `omd-cc` or `all`. */
  service: Schema.Union([OmdService, Schema.Literal("all")]).pipe(Schema.withDecodingDefaultKey(Effect.succeed("all" as const))),
  maxGaps: CountOr(0),
  /**
   * A range recovered later than this after it was found, or still open at the verdict this long after, counts
   * as a gap (unset: any recovery will do, and a range still open is not judged).
   */
  recoverWithin: Schema.optionalKey(Duration)
})
export type OmdUnrecoveredGapsParams = typeof OmdUnrecoveredGapsParams.Type

interface Unrecovered {
  /** When the range was closed (lost or recovered), or the verdict's instant for one still open. */
  readonly t: Micros
  readonly participant: string
  readonly service: string
  readonly flow: string
  readonly channel: string
  readonly first: number
  readonly last: number
  readonly size: number
  readonly reason: string
  /** Recovered, but `after` µs after it was found (over `recoverWithin`); undefined: lost for good or open. */
  readonly lateBy?: { readonly after: Micros; readonly via: string }
  /** Still open at the verdict, found `age` µs before it (over `recoverWithin`). */
  readonly openFor?: Micros
}

export const omdUnrecoveredGaps: CheckKind<OmdUnrecoveredGapsParams> = {
  kind: "omd-unrecovered-gaps",
  description: "At most `maxGaps` (default 0) OMD sequence ranges lost for good (`omd.loss.unrecovered`) per the service; with `recoverWithin`, also those recovered, or still open at the verdict, later than that.",
  namesHarmed: true,
  params: OmdUnrecoveredGapsParams,
  validate: () => [],
  make: (params, ctx) => {
    const lost: Array<Unrecovered> = []
    const within = params.recoverWithin === undefined ? undefined : durationMicros(params.recoverWithin)
    /** Each participant's channel, from the first omd.* event naming it. */
    const channels = new Seen()
    /** Ranges found and not yet closed, from the run's first line (one found before the window may stay open in it). */
    const open = new OpenGaps()
    const observe = (e: TraceEvent): void => {
      if (!e.kind.startsWith("omd.") || typeof e.data.channel !== "string") return
      const service = omdServiceOf(e.data.channel)
      if (service === undefined || (params.service !== "all" && service !== params.service)) return
      const key = `${e.subject}|${e.data.channel}`
      channels.note(key, e.t)
      // After the window nothing it judges changes: a range closed later was still open at its end.
      if (e.t > ctx.window.to) return
      if (isKind(e, "omd.gap")) open.found(e.subject, e.data.flow, e.data.channel, e.data.first, e.data.last, e.t)
      else if (isKind(e, "omd.recovered") || isKind(e, "omd.loss.unrecovered")) open.closed(e.subject, e.data.channel, e.data.first, e.data.last)
      if (e.t < ctx.window.from) return
      if (isKind(e, "omd.loss.unrecovered")) {
        const d = e.data
        lost.push({ t: e.t, participant: e.subject, service, flow: d.flow, channel: d.channel, first: d.first, last: d.last, size: d.size, reason: d.reason })
      } else if (isKind(e, "omd.recovered") && within !== undefined && e.data.after > within) {
        const d = e.data
        const lateBy = { after: d.after, via: d.via }
        lost.push({ t: e.t, participant: e.subject, service, flow: d.flow, channel: d.channel, first: d.first, last: d.last, size: d.size, reason: "", lateBy })
      }
    }
    /**
     * The ranges still open at `end`: over `recoverWithin` since found, late whatever comes (counted); the
     * rest may still be recovered in time (only how many).
     */
    const stillOpen = (end: Micros): { readonly late: Array<Unrecovered>; readonly pending: number } => {
      const late: Array<Unrecovered> = []
      let pending = 0
      for (const c of open.open()) {
        const service = omdServiceOf(c.channel)!
        for (const g of c.gaps) {
          if (g.foundAt > end) continue
          const age = end - g.foundAt
          if (within === undefined || age <= within) pending++
          else late.push({ t: end, participant: c.participant, service, flow: c.flow, channel: c.channel, first: g.first, last: g.last, size: g.last - g.first + 1, reason: "", openFor: age })
        }
      }
      return { late, pending }
    }
    return {
      observe,
      verdict: (now) => {
        const end = Math.min(now, ctx.window.to)
        const { late: openLate, pending } = stillOpen(end)
        const judged = [...lost.filter((u) => inWindow(u.t, ctx.window, now)), ...openLate]
        const seqs = judged.reduce((n, u) => n + u.size, 0)
        const participants = new Set(judged.map((u) => u.participant)).size
        const late = judged.filter((u) => u.lateBy !== undefined).length
        const unrecovered = `${plural(judged.length - late, "unrecovered gap")}${openLate.length === 0 ? "" : ` (${openLate.length} still open after ${params.recoverWithin})`}`
        const counted = `${unrecovered}${params.recoverWithin === undefined ? "" : ` and ${late} recovered later than ${params.recoverWithin}`}`
        const notJudged = pending === 0
          ? ""
          : `; ${plural(pending, "range")} still open at ${clock(end)}, not judged (${
            params.recoverWithin === undefined ? "no recoverWithin" : `found within ${params.recoverWithin}`
          })`
        const figure = `${counted} (${plural(seqs, "seq")}, ${plural(participants, "participant")}; max ${params.maxGaps})${notJudged}`
        const seen = channels.countBy(now, ctx.window)
        if (judged.length <= params.maxGaps) return { verdict: "pass", summary: figure, evidence: [], judged: seen }
        const range = (u: Unrecovered) => `${u.first === u.last ? `seq ${u.first}` : `seqs ${u.first}–${u.last} (${u.size})`} on channel ${channelName(u.channel)}`
        const evidence: Array<Evidence> = [...judged]
          .sort((a, b) => b.size - a.size || a.t - b.t || (a.participant < b.participant ? -1 : 1))
          .map((u) => {
            const at = { participant: u.participant, service: u.service, subject: u.flow }
            // A late recovery spans the time the book was stale: from when the range was found to its
            // recovery; an open one from when it was found, still so at the verdict (no `to`).
            if (u.openFor !== undefined) {
              return { ...at, from: u.t - u.openFor, detail: `${range(u)} not recovered by ${clock(u.t)}, ${durOver(u.openFor, within ?? 0)} after it was found (within ${params.recoverWithin})` }
            }
            if (u.lateBy !== undefined) {
              return { ...at, from: u.t - u.lateBy.after, to: u.t, detail: `${range(u)} recovered via ${u.lateBy.via} only at ${clock(u.t)}, ${durOver(u.lateBy.after, within ?? 0)} after it was found (within ${params.recoverWithin})` }
            }
            return { ...at, from: u.t, to: u.t, detail: `${range(u)} lost for good at ${clock(u.t)}: ${u.reason}` }
          })
        return { verdict: "fail", summary: figure, evidence, judged: seen }
      }
    }
  }
}

/**
 * `omd-unrecovered-gaps`: market data lost for good stays within `maxGaps` (default 0). Every sequence
 * number a feed handler finds lost on both lines ends in exactly one `omd.recovered` or
 * `omd.loss.unrecovered` (twin/models/omd/gaps.ts); this check counts the second kind written in the
 * window — one per range, per participant (a cohort's loss is written once per member) — for one OMD
 * service or both. With `recoverWithin`, a range recovered (`omd.recovered`) later than that after the feed
 * handler found it counts too: its book was stale that long (a recovery path blocked, a slow fallback).
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
import { Seen } from "./seen.ts"

export const OmdUnrecoveredGapsParams = Schema.Struct({
  /** `omd-c`, `omd-cc` or `all`. */
  service: Schema.Union([OmdService, Schema.Literal("all")]).pipe(Schema.withDecodingDefaultKey(Effect.succeed("all" as const))),
  maxGaps: CountOr(0),
  /** A range recovered later than this after it was found counts as a gap (unset: any recovery will do). */
  recoverWithin: Schema.optionalKey(Duration)
})
export type OmdUnrecoveredGapsParams = typeof OmdUnrecoveredGapsParams.Type

interface Unrecovered {
  readonly t: Micros
  readonly participant: string
  readonly service: string
  readonly flow: string
  readonly channel: string
  readonly first: number
  readonly last: number
  readonly size: number
  readonly reason: string
  /** Recovered, but `after` µs after it was found (over `recoverWithin`); undefined: lost for good. */
  readonly lateBy?: { readonly after: Micros; readonly via: string }
}

export const omdUnrecoveredGaps: CheckKind<OmdUnrecoveredGapsParams> = {
  kind: "omd-unrecovered-gaps",
  description: "At most `maxGaps` (default 0) OMD sequence ranges lost for good (`omd.loss.unrecovered`) per the service.",
  namesHarmed: true,
  params: OmdUnrecoveredGapsParams,
  validate: () => [],
  make: (params, ctx) => {
    const lost: Array<Unrecovered> = []
    const within = params.recoverWithin === undefined ? undefined : durationMicros(params.recoverWithin)
    /** Each participant's channel, from the first omd.* event naming it. */
    const channels = new Seen()
    const observe = (e: TraceEvent): void => {
      if (!e.kind.startsWith("omd.") || typeof e.data.channel !== "string") return
      const service = omdServiceOf(e.data.channel)
      if (service === undefined || (params.service !== "all" && service !== params.service)) return
      const key = `${e.subject}|${e.data.channel}`
      channels.note(key, e.t)
      if (e.t < ctx.window.from || e.t > ctx.window.to) return
      if (isKind(e, "omd.loss.unrecovered")) {
        const d = e.data
        lost.push({ t: e.t, participant: e.subject, service, flow: d.flow, channel: d.channel, first: d.first, last: d.last, size: d.size, reason: d.reason })
      } else if (isKind(e, "omd.recovered") && within !== undefined && e.data.after > within) {
        const d = e.data
        const lateBy = { after: d.after, via: d.via }
        lost.push({ t: e.t, participant: e.subject, service, flow: d.flow, channel: d.channel, first: d.first, last: d.last, size: d.size, reason: "", lateBy })
      }
    }
    return {
      observe,
      verdict: (now) => {
        const judged = lost.filter((u) => inWindow(u.t, ctx.window, now))
        const seqs = judged.reduce((n, u) => n + u.size, 0)
        const participants = new Set(judged.map((u) => u.participant)).size
        const late = judged.filter((u) => u.lateBy !== undefined).length
        const counted = `${plural(judged.length - late, "unrecovered gap")}${params.recoverWithin === undefined ? "" : ` and ${late} recovered later than ${params.recoverWithin}`}`
        const figure = `${counted} (${plural(seqs, "seq")}, ${plural(participants, "participant")}; max ${params.maxGaps})`
        const seen = channels.countBy(now, ctx.window)
        if (judged.length <= params.maxGaps) return { verdict: "pass", summary: figure, evidence: [], judged: seen }
        const evidence: Array<Evidence> = [...judged]
          .sort((a, b) => b.size - a.size || a.t - b.t || (a.participant < b.participant ? -1 : 1))
          .map((u) => ({
            participant: u.participant,
            service: u.service,
            subject: u.flow,
            // A late recovery spans the time the book was stale: from when the range was found to its recovery.
            from: u.lateBy === undefined ? u.t : u.t - u.lateBy.after,
            to: u.t,
            detail: `${u.first === u.last ? `seq ${u.first}` : `seqs ${u.first}–${u.last} (${u.size})`} on channel ${channelName(u.channel)} ${
              u.lateBy === undefined
                ? `lost for good at ${clock(u.t)}: ${u.reason}`
                : `recovered via ${u.lateBy.via} only at ${clock(u.t)}, ${durOver(u.lateBy.after, within ?? 0)} after it was found (within ${params.recoverWithin})`
            }`
          }))
        return { verdict: "fail", summary: figure, evidence, judged: seen }
      }
    }
  }
}

/**
 * `omd-dual-line-loss`: no participant is without market data on a channel — both lines lost — for longer
 * than `max`. DOMAIN §3: every channel runs on line A and line B so that one line's loss costs nothing; this
 * check measures what the participant's feed handler saw when the second line went too.
 *
 * Measured per participant and channel from the feed handler's own events (twin/models/omd/feed-handler.ts,
 * gaps.ts), as the union of:
 * - both lines silent (`omd.line`; a line counts as silent from when it was last heard, `t − silentFor`);
 * - sequence numbers lost on both lines and not yet recovered (`omd.gap` until the matching `omd.recovered`
 *   or `omd.loss.unrecovered`: the book is stale until then);
 * - out of sync (`omd.sync` awaiting-refresh or dr: caches cleared, waiting for a refresh).
 * A feed handler is starting until its first `synced`: a run that opens mid-day joins late and syncs from
 * refresh, which is not a loss (its held gaps count from the sync on if still missing); both lines silent
 * count even then. Cohorts share a feed handler, and its events are written once per member, so every
 * member is judged. Judged: the participants' channels of the service seen by the verdict; none is nothing
 * to check.
 */
import { Effect, Schema } from "effect"
import type { TraceEvent } from "../../twin/engine/trace.ts"
import type { CheckKind, Evidence } from "./check.ts"
import { channelName, dur, DurationOr, OmdService, omdServiceOf } from "./params.ts"
import { plural } from "../format/plural.ts"
import { Spells } from "./spells.ts"
import { durationMicros } from "../format/duration.ts"
import type { Micros } from "../../twin/engine/time.ts"

export const OmdDualLineLossParams = Schema.Struct({
  service: OmdService.pipe(Schema.withDecodingDefaultKey(Effect.succeed("omd-c"))),
  max: DurationOr("0s")
})
export type OmdDualLineLossParams = typeof OmdDualLineLossParams.Type

interface ChannelState {
  silentA: Micros | undefined
  silentB: Micros | undefined
  outstanding: number
  outOfSync: string | undefined
  synced: boolean
}

interface Loss {
  readonly participant: string
  readonly flow: string
  readonly channel: string
  silent: boolean
  seqs: number
  sync: string | undefined
}

const bothSilentSince = (c: ChannelState): Micros | undefined =>
  c.silentA !== undefined && c.silentB !== undefined ? Math.max(c.silentA, c.silentB) : undefined

const lossy = (c: ChannelState): boolean =>
  bothSilentSince(c) !== undefined || (c.synced && (c.outstanding > 0 || c.outOfSync !== undefined))

const detailOf = (l: Loss, duration: Micros, open: boolean): string => {
  const causes: Array<string> = []
  if (l.silent) causes.push("both lines silent")
  if (l.seqs > 0) causes.push(`${l.seqs} seqs lost on both lines`)
  if (l.sync !== undefined) causes.push(`out of sync (${l.sync})`)
  return `both lines lost ${dur(duration)}${open ? " so far" : ""} on channel ${channelName(l.channel)}: ${causes.join("; ")}`
}

export const omdDualLineLoss: CheckKind<OmdDualLineLossParams> = {
  kind: "omd-dual-line-loss",
  description: "No participant loses both lines of an OMD channel (both silent, a gap on both, out of sync) for longer than `max`.",
  params: OmdDualLineLossParams,
  validate: () => [],
  make: (params, ctx) => {
    const max = durationMicros(params.max)
    const spells = new Spells<Loss>(ctx.window, max)
    const channels = new Map<string, ChannelState>()
    /** When each participant's channel was first seen, in trace order. */
    const firstSeen: Array<Micros> = []
    let now: Micros = 0

    const stateOf = (key: string): ChannelState => {
      let c = channels.get(key)
      if (c === undefined) firstSeen.push(now)
      if (c === undefined) channels.set(key, (c = { silentA: undefined, silentB: undefined, outstanding: 0, outOfSync: undefined, synced: false }))
      return c
    }

    const observe = (e: TraceEvent): void => {
      switch (e.kind) {
        case "omd.line":
        case "omd.gap":
        case "omd.recovered":
        case "omd.loss.unrecovered":
        case "omd.sync":
          break
        default:
          return
      }
      const d = e.data as { readonly channel: string; readonly flow: string }
      if (omdServiceOf(d.channel) !== params.service) return
      const key = `${e.subject}|${d.channel}`
      now = e.t
      const c = stateOf(key)
      const was = lossy(c)
      const wasSilent = bothSilentSince(c)
      let startAt = e.t
      switch (e.kind) {
        case "omd.line": {
          const l = e.data as { readonly line: string; readonly state: string; readonly silentFor: number }
          const since = l.state === "silent" ? e.t - l.silentFor : undefined
          if (l.line === "A") c.silentA = since
          else c.silentB = since
          break
        }
        case "omd.gap":
          c.outstanding += e.data.size as number
          break
        case "omd.recovered":
        case "omd.loss.unrecovered":
          c.outstanding = Math.max(0, c.outstanding - (e.data.size as number))
          break
        case "omd.sync": {
          const state = e.data.state as string
          if (state === "synced") {
            c.synced = true
            c.outOfSync = undefined
          } else if (state === "awaiting-refresh" || state === "dr") c.outOfSync = e.data.reason as string
          break
        }
      }
      const silentNow = bothSilentSince(c)
      if (silentNow !== undefined && wasSilent === undefined) startAt = silentNow
      const is = lossy(c)
      if (is && (!was || startAt < e.t)) {
        const spell = spells.start(key, startAt, () => ({ participant: e.subject, flow: d.flow, channel: d.channel, silent: false, seqs: 0, sync: undefined }))
        note(spell.meta, c, e)
      } else if (is) {
        const spell = spells.get(key)
        if (spell !== undefined) note(spell.meta, c, e)
      } else if (was) spells.end(key, e.t)
    }

    const note = (l: Loss, c: ChannelState, e: TraceEvent): void => {
      if (bothSilentSince(c) !== undefined) l.silent = true
      if (e.kind === "omd.gap") l.seqs += e.data.size as number
      if (c.synced && c.outOfSync !== undefined) l.sync = c.outOfSync
    }

    return {
      observe,
      verdict: (now) => {
        const { longest, offenders } = spells.judge(now)
        const evidence: Array<Evidence> = offenders.map((o) => ({
          participant: o.spell.meta.participant,
          service: params.service,
          subject: o.spell.meta.flow,
          from: o.from,
          ...(o.to === undefined ? {} : { to: o.to }),
          detail: detailOf(o.spell.meta, o.duration, o.to === undefined)
        }))
        const participants = new Set(offenders.map((o) => o.spell.meta.participant)).size
        const figure = `longest ${params.service} dual-line loss ${dur(longest)} (max ${params.max})`
        const end = Math.min(now, ctx.window.to)
        const judged = firstSeen.filter((t) => t <= end).length
        return offenders.length === 0
          ? { verdict: "pass", summary: figure, evidence, judged }
          : { verdict: "fail", summary: `${figure}: ${plural(participants, "participant")} over`, evidence, judged }
      }
    }
  }
}

/**
 * `omd-dual-line-loss`: no participant is without market data on a channel — nothing received on either
 * line — for longer than `max`. DOMAIN §3: every channel runs on line A and line B so that one line's loss
 * costs nothing; this check measures the time a participant's feed handler went without any message when
 * the second line went too.
 *
 * Measured per participant and channel from the feed handler's own events (twin/models/omd/feed-handler.ts):
 * - `omd.blackout.start`: nothing on either line for more than `blackoutAfter` (2.5 s) since `from`, the
 *   last message: the spell is open from `from`, so an outage still under way when the verdict is taken
 *   counts too, however much shorter than the silence timer (`silentAfter`, 6 s);
 * - `omd.blackout`: a message arrived `duration` after the last one on either line (`from`): the spell is
 *   `[from, t]`, the time from the last message received to the next, whatever the silence timer did — the
 *   same outage gives the same spell to every subscriber behind it, and one shorter than the silence timer
 *   is measured at its length;
 * - both lines silent (`omd.line`, a line counting from when it was last heard, `t − silentFor`): the
 *   spell is open from the last message (as `omd.blackout.start` opened it already, with the default
 *   timers); a line alive again closes it, as the `omd.blackout` at that arrival does.
 * Recovery of sequence numbers lost on both lines (RTS, refresh) is not time without market data: the
 * messages after them kept arriving (`omd-unrecovered-gaps` judges what is never recovered).
 * Cohorts share a feed handler, and its events are written once per member, so every member is judged.
 * Judged: the participants' channels of the service seen (any OMD event naming one) by the verdict; none is
 * nothing to check.
 */
import { Effect, Schema } from "effect"
import { isKind, type TraceEvent } from "../../twin/contract/trace-event.ts"
import type { CheckKind, Evidence } from "./check.ts"
import { channelName, DurationOr, durOver, OmdService, omdServiceOf } from "./params.ts"
import { plural } from "../format/plural.ts"
import { Spells } from "./spells.ts"
import { durationMicros } from "../format/duration.ts"
import type { Micros } from "../../twin/engine/time.ts"
import { Seen } from "./seen.ts"

export const OmdDualLineLossParams = Schema.Struct({
  service: OmdService.pipe(Schema.withDecodingDefaultKey(Effect.succeed("omd-c"))),
  max: DurationOr("0s")
})
export type OmdDualLineLossParams = typeof OmdDualLineLossParams.Type

interface ChannelState {
  silentA: Micros | undefined
  silentB: Micros | undefined
}

interface Blackout {
  readonly participant: string
  readonly flow: string
  readonly channel: string
}

const detailOf = (b: Blackout, duration: Micros, open: boolean, max: Micros): string =>
  `no market data on either line for ${durOver(duration, max)}${open ? " so far" : ""} on channel ${channelName(b.channel)}`

export const omdDualLineLoss: CheckKind<OmdDualLineLossParams> = {
  kind: "omd-dual-line-loss",
  description: "No participant goes without market data on an OMD channel (nothing received on either line) for longer than `max`.",
  namesHarmed: true,
  params: OmdDualLineLossParams,
  validate: () => [],
  // A spell runs from the last message heard, before what silenced the lines.
  evidenceDatedBack: true,
  make: (params, ctx) => {
    const max = durationMicros(params.max)
    const spells = new Spells<Blackout>(ctx.window, max)
    const channels = new Map<string, ChannelState>()

    const seen = new Seen()

    const observe = (e: TraceEvent): void => {
      if (!e.kind.startsWith("omd.")) return
      const channel = e.data.channel
      if (typeof channel !== "string" || omdServiceOf(channel) !== params.service) return
      const key = `${e.subject}|${channel}`
      seen.note(key, e.t)
      if (isKind(e, "omd.blackout.start")) {
        const flow = e.data.flow
        spells.start(key, e.data.from, () => ({ participant: e.subject, flow, channel }))
        return
      }
      if (isKind(e, "omd.blackout")) {
        const flow = e.data.flow
        spells.start(key, e.data.from, () => ({ participant: e.subject, flow, channel }))
        spells.end(key, e.t)
        return
      }
      if (!isKind(e, "omd.line")) return
      const flow = e.data.flow
      const meta = () => ({ participant: e.subject, flow, channel })
      let c = channels.get(key)
      if (c === undefined) channels.set(key, (c = { silentA: undefined, silentB: undefined }))
      const l = e.data
      const since = l.state === "silent" ? e.t - l.silentFor : undefined
      if (l.line === "A") c.silentA = since
      else c.silentB = since
      if (c.silentA !== undefined && c.silentB !== undefined) spells.start(key, Math.max(c.silentA, c.silentB), meta)
      // One line found silent while the other is not yet (or never) ends nothing: a blackout may be open.
      else if (l.state === "alive") spells.end(key, e.t)
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
          detail: detailOf(o.spell.meta, o.duration, o.to === undefined, max)
        }))
        const participants = new Set(offenders.map((o) => o.spell.meta.participant)).size
        const figure = `longest ${params.service} dual-line loss ${durOver(longest, max)} (max ${params.max})`
        const judged = seen.countBy(now, ctx.window)
        return offenders.length === 0
          ? { verdict: "pass", summary: figure, evidence, judged }
          : { verdict: "fail", summary: `${figure}: ${plural(participants, "participant")} over`, evidence, judged }
      }
    }
  }
}

/**
 * `health`: the generic service-level objective over the `health` events (twin/world/health.ts): no
 * participant's service is worse than `worst` for longer than `maxDuration`, except for at most
 * `maxParticipants` participants. `worst: served-without-redundancy` (the default) means nothing degraded
 * or down; `worst: served` also asks for redundancy throughout.
 *
 * Health events are written only on a change, and the tracker already treats sessions still logging on at
 * the opening of the run as starting (their first events carry `previous: null`), so the check folds them
 * as they are: a spell opens at the event that makes a participant's service worse than `worst` and closes
 * at the one that brings it back. Restrict to one service (`service`, default `all`) and to some
 * participants (`participants`).
 *
 * `worst: as-before` judges each participant and service against its own status when the window opened —
 * the PRT question "is anyone worse off than before the phase?" — so the participants who were already
 * without redundancy (a single circuit) do not fail it, while one who lost a line does. A window that opens
 * with the run starts from each one's status by design (its first event's `design`), so one a fault harms
 * from the opening instant fails it too.
 *
 * Evidence says what each part of a spell was: a spell is the time worse than `worst`, but it may be
 * degraded for a while and down for another, each for its own reason. The detail gives the time in each
 * status (worst first: "down 40s and degraded 2m10s") and each status change with the cause written at
 * that instant ("degraded from 10:00:00: …; down from 10:00:05: …"), never one status or one cause
 * stretched over the whole spell (issue 13, defect 7). When the words change while the status stays (a
 * `health.cause` event), the new words follow with their instant ("down from 10:00:00: …; from 10:00:05: …").
 *
 * Judged: the participant-services (of `service`, among `participants`) with a status by the verdict; none
 * — a service no participant has, or only participants without it — is nothing to check.
 */
import { Effect, Schema } from "effect"
import type { EstateModel } from "../../topology/model.ts"
import { baselineOf } from "../../twin/contract/health.ts"
import type { HealthData } from "../../twin/contract/kinds-world.ts"
import { isKind, type TraceEvent } from "../../twin/contract/trace-event.ts"
import { durationMicros, formatDurationExact, parseDuration } from "../format/duration.ts"
import type { CheckKind, Evidence } from "./check.ts"
import { clock, CountOr, dur, DurationOr, durOver, HealthStatus, Service, statusRank, unknownParticipants } from "./params.ts"
import type { Micros } from "../../twin/engine/time.ts"
import { plural } from "../format/plural.ts"
import { Spells } from "./spells.ts"
import { Seen } from "./seen.ts"

export const HealthParams = Schema.Struct({
  service: Schema.Union([Service, Schema.Literal("all")]).pipe(Schema.withDecodingDefaultKey(Effect.succeed("all" as const))),
  /** The worst status allowed, or `as-before`: no worse than at the window's opening. */
  worst: Schema.Union([HealthStatus, Schema.Literal("as-before")]).pipe(
    Schema.withDecodingDefaultKey(Effect.succeed("served-without-redundancy" as const))
  ),
  maxDuration: DurationOr("0s"),
  participants: Schema.optionalKey(Schema.Array(Schema.String)),
  maxParticipants: CountOr(0)
})
export type HealthParams = typeof HealthParams.Type

/** One status a spell was in, from `from` until the next segment (or the spell's end), and why. */
interface Segment {
  readonly from: Micros
  readonly status: HealthStatus
  readonly cause: string
}

interface Bad {
  readonly participant: string
  readonly service: string
  /** Every status change while the spell was open, in time order. */
  readonly segments: Array<Segment>
}

/** The segments of a spell judged up to `end`: those after it (events after the verdict or the window) are not part of it. */
const upTo = (segments: ReadonlyArray<Segment>, from: Micros, end: Micros): ReadonlyArray<Segment> =>
  segments.filter((s) => s.from < end || s.from === from)

/** The worst status in `segments` (the evidence's rank). */
const worstOf = (segments: ReadonlyArray<Segment>): number => Math.max(...segments.map((s) => statusRank[s.status]))

/** Status changes named in a detail; the rest are counted. */
const SEGMENTS_SHOWN = 4

/**
 * The spell `[from, end)` in words (`seen`: its segments up to `end`): time per status, worst first, then each
 * status change with its cause. The times are to the microsecond when, to the millisecond, a spell over
 * `maxDuration` would add up to it or less.
 */
const describeSpell = (seen: ReadonlyArray<Segment>, from: Micros, end: Micros, open: boolean, limit: string, maxDuration: Micros): string => {
  const spent = new Map<HealthStatus, number>()
  seen.forEach((s, i) => {
    const a = Math.max(s.from, from)
    const b = Math.min(seen[i + 1]?.from ?? end, end)
    spent.set(s.status, (spent.get(s.status) ?? 0) + Math.max(0, b - a))
  })
  const total = [...spent.values()].reduce((a, b) => a + b, 0)
  const saidTotal = [...spent.values()].reduce((a, us) => a + parseDuration(dur(us))!, 0)
  const say = total > maxDuration && saidTotal <= maxDuration ? (us: Micros) => formatDurationExact(Math.round(us)) : dur
  const times = [...spent.entries()]
    .sort((a, b) => statusRank[b[0]] - statusRank[a[0]])
    .map(([status, us]) => `${status} ${say(us)}`)
    .join(" and ")
  const so = `${times}${open ? " so far" : ""} (worse than ${limit})`
  if (seen.length === 1) return `${so}: ${seen[0]!.cause}`
  const changes = seen.slice(0, SEGMENTS_SHOWN).map((s, i) =>
    `${i > 0 && seen[i - 1]!.status === s.status ? "" : `${s.status} `}from ${clock(Math.max(s.from, from))}: ${s.cause}`)
  const more = seen.length > SEGMENTS_SHOWN ? [`… ${plural(seen.length - SEGMENTS_SHOWN, "more change")}`] : []
  return `${so}: ${[...changes, ...more].join("; ")}`
}

export const health: CheckKind<HealthParams> = {
  kind: "health",
  description: "No participant's service worse than `worst` for longer than `maxDuration`, for more than `maxParticipants` participants.",
  params: HealthParams,
  validate: (params, model: EstateModel) => unknownParticipants(params.participants, model, "participants"),
  make: (params, ctx) => {
    const asBefore = params.worst === "as-before"
    const fixed = params.worst === "as-before" ? 0 : statusRank[params.worst]
    /** Latest status per participant|service, and (as-before) the status each had when the window opened. */
    const current = new Map<string, HealthStatus>()
    /** When each participant|service's status was first written. */
    const known = new Seen()
    const baseline = new Map<string, HealthStatus>()
    /**
     * When the window opens with the run, a participant's baseline is its status by design, told on its first
     * event (`previous: null`, twin/contract/health.ts `baselineOf`): a fault in force from the opening is
     * not "as before". A window opening later starts from the status then.
     */
    const allowedFor = (key: string, t: number, data: Pick<HealthData, "status" | "previous" | "design">): number | undefined => {
      if (!asBefore) return fixed
      if (t < ctx.window.from) return undefined
      let base = baseline.get(key)
      if (base === undefined) baseline.set(key, (base = current.get(key) ?? (data.previous === null ? baselineOf(data) : "served")))
      return statusRank[base]
    }
    const only = params.participants === undefined ? undefined : new Set(params.participants)
    const maxDuration = durationMicros(params.maxDuration)
    const spells = new Spells<Bad>(ctx.window, maxDuration)

    const observe = (e: TraceEvent): void => {
      if (!isKind(e, "health") && !isKind(e, "health.cause")) return
      const service = e.data.service
      if (params.service !== "all" && service !== params.service) return
      if (only !== undefined && !only.has(e.subject)) return
      if (isKind(e, "health.cause")) {
        // New words for the status an open spell is in: a segment of its own, so the evidence names them
        // from when they were true.
        const open = spells.get(`${e.subject}|${service}`)
        const last = open?.meta.segments.at(-1)
        if (open !== undefined && last !== undefined && last.status === e.data.status) open.meta.segments.push({ from: e.t, status: last.status, cause: e.data.cause })
        return
      }
      const status = e.data.status
      const key = `${e.subject}|${service}`
      known.note(key, e.t)
      const allowed = allowedFor(key, e.t, e.data)
      current.set(key, status)
      if (allowed === undefined) return
      if (statusRank[status] <= allowed) {
        spells.end(key, e.t)
        return
      }
      const spell = spells.start(key, e.t, () => ({ participant: e.subject, service, segments: [] }))
      spell.meta.segments.push({ from: e.t, status, cause: e.data.cause })
    }

    return {
      observe,
      verdict: (now) => {
        const { longest, offenders } = spells.judge(now)
        // Worst status reached by the verdict first (down before degraded before without redundancy), then
        // longest (spells' order).
        const ranked = offenders
          .map((o, i) => ({ o, i, seen: upTo(o.spell.meta.segments, o.from, o.from + o.duration) }))
          .sort((a, b) => worstOf(b.seen) - worstOf(a.seen) || a.i - b.i)
        const evidence: Array<Evidence> = ranked.map(({ o, seen }) => ({
          participant: o.spell.meta.participant,
          service: o.spell.meta.service,
          from: o.from,
          ...(o.to === undefined ? {} : { to: o.to }),
          detail: describeSpell(seen, o.from, o.from + o.duration, o.to === undefined, asBefore ? "before" : params.worst, maxDuration)
        }))
        const participants = new Set(ranked.map(({ o }) => o.spell.meta.participant)).size
        const scope = params.service === "all" ? "any service" : params.service
        const limit = asBefore ? "before the window" : params.worst
        const summary = `${plural(participants, "participant")} worse than ${limit} on ${scope} for over ${params.maxDuration} ` +
          `(max ${params.maxParticipants}); longest ${durOver(longest, maxDuration)}`
        const judged = known.countBy(now, ctx.window)
        return { verdict: participants > params.maxParticipants ? "fail" : "pass", summary, evidence, judged }
      }
    }
  }
}

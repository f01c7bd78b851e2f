/**
 * What several check kinds share: parameter schemas with defaults, the estate checks on them, and the
 * wording of figures in summaries and evidence. One place, so every check reads and reports the same way.
 */
import { HEALTH_STATUSES } from "../../twin/contract/health.ts"
import { Effect, Schema } from "effect"
import { type InputIssue, issue } from "../../topology/input-issue.ts"
import type { EstateModel } from "../../topology/model.ts"
import { Service } from "../../topology/schema.ts"
import { formatTimeOfDay, type Micros } from "../../twin/engine/time.ts"
import { Duration, formatDuration, formatDurationExact, parseDuration } from "../format/duration.ts"

export { Service }

/** A duration parameter that may be left out: `default` as written in a scenario (`"0s"`, `"5m"`). */
export const DurationOr = (fallback: string) => Duration.pipe(Schema.withDecodingDefaultKey(Effect.succeed(fallback)))

export const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0, { expected: "a whole number ≥ 0" }))
export const CountOr = (fallback: number) => NonNegativeInt.pipe(Schema.withDecodingDefaultKey(Effect.succeed(fallback)))

export const OmdService = Schema.Literals(["omd-c", "omd-cc"])
export type OmdService = typeof OmdService.Type

export const HealthStatus = Schema.Literals(HEALTH_STATUSES)
export type HealthStatus = typeof HealthStatus.Type
export { healthRank as statusRank } from "../../twin/contract/health.ts"

/** Participant ids that the estate does not have, as issues at `path[i]`. */
export const unknownParticipants = (ids: ReadonlyArray<string> | undefined, model: EstateModel, path: string): ReadonlyArray<InputIssue> =>
  (ids ?? []).flatMap((id, i) =>
    model.participantById.has(id) ? [] : [issue(`${path}[${i}]`, `a participant of ${model.file.name}`, JSON.stringify(id))]
  )

/** The OMD service a feed-handler channel belongs to: `omdc/SS` → omd-c, `omdcc/CC` → omd-cc. */
export const omdServiceOf = (channel: string): OmdService | undefined =>
  channel.startsWith("omdcc/") ? "omd-cc" : channel.startsWith("omdc/") ? "omd-c" : undefined

/** `omdc/SS` → `SS` (the channel group as people name it). */
export const channelName = (channel: string): string => channel.slice(channel.indexOf("/") + 1)

/** The participant a flow id belongs to: `P0042/omdc-ss` → `P0042`. */
export const participantOfFlow = (flow: string): string => flow.slice(0, Math.max(0, flow.indexOf("/")))

/** `1.5 s`-style durations for summaries and details (the scenario format's own spelling). */
export const dur = (us: Micros): string => formatDuration(Math.max(0, Math.round(us)))

/**
 * A measured duration said beside its limit: as `dur` says it, unless it is over the limit and the
 * millisecond would round it onto the limit or under — then to the microsecond. A loss of 12.000006 s
 * fails a 12 s maximum, and "12s (max 12s)" under a FAIL reads as a pass.
 */
export const durOver = (us: Micros, limit: Micros): string => {
  const text = dur(us)
  return us > limit && parseDuration(text)! <= limit ? formatDurationExact(Math.round(us)) : text
}

/**
 * `09:31:04.250` or `09:31:04` for details: the fraction only when there is one, as every message says a
 * time (docs/scenario-format.md, "Times and durations").
 */
export const clock = (t: Micros): string => formatTimeOfDay(t)

/** `1 participant`, `3 participants`. */

/** Whether an instant event at `t` falls in the window as judged at `now`. */
export const inWindow = (t: Micros, window: { readonly from: Micros; readonly to: Micros }, now: Micros): boolean =>
  t >= window.from && t <= Math.min(now, window.to)

/**
 * The scenario file: one simulated day — a market rehearsal, a cutover phase, a post-release test or a
 * failure drill — as data. docs/scenario-format.md is its reference, with an example of every construct.
 *
 * Faults and checks are written flat (`{ kind: link-down, link: …, at: …, for: … }`): this schema decodes
 * the keys every entry has; the keys that belong to one fault or check kind are decoded by that kind's own
 * schema (scenarios/faults/, scenarios/checks/) once the kind is known — see resolve.ts.
 */
import { Schema } from "effect"
import { isSeed, SEED_EXPECTED } from "../twin/engine/seed.ts"
import { TIMETABLE_NAMES } from "../twin/models/trading-day.ts"
import { ClockTime, Duration, durationMicros } from "./format/duration.ts"
import { SettingsInput } from "./settings/settings.ts"

/** `2027-03-08` yes; `2027-13-45`, `2027-02-29` no (the day is read back from the date it makes). */
const isCalendarDate = (text: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (m === null) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

const Id = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { expected: "an id of letters, digits, '.', '_' or '-'" })
)
const Text = Schema.String.check(Schema.isMinLength(1, { expected: "some text" }))
/** A flat fault or check entry; its kind-specific keys are decoded in resolve.ts. */
const Entry = Schema.Record(Schema.String, Schema.Unknown)

export const Calendar = Schema.Struct({
  /** The simulated date (informative: reports show it; the timetable is the same every trading day). */
  date: Schema.optionalKey(Schema.String.check(Schema.makeFilter(isCalendarDate, { expected: "a date YYYY-MM-DD that exists" }))),
  /** `trading-day`: a normal day; `rehearsal`: a weekend Market Rehearsal run on the trading timetable. */
  day: Schema.optionalKey(Schema.Literals(["trading-day", "rehearsal"])),
  /** `full-day` (default) or `half-day`: the eves of Christmas, New Year and Lunar New Year (DOMAIN §1), no afternoon. */
  timetable: Schema.optionalKey(Schema.Literals(TIMETABLE_NAMES)),
  from: ClockTime,
  to: ClockTime
})

export const Step = Schema.Struct({
  at: ClockTime,
  /** Cutover units moved to the new backbone at `at`. */
  move: Schema.optionalKey(Schema.Array(Id)),
  /** Cutover units moved back to the old backbone at `at` (a planned fall-back). */
  back: Schema.optionalKey(Schema.Array(Id))
})

export const PostCheck = Schema.Record(Schema.String, Schema.Unknown)

export const Rollback = Schema.Struct({
  /** What moves the phase's units back: a failed post-check, or a watched check failing before the cut-off. */
  when: Schema.optionalKey(Schema.Literals(["post-check-fails", "never"])),
  /** Checks re-judged every minute from the first step to the cut-off; one failing triggers the rollback. */
  watch: Schema.optionalKey(Schema.Array(Entry)),
  /** Go/no-go cut-off: a trigger after it no longer rolls back (the phase is reported failed instead). */
  cutoff: ClockTime,
  /** How long moving the units back takes (they all move back at the trigger time plus this). */
  takes: Schema.optionalKey(Duration)
})

export const Phase = Schema.Struct({
  id: Id,
  name: Text,
  /** Judged just before the first step; one failing means no-go: the phase does not start. */
  preChecks: Schema.optionalKey(Schema.Array(Entry)),
  steps: Schema.Array(Step).check(Schema.isMinLength(1, { expected: "at least one step" })),
  /** The Post Release Test steps: each a check with `at`, judged over the phase from its first step to `at`. */
  postChecks: Schema.optionalKey(Schema.Array(PostCheck)),
  rollback: Schema.optionalKey(Rollback),
  /**
   * Which earlier phases must have passed (started, every post-check passed, not rolled back, not failed
   * after the cut-off) for this one to start: a list of phase ids, `earlier-phases` for all of them, or
   * `none`. Without it, the phase only waits on no earlier phase having been rolled back or not started.
   */
  requires: Schema.optionalKey(Schema.Union([Schema.Literals(["earlier-phases", "none"]), Schema.Array(Id)]))
})

export const ScenarioFile = Schema.Struct({
  name: Text,
  purpose: Text,
  /** `default` (the shipped estate) or a path relative to the scenario file. */
  estate: Schema.optionalKey(Schema.String),
  seed: Schema.optionalKey(Schema.Int.check(Schema.makeFilter(isSeed, { expected: SEED_EXPECTED }))),
  calendar: Calendar,
  /** Cutover units on the new backbone when the day starts (`all`, or a list). */
  moved: Schema.optionalKey(Schema.Union([Schema.Literal("all"), Schema.Array(Id)])),
  phases: Schema.optionalKey(Schema.Array(Phase)),
  faults: Schema.optionalKey(Schema.Array(Entry)),
  checks: Schema.optionalKey(Schema.Array(Entry)),
  /** What to write besides report.json (all by default). */
  write: Schema.optionalKey(Schema.Array(Schema.Literals(["trace", "markdown", "html"]))),
  /**
   * The assumptions this day sets (rts, ocg, csc, ecp), over the estate's own `settings` field by field
   * (scenarios/settings/settings.ts).
   */
  settings: Schema.optionalKey(SettingsInput),
  /** Engine settings a drill may vary. */
  engine: Schema.optionalKey(
    Schema.Struct({
      convergence: Schema.optionalKey(Duration),
      startupGrace: Schema.optionalKey(Duration),
      /** As `twin simulate --metrics-every`: at least a second (0 looped until memory ran out: issue 17). */
      metricsEvery: Schema.optionalKey(
        Duration.check(Schema.makeFilter((s: string) => durationMicros(s) >= 1_000_000, { expected: "a duration of at least 1s" }))
      )
    })
  )
})
export type ScenarioFile = typeof ScenarioFile.Type

/** Keys every fault entry may have besides its kind's parameters. */
export const FaultCommon = Schema.Struct({
  id: Schema.optionalKey(Id),
  kind: Schema.String,
  at: Schema.optionalKey(ClockTime),
  for: Schema.optionalKey(Duration),
  /** Random faults: `count` draws, each at a uniform time in `between`, lasting uniformly within `for`, with one of `among`'s parameter sets. */
  draw: Schema.optionalKey(
    Schema.Struct({
      count: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1000 }, { expected: "a count from 1 to 1000" })),
      between: Schema.Tuple([ClockTime, ClockTime]),
      for: Schema.Tuple([Duration, Duration]),
      among: Schema.optionalKey(Schema.Array(Entry).check(Schema.isMinLength(1, { expected: "at least one parameter set" })))
    })
  )
})
export const faultCommonKeys = ["id", "kind", "at", "for", "draw"] as const

/** Keys every check entry may have besides its kind's parameters. */
export const CheckCommon = Schema.Struct({
  id: Schema.optionalKey(Id),
  check: Schema.String,
  /** Post-checks: when the PRT step runs. */
  at: Schema.optionalKey(ClockTime),
  /** Scenario checks: a window `{from, to}` or a phase id (default: the whole day). */
  during: Schema.optionalKey(Schema.Union([Id, Schema.Struct({ from: ClockTime, to: ClockTime })])),
  /** `evidence`: the check fails when it had nothing to judge in its window (no executions, sessions, …). */
  require: Schema.optionalKey(Schema.Literal("evidence"))
})
export const checkCommonKeys = ["id", "check", "at", "during", "require"] as const

/**
 * `--timetable full-day|half-day`: which trading day a run without a scenario simulates (a scenario says it
 * in `calendar.timetable`). A half day is an eve of Christmas, New Year or Lunar New Year: no afternoon
 * session, the closing auction from 12:00 (DOMAIN §1, twin/models/trading-day.ts).
 */
import { Effect, Option } from "effect"
import { Flag } from "effect/cli"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { TIMETABLE_NAMES, type TimetableName } from "../models/trading-day.ts"

export const timetableFlag = Flag.String("timetable").pipe(
  Flag.withDescription("Without a scenario: full-day, or half-day (an eve of Christmas, New Year or Lunar New Year: no afternoon, the closing auction from 12:00) (default full-day)"),
  Flag.optional
)

const invalid = (expected: string, got: string) => new InputInvalid({ file: "--timetable", issues: [issue("", expected, got)] })

/** The flag's text as a timetable (absent: a full day), or the one-line error naming the flag and what it takes. */
export const timetableOfFlag = (text: Option.Option<string>): Effect.Effect<TimetableName, InputInvalid> => {
  if (Option.isNone(text)) return Effect.succeed("full-day")
  const name = TIMETABLE_NAMES.find((n) => n === text.value)
  return name === undefined ? Effect.fail(invalid(TIMETABLE_NAMES.join(" or "), JSON.stringify(text.value))) : Effect.succeed(name)
}

/** With a scenario the flag is an error, not ignored: the scenario's `calendar.timetable` says the day. */
export const noTimetableWithScenario = (text: Option.Option<string>): Effect.Effect<void, InputInvalid> =>
  Option.isNone(text) ? Effect.void : Effect.fail(invalid("no --timetable with a SCENARIO (its calendar.timetable says the day)", JSON.stringify(text.value)))

/**
 * Times and durations as people write them in scenarios: clock times `"09:30"`, `"09:30:15"`,
 * `"09:29:59.900"` (virtual time of the simulated day to the µs, twin/engine/time.ts) and durations `"250ms"`, `"90s"`, `"5m"`, `"1h30m"`, `"200us"`.
 * Both stay strings in the decoded scenario (so error messages quote what was written) and are turned into
 * microseconds with `durationMicros` / `clockMicros` after decoding.
 */
import { Schema } from "effect"
import { formatDuration, hoursMinutesSeconds } from "../../twin/contract/duration-text.ts"
import { parseClock, type Micros } from "../../twin/engine/time.ts"

export { formatDuration }

const unitMicros: Record<string, number> = { h: 3_600_000_000, m: 60_000_000, s: 1_000_000, ms: 1_000, us: 1 }
const durationPattern = /^(?:(\d+(?:\.\d+)?)(h|ms|m|s|us))+$/
const part = /(\d+(?:\.\d+)?)(h|ms|m|s|us)/g

/** The longest duration a scenario can mean: its window lies within one day. */
export const MAX_DURATION: Micros = 24 * 3_600_000_000

/**
 * `"1h30m"` → µs; undefined when malformed or longer than a day (a number of hundreds of digits would be
 * Infinity: issue 17, item 1). `"0s"` is a valid zero.
 */
export const parseDuration = (text: string): Micros | undefined => {
  const trimmed = text.trim()
  if (trimmed.length > 64 || !durationPattern.test(trimmed)) return undefined
  let total = 0
  for (const m of trimmed.matchAll(part)) total += Number(m[1]) * unitMicros[m[2]!]!
  const us = Math.round(total)
  return Number.isFinite(us) && us <= MAX_DURATION ? us : undefined
}

/**
 * µs → a duration to the microsecond, `12000006` → `"12.000006s"`, for where `formatDuration`'s millisecond
 * would hide a difference that matters (a figure just over a limit). Below a second the two agree.
 */
export const formatDurationExact = (us: Micros): string => (us < 1_000_000 ? formatDuration(us) : hoursMinutesSeconds(us, 6))

/** What a duration must look like, in every message that refuses one. */
export const DURATION_EXPECTED = 'a duration such as "250ms", "90s", "5m" or "1h30m", at most 24h'

/**
 * A duration as written. Gotcha: a value that is not a string (`delay: 20`, `convergence: 0.5` — YAML reads
 * them as numbers) fails `Schema.String`'s type test before any filter runs, and would read "expected
 * string"; the `message` annotation on the type gives it the duration wording instead. It stays on the AST
 * when a field narrows the schema further (`Duration.check(…)`): every duration field says the same.
 */
export const Duration = Schema.String.annotate({ message: `Expected ${DURATION_EXPECTED}` }).check(
  Schema.makeFilter((s: string) => parseDuration(s) !== undefined, { expected: DURATION_EXPECTED })
)

const CLOCK_EXPECTED = 'a time of day "HH:MM", "HH:MM:SS" or "HH:MM:SS.ffffff" (up to 6 decimals)'

/** A clock time as written; a number (an unquoted `0930`) gets the clock wording, as `Duration`'s does. */
export const ClockTime = Schema.String.annotate({ message: `Expected ${CLOCK_EXPECTED}` }).check(
  Schema.makeFilter((s: string) => parseClock(s) !== undefined, { expected: CLOCK_EXPECTED })
)

/** For values already decoded by `Duration`. */
export const durationMicros = (text: string): Micros => parseDuration(text)!
/** For values already decoded by `ClockTime`. */
export const clockMicros = (text: string): Micros => parseClock(text)!

/**
 * Ticks for a time axis (and round steps for a duration axis) over microseconds since midnight, on round clock steps (1 s … 6 h) so labels read as
 * `09:30`, `09:45`; d3's own time ticks would need Dates and a time zone, which virtual time does not have.
 */
import type { Micros } from "../../../twin/engine/time.ts"
import { formatClock } from "../../../twin/engine/time.ts"

const stepsSeconds = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600]

/** The smallest round step, in seconds, that cuts `spanSeconds` into at most `count` pieces. */
export const roundStepSeconds = (spanSeconds: number, count: number): number =>
  stepsSeconds.find((s) => spanSeconds / s <= count) ?? Math.ceil(spanSeconds / count / 21600) * 21600

export interface ClockTick {
  readonly t: Micros
  readonly label: string
}

/** At most `count` ticks inside [from, to] on the smallest round step that allows it; `HH:MM` labels when
 * the step is whole minutes, `HH:MM:SS` below that. */
export const clockTicks = (from: Micros, to: Micros, count = 6): ReadonlyArray<ClockTick> => {
  const stepS = roundStepSeconds(Math.max(to - from, 1) / 1_000_000, count)
  const step = stepS * 1_000_000
  const ticks: Array<ClockTick> = []
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    const text = formatClock(t)
    ticks.push({ t, label: stepS >= 60 ? text.slice(0, 5) : text.slice(0, 8) })
  }
  return ticks
}

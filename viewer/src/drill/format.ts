/** Words for the drill pages' durations and participant-minutes. */

/** µs as `4 min 05 s`, `45 s`, `0 s`; negative (before the incident) as `4 min 05 s before`; null as `never`. */
export const formatAfter = (us: number | null): string => {
  if (us === null) return "never"
  if (us < 0) return `${formatAfter(-us)} before`
  const s = Math.round(us / 1_000_000)
  if (s < 60) return `${s} s`
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`
}

/** Participant-minutes with one decimal: `12.5`. */
export const formatMinutes = (m: number): string => (Math.round(m * 10) / 10).toFixed(1)

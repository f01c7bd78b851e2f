/**
 * Durations as every report, check and panel says them (`1m30s`, `1.5ms`, `3.2s`): here, below both the
 * scenarios' formatting (scenarios/format/duration.ts re-exports them) and the viewer, which imports the
 * contract only.
 */

/** `1h2m3.5s` of a duration of a second or more, its seconds to `digits` decimals (trailing zeros dropped). */
export const hoursMinutesSeconds = (us: number, digits: number): string => {
  let rest = Math.round(us / 10 ** (6 - digits)) / 10 ** digits
  const h = Math.floor(rest / 3600)
  rest -= h * 3600
  const m = Math.floor(rest / 60)
  rest = +(rest - m * 60).toFixed(digits)
  return `${h > 0 ? `${h}h` : ""}${m > 0 ? `${m}m` : ""}${rest > 0 ? `${rest}s` : ""}`
}

/** µs → the shortest readable duration: `90000000` → `"1m30s"`, `1500` → `"1.5ms"`. */
export const formatDuration = (us: number): string => {
  if (us === 0) return "0s"
  if (us < 1_000) return `${us}us`
  if (us < 1_000_000) return `${+(us / 1_000).toFixed(3)}ms`
  return hoursMinutesSeconds(us, 3)
}

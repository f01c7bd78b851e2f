/**
 * Virtual time: integer microseconds since midnight of the simulated trading day (Hong Kong time).
 * Integers keep ordering exact and traces byte-identical; a day is 8.64e10 µs, far inside 2^53.
 */
export type Micros = number

export const MICROS_PER_MS = 1_000
export const MICROS_PER_SECOND = 1_000_000

export const seconds = (s: number): Micros => Math.round(s * MICROS_PER_SECOND)
export const millis = (ms: number): Micros => Math.round(ms * MICROS_PER_MS)

/**
 * `"09:30"`, `"09:30:15"` or `"09:29:59.900"` (up to six decimals, to the µs) → µs since midnight;
 * undefined when malformed. The fraction is read as digits, never through a float, so `.9` is exactly
 * 900000 µs. `24:00` is the end of the day and takes no seconds or fraction.
 */
export const parseClock = (text: string): Micros | undefined => {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/.exec(text.trim())
  if (m === null) return undefined
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)]
  const fraction = Number((m[4] ?? "").padEnd(6, "0"))
  if (h > 24 || min > 59 || s > 59 || (h === 24 && (min > 0 || s > 0 || fraction > 0))) return undefined
  return ((h * 60 + min) * 60 + s) * MICROS_PER_SECOND + fraction
}

/**
 * µs since midnight → `HH:MM:SS.mmm` (for people; traces carry the integer), and `HH:MM:SS.mmmuuu` when
 * the time is not on a whole millisecond (a scenario time such as `09:29:59.900123`).
 */
export const formatClock = (t: Micros): string => {
  const ms = Math.floor(t / MICROS_PER_MS)
  const h = Math.floor(ms / 3_600_000)
  const m = Math.floor((ms % 3_600_000) / 60_000)
  const s = Math.floor((ms % 60_000) / 1000)
  const pad = (n: number, w = 2) => String(n).padStart(w, "0")
  const us = t - ms * MICROS_PER_MS
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}${us === 0 ? "" : pad(us, 3)}`
}

/**
 * µs since midnight → `HH:MM:SS` for messages and labels, with `.mmm` (or `.mmmuuu`) only when the time
 * has a fraction of a second: whole-second times print exactly as they always did.
 */
export const formatTimeOfDay = (t: Micros): string => {
  const text = formatClock(t)
  return text.endsWith(".000") ? text.slice(0, 8) : text
}

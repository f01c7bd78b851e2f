/**
 * FIX UTCTimestamp (FIX 5.0 SP2 Vol. 1 data types): `YYYYMMDD-HH:MM:SS`, optionally with a fraction of a
 * second (`.sss` milliseconds; `.ssssss`, `.sssssssss` and picoseconds in later extension packs), in UTC.
 *
 * When to use: `utcTimestamp` to stamp SendingTime (52) and TransactTime (60); `parseUtcTimestamp` to read a
 * peer's SendingTime for the accuracy check (session/sending-time.ts).
 *
 * Gotchas: the reader is strict about the calendar (no 30 February, no hour 24) and lenient about precision
 * (1 to 12 fractional digits, read to the millisecond); second 60 is a leap second, as FIX allows.
 */

const pad = (n: number, w = 2) => String(n).padStart(w, "0")

/** `YYYYMMDD-HH:MM:SS.sss` of `ms` (ms since the epoch). */
export const utcTimestamp = (ms: number): string => {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
}

const UTC_TIMESTAMP = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,12}))?$/

/** The instant (ms since the epoch) of a UTCTimestamp, or undefined when `text` is not one. */
export const parseUtcTimestamp = (text: string): number | undefined => {
  const m = UTC_TIMESTAMP.exec(text)
  if (m === null) return undefined
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 60) return undefined
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, "0").slice(0, 3))
  return Date.UTC(year, month - 1, day, hour, minute, second, ms)
}

/** Trace time (µs since midnight) as the clock on the wall of the simulated day. */
export const formatClock = (us: number): string => {
  const total = Math.floor(us / 1_000_000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`
}

/** With milliseconds, for the event log where several events share a second. */
export const formatClockMs = (us: number): string => `${formatClock(us)}.${String(Math.floor((us % 1_000_000) / 1000)).padStart(3, "0")}`

/**
 * For the time of a scenario decision (a phase, a fault): `HH:MM:SS`, with `.mmm` — or `.mmmuuu` — only
 * when the scenario gave a fraction of a second (`09:29:59.900`).
 */
export const formatClockExact = (us: number): string => {
  const fraction = us % 1_000_000
  if (fraction === 0) return formatClock(us)
  const digits = String(fraction).padStart(6, "0")
  return `${formatClock(us)}.${fraction % 1000 === 0 ? digits.slice(0, 3) : digits}`
}

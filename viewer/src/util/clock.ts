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

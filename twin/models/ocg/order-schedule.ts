/**
 * A trading BSS's order flow as config: windows of the day with a steady rate, e.g. 12 orders a minute
 * from 09:30 to 12:00. Order `k` of a window goes out at `from + ⌊k × 60 s / perMinute⌋` (µs), while before
 * `to`: exactly `perMinute` orders in every minute of the window even when 60 s / perMinute is not a whole
 * number of µs (3 a second from 10:00:00 to 10:00:01 are the 3 at +0, +333 333, +666 666 µs — a spacing
 * rounded to 333 333 µs would fit a 4th at +999 999).
 *
 * When to use: client-session.ts arms one timer for `nextOrderAt` and, when it fires, sends
 * `ordersDueAt` orders (windows may overlap). Integer µs throughout, so times are exact.
 */
import type { Micros } from "../../engine/time.ts"
import { MICROS_PER_SECOND } from "../../engine/time.ts"

export interface OrderWindow {
  readonly from: Micros
  /** Exclusive. */
  readonly to: Micros
  readonly perMinute: number
}

const MINUTE = 60 * MICROS_PER_SECOND

/** The instant of order `k` of window `w`. */
const orderAt = (w: OrderWindow, k: number): Micros => w.from + Math.floor((k * MINUTE) / w.perMinute)

const firstAtOrAfter = (w: OrderWindow, t: Micros): Micros | undefined => {
  if (w.perMinute <= 0) return undefined
  // The estimate may be one off either way (floating point); the loops make it the first k at or after t.
  let k = t <= w.from ? 0 : Math.ceil(((t - w.from) * w.perMinute) / MINUTE)
  while (k > 0 && orderAt(w, k - 1) >= t) k--
  while (orderAt(w, k) < t) k++
  const at = orderAt(w, k)
  return at < w.to ? at : undefined
}

/** The first order time at or after `t`, over all windows. */
export const nextOrderAt = (windows: ReadonlyArray<OrderWindow>, t: Micros): Micros | undefined => {
  let best: Micros | undefined
  for (const w of windows) {
    const at = firstAtOrAfter(w, t)
    if (at !== undefined && (best === undefined || at < best)) best = at
  }
  return best
}

/** How many orders fall exactly at `t`. */
export const ordersDueAt = (windows: ReadonlyArray<OrderWindow>, t: Micros): number =>
  windows.reduce((n, w) => n + (firstAtOrAfter(w, t) === t ? 1 : 0), 0)

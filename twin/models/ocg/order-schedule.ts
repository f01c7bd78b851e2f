/**
 * A trading BSS's order flow as config: windows of the day with a steady rate, e.g. 12 orders a minute
 * from 09:30 to 12:00. Order `k` of a window goes out at `from + k × (60 s / perMinute)`, while before `to`.
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

const spacing = (w: OrderWindow): Micros => Math.max(1, Math.round((60 * MICROS_PER_SECOND) / w.perMinute))

const firstAtOrAfter = (w: OrderWindow, t: Micros): Micros | undefined => {
  if (w.perMinute <= 0) return undefined
  const step = spacing(w)
  const at = t <= w.from ? w.from : w.from + Math.ceil((t - w.from) / step) * step
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

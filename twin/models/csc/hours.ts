/**
 * Northbound trading hours (DOMAIN §2 [S], Shanghai): SEHK accepts Northbound orders from 09:10 and from
 * 12:55; opening call auction 09:15–09:25 with no cancellations 09:20–09:25; continuous auction 09:30–11:30
 * and 13:00–15:00. Shenzhen is taken to keep the same hours [U] (its 14:57–15:00 closing call is not
 * modelled: it counts as continuous here).
 *
 * When to use: the CCCG asks `accepting` / `cancelAllowed` for each order; the quota rule and the mainland
 * link ask `phaseAt` and `nextMatchAt`. All times are µs since midnight and configurable.
 */
import { type Micros, parseClock } from "../../engine/time.ts"

export type Span = readonly [Micros, Micros]

export interface NorthboundHours {
  /** Order input windows, half-open `[from, until)`. */
  readonly accept: ReadonlyArray<Span>
  readonly openingCall: Span
  readonly noCancel: Span
  readonly continuous: ReadonlyArray<Span>
}

/**
 * `closed`: no order input. `opening-call`: 09:15–09:25, orders collected for the call match at its end.
 * `continuous`: orders trade as they come. `pre-session`: accepting but not matching (09:10–09:15,
 * 09:25–09:30, 12:55–13:00).
 */
export type Phase = "closed" | "pre-session" | "opening-call" | "continuous"

const clock = (t: string): Micros => parseClock(t)!

export const northboundHours: NorthboundHours = {
  accept: [[clock("09:10"), clock("11:30")], [clock("12:55"), clock("15:00")]],
  openingCall: [clock("09:15"), clock("09:25")],
  noCancel: [clock("09:20"), clock("09:25")],
  continuous: [[clock("09:30"), clock("11:30")], [clock("13:00"), clock("15:00")]]
}

const within = (span: Span, t: Micros): boolean => t >= span[0] && t < span[1]

export const accepting = (h: NorthboundHours, t: Micros): boolean => h.accept.some((s) => within(s, t))

export const cancelAllowed = (h: NorthboundHours, t: Micros): boolean => accepting(h, t) && !within(h.noCancel, t)

export const phaseAt = (h: NorthboundHours, t: Micros): Phase => {
  if (h.continuous.some((s) => within(s, t))) return "continuous"
  if (within(h.openingCall, t)) return "opening-call"
  return accepting(h, t) ? "pre-session" : "closed"
}

/** Every instant where the phase may change, ascending. */
export const boundaries = (h: NorthboundHours): ReadonlyArray<Micros> =>
  [...new Set([...h.accept.flat(), ...h.openingCall, ...h.noCancel, ...h.continuous.flat()])].sort((a, b) => a - b)

export const nextBoundary = (h: NorthboundHours, t: Micros): Micros | undefined => boundaries(h).find((b) => b > t)

/**
 * When an order accepted at `t` trades: `tradeDelay` later in continuous trading; at the call match (end
 * of the opening call) for an order collected before it; at the next start of continuous trading for one
 * accepted 09:25–09:30 or 12:55–13:00. Undefined outside order input.
 */
export const nextMatchAt = (h: NorthboundHours, t: Micros, tradeDelay: Micros): Micros | undefined => {
  const phase = phaseAt(h, t)
  if (phase === "continuous") return t + tradeDelay
  if (phase === "closed") return undefined
  if (t < h.openingCall[1]) return h.openingCall[1]
  return h.continuous.map((s) => s[0]).find((start) => start > t)
}

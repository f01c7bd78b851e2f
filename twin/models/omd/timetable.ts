/**
 * How many messages per second an OMD channel carries in each phase of the day (the rate profile that
 * sizes the time slices). When the phases change, with their Trading Session Status (20), is the market's
 * trading day (../trading-day.ts).
 *
 * Rates are [U]: no peak message rate is published (DOMAIN §3 "Peak messages per second [U]").
 *
 * `accrue` integrates a rate profile exactly in integers (message·µs), so two machines publishing the same
 * profile (line A and line B) allocate exactly the same sequence numbers to the same slices.
 */
import { parseClock, type Micros } from "../../engine/time.ts"

const clock = (text: string): Micros => parseClock(text)!

/** From `from` on (until the next phase) the channel carries `perSecond` messages a second. */
export interface RatePhase {
  readonly from: Micros
  readonly perSecond: number
}
/** Phases sorted by `from`; before the first phase the rate is 0. `perSecond` must be an integer. */
export type RateProfile = ReadonlyArray<RatePhase>

/**
 * [U] A full-day profile scaled to a channel's peak: more at the open (DOMAIN §3: HKEX's 2021 volume tests
 * simulated bursts at POS and at 09:45 and 10:15), nothing at lunch or after the close.
 */
export const tradingDayRates = (peakPerSecond: number): RateProfile => {
  const at = (text: string, share: number): RatePhase => ({ from: clock(text), perSecond: Math.round(peakPerSecond * share) })
  return [
    at("09:00", 0.3),
    at("09:30", 1),
    at("10:30", 0.5),
    at("12:00", 0),
    at("13:00", 0.5),
    at("16:00", 0.8),
    at("16:10", 0)
  ]
}

export const rateAt = (profile: RateProfile, t: Micros): number => {
  let rate = 0
  for (const p of profile) {
    if (p.from > t) break
    rate = p.perSecond
  }
  return rate
}

/** ∫ rate dt over `[from, to)` in message·µs (an integer: divide by 1e6 for messages). */
export const accrue = (profile: RateProfile, from: Micros, to: Micros): number => {
  let sum = 0
  for (let i = 0; i < profile.length; i++) {
    const p = profile[i]!
    const end = profile[i + 1]?.from ?? Infinity
    const a = Math.max(from, p.from)
    const b = Math.min(to, end)
    if (b > a) sum += p.perSecond * (b - a)
  }
  return sum
}

/** The first instant ≥ `t` at which the rate is above 0, or undefined. */
export const nextBusyAt = (profile: RateProfile, t: Micros): Micros | undefined => {
  if (rateAt(profile, t) > 0) return t
  for (const p of profile) if (p.from > t && p.perSecond > 0) return p.from
  return undefined
}

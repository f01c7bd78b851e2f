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
import type { Micros } from "../../engine/time.ts"
import { CONTINUOUS_TRADING, fullDayTimetable, type SessionChange } from "../trading-day.ts"

/** From `from` on (until the next phase) the channel carries `perSecond` messages a second. */
export interface RatePhase {
  readonly from: Micros
  readonly perSecond: number
}
/** Phases sorted by `from`; before the first phase the rate is 0. `perSecond` must be an integer. */
export type RateProfile = ReadonlyArray<RatePhase>

/**
 * [U] A day's profile scaled to a channel's peak, by the phases of its timetable (../trading-day.ts): 0.3 of
 * the peak from pre-opening order input, the peak in continuous trading's first hour (DOMAIN §3: HKEX's 2021
 * volume tests simulated bursts at POS and at 09:45 and 10:15), half of it for the rest of continuous
 * trading, 0.8 in the closing auction until its match, nothing at lunch or after the close. A full day:
 * 09:00 0.3, 09:30 1, 10:30 0.5, 12:00 0, 13:00 0.5, 16:00 0.8, 16:10 0; a half day: the same until 12:00,
 * then 0.8 until 12:10.
 */
export const tradingDayRates = (peakPerSecond: number, day: ReadonlyArray<SessionChange> = fullDayTimetable): RateProfile => {
  const profile: Array<RatePhase> = []
  const at = (from: Micros, share: number): void => {
    const perSecond = Math.round(peakPerSecond * share)
    if (profile[profile.length - 1]?.perSecond !== perSecond) profile.push({ from, perSecond })
  }
  let opened = false
  for (const c of day) {
    const share = SHARE_FROM[c.subId]
    if (c.subId === CONTINUOUS_TRADING && !opened) {
      opened = true
      at(c.at, 1)
      at(c.at + FIRST_HOUR, 0.5)
    } else if (share !== undefined) at(c.at, share)
  }
  return profile
}

const FIRST_HOUR = 3_600_000_000
/** Share of the peak from each phase on (TradingSessionSubID, DOMAIN §1): POS OI, CT (after the first), CL, CAS RP, CAS MA. */
const SHARE_FROM: Readonly<Record<number, number>> = { 1: 0.3, 3: 0.5, 103: 0, 105: 0.8, 4: 0 }

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

/**
 * The trading day as a publisher sees it: when Trading Session Status (20) messages go out, and how many
 * messages per second a channel carries in each phase (the rate profile that sizes the time slices).
 *
 * Times follow DOMAIN §1 (trading timetable, sub-IDs); TradingSesStatus values follow spec §3.8.1. Where
 * the table gives a window rather than an instant, the entry says which instant the twin uses and is
 * marked [U]. Rates are [U]: no peak message rate is published (DOMAIN §3 "Peak messages per second [U]").
 *
 * `accrue` integrates a rate profile exactly in integers (message·µs), so two machines publishing the same
 * profile (line A and line B) allocate exactly the same sequence numbers to the same slices.
 */
import { parseClock, type Micros } from "../../engine/time.ts"

const clock = (text: string): Micros => parseClock(text)!

export interface SessionChange {
  readonly at: Micros
  /** TradingSessionSubID. */
  readonly subId: number
  /** TradingSesStatus. */
  readonly status: number
  /** Short name for people and traces: "POS OI". */
  readonly name: string
}

// Spec §3.8.1 TradingSesStatus.
const UNKNOWN = 0
const PRE_OPEN = 20
const OPEN = 30
const PRE_CLOSE = 40
const CLOSED = 50
const DAY_CLOSED = 100

const change = (at: string, subId: number, status: number, name: string): SessionChange => ({ at: clock(at), subId, status, name })

/** DOMAIN §1 full trading day. */
export const fullDayTimetable: ReadonlyArray<SessionChange> = [
  // [U] Not Yet Open sent with the start-of-day reference data (DOMAIN §3: reference data follows the reset).
  change("06:00", 100, UNKNOWN, "NO"),
  change("09:00", 1, PRE_OPEN, "POS OI"),
  change("09:15", 101, PRE_OPEN, "POS NW"),
  change("09:20", 108, PRE_OPEN, "POS RM"),
  // [U] Matching starts at a random moment in 09:20–09:22; the twin uses 09:21.
  change("09:21", 2, PRE_OPEN, "POS MA"),
  change("09:22", 7, PRE_OPEN, "BL"),
  change("09:30", 3, OPEN, "CT"),
  // [U] The lunch break's sub-ID is not in DOMAIN §1; the twin reports Close (CL) from 12:00 to 13:00.
  change("12:00", 103, CLOSED, "CL"),
  change("13:00", 3, OPEN, "CT"),
  change("16:00", 105, PRE_CLOSE, "CAS RP"),
  change("16:01", 5, PRE_CLOSE, "CAS OI"),
  change("16:06", 106, PRE_CLOSE, "CAS NW"),
  change("16:08", 107, PRE_CLOSE, "CAS RC"),
  // [U] The random close ends somewhere in 16:08–16:10; the twin matches at 16:10.
  change("16:10", 4, PRE_CLOSE, "CAS MA"),
  // [U] Close and Day Close times are not in DOMAIN §1.
  change("16:15", 103, CLOSED, "CL"),
  change("18:00", 0, DAY_CLOSED, "DC")
]

/** DOMAIN §1 half day (eves of Christmas, New Year, Lunar New Year): no afternoon; CAS from 12:00. */
export const halfDayTimetable: ReadonlyArray<SessionChange> = [
  ...fullDayTimetable.filter((c) => c.at < clock("12:00")),
  change("12:00", 105, PRE_CLOSE, "CAS RP"),
  change("12:01", 5, PRE_CLOSE, "CAS OI"),
  change("12:06", 106, PRE_CLOSE, "CAS NW"),
  change("12:08", 107, PRE_CLOSE, "CAS RC"),
  change("12:10", 4, PRE_CLOSE, "CAS MA"),
  change("12:15", 103, CLOSED, "CL"),
  change("18:00", 0, DAY_CLOSED, "DC")
]

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

/**
 * The trading day of the securities market (DOMAIN §1 trading timetable): the instants its phases change,
 * each with its OMD Trading Session Status (20) sub-ID and status. One table for every system that keys on
 * the phase: the OMD-C publisher sends a status at each change (omd/publisher.ts) and OTP-C takes orders,
 * cancels and matches by phase (ocg/order-hours.ts).
 *
 * Times follow DOMAIN §1 (timetable, sub-IDs); TradingSesStatus values follow the OMD-C spec §3.8.1. Where
 * the table gives a window rather than an instant, the entry says which instant the twin uses and is
 * marked [U].
 */
import { parseClock, type Micros } from "../engine/time.ts"

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

/** Continuous trading's TradingSessionSubID (DOMAIN §1: CT=3), morning and afternoon alike. */
export const CONTINUOUS_TRADING = 3

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

/**
 * DOMAIN §1 half day (eves of Christmas, New Year, Lunar New Year): no afternoon; CAS from 12:00, its random
 * close 12:08–12:10 ([U] the twin matches at 12:10, as at 16:10 on a full day; Close and Day Close as a full
 * day's, five minutes after the match and at 18:00).
 */
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

/** Which timetable a day keeps: a full trading day, or a half day (no afternoon session). */
export type TimetableName = "full-day" | "half-day"
export const TIMETABLE_NAMES: ReadonlyArray<TimetableName> = ["full-day", "half-day"]

/** The phases of a day that keeps timetable `name` (absent: a full day). */
export const timetableOf = (name: TimetableName | undefined): ReadonlyArray<SessionChange> =>
  name === "half-day" ? halfDayTimetable : fullDayTimetable

/** The spans `[from, to)` of continuous trading (CT) in a day: 09:30–12:00 and 13:00–16:00 on a full day. */
export const continuousSpans = (day: ReadonlyArray<SessionChange>): ReadonlyArray<readonly [Micros, Micros]> =>
  day.flatMap((c, i) => (c.subId === CONTINUOUS_TRADING && day[i + 1] !== undefined ? [[c.at, day[i + 1]!.at] as const] : []))

/** A session of the market (DOMAIN §1): the pre-opening session, continuous trading, the closing auction. */
export interface TradingSession {
  /** `the pre-opening session`, `continuous trading`, `the closing auction session`. */
  readonly name: string
  readonly from: Micros
  /** Exclusive: the change out of the session (the lunch break's Close, the day's Close). */
  readonly to: Micros
}

const SESSION_NAMES: ReadonlyMap<number, string> = new Map([
  [PRE_OPEN, "the pre-opening session"],
  [OPEN, "continuous trading"],
  [PRE_CLOSE, "the closing auction session"]
])

/**
 * The spans in which the market trades on a day keeping `day`, read off its own changes: consecutive
 * changes of one TradingSesStatus (Pre-open, Open, Pre-close) are one session, from the first to the next
 * change of another status. A full day: 09:00–09:30, 09:30–12:00, 13:00–16:00, 16:00–16:15 (the twin's Close
 * five minutes after its 16:10 match, [U] above); a half day: 09:00–09:30, 09:30–12:00, 12:00–12:15.
 */
export const tradingSessions = (day: ReadonlyArray<SessionChange>): ReadonlyArray<TradingSession> => {
  const out: Array<TradingSession> = []
  day.forEach((c, i) => {
    const name = SESSION_NAMES.get(c.status)
    if (name === undefined || day[i - 1]?.status === c.status) return
    const end = day.slice(i + 1).find((d) => d.status !== c.status)
    if (end !== undefined) out.push({ name, from: c.at, to: end.at })
  })
  return out
}

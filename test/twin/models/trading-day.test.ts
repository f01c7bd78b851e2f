/**
 * The two days the twin keeps (trading-day.ts) and what is read from them: continuous trading's spans (the
 * default OTP-C order flow) and OMD's rate profile (omd/timetable.ts), worked by hand from DOMAIN §1.
 */
import { describe, expect, it } from "vitest"
import { parseClock } from "../../../twin/engine/time.ts"
import { tradingDayRates } from "../../../twin/models/omd/timetable.ts"
import { continuousSpans, fullDayTimetable, halfDayTimetable, timetableOf } from "../../../twin/models/trading-day.ts"

const at = (t: string) => parseClock(t)!

describe("the trading day's timetables", () => {
  it("a half day is a full day's morning, then the closing auction from 12:00 (RP, OI 12:01, NW 12:06, RC 12:08, match 12:10) and the close", () => {
    const clockOf = (day: typeof fullDayTimetable) => day.map((c) => [c.name, c.at])
    expect(clockOf(halfDayTimetable)).toEqual([
      ["NO", at("06:00")], ["POS OI", at("09:00")], ["POS NW", at("09:15")], ["POS RM", at("09:20")], ["POS MA", at("09:21")], ["BL", at("09:22")],
      ["CT", at("09:30")], ["CAS RP", at("12:00")], ["CAS OI", at("12:01")], ["CAS NW", at("12:06")], ["CAS RC", at("12:08")], ["CAS MA", at("12:10")],
      ["CL", at("12:15")], ["DC", at("18:00")]
    ])
    expect(timetableOf(undefined)).toBe(fullDayTimetable)
    expect(timetableOf("full-day")).toBe(fullDayTimetable)
    expect(timetableOf("half-day")).toBe(halfDayTimetable)
  })

  it("continuous trading: 09:30–12:00 and 13:00–16:00 on a full day, 09:30–12:00 on a half day", () => {
    expect(continuousSpans(fullDayTimetable)).toEqual([[at("09:30"), at("12:00")], [at("13:00"), at("16:00")]])
    expect(continuousSpans(halfDayTimetable)).toEqual([[at("09:30"), at("12:00")]])
  })

  it("OMD's rates by phase: a full day's profile as the twin always had it; a half day's closing auction at noon, nothing after", () => {
    const profile = (day: typeof fullDayTimetable) => tradingDayRates(1_000, day).map((p) => [p.from, p.perSecond])
    expect(profile(fullDayTimetable)).toEqual([
      [at("09:00"), 300], [at("09:30"), 1_000], [at("10:30"), 500], [at("12:00"), 0], [at("13:00"), 500], [at("16:00"), 800], [at("16:10"), 0]
    ])
    expect(tradingDayRates(1_000)).toEqual(tradingDayRates(1_000, fullDayTimetable))
    expect(profile(halfDayTimetable)).toEqual([[at("09:00"), 300], [at("09:30"), 1_000], [at("10:30"), 500], [at("12:00"), 800], [at("12:10"), 0]])
  })
})

/**
 * OTP-C's order input, cancellation and matching by phase (order-hours.ts) against DOMAIN §1's trading
 * timetable, worked by hand: each instant below, what the table says of it, and the twin's match instants
 * for the auctions (POS MA 09:21, CAS MA 16:10, trading-day.ts).
 */
import { describe, expect, it } from "vitest"
import { parseClock, seconds } from "../../../../twin/engine/time.ts"
import { cancelRefusal, newOrderAt } from "../../../../twin/models/ocg/order-hours.ts"
import { fullDayTimetable, halfDayTimetable } from "../../../../twin/models/trading-day.ts"

const at = (t: string) => parseClock(t)!
const delay = seconds(30)
const order = (t: string) => newOrderAt(fullDayTimetable, at(t), delay)
const cancel = (t: string) => cancelRefusal(fullDayTimetable, at(t))

describe("OTP-C's order hours", () => {
  it("takes orders in pre-opening input and no-cancellation, matching them at 09:21; none before 09:00 or 09:20–09:30", () => {
    expect(order("08:59:59.999999")).toEqual({ _tag: "refused", text: "no order input in NO (from 06:00:00): again from 09:00:00" })
    expect(order("05:00")).toEqual({ _tag: "refused", text: "no order input before the trading day: again from 09:00:00" })
    expect(order("09:00")).toEqual({ _tag: "taken", fillAt: at("09:21") })
    expect(order("09:19:59.999999")).toEqual({ _tag: "taken", fillAt: at("09:21") })
    expect(order("09:20")).toEqual({ _tag: "refused", text: "no order input in POS RM (from 09:20:00): again from 09:30:00" })
    expect(order("09:29:59.999999")).toEqual({ _tag: "refused", text: "no order input in BL (from 09:22:00): again from 09:30:00" })
  })

  it("fills continuous trading's orders the fill delay later; none at lunch", () => {
    expect(order("09:30")).toEqual({ _tag: "taken", fillAt: at("09:30:30") })
    expect(order("11:59:59")).toEqual({ _tag: "taken", fillAt: at("12:00:29") })
    expect(order("12:00")).toEqual({ _tag: "refused", text: "no order input in CL (from 12:00:00): again from 13:00:00" })
    expect(order("15:59:59")).toEqual({ _tag: "taken", fillAt: at("16:00:29") })
  })

  it("takes closing auction orders 16:01–16:08, matching them at 16:10; none in reference price fixing or after", () => {
    expect(order("16:00:30")).toEqual({ _tag: "refused", text: "no order input in CAS RP (from 16:00:00): again from 16:01:00" })
    expect(order("16:01")).toEqual({ _tag: "taken", fillAt: at("16:10") })
    expect(order("16:07:59")).toEqual({ _tag: "taken", fillAt: at("16:10") })
    expect(order("16:08")).toEqual({ _tag: "refused", text: "no order input in CAS RC (from 16:08:00): none again today" })
    expect(order("17:00")).toEqual({ _tag: "refused", text: "no order input in CL (from 16:15:00): none again today" })
  })

  it("takes cancels and amends in order input and continuous trading, not in the no-cancellation periods", () => {
    expect(cancel("09:14:59")).toBeUndefined()
    expect(cancel("09:15")).toBe("no cancel or amend in POS NW (from 09:15:00): again from 09:30:00")
    expect(cancel("09:25")).toBe("no cancel or amend in BL (from 09:22:00): again from 09:30:00")
    expect(cancel("10:00")).toBeUndefined()
    expect(cancel("12:30")).toBe("no cancel or amend in CL (from 12:00:00): again from 13:00:00")
    expect(cancel("16:05")).toBeUndefined()
    expect(cancel("16:06")).toBe("no cancel or amend in CAS NW (from 16:06:00): none again today")
  })

  it("on a half day (DOMAIN §1: no afternoon, CAS from 12:00, random close 12:08–12:10): the morning as a full day's, the auction at noon, nothing after", () => {
    const half = (t: string) => newOrderAt(halfDayTimetable, at(t), delay)
    expect(half("09:00")).toEqual({ _tag: "taken", fillAt: at("09:21") })
    expect(half("11:59:59")).toEqual({ _tag: "taken", fillAt: at("12:00:29") })
    expect(half("12:00:30")).toEqual({ _tag: "refused", text: "no order input in CAS RP (from 12:00:00): again from 12:01:00" })
    expect(half("12:01")).toEqual({ _tag: "taken", fillAt: at("12:10") })
    expect(half("12:07:59")).toEqual({ _tag: "taken", fillAt: at("12:10") })
    expect(half("12:08")).toEqual({ _tag: "refused", text: "no order input in CAS RC (from 12:08:00): none again today" })
    expect(half("13:00")).toEqual({ _tag: "refused", text: "no order input in CL (from 12:15:00): none again today" })
    expect(cancelRefusal(halfDayTimetable, at("12:05"))).toBeUndefined()
    expect(cancelRefusal(halfDayTimetable, at("12:06"))).toBe("no cancel or amend in CAS NW (from 12:06:00): none again today")
    expect(cancelRefusal(halfDayTimetable, at("14:00"))).toBe("no cancel or amend in CL (from 12:15:00): none again today")
  })
})

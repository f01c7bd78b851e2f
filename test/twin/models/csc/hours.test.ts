import { describe, expect, it } from "vitest"
import { parseClock, seconds } from "../../../../twin/engine/time.ts"
import { accepting, buysOpen, cancelAllowed, dqb, nextMatchAt, northboundHours as h, openLedger, phaseAt, settle } from "../../../../twin/models/csc/index.ts"

const at = (t: string) => parseClock(t)!

describe("Northbound hours (DOMAIN §2)", () => {
  it("names the phase at each boundary, spans half-open", () => {
    const phases = ["09:09:59", "09:10", "09:15", "09:25", "09:30", "11:29:59", "11:30", "12:55", "13:00", "14:59:59", "15:00"]
      .map((t) => [t, phaseAt(h, at(t))])
    expect(phases).toEqual([
      ["09:09:59", "closed"],
      ["09:10", "pre-session"],
      ["09:15", "opening-call"],
      ["09:25", "pre-session"],
      ["09:30", "continuous"],
      ["11:29:59", "continuous"],
      ["11:30", "closed"],
      ["12:55", "pre-session"],
      ["13:00", "continuous"],
      ["14:59:59", "continuous"],
      ["15:00", "closed"]
    ])
    expect([at("09:10"), at("12:00"), at("12:55")].map((t) => accepting(h, t))).toEqual([true, false, true])
    expect([at("09:19:59"), at("09:20"), at("09:25")].map((t) => cancelAllowed(h, t))).toEqual([true, false, true])
  })

  it("matches call orders at 09:25, pre-continuous ones at 09:30 / 13:00, continuous ones after the trade delay", () => {
    const d = seconds(1)
    expect(nextMatchAt(h, at("09:12"), d)).toBe(at("09:25"))
    expect(nextMatchAt(h, at("09:24:59"), d)).toBe(at("09:25"))
    expect(nextMatchAt(h, at("09:27"), d)).toBe(at("09:30"))
    expect(nextMatchAt(h, at("12:56"), d)).toBe(at("13:00"))
    expect(nextMatchAt(h, at("10:00"), d)).toBe(at("10:00:01"))
    expect(nextMatchAt(h, at("12:00"), d)).toBeUndefined()
  })
})

describe("Quota ledger", () => {
  it("DQB = quota − buy orders + sell trades + adjustments; ≤ 0 closes buys for the day only in continuous trading", () => {
    const l = { ...openLedger(), buyOrders: 60, sellTrades: 5, adjustments: 3, dailyQuota: 52 }
    expect(dqb(l)).toBe(0)
    expect(buysOpen(l)).toBe(false)
    expect(settle(l, "opening-call").closedForDay).toBe(false)
    expect(buysOpen({ ...settle(l, "opening-call"), adjustments: 4 })).toBe(true)
    expect(buysOpen({ ...settle(l, "continuous"), adjustments: 4 })).toBe(false)
    expect(openLedger().dailyQuota).toBe(52_000_000_000)
  })
})

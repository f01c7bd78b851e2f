import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { decodeDocument } from "../../../topology/decode-document.ts"
import { renderInputInvalid } from "../../../topology/input-issue.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { CscSettingsInput, resolveCscSettings } from "../../../scenarios/settings/csc.ts"

const decode = decodeDocument(CscSettingsInput)
const load = (text: string) => {
  const r = decode("s.yaml", text)
  return Result.isSuccess(r) ? resolveCscSettings(r.success) : renderInputInvalid(r.failure)
}

describe("settings.csc as written", () => {
  it("resolves amounts with scales, shares, durations and clock times", () => {
    expect(load(`
dailyQuota: {SSE: 12bn}
orders: {perSession: {min: 4, max: 6}, buyShare: 0.9, sseShare: 1, amount: {min: 1.5m, max: 2000000}, cancelShare: 0.25, cancelAfter: 300ms}
adjustments:
  - {at: "09:18", market: SSE, amount: 3bn}
  - {at: "13:00:30", market: SZSE, amount: "-500k"}
`)).toEqual({
      dailyQuota: { SSE: 12_000_000_000 },
      orders: { perSession: [4, 6], buyShare: 0.9, sseShare: 1, amount: [1_500_000, 2_000_000], cancelShare: 0.25, cancelAfter: 300_000 },
      adjustments: [
        { at: parseClock("09:18"), market: "SSE", amount: 3_000_000_000 },
        { at: parseClock("13:00:30"), market: "SZSE", amount: -500_000 }
      ]
    })
    // One figure sets both markets; 1.1bn is whole yuan despite floating point.
    expect(load("dailyQuota: 1.1bn")).toEqual({ dailyQuota: { SSE: 1_100_000_000, SZSE: 1_100_000_000 } })
  })

  it("reports each bad field as one line", () => {
    expect(load(`
dailyQuota: {SSE: -1bn, HK: 3}
orders: {perSession: {min: 5, max: 4}, buyShare: 1.5, amount: {min: 0, max: 1m}, cancelAfter: 0s}
adjustments:
  - {at: "25:00", market: SHFE, amount: 0}
  - {at: "09:00", market: SSE, amount: 0.5}
`)).toEqual([
      "s.yaml:dailyQuota.HK: expected no such field, got 3",
      "s.yaml:dailyQuota.SSE: expected a daily quota of 0 to 10 trillion yuan: yuan (52000000000) or \"52bn\", \"1.5m\", \"500k\", got \"-1bn\"",
      "s.yaml:orders.perSession: expected a range with min ≤ max, got {\"min\":5,\"max\":4}",
      "s.yaml:orders.buyShare: expected a share from 0 to 1, got 1.5",
      "s.yaml:orders.amount.min: expected an order amount above 0, at most 10 trillion yuan: yuan (52000000000) or \"52bn\", \"1.5m\", \"500k\", got 0",
      "s.yaml:orders.cancelAfter: expected a duration above 0s, got \"0s\"",
      "s.yaml:adjustments[0].at: expected a time of day \"HH:MM\", \"HH:MM:SS\" or \"HH:MM:SS.ffffff\" (up to 6 decimals), got \"25:00\"",
      "s.yaml:adjustments[0].market: expected \"SSE\" | \"SZSE\", got \"SHFE\"",
      "s.yaml:adjustments[0].amount: expected a signed amount other than 0, at most 10 trillion yuan (negative takes quota away): yuan (52000000000) or \"52bn\", \"1.5m\", \"500k\", got 0",
      "s.yaml:adjustments[1].amount: expected a signed amount other than 0, at most 10 trillion yuan (negative takes quota away): yuan (52000000000) or \"52bn\", \"1.5m\", \"500k\", got 0.5"
    ])
  })
})

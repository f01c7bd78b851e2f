/** Deep links (viewer/src/state/deep-link.ts): `?t=06:30:04&p=P0123`. */
import { describe, expect, it } from "vitest"
import { parseClock, readDeepLink } from "../../../viewer/src/state/deep-link.ts"

describe("deep link", () => {
  it("t is a time of day in µs since midnight, p the participant", () => {
    // 06:30:04 = (6 × 3600 + 30 × 60 + 4) s = 23 404 s
    expect(readDeepLink(new URLSearchParams("t=06:30:04&p=P0123"))).toEqual({ t: 23_404_000_000, participant: "P0123", problem: "" })
  })

  it("reads HH:MM and a fraction of a second", () => {
    expect(parseClock("07:05")).toBe(25_500_000_000)
    // .5 = 500 000 µs; .000889 = 889 µs
    expect(parseClock("06:30:06.5")).toBe(23_406_500_000)
    expect(parseClock("06:30:06.000889")).toBe(23_406_000_889)
  })

  it("a t that is no time is a problem, not a guess; no t and no p: nothing", () => {
    expect(readDeepLink(new URLSearchParams("t=6.30&p="))).toEqual({
      t: undefined,
      participant: undefined,
      problem: "t=6.30: expected a time of day HH:MM[:SS[.fff]], e.g. t=06:30:04"
    })
    expect(parseClock("24:00")).toBeUndefined()
    expect(parseClock("06:60")).toBeUndefined()
    expect(readDeepLink(new URLSearchParams(""))).toEqual({ t: undefined, participant: undefined, problem: "" })
  })
})

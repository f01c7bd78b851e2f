/**
 * Clock times to the microsecond (issue 13: scenario times such as `09:29:59.900`). Expected values are
 * worked out by hand: 09:29:59 is (9·3600 + 29·60 + 59) s = 34 199 s = 34 199 000 000 µs.
 */
import { describe, expect, it } from "vitest"
import { formatClock, formatTimeOfDay, parseClock } from "../../../twin/engine/time.ts"
import { formatClockExact } from "../../../viewer/src/util/clock.ts"

describe("parseClock", () => {
  it("reads whole-second forms as before", () => {
    expect(parseClock("09:30")).toBe(34_200_000_000) // 9·3600 + 30·60 = 34 200 s
    expect(parseClock("09:29:59")).toBe(34_199_000_000)
    expect(parseClock("24:00")).toBe(86_400_000_000)
  })

  it("reads one to six decimals of a second, exactly, to the µs", () => {
    expect(parseClock("09:29:59.900")).toBe(34_199_900_000) // .900 s = 900 000 µs
    expect(parseClock("09:29:59.9")).toBe(34_199_900_000) // .9 is .900000
    expect(parseClock("09:29:59.000001")).toBe(34_199_000_001)
    expect(parseClock("09:29:59.123456")).toBe(34_199_123_456)
    expect(parseClock("00:00:00.05")).toBe(50_000)
    // Read as digits, not through a float: Number("0.000249") * 1e6 is 248.99999999999997 in doubles.
    expect(parseClock("00:00:00.000249")).toBe(249)
  })

  it("refuses a dot without digits, more than six decimals, a fraction past the end of the day", () => {
    expect(parseClock("09:29:59.")).toBeUndefined()
    expect(parseClock("09:29:59.1234567")).toBeUndefined()
    expect(parseClock("24:00:00.1")).toBeUndefined()
    expect(parseClock("09:29.5")).toBeUndefined() // a fraction needs the seconds
    expect(parseClock("09:29:60.0")).toBeUndefined()
  })
})

describe("formatting", () => {
  it("keeps whole seconds and milliseconds as they were, adds µs only when there are some", () => {
    expect(formatClock(34_199_000_000)).toBe("09:29:59.000")
    expect(formatClock(34_199_900_000)).toBe("09:29:59.900")
    expect(formatClock(34_199_900_250)).toBe("09:29:59.900250")
    expect(formatTimeOfDay(34_199_000_000)).toBe("09:29:59")
    expect(formatTimeOfDay(34_199_900_000)).toBe("09:29:59.900")
    expect(formatTimeOfDay(34_199_000_001)).toBe("09:29:59.000001")
  })
})

describe("the viewer's clock for scenario decisions", () => {
  it("prints the fraction a scenario gave, and nothing for whole seconds", () => {
    expect(formatClockExact(34_199_000_000)).toBe("09:29:59")
    expect(formatClockExact(34_199_900_000)).toBe("09:29:59.900")
    expect(formatClockExact(34_199_900_250)).toBe("09:29:59.900250")
  })
})

/**
 * Issue 17, item 1: a duration too large to represent gave a fault a NaN end, the scheduler took it, the run
 * stopped at once and passed. Durations are finite and within the day, and the scheduler refuses a time
 * that is not a finite number as the defect it is.
 */
import { describe, expect, it } from "vitest"
import { MAX_DURATION, parseDuration } from "../../scenarios/format/duration.ts"
import { Scheduler } from "../../twin/engine/scheduler.ts"

describe("durations", () => {
  it("refuses hundreds of digits (Infinity), more than a day, and text longer than 64 characters", () => {
    expect(parseDuration(`${"9".repeat(400)}s`)).toBe(undefined)
    expect(parseDuration("24h1us")).toBe(undefined)
    expect(parseDuration("1s".repeat(40))).toBe(undefined)
    expect(parseDuration("24h")).toBe(MAX_DURATION)
    expect(parseDuration("1h30m")).toBe(5_400_000_000)
  })
})

describe("the scheduler", () => {
  it("refuses NaN and Infinity as times", () => {
    const s = new Scheduler<null>()
    expect(() => s.schedule(Number.NaN, 0, 0)).toThrow("cannot schedule at a time that is not a finite number: NaN")
    expect(() => s.schedule(Number.POSITIVE_INFINITY, 0, 0)).toThrow("not a finite number: Infinity")
  })
})

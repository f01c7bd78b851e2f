import { describe, expect, it } from "vitest"
import { Pacer } from "../../../twin/serve/pacer.ts"

const NINE = 9 * 3600 * 1_000_000

describe("pacer: the virtual target from the wall clock", () => {
  it("moves speed × wall time from its anchor", () => {
    const p = new Pacer({ start: NINE, speed: 60, wallNow: 1000 })
    expect(p.target(1000, NINE)).toBe(NINE)
    expect(p.target(1050, NINE)).toBe(NINE + 3_000_000) // 50 ms × 60 = 3 simulated seconds
    expect(p.target(2000, NINE + 3_000_000)).toBe(NINE + 60_000_000)
  })

  it("stands still while paused and resumes from where the world is, without a jump", () => {
    const p = new Pacer({ start: NINE, speed: 10, wallNow: 0 })
    expect(p.target(1000, NINE)).toBe(NINE + 10_000_000)
    p.pause(1000, NINE + 10_000_000)
    expect(p.paused).toBe(true)
    expect(p.target(61_000, NINE + 10_000_000)).toBe(NINE + 10_000_000)
    expect(p.lagMs(61_000, NINE + 10_000_000)).toBe(0)
    p.resume(61_000, NINE + 10_000_000)
    expect(p.target(61_000, NINE + 10_000_000)).toBe(NINE + 10_000_000)
    expect(p.target(62_000, NINE + 10_000_000)).toBe(NINE + 20_000_000)
  })

  it("keeps continuity through a speed change", () => {
    const p = new Pacer({ start: NINE, speed: 10, wallNow: 0 })
    expect(p.target(2000, NINE)).toBe(NINE + 20_000_000)
    p.setSpeed(100, 2000, NINE + 20_000_000)
    expect(p.speed).toBe(100)
    expect(p.target(2000, NINE + 20_000_000)).toBe(NINE + 20_000_000)
    expect(p.target(2500, NINE + 20_000_000)).toBe(NINE + 70_000_000)
  })

  it("reports how far behind a slow world is, in wall ms, and caps the debt", () => {
    const p = new Pacer({ start: NINE, speed: 100, wallNow: 0, maxLagMs: 2000 })
    // The world reached only 09:00:10 after 1.5 s (target 09:02:30): 1.4 s behind.
    expect(p.target(1500, NINE + 10_000_000)).toBe(NINE + 150_000_000)
    expect(p.lagMs(1500, NINE + 10_000_000)).toBe(1400)
    // After 10 s it would be 990 simulated seconds behind; the cap keeps the target 2 s × 100 ahead.
    expect(p.target(10_000, NINE + 10_000_000)).toBe(NINE + 210_000_000)
    expect(p.lagMs(10_000, NINE + 10_000_000)).toBe(2000)
    // Catching up to the capped target leaves no lag.
    expect(p.lagMs(10_000, NINE + 210_000_000)).toBe(0)
  })

  it("tells the speed really held: afresh after a speed change, a pause or a resume, not after the lag cap", () => {
    const p = new Pacer({ start: NINE, speed: 100, wallNow: 0, maxLagMs: 2000 })
    // The world runs 50 virtual s a wall s while asked for 100.
    p.note(0, NINE)
    p.note(1000, NINE + 50_000_000)
    expect(p.held).toBe(50)
    // The lag cap re-anchors the target (the world is 950 s behind at 10 s): the figure goes on.
    expect(p.target(10_000, NINE + 50_000_000)).toBe(NINE + 250_000_000)
    p.note(10_000, NINE + 500_000_000)
    // The window keeps the last 5 s: from the sample at 1,000 ms (the last at or before 5,000), 450 v s in 9 s.
    expect(p.held).toBe(50)
    p.setSpeed(20, 10_000, NINE + 500_000_000)
    expect(p.held).toBeUndefined()
    p.note(10_000, NINE + 500_000_000)
    p.note(11_000, NINE + 520_000_000)
    expect(p.held).toBe(20)
    p.pause(11_000, NINE + 520_000_000)
    p.note(12_000, NINE + 520_000_000)
    expect(p.held).toBeUndefined()
    p.resume(12_000, NINE + 520_000_000)
    expect(p.held).toBeUndefined()
  })
})

import { describe, expect, it } from "vitest"
import { Scheduler } from "../../../twin/engine/scheduler.ts"

describe("Scheduler", () => {
  it("runs events in time order, same-time events in scheduling order", () => {
    const s = new Scheduler<string>()
    const seen: Array<string> = []
    s.schedule(30, 0, 0, "c")
    s.schedule(10, 0, 0, "a1")
    s.schedule(20, 0, 0, "b")
    s.schedule(10, 0, 0, "a2")
    s.schedule(10, 0, 0, "a3")
    expect(s.runUntil(100, (_t, _k, p) => seen.push(p!))).toBe(5)
    expect(seen).toEqual(["a1", "a2", "a3", "b", "c"])
    expect(s.now).toBe(100)
  })

  it("stops at `until`, running events at exactly that time, and keeps the rest", () => {
    const s = new Scheduler<number>()
    for (const t of [5, 10, 15]) s.schedule(t, 0, 0, t)
    const seen: Array<number> = []
    s.runUntil(10, (_t, _k, p) => seen.push(p!))
    expect(seen).toEqual([5, 10])
    expect(s.pending).toBe(1)
  })

  it("lets a handler schedule more events, including at the current instant (after the ones queued)", () => {
    const s = new Scheduler<string>()
    const seen: Array<string> = []
    s.schedule(1, 0, 0, "first")
    s.schedule(1, 0, 0, "second")
    s.runUntil(10, (_t, _k, p) => {
      seen.push(p!)
      if (p === "first") s.schedule(1, 0, 0, "spawned")
    })
    expect(seen).toEqual(["first", "second", "spawned"])
  })

  it("matches a sorted reference on 20,000 pseudo-random events across heap growth", () => {
    const s = new Scheduler<number>()
    let x = 12345
    const expected: Array<[number, number]> = []
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648
      const t = x % 1000
      s.schedule(t, i, 7, i)
      expected.push([t, i])
    }
    expected.sort((a, b) => a[0] - b[0] || a[1] - b[1])
    const seen: Array<number> = []
    s.runUntil(1000, (target, kind, p) => {
      expect(kind).toBe(7)
      expect(target).toBe(p)
      seen.push(p!)
    })
    expect(seen).toEqual(expected.map(([, i]) => i))
  })

  it("refuses to schedule in the past", () => {
    const s = new Scheduler<number>()
    s.runUntil(50, () => {})
    expect(() => s.schedule(49, 0, 0)).toThrow("cannot schedule in the past: 49 < 50")
  })
})

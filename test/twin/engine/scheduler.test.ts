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

  it("keeps (time, born, order scheduled) order while slots are recycled: events scheduled as others run, some with an earlier born", () => {
    // A reference queue sorted by (time, born, sequence) against the heap, through growth past 1,024
    // pending events and thousands of pops that free slots for the next schedules.
    const s = new Scheduler<number>()
    const reference: Array<{ time: number; born: number; seq: number; id: number }> = []
    let x = 987654
    const rand = (n: number) => {
      x = (x * 1103515245 + 12345) % 2147483648
      return x % n
    }
    let id = 0
    let seq = 0
    const add = (now: number) => {
      const time = now + rand(50)
      const born = rand(4) === 0 ? Math.max(0, now - rand(20)) : now
      s.schedule(time, id % 97, 3, id, id * 2, born)
      reference.push({ time, born, seq: seq++, id: id++ })
    }
    for (let i = 0; i < 3000; i++) add(0)
    const seen: Array<number> = []
    const expected: Array<number> = []
    s.runUntil(Infinity, (target, kind, p, arg) => {
      expect([target, kind, arg]).toEqual([p! % 97, 3, p! * 2])
      seen.push(p!)
      reference.sort((a, b) => a.time - b.time || a.born - b.born || a.seq - b.seq)
      expected.push(reference.shift()!.id)
      if (id < 12_000) for (let k = rand(3); k > 0; k--) add(s.now)
    })
    expect(seen.length).toBe(id)
    expect(seen).toEqual(expected)
    expect(s.pending).toBe(0)
  })

  // At the default capacity, and from room for one event (the short-lived kernels of heartbeat elision's
  // catch-up start small and grow: the slots and the heap double from 1), with the calendar and without
  // (then the heap holds everything).
  it.each([
    [undefined, true],
    [1, true],
    [1, false]
  ])("keeps that order for events due far apart: across calendar buckets (~131 ms), past its span (~134 s) and stopping between them (capacity %s, calendar %s)", (capacity, calendar) => {
    // Delays from 0 to 600 s: the heap holds what is due soon, the calendar (far-events.ts) the rest in
    // buckets, and beyond its span a heap by time; a reference sorted by (time, born, sequence) says the order.
    // The run stops at 40 s steps (some between buckets, some on events), so `until` meets all three.
    const s = new Scheduler<number>(capacity, { calendar })
    const reference: Array<{ time: number; born: number; seq: number; id: number }> = []
    let x = 4242
    const rand = (n: number) => {
      x = (x * 1103515245 + 12345) % 2147483648
      return x % n
    }
    const delays = [0, 1, 300, 131_072, 20_000_000, 60_000_000, 200_000_000, 600_000_000]
    let id = 0
    let seq = 0
    const add = (now: number) => {
      const time = now + delays[rand(delays.length)]! + rand(1000)
      const born = rand(4) === 0 ? Math.max(0, now - rand(20)) : now
      s.schedule(time, id % 97, 3, id, 0, born)
      reference.push({ time, born, seq: seq++, id: id++ })
    }
    for (let i = 0; i < 2000; i++) add(0)
    const seen: Array<number> = []
    const expected: Array<number> = []
    const pendingAtStops: Array<[number, number]> = []
    for (let until = 0; s.pending > 0; until += 40_000_000) {
      s.runUntil(until, (_target, _kind, p) => {
        seen.push(p!)
        reference.sort((a, b) => a.time - b.time || a.born - b.born || a.seq - b.seq)
        expected.push(reference.shift()!.id)
        if (id < 10_000) for (let k = rand(3); k > 0; k--) add(s.now)
      })
      pendingAtStops.push([s.pending, reference.length])
      expect(reference.every((r) => r.time > until)).toBe(true)
    }
    expect(seen.length).toBe(10_000)
    expect(seen).toEqual(expected)
    expect(pendingAtStops.every(([a, b]) => a === b)).toBe(true)
  })
})

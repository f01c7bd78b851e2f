import { describe, expect, it } from "vitest"
import { TraceIndex, upperBound } from "../../../viewer/src/state/trace-index.ts"
import { reduceEvents } from "../../../viewer/src/state/view-state.ts"
import type { TraceEvent } from "../../../viewer/src/trace/types.ts"
import { drill, plain } from "./fixtures.ts"

/** A long deterministic trace: 5,000 health changes over 40 participants, units moving, links failing. */
const longTrace = (): Array<TraceEvent> => {
  const events: Array<TraceEvent> = [
    { t: 0, kind: "trace.start", subject: "twin", data: { version: 1, estate: "x", seed: 1, from: 0, to: 100_000, moved: [], participants: 40 } }
  ]
  const statuses = ["served", "served-without-redundancy", "degraded", "down"]
  let x = 12345
  const rnd = (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648
    return x % n
  }
  const last = new Map<string, string>()
  for (let i = 1; i <= 5000; i++) {
    const t = i * 20
    const r = rnd(10)
    if (r < 7) {
      const p = `P${rnd(40)}`
      const service = ["omd-c", "otp-c"][rnd(2)]!
      const status = statuses[rnd(4)]!
      const key = `${p}|${service}`
      events.push({ t, kind: "health", subject: p, data: { service, status, previous: last.get(key) ?? null, cause: "c" } })
      last.set(key, status)
    } else if (r < 8) events.push({ t, kind: "world.change", subject: `u${rnd(5)}`, data: { what: "unit", moved: rnd(2) === 0 } })
    else if (r < 9) events.push({ t, kind: "world.change", subject: `l${rnd(5)}`, data: { what: "link", down: rnd(2) === 0 ? true : null } })
    else events.push({ t, kind: "unknown.kind", subject: "twin", data: {} })
  }
  return events
}

describe("trace index", () => {
  it("stateAt(t) equals a fresh replay of the events up to t, scrubbing back and forth", () => {
    const events = longTrace()
    const index = new TraceIndex(events, { every: 97 })
    index.finish()
    // forward, far back, tiny steps back, far forward, the ends
    const cursor = [50_000, 10, 49_980, 49_960, 99_990, 20, 0, 100_000, 73_333, 73_334, 1_000, 60_000, 59_999]
    for (const t of cursor) {
      const expected = reduceEvents(events.slice(0, upperBound(events, t)))
      expect(plain(index.stateAt(t))).toEqual(plain(expected))
    }
  })

  it("answers the same when built in live batches", () => {
    const events = longTrace()
    const whole = new TraceIndex(events, { every: 50 })
    const live = new TraceIndex([], { every: 50 })
    for (let i = 0; i < events.length; i += 333) live.append(events.slice(i, i + 333))
    expect(plain(live.stateAt(77_777))).toEqual(plain(whole.stateAt(77_777)))
    expect(plain(live.final)).toEqual(plain(whole.final))
  })

  it("collects phase and fault spans and the notable events", () => {
    const index = new TraceIndex(drill)
    expect(index.phases).toEqual([{ id: "ph1", name: "Move line A", start: 200, end: 500, status: "completed" }])
    expect(index.faults).toEqual([{ id: "f1", name: "link-down", start: 300, end: 400, status: "end" }])
    expect(index.nextNotableAfter(100)).toBe(200)
    expect(index.nextNotableAfter(200)).toBe(300)
    expect(index.nextNotableAfter(600)).toBe(undefined)
  })

  it("samples health over the window: a sample at t is the worst of [t, t + step), never one instant", () => {
    const index = new TraceIndex(drill, { buckets: 9 })
    index.finish()
    expect(index.samples.map((s) => s.t)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000])
    // P2 is down from 600 to the end: the bucket from 500 ends before it.
    expect(index.samples.map((s) => s.counts["omd-c"].down)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    // P2 without redundancy from 100 to 600; P1 too from 310 to 410: 2 in the buckets from 300 and 400 (at
    // 300 itself only P2 was; an instant sample there would say 1).
    expect(index.samples.map((s) => s.counts["omd-c"]["served-without-redundancy"])).toEqual([1, 1, 2, 2, 1, 0, 0, 0, 0, 0])
  })

  it("a 4-second loss between two bucket starts shows in its bucket; a change undone within one instant does not", () => {
    const S = 1_000_000
    const h = (t: number, p: string, status: string): TraceEvent => ({ t, kind: "health", subject: p, data: { service: "omd-c", status, previous: null, cause: "" } })
    const events: Array<TraceEvent> = [
      { t: 0, kind: "trace.start", subject: "twin", data: { version: 1, estate: "x", seed: 1, from: 0, to: 4800 * S, moved: [], participants: 2 } },
      h(0, "P1", "served"), h(0, "P2", "served"),
      // Both down 1,806–1,810 s (the 06:30 loss of the broken-plan drill, 30 min into an 80-min window).
      h(1806 * S, "P1", "down"), h(1806 * S, "P2", "down"), h(1810 * S, "P1", "served"), h(1810 * S, "P2", "served"),
      // Down and back at the same microsecond: never settled, never shown.
      h(3000 * S, "P1", "down"), h(3000 * S, "P1", "served")
    ]
    const index = new TraceIndex(events, { buckets: 600 })
    index.finish()
    // 600 buckets of 8 s: 1,806–1,810 s touches the buckets from 1,800 s and from 1,808 s; nothing else is down.
    expect(index.samples.filter((s) => s.counts["omd-c"].down > 0).map((s) => [s.t / S, s.counts["omd-c"].down, s.counts["omd-c"].served]))
      .toEqual([[1800, 2, 0], [1808, 2, 0]])
    expect(index.samples.length).toBe(601)
  })

  it("live: an outage is in samplesSoFar as soon as its instants settled, in the open bucket, which ends a step later", () => {
    const S = 1_000_000
    const h = (t: number, p: string, status: string): TraceEvent => ({ t, kind: "health", subject: p, data: { service: "omd-c", status, previous: null, cause: "" } })
    const live = new TraceIndex([], { buckets: 600 })
    // 80 min in 600 buckets of 8 s; P1 and P2 down at 1,806 s, the batch ends with a heartbeat at 1,806.5 s.
    live.append([
      { t: 0, kind: "trace.start", subject: "twin", data: { version: 1, estate: "x", seed: 1, from: 0, to: 4800 * S, moved: [], participants: 2 } },
      h(0, "P1", "served"), h(0, "P2", "served"),
      h(1806 * S, "P1", "down"), h(1806 * S, "P2", "down"),
      { t: 1806.5 * S, kind: "omd.heartbeat", subject: "x", data: {} }
    ])
    // Closed buckets hold no down yet; the open one (from 1,800 s) does, and ends at 1,808 s, not at the window's end.
    expect(live.samples.some((x) => x.counts["omd-c"].down > 0)).toBe(false)
    const soFar = live.samplesSoFar()
    const open = soFar[soFar.length - 1]!
    expect([open.t / S, open.counts["omd-c"].down, open.atOnce.down]).toEqual([1800, 2, 2])
    expect(live.sampleEnd(soFar.length - 1, soFar) / S).toBe(1808)
  })
})

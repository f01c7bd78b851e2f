/**
 * Where playback stops (viewer/src/state/failures.ts): failure episodes for "next/previous failure" and
 * worsenings for "pause when anyone's status worsens", with exact times.
 */
import { describe, expect, it } from "vitest"
import { BURST, EPISODE_GAP, FailureIndex } from "../../../viewer/src/state/failures.ts"
import { TraceIndex } from "../../../viewer/src/state/trace-index.ts"
import type { TraceEvent } from "../../../viewer/src/trace/types.ts"

const S = 1_000_000
const health = (t: number, p: string, status: string, previous: string | null): TraceEvent =>
  ({ t, kind: "health", subject: p, data: { service: "omd-c", status, previous, cause: "c" } })

const index = (events: ReadonlyArray<TraceEvent>): FailureIndex => {
  const f = new FailureIndex()
  for (const e of events) f.observe(e)
  return f
}

// 100 s: P1, P2 start served, P4 starts down (a first status is how the run starts: neither a worsening nor a failure); 110 s P1 loses redundancy (a worsening, no failure);
// 200 s P1 down, 200.003 s P2 down, 205 s P3 degraded (within 10 s of 200.003: the same episode);
// 208 s P1 served again (better: nothing); 300 s P2 down again (a new episode, 95 s after 205).
const events: ReadonlyArray<TraceEvent> = [
  health(100 * S, "P1", "served", null),
  health(100 * S, "P2", "served", null),
  health(100 * S, "P4", "down", null),
  health(110 * S, "P1", "served-without-redundancy", "served"),
  { t: 150 * S, kind: "scenario.step", subject: "x", data: { move: ["u"], back: [] } },
  health(200 * S, "P1", "down", "served-without-redundancy"),
  health(200 * S + 3000, "P2", "down", "served"),
  health(205 * S, "P3", "degraded", "served"),
  health(208 * S, "P1", "served", "down"),
  health(250 * S, "P2", "served", "down"),
  health(300 * S, "P2", "down", "served")
]

describe("failure index: a first status worse than by design (`design`, a fault from the opening)", () => {
  const first = (t: number, p: string, status: string, design: string): TraceEvent =>
    ({ t, kind: "health", subject: p, data: { service: "omd-c", status, previous: null, cause: "c", design } })

  it("is a worsening, and a failure when down; one as designed (a single circuit) is neither", () => {
    const f = index([
      first(100 * S, "P1", "down", "served"),
      first(100 * S, "P2", "served-without-redundancy", "served-without-redundancy"),
      first(100 * S, "P3", "served-without-redundancy", "served")
    ])
    expect(f.episodes).toEqual([100 * S])
    expect(f.worsenings).toEqual([100 * S])
    // Only P3, as designed apart from losing its redundancy: a worsening, not a failure.
    const g = index([first(100 * S, "P2", "served-without-redundancy", "served-without-redundancy"), first(120 * S, "P3", "served-without-redundancy", "served")])
    expect([g.episodes, g.worsenings]).toEqual([[], [120 * S]])
  })
})

describe("failure index", () => {
  it("groups failures into episodes less than EPISODE_GAP apart", () => {
    expect(EPISODE_GAP).toBe(10 * S)
    expect(index(events).episodes).toEqual([200 * S, 300 * S])
  })

  it("lists each instant some status got worse, once", () => {
    expect(index(events).worsenings).toEqual([110 * S, 200 * S, 200 * S + 3000, 205 * S, 300 * S])
  })

  it("next failure: the first episode start strictly after the cursor", () => {
    const f = index(events)
    expect(f.nextFailureAfter(0)).toBe(200 * S)
    // standing on an episode's start, next is the one after
    expect(f.nextFailureAfter(200 * S)).toBe(300 * S)
    expect(f.nextFailureAfter(300 * S)).toBeUndefined()
  })

  it("previous failure: the last episode start strictly before the cursor", () => {
    const f = index(events)
    expect(f.previousFailureBefore(400 * S)).toBe(300 * S)
    expect(f.previousFailureBefore(300 * S)).toBe(200 * S)
    // inside the first episode (after its start) previous goes back to its start
    expect(f.previousFailureBefore(204 * S)).toBe(200 * S)
    expect(f.previousFailureBefore(200 * S)).toBeUndefined()
  })

  it("firstWorseningIn(from, to]: where a playing cursor moving from → to pauses (a burst's stop: its first instant without settled instants)", () => {
    const f = index(events)
    expect(f.firstWorseningIn(100 * S, 150 * S)).toBe(110 * S)
    // from is excluded: paused on 110 s, playing on finds 200 s next
    expect(f.firstWorseningIn(110 * S, 250 * S)).toBe(200 * S)
    // 200.003 s is in the burst of 200 s (within 1 s of it): no second pause; 205 s is a burst of its own
    expect(f.firstWorseningIn(200 * S, 204 * S)).toBeUndefined()
    expect(f.firstWorseningIn(200 * S, 206 * S)).toBe(205 * S)
    expect(f.firstWorseningIn(206 * S, 299 * S)).toBeUndefined()
  })
})

describe("stops at the worst instant (the trace index settles each instant into the failure index)", () => {
  // The broken-plan drill's loss made small: four subscribers lose both lines within 1.3 ms of 200 s
  // (P1 at 200.000000, P2 200.000300, P3 and P4 200.001300), P5 only loses redundancy at 200.0005; all
  // back at 205 s. The first microsecond has 1 down; the episode's worst instant, 200.0013 s, has 4.
  const sv = (t: number, p: string, status: string, previous: string | null): TraceEvent =>
    ({ t, kind: "health", subject: p, data: { service: "omd-c", status, previous, cause: "c" } })
  const loss: ReadonlyArray<TraceEvent> = [
    { t: 0, kind: "trace.start", subject: "twin", data: { version: 1, estate: "x", seed: 1, from: 0, to: 400 * S, moved: [], participants: 5 } },
    ...["P1", "P2", "P3", "P4", "P5"].map((p) => sv(0, p, "served", null)),
    sv(200 * S, "P1", "down", "served"),
    sv(200 * S + 300, "P2", "down", "served"),
    sv(200 * S + 500, "P5", "served-without-redundancy", "served"),
    sv(200 * S + 1300, "P3", "down", "served"),
    sv(200 * S + 1300, "P4", "down", "served"),
    ...["P1", "P2", "P3", "P4", "P5"].map((p) => sv(205 * S, p, "served", p === "P5" ? "served-without-redundancy" : "down")),
    // A second burst 8 s after the first, less harmful (one episode still: < 10 s after its last failure): a pause of its own.
    sv(208 * S, "P1", "degraded", "served")
  ]

  it("Failure › goes to the instant of the episode's worst count (4 down at 200.0013 s), not its first microsecond (1 down)", () => {
    const index = new TraceIndex(loss)
    index.finish()
    const f = index.failures
    expect(f.episodes).toEqual([200 * S])
    expect(f.episodeStops).toEqual([200 * S + 1300])
    expect(f.episodeWorst).toEqual([{ down: 4, degradedOrWorse: 4, notServed: 5 }])
    expect(f.nextFailureAfter(0)).toBe(200 * S + 1300)
    expect(f.previousFailureBefore(400 * S)).toBe(200 * S + 1300)
    expect(index.stateAt(f.nextFailureAfter(0)!).counts["omd-c"].down).toBe(4)
    expect(f.episodeAt(200 * S + 1300)).toEqual({ start: 200 * S, worst: { down: 4, degradedOrWorse: 4, notServed: 5 } })
    expect(f.episodeAt(200 * S)).toBeUndefined()
  })

  it("pause when worse stops once per burst (worsenings within 1 s of its first), at its worst: 200.0013 s, then 208 s", () => {
    const index = new TraceIndex(loss)
    index.finish()
    const f = index.failures
    expect(BURST).toBe(S)
    expect(f.worsenings).toEqual([200 * S, 200 * S + 300, 200 * S + 500, 200 * S + 1300, 208 * S])
    expect(f.bursts).toEqual([200 * S, 208 * S])
    expect(f.burstStops).toEqual([200 * S + 1300, 208 * S])
    // A frame at ×1000 from 199.99 s to 200.0005 s passes the burst's start: it pauses at the burst's worst
    // once the frame reaches it, and playing on from there passes no other stop of that burst.
    expect(f.firstWorseningIn(199 * S, 200 * S + 500)).toBeUndefined()
    expect(f.firstWorseningIn(199 * S, 216 * S)).toBe(200 * S + 1300)
    expect(f.firstWorseningIn(200 * S + 1300, 207 * S)).toBeUndefined()
    expect(f.firstWorseningIn(200 * S + 1300, 216 * S)).toBe(208 * S)
  })
})

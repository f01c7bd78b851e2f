/**
 * What a playing frame shows (viewer/src/state/worst-of-interval.ts): the worst of the interval since the
 * frame before, per participant-service, node and link — so an outage shorter than a frame is on it.
 * The trace is the audit's case made small: three subscribers of one line down 10.005977–13 s (as the 572 of
 * 09:10:05.005977–09:10:08 in the short scenario), the publisher node down 5–12 s; at ×1000 one 60 Hz frame
 * goes from 9 s to 25 s, past all of it.
 */
import { describe, expect, it } from "vitest"
import { TraceIndex } from "../../../viewer/src/state/trace-index.ts"
import { worstOfInterval } from "../../../viewer/src/state/worst-of-interval.ts"
import { affectedParticipants, nodeState } from "../../../viewer/src/state/derive.ts"
import type { TraceEvent } from "../../../viewer/src/trace/types.ts"
import { layout } from "./fixtures.ts"

const S = 1_000_000
const h = (t: number, p: string, status: string, previous: string | null, cause = ""): TraceEvent =>
  ({ t, kind: "health", subject: p, data: { service: "omd-c", status, previous, cause } })

const events: ReadonlyArray<TraceEvent> = [
  { t: 0, kind: "trace.start", subject: "twin", data: { version: 1, estate: "tiny", seed: 1, from: 0, to: 60 * S, moved: [], participants: 2 } },
  { t: 0, kind: "estate.layout", subject: "tiny", data: layout as never },
  h(0, "P1", "served", null), h(0, "P2", "served", null), h(0, "P3", "served", null),
  { t: 5 * S, kind: "world.change", subject: "core-a", data: { what: "node", down: true } },
  h(10 * S + 5977, "P1", "down", "served", "P1/omdc: lines A and B silent"),
  h(10 * S + 5977, "P2", "down", "served", "P2/omdc: lines A and B silent"),
  h(10 * S + 6100, "P3", "down", "served", "P3/omdc: lines A and B silent"),
  { t: 12 * S, kind: "world.change", subject: "core-a", data: { what: "node", down: null } },
  h(13 * S, "P1", "served", "down"), h(13 * S, "P2", "served", "down"), h(13 * S, "P3", "served", "down"),
  // Down and back within one microsecond: never settled, never shown.
  h(20 * S, "P1", "down", "served"), h(20 * S, "P1", "served", "down")
]

describe("worst of an interval", () => {
  it("a frame from 9 s to 25 s shows the 3 down of 10.005977–13 s and the node down, though at 25 s all is well", () => {
    const index = new TraceIndex(events)
    index.finish()
    expect(index.stateAt(25 * S).counts["omd-c"].down).toBe(0)
    const { state, worse } = worstOfInterval(index, 9 * S, 25 * S)
    expect(worse).toBe(true)
    expect(state.counts["omd-c"]).toEqual({ served: 0, "served-without-redundancy": 0, degraded: 0, down: 3 })
    expect([...state.health].filter(([, st]) => st === "down").map(([k]) => k)).toEqual(["P1|omd-c", "P2|omd-c", "P3|omd-c"])
    // Since and cause of the worst, so the affected list names the instant and the words of the harm.
    expect(state.since.get("P3|omd-c")).toBe(10 * S + 6100)
    expect(state.causes.get("P1|omd-c")).toBe("P1/omdc: lines A and B silent")
    expect(affectedParticipants(state).map((a) => [a.participant.id, a.worst, a.worstService.since])).toEqual([
      ["P1", "down", 10 * S + 5977],
      ["P2", "down", 10 * S + 5977]
    ])
    // The node down 5–12 s: in force at 9 s, so part of the interval.
    expect(nodeState(state, "core-a")).toBe("down")
    // Fresh versions: a view that redraws on a changed version redraws into and out of it.
    expect(state.versions.health).toBeLessThan(0)
  })

  it("the interval's first part: (9 s, 10.005977 s] has P1 and P2 down, not yet P3", () => {
    const index = new TraceIndex(events)
    index.finish()
    const { state } = worstOfInterval(index, 9 * S, 10 * S + 5977)
    expect(state.counts["omd-c"].down).toBe(2)
    expect(state.health.get("P3|omd-c")).toBe("served")
  })

  it("a change undone within one microsecond is not a worst; nothing worse than at the end is the state at the end", () => {
    const index = new TraceIndex(events)
    index.finish()
    const frame = worstOfInterval(index, 14 * S, 25 * S)
    expect(frame.worse).toBe(false)
    expect(frame.state.counts["omd-c"].down).toBe(0)
    expect(frame.state).toBe(index.stateAt(25 * S))
  })
})

import { describe, expect, it } from "vitest"
import type { Submission } from "../../../../twin/contract/drill-protocol.ts"
import type { TraceEvent } from "../../../../twin/contract/trace-event.ts"
import { affectedParticipants, harmOf } from "../../../../twin/serve/drill/harm.ts"
import { agreement, type Expectations, scoreDrill } from "../../../../twin/serve/drill/score.ts"

const at = (h: number, m: number, s = 0) => ((h * 60 + m) * 60 + s) * 1_000_000
const MIN = 60_000_000
const health = (t: number, participant: string, service: string, status: string, previous: string | null): TraceEvent =>
  ({ t, kind: "health", subject: participant, data: { service, status, previous, cause: "" } })

describe("harm: participant-minutes of outage per service", () => {
  // P1 otp-c down 09:10–09:13 (3 min); P2 otp-c degraded 09:05–09:06 (1 min, degraded apart); P3 omd-c down
  // from 09:15 to the window's end 09:20 (5 min); P4 otp-c down 30 s. Down: otp-c 3 + 0.5 = 3.5, omd-c 5.
  const events = [
    health(at(9, 0), "P1", "otp-c", "served", null),
    health(at(9, 0), "P2", "otp-c", "served", null),
    health(at(9, 0), "P3", "omd-c", "served", null),
    health(at(9, 0), "P4", "otp-c", "served", null),
    health(at(9, 5), "P2", "otp-c", "degraded", "served"),
    health(at(9, 6), "P2", "otp-c", "served", "degraded"),
    health(at(9, 10), "P1", "otp-c", "down", "served"),
    health(at(9, 11), "P4", "otp-c", "down", "served"),
    health(at(9, 11, 30), "P4", "otp-c", "served", "down"),
    health(at(9, 13), "P1", "otp-c", "served", "down"),
    health(at(9, 15), "P3", "omd-c", "down", "served")
  ]
  const window = { from: at(9, 0), to: at(9, 20) }

  it("sums the time down per service inside the window", () => {
    expect(harmOf(events, window)).toEqual({ down: { "otp-c": 3.5, "omd-c": 5 }, degraded: { "otp-c": 1 }, totalDown: 8.5 })
  })

  it("counts as affected those broken a minute or more: P1 (3 min), P2 (1 min), P3 (5 min to the end), not P4 (30 s)", () => {
    expect(affectedParticipants(events, ["otp-c", "omd-c"], window)).toEqual(["P1", "P2", "P3"])
    expect(affectedParticipants(events, ["omd-c"], window)).toEqual(["P3"])
  })

  it("counts one broken from its first status when it works by design (an incident from the opening), not one broken by design", () => {
    const first = (participant: string, status: string, design: string): TraceEvent =>
      ({ t: at(9, 0), kind: "health", subject: participant, data: { service: "otp-c", status, previous: null, cause: "", design } })
    // P5 down from 09:00 though served by design, until 09:02; P6 down from its first event in a trace
    // without `design` (written before it was): its first status is all there is to go by.
    const opening = [first("P5", "down", "served"), health(at(9, 0), "P6", "otp-c", "down", null), health(at(9, 2), "P5", "otp-c", "served", "down")]
    expect(affectedParticipants(opening, ["otp-c"], window)).toEqual(["P5"])
  })
})

describe("scoring", () => {
  const expect_: Expectations = {
    incidentAt: at(9, 30),
    diagnosis: { elements: ["gw-1", "gw-2"], fault: "node-crash", services: ["otp-c"], participants: ["P1", "P2", "P3", "P4", "P5"], within: 5 * MIN },
    actions: [
      { action: "restart-service", target: "gw-1", within: 6 * MIN },
      { action: "escalate-carrier", target: "carrier-a", within: 6 * MIN }
    ]
  }
  const harm = (totalDown: number) => ({ down: { "otp-c": totalDown }, degraded: {}, totalDown })
  const diagnose = (n: number, t: number, element: string, participants: Array<string>, services: Array<"otp-c" | "omd-c">): Submission =>
    ({ n, at: t, request: { type: "diagnose", element, fault: "node-crash", participants, services } })
  const act = (n: number, t: number, action: "restart-service" | "escalate-carrier" | "fail-over-site", target: string): Submission =>
    ({ n, at: t, request: { type: "act", action, target } })

  it("agreement is |A ∩ B| / |A ∪ B|: 4 of 5 named and 1 extra → 4/6", () => {
    expect(agreement(["P1", "P2", "P3", "P4", "X"], ["P1", "P2", "P3", "P4", "P5"])).toBe(4 / 6)
    expect(agreement([], [])).toBe(1)
  })

  it("marks detection, a late right diagnosis, an on-time and a late action, a wrong action and extra harm", () => {
    const score = scoreDrill({
      expect: expect_,
      submissions: [
        // 09:33: names the service but the wrong element: detection at 3 min (20), not a diagnosis
        diagnose(1, at(9, 33), "gw-9", ["P1"], ["otp-c"]),
        act(2, at(9, 34), "restart-service", "gw-1"), // 4 min: on time
        act(3, at(9, 34), "fail-over-site", "dc2"), // not expected: −10
        // 09:36: right (gw-2 is accepted; 4 of 5 participants = 0.8 agreement): 6 min > 5 → 15
        diagnose(4, at(9, 36), "gw-2", ["P1", "P2", "P3", "P4"], ["otp-c"]),
        act(5, at(9, 40), "escalate-carrier", "carrier-a") // 10 min > 6: half of its 15
      ],
      harm: harm(10),
      idealHarm: harm(4)
    })
    expect(score.detectedAfter).toBe(3 * MIN)
    expect(score.diagnosedAfter).toBe(6 * MIN)
    expect(score.diagnosis).toEqual({ correct: true, element: true, fault: true, participants: true, services: true })
    expect(score.actions).toEqual([
      { action: "restart-service", target: "gw-1", after: 4 * MIN, within: 6 * MIN, onTime: true },
      { action: "escalate-carrier", target: "carrier-a", after: 10 * MIN, within: 6 * MIN, onTime: false }
    ])
    expect(score.wrongActions).toEqual([{ action: "fail-over-site", target: "dc2", after: 4 * MIN }])
    // actions 15 + 7.5 − 10 = 12.5; harm 10 > 4 + 1: 20 × (4 + 1) / (10 + 1) = 9.09 → 9.1
    expect(score.marks).toEqual({ detection: 20, diagnosis: 15, actions: 12.5, harm: 9.1, total: 56.6, max: 100 })
  })

  it("a wrong diagnosis is scored wrong, field by field", () => {
    const score = scoreDrill({
      expect: expect_,
      submissions: [{ n: 1, at: at(9, 31), request: { type: "diagnose", element: "link-7", fault: "link-down", participants: ["P9"], services: ["omd-c"] } }],
      harm: harm(4),
      idealHarm: harm(4)
    })
    expect(score.diagnosis).toEqual({ correct: false, element: false, fault: false, participants: false, services: false })
    expect([score.detectedAfter, score.diagnosedAfter]).toEqual([null, null])
    expect(score.marks).toEqual({ detection: 0, diagnosis: 0, actions: 0, harm: 20, total: 20, max: 100 })
  })
})

import { describe, expect, it } from "vitest"
import type { Submission } from "../../../../twin/contract/drill-protocol.ts"
import type { TraceEvent } from "../../../../twin/contract/trace-event.ts"
import { affectedParticipants, harmOf } from "../../../../twin/serve/drill/harm.ts"
import { agreement, type Expectations, judgeSubmissions, scoreDrill, verdictText } from "../../../../twin/serve/drill/score.ts"

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
    expect(harmOf(events, window)).toEqual({ down: { "otp-c": 3.5, "omd-c": 5 }, degraded: { "otp-c": 1 }, totalDown: 8.5, totalDegraded: 1 })
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
  const harm = (totalDown: number, totalDegraded = 0) => ({ down: { "otp-c": totalDown }, degraded: totalDegraded === 0 ? {} : { "omd-c": totalDegraded }, totalDown, totalDegraded })
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

  it("harm counts degraded minutes with the down ones: nothing down either way, 4,530.23 degraded against the ideal's 1,867.13 is not full marks", () => {
    // The firewall drill done nothing about (docs/drills.md library table): only degraded market data. By
    // down time alone both runs had 0 and doing nothing kept 20; by both: 20 × 1,868.13 / 4,531.23 = 8.25 → 8.2.
    const score = scoreDrill({ expect: expect_, submissions: [], harm: harm(0, 4530.23), idealHarm: harm(0, 1867.13) })
    expect(score.marks.harm).toBe(8.2)
    // Down and degraded add up: 3 down + 2 degraded against 4 + 0 is within the tolerance of 1.
    expect(scoreDrill({ expect: expect_, submissions: [], harm: harm(3, 2), idealHarm: harm(4) }).marks.harm).toBe(20)
    expect(scoreDrill({ expect: expect_, submissions: [], harm: harm(3, 3), idealHarm: harm(4) }).marks.harm).toBe(round1(20 * 5 / 7))
  })
})

const round1 = (x: number) => Math.round(x * 10) / 10

describe("times count from the incident: what comes before it (gateway-fails-sessions-to-secondary)", () => {
  // The gateway drill's expectations: ocg-dc1-03 crashes at 09:31; node-crash on it, otp-c, within 5 min;
  // restart it within 8 min. The participants are a stand-in list (the ideal run's are not needed here).
  const gateway: Expectations = {
    incidentAt: at(9, 31),
    diagnosis: { elements: ["ocg-dc1-03"], fault: "node-crash", services: ["otp-c"], participants: ["P0001", "P0002"], within: 5 * MIN },
    actions: [{ action: "restart-service", target: "ocg-dc1-03", within: 8 * MIN }]
  }
  const harm = { down: { "otp-c": 10 }, degraded: {}, totalDown: 10, totalDegraded: 0 }
  const restart = (n: number, t: number): Submission => ({ n, at: t, request: { type: "act", action: "restart-service", target: "ocg-dc1-03" } })
  const diagnose = (n: number, t: number, fault: string): Submission =>
    ({ n, at: t, request: { type: "diagnose", element: "ocg-dc1-03", fault, participants: ["P0001", "P0002"], services: ["otp-c"] } })
  const verdicts = (submissions: ReadonlyArray<Submission>) => judgeSubmissions(gateway, submissions).map((j) => verdictText(j, gateway))

  it("a restart before the crash (the audit's plan A, 09:27:03.125) is not the expected one, and costs 10: actions 0", () => {
    // It answers nothing (the gateway is up; it crashes at 09:31 and nobody restarts it after), and it is an
    // outage of its own: an action the drill did not expect, 3 min 56.875 s before the incident.
    const submissions = [restart(1, at(9, 27, 3.125)), diagnose(2, at(9, 32, 1.5), "link-down"), diagnose(3, at(9, 37, 0.3125), "node-crash")]
    const score = scoreDrill({ expect: gateway, submissions, harm, idealHarm: harm })
    expect(score.actions).toEqual([{ action: "restart-service", target: "ocg-dc1-03", after: null, within: 8 * MIN, onTime: false }])
    expect(score.wrongActions).toEqual([{ action: "restart-service", target: "ocg-dc1-03", after: -236_875_000 }])
    // detection at 61.5 s (20); the right diagnosis at 6 min 0.3125 s > 5 min (15); actions max(0, 0 − 10) = 0
    expect([score.detectedAfter, score.diagnosedAfter]).toEqual([61_500_000, 360_312_500])
    expect(score.marks).toEqual({ detection: 20, diagnosis: 15, actions: 0, harm: 20, total: 55, max: 100 })
    expect(verdicts(submissions)).toEqual([
      "not expected (taken before the incident): it does its harm, and costs marks",
      "wrong: fault; detection, on time",
      "correct diagnosis, late"
    ])
  })

  it("the live verdicts are what the score makes of each submission (the audit's plan D)", () => {
    // A fully right diagnosis at 09:28:43 (before the crash), restarts at 09:33:01.79 and 09:34:04.6.
    const submissions = [diagnose(1, at(9, 28, 43.043064), "node-crash"), restart(2, at(9, 33, 1.793064)), restart(3, at(9, 34, 4.605564))]
    const score = scoreDrill({ expect: gateway, submissions, harm, idealHarm: harm })
    // The diagnosis counts for nothing, and the score says why; the first restart is the expected one
    // (2 min 1.79 s ≤ 8 min: 30), the second is not expected (−10): actions 20.
    expect(score.diagnosis).toEqual({ correct: false, element: true, fault: true, participants: true, services: true, beforeIncident: true })
    expect([score.detectedAfter, score.diagnosedAfter]).toEqual([null, null])
    expect(score.actions).toEqual([{ action: "restart-service", target: "ocg-dc1-03", after: 121_793_064, within: 8 * MIN, onTime: true }])
    expect(score.wrongActions).toEqual([{ action: "restart-service", target: "ocg-dc1-03", after: 184_605_564 }])
    expect(score.marks).toEqual({ detection: 0, diagnosis: 0, actions: 20, harm: 20, total: 40, max: 100 })
    const all = verdicts(submissions)
    expect(all).toEqual([
      "not counted: made before the incident",
      "expected action, on time",
      "not expected (a repeat of #2): it does its harm, and costs marks"
    ])
    // Each verdict is given live, when only the submissions before it are known: the same words.
    expect(submissions.map((_, k) => verdicts(submissions.slice(0, k + 1)).at(-1))).toEqual(all)
  })

  it("a diagnosis or action at the incident's instant counts; a right diagnosis after the counted one earns nothing more", () => {
    const submissions = [diagnose(1, at(9, 31), "node-crash"), restart(2, at(9, 31)), diagnose(3, at(9, 33), "node-crash")]
    const score = scoreDrill({ expect: gateway, submissions, harm, idealHarm: harm })
    expect([score.detectedAfter, score.diagnosedAfter, score.actions[0]!.after, score.wrongActions]).toEqual([0, 0, 0, []])
    expect(score.marks.total).toBe(100)
    expect(verdicts(submissions)).toEqual(["correct diagnosis, on time; detection, on time", "expected action, on time", "correct diagnosis, counted once (#1)"])
  })
})

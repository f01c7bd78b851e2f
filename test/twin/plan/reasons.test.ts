/**
 * The reasons printed per phase (twin/plan/reasons.ts), on the risky order of the plan estate
 * (fixtures/risky-order.yaml, worked out in its header): P1 and P2 lose otp-c for the 5 minutes access
 * is moved and neither gateway is, and for 1 s while gw-1 converges.
 */
import { describe, expect, it } from "vitest"
import { phaseWhy, planReasons, versusBest } from "../../../twin/plan/reasons.ts"
import type { PhaseScore } from "../../../twin/plan/score.ts"

const risky: PhaseScore = {
  units: ["access", "gw-1", "gw-2"],
  // Settled: 2 participant-services down × 5/60 h, counted 10 times; converging: 2 × 1 s, counted 10 times.
  exposureHours: 10 * 2 * (5 / 60) + (10 * 2) / 3600,
  downHours: 2 * (5 / 60) + 2 / 3600,
  worstN1: { element: "", participants: 0 },
  atRiskHours: 0,
  rollbackDown: 0,
  rollbackParticipants: [],
  rollbackRule: true,
  convergingSeconds: 2
}

describe("phaseWhy: what a phase exposes, in words", () => {
  it("hours worse off are hours, not the exposure that counts a down hour ten times", () => {
    // 2 × 5 min = 0.17 participant-service hours worse off, all of them down: exposure 10 × 0.17 = 1.67.
    expect(phaseWhy(risky)[0]).toBe("0.17 participant-service hours worse off while in flight (0.17 of them down, counted 10 times: exposure 1.67)")
    expect(phaseWhy(risky)[1]).toBe("2 participant-service seconds down while moved units converge")
  })

  it("down and without redundancy together: the hours add once", () => {
    // 1 h worse off of which 0.25 h down: exposure 0.75 + 10 × 0.25 = 3.25.
    const mixed: PhaseScore = { ...risky, exposureHours: 0.75 + 10 * 0.25, downHours: 0.25, convergingSeconds: 0 }
    expect(phaseWhy(mixed)[0]).toBe("1 participant-service hours worse off while in flight (0.25 of them down, counted 10 times: exposure 3.25)")
  })

  it("only without redundancy: hours and exposure are the same", () => {
    const weak: PhaseScore = { ...risky, exposureHours: 0.5, downHours: 0, convergingSeconds: 0 }
    expect(phaseWhy(weak)[0]).toBe("0.50 participant-service hours worse off while in flight")
  })
})

describe("the N-1 term in words: a difference of counts, not the participants newly exposed", () => {
  it("ar-b taking down P1, P2 and P3 where pop-a1 took down P4 before the plan counts 2", () => {
    // The lines estate with each access uplink a unit and P4 on pop-a1 alone: before the plan the worst single
    // fault (pop-a1, ar-a, …) takes P4 down; with line A moved to a router ar-a does not reach, P4 is down and
    // ar-b takes down P1, P2 and P3 — three participants newly exposed, but the term is 3 − 1 = 2. The
    // runbook says "a failure of ar-b would take down 3 participants"; the plan said "2 participants newly
    // exposed to a single fault" and "ar-b takes down 2 more participants".
    const phase: PhaseScore = {
      units: ["line-a"],
      exposureHours: (3 + 10 * 1) * (40 / 60),
      downHours: 40 / 60,
      worstN1: { element: "ar-b", participants: 2 },
      atRiskHours: 2 * (40 / 60),
      rollbackDown: 0,
      rollbackParticipants: [],
      rollbackRule: true,
      convergingSeconds: 0
    }
    expect(planReasons({ phases: [phase], cost: (13 * 40) / 60 + 20 + 25 })[0]).toBe(
      "cost 53.67 = exposure 8.67 + 10 × 2 participants a phase's worst single fault takes down beyond the worst before the plan + 25 × 1 windows"
    )
    expect(phaseWhy(phase)[1]).toBe("worst single fault ar-b takes down 2 participants more than the worst single fault before the plan (1.33 participant-hours at risk)")
  })
})

describe("a phase without a rollback rule: cheaper on paper, not safer", () => {
  // The same phase with a rule whose rollback takes 3 participant-services down, and without one.
  const withRule: PhaseScore = { ...risky, rollbackDown: 3, rollbackParticipants: ["P1", "P2", "P3"] }
  const without: PhaseScore = { ...risky, rollbackDown: 0, rollbackParticipants: [], rollbackRule: false }
  const cost = (p: PhaseScore) => p.exposureHours + 10 * p.rollbackDown + 25

  it("its reasons say it has none, not that its rollback takes nobody down", () => {
    expect(phaseWhy(without)).toContain("no rollback rule: a failure leaves the phase as it is, so no rollback is counted")
    expect(phaseWhy(withRule)).toContain("its rollback (every unit back at once) takes down 3 participant-services while they converge together")
  })

  it("the plan with a rule ranks below the same plan without one, and the line says why the first counts none", () => {
    const best = { phases: [without], cost: cost(without) }
    const other = { phases: [withRule], cost: cost(withRule) }
    expect(versusBest(other, best)).toBe("costs 30 more: 3 more participant-services down in a rollback — a phase of the first without a rollback rule counts none")
  })

  it("a plan ranked lower for its exposure but without a rollback rule: its 'saving' is named for what it is", () => {
    const worse: PhaseScore = { ...without, exposureHours: without.exposureHours + 100 }
    const best = { phases: [withRule], cost: cost(withRule) }
    expect(versusBest({ phases: [worse], cost: cost(worse) }, best))
      .toBe("costs 70 more: 100 more exposure (for 3 fewer participant-services down in a rollback — a phase of this one without a rollback rule counts none)")
  })
})

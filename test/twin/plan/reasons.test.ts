/**
 * The reasons printed per phase (twin/plan/reasons.ts), on the risky order of the plan estate
 * (fixtures/risky-order.yaml, worked out in its header): P1 and P2 lose otp-c for the 5 minutes access
 * is moved and neither gateway is, and for 1 s while gw-1 converges.
 */
import { describe, expect, it } from "vitest"
import { phaseWhy } from "../../../twin/plan/reasons.ts"
import type { PhaseScore } from "../../../twin/plan/score.ts"

const risky: PhaseScore = {
  units: ["access", "gw-1", "gw-2"],
  // Settled: 2 participant-services down × 5/60 h, counted 10 times; converging: 2 × 1 s, counted 10 times.
  exposureHours: 10 * 2 * (5 / 60) + (10 * 2) / 3600,
  downHours: 2 * (5 / 60) + 2 / 3600,
  worstN1: { element: "", participants: 0 },
  atRiskHours: 0,
  rollbackDown: 0,
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

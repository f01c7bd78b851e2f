import { describe, expect, it } from "vitest"
import { allUnits } from "./estate-facts.ts"
import { runLibrary, verdicts } from "./support.ts"

/** The market rehearsals' service levels, judged on the morning's trading after the phases. */
const slo = {
  "omd-c-never-without-both-lines": "pass",
  "omd-cc-never-without-both-lines": "pass",
  "no-unrecovered-gaps": "pass",
  "sessions-recover-within-3m": "pass",
  "no-execution-lost-or-duplicated": "pass",
  "csc-northbound-available": "pass",
  "ecp-files-on-time": "pass",
  "nobody-degraded-or-down": "pass",
  "otp-c-latency-added-under-50us": "pass",
  "omd-c-latency-added-under-50us": "pass"
}

describe("the cutover rehearsal (what `npm start` plays)", () => {
  it("the cutover rehearsal: all seven phases complete with their PRTs passed, then the morning's trading meets every service level", async () => {
    const { report } = await runLibrary("cutover-rehearsal.yaml")
    expect(report.verdict).toBe("pass")
    expect(report.phases.map((p) => [p.id, p.outcome])).toEqual([
      ["phase-1-dc2-plane-b", "completed"],
      ["phase-2-dc2-plane-a", "completed"],
      ["phase-3-dc2-hosts", "completed"],
      ["phase-4-inter-dc", "completed"],
      ["phase-5-dc1-plane-b", "completed"],
      ["phase-6-dc1-plane-a", "completed"],
      ["phase-7-dc1-hosts", "completed"]
    ])
    // Every cutover unit of the estate ends on the new backbone.
    expect(report.phases.flatMap((p) => p.steps.flatMap((s) => s.move)).sort()).toEqual(allUnits)
    expect(verdicts(report)).toMatchObject(slo)
    expect(report.affected).toEqual([])
  }, 600_000)
})

import { describe, expect, it } from "vitest"
import { allUnits } from "./estate-facts.ts"
import { runLibrary, slo, verdicts } from "./support.ts"

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

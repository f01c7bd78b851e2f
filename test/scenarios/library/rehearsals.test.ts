import { describe, expect, it } from "vitest"
import { unexplained } from "../../twin/impact/support.ts"
import { agreementOf, runLibrary, sharedRun, slo, verdicts } from "./support.ts"

describe("market rehearsal and PRT on the upgraded backbone", () => {
  it("MR1, half a day: every service-level check passes and nobody is worse off than at the start", async () => {
    const { report } = await runLibrary("market-rehearsal-half-day.yaml")
    expect([report.verdict, verdicts(report), report.affected]).toEqual(["pass", slo, []])
  }, 600_000)

  it("the Post Release Test passes every check", async () => {
    const { report } = await sharedRun("post-release-test.yaml")
    expect([report.verdict, verdicts(report), report.affected]).toEqual(["pass", slo, []])
    // Executions really flowed through the open: the check judged something.
    expect(report.checks.find((c) => c.id === "no-execution-lost-or-duplicated")?.summary).toMatch(/of [1-9]\d{3,} executions logged/)
  }, 600_000)

  it("the Post Release Test: the impact engine agrees with the message engine", async () => {
    // Every difference ends within the 5-minute settle tolerance of the change it follows (test/twin/impact/support.ts).
    expect(unexplained(await agreementOf("post-release-test.yaml"))).toEqual([])
  }, 600_000)
})

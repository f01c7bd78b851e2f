import { describe, expect, it } from "vitest"
import type { Report } from "../../../scenarios/report/report.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { ocgUsers, omdCSubscribers, onCarrier, onlyOnCarrier } from "./estate-facts.ts"
import { runLibrary, verdicts } from "./support.ts"

const affected = (report: Report, keep: (a: Report["affected"][number]) => boolean = () => true) =>
  [...new Set(report.affected.filter(keep).map((a) => a.participant))].sort()
const check = (report: Report, id: string) => report.checks.find((c) => c.id === id)!
const causes = (report: Report, id: string) => [...new Set(check(report, id).evidence.map((e) => e.cause))]

describe("what-if drills during cutover phases (scenarios/library/drills/)", () => {
  it("the deliberately broken plan — line A and line B moved in one step while a core router is down — is caught, naming every OMD-C subscriber", async () => {
    const { report } = await runLibrary("drills/broken-plan-lines-together.yaml")
    expect([report.verdict, report.phases[0]?.outcome, verdicts(report)]).toEqual([
      "fail", "rolled-back", { "prt-nobody-worse-off": "fail", "prt-omd-c-lines": "fail", "prt-sessions": "pass", "no-dual-line-loss": "fail" }
    ])
    expect(check(report, "no-dual-line-loss").summary).toMatch(/: 572 participants over$/)
    expect(affected(report, (a) => a.service === "omd-c" && a.worst === "down")).toEqual(omdCSubscribers)
    // The first dual-line loss opens at the step that moved both lines, while the router was down.
    const first = Math.min(...check(report, "prt-omd-c-lines").evidence.map((e) => e.from))
    expect(first).toBeGreaterThanOrEqual(parseClock("06:30")!)
    expect(first).toBeLessThan(parseClock("06:30:10")!)
  }, 240_000)

  it("a new core router failing mid-phase fails the PRT and the phase is rolled back before the cut-off", async () => {
    const { report } = await runLibrary("drills/core-router-fails-mid-phase.yaml")
    expect([report.verdict, report.phases[0]?.outcome, report.phases[0]?.rollback?.units, verdicts(report)]).toEqual([
      "fail",
      "rolled-back",
      ["omdcc-dc1-line-b", "omdc-dc1-line-b", "access-dc1-b"],
      { "prt-nobody-worse-off": "fail", "prt-omd-c-lines": "pass", "prt-sessions": "pass" }
    ])
    expect(causes(report, "prt-nobody-worse-off")).toEqual(["new-core-b-fails"])
    // Redundancy lost, nobody down: line A kept everyone's market data.
    expect(report.affected.filter((a) => a.worst === "down")).toEqual([])
  }, 240_000)

  it("OMD-C line B not forwarded on the new backbone: the PRT sees line B silent and the rollback restores it", async () => {
    const { report } = await runLibrary("drills/omdc-line-b-not-forwarded.yaml")
    expect([report.verdict, report.phases[0]?.outcome, verdicts(report)]).toEqual([
      "fail", "rolled-back", { "prt-nobody-worse-off": "fail", "prt-omd-c-lines": "pass", "prt-sessions": "pass" }
    ])
    const evidence = check(report, "prt-nobody-worse-off").evidence
    expect(evidence.every((e) => /line B silent/.test(e.detail) && e.cause === "no-pim-on-new-dist-b")).toBe(true)
    // Only market data lost redundancy, and only for OMD subscribers.
    expect(new Set(report.affected.map((a) => a.service))).toEqual(new Set(["omd-c", "omd-cc"]))
    for (const p of affected(report, (a) => a.service === "omd-c")) expect(omdCSubscribers).toContain(p)
  }, 240_000)

  it("carrier A failing during a phase: single-circuit carrier-A participants are down, the others lose redundancy, the carrier is named as the cause", async () => {
    const { report } = await runLibrary("drills/carrier-a-fails-during-phase.yaml")
    expect([report.verdict, report.phases[0]?.outcome]).toEqual(["fail", "rolled-back"])
    expect(affected(report)).toEqual(onCarrier("carrier-a"))
    expect(affected(report, (a) => a.worst === "down")).toEqual(onlyOnCarrier("carrier-a"))
    expect(causes(report, "prt-nobody-worse-off")).toEqual(["carrier-a-outage"])
  }, 240_000)

  it("the primary data centre lost in a cutover window: DR brings every session back at the backup site within 10 minutes, market data within 5", async () => {
    const { report } = await runLibrary("drills/primary-site-lost-in-cutover-window.yaml")
    expect([report.verdict, report.phases[0]?.outcome, verdicts(report)]).toEqual([
      "pass", "completed", { "prt-sessions": "pass", "sessions-back-at-backup-site": "pass", "omd-c-back-within-5m": "pass" }
    ])
    // Everyone trading lost OTP-C while the site was gone (the fault starts at 06:37; DR is declared at 06:39).
    expect(affected(report, (a) => a.service === "otp-c" && a.worst === "down")).toEqual(ocgUsers)
    expect(Math.min(...report.affected.map((a) => a.firstAt))).toBeGreaterThanOrEqual(parseClock("06:36:50")!)
  }, 240_000)

  it("a route left pointing the old way after a move fails the PRT: sessions over plane A are cut off too", async () => {
    const { report } = await runLibrary("drills/wrong-route-after-move.yaml")
    expect([report.verdict, report.phases[0]?.outcome, verdicts(report)]).toEqual([
      "fail", "rolled-back", { "prt-nobody-worse-off": "fail", "prt-omd-c-lines": "pass", "prt-sessions": "fail" }
    ])
    expect(causes(report, "prt-nobody-worse-off")).toEqual(["stale-route-plane-a"])
  }, 240_000)
})

import { describe, expect, it } from "vitest"
import type { Report } from "../../../scenarios/report/report.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { atPop, ocgUsers, omdCSubscribers, onCarrier, onlyOnCarrier, withPrimaryGateway } from "./estate-facts.ts"
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

describe("what-if drills on a trading day", () => {
  it("a gateway failing at the open: every session on it is back within 5 minutes, no execution lost or duplicated", async () => {
    const { report } = await runLibrary("drills/gateway-fails-at-open.yaml")
    expect([report.verdict, verdicts(report)]).toEqual([
      "pass", { "sessions-back-within-5m": "pass", "no-execution-lost-or-duplicated": "pass", "others-untouched": "pass" }
    ])
    expect(affected(report, (a) => a.service === "otp-c" && a.worst === "down")).toEqual(withPrimaryGateway("ocg-dc1-03"))
  }, 240_000)

  it("the primary Lookup Service unreachable at start of day: every BSS logs on through the next endpoint", async () => {
    const { report } = await runLibrary("drills/lookup-service-unreachable.yaml")
    expect([report.verdict, verdicts(report)]).toEqual(["pass", { "everyone-trading": "pass" }])
    expect(report.affected.filter((a) => a.worst !== "served-without-redundancy")).toEqual([])
  }, 240_000)

  it("a firewall blocking the RTS port: losses on both lines are still recovered, but slowly, through the other RTS servers and refresh", async () => {
    const { report } = await runLibrary("drills/firewall-blocks-rts.yaml")
    expect([report.verdict, verdicts(report)]).toEqual(["fail", { "no-unrecovered-gaps": "pass", "no-dual-line-loss-over-1m": "fail" }])
    expect(causes(report, "no-dual-line-loss-over-1m")).toEqual(["loss-on-both-lines"])
  }, 240_000)

  it("an MTU mismatch on the new backbone: every ECP file due in the window misses its deadline", async () => {
    const { report } = await runLibrary("drills/mtu-mismatch-stalls-ecp.yaml")
    expect([report.verdict, verdicts(report)]).toEqual(["fail", { "ecp-files-on-time": "fail" }])
    expect(check(report, "ecp-files-on-time").summary).toMatch(/^232 ECP transfers missed the deadline \(200 participants;/)
    expect(causes(report, "ecp-files-on-time")).toEqual(["ecp-servers-mtu-1400"])
  }, 240_000)

  it("a flapping carrier link: line B and second circuits keep everyone served; only SFTP sessions behind the PoP drop and reconnect", async () => {
    const { report } = await runLibrary("drills/flapping-link.yaml")
    expect([report.verdict, verdicts(report)]).toEqual([
      "pass", { "no-dual-line-loss": "pass", "no-unrecovered-gaps": "pass", "sessions-ride-it-out": "pass", "ecp-files-on-time": "pass" }
    ])
    expect(new Set(report.affected.map((a) => a.service))).toEqual(new Set(["ecp-sftp"]))
    for (const p of affected(report)) expect(atPop("ca-pop-1")).toContain(p)
  }, 240_000)
})

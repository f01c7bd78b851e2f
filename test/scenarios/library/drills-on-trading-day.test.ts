import { describe, expect, it } from "vitest"
import type { Report } from "../../../scenarios/report/report.ts"
import { atPop, withPrimaryGateway } from "./estate-facts.ts"
import { runLibrary, verdicts } from "./support.ts"

const affected = (report: Report, keep: (a: Report["affected"][number]) => boolean = () => true) =>
  [...new Set(report.affected.filter(keep).map((a) => a.participant))].sort()
const check = (report: Report, id: string) => report.checks.find((c) => c.id === id)!
const causes = (report: Report, id: string) => [...new Set(check(report, id).evidence.map((e) => e.cause))]

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

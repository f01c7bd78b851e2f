import { describe, expect, it } from "vitest"
import type { Report } from "../../../scenarios/report/report.ts"
import { explainedSummary, lastingServices, unexplained } from "../../twin/impact/support.ts"
import { atPop, withPrimaryGateway } from "./estate-facts.ts"
import { agreementOf, sharedRun, traceEvents, verdicts } from "./support.ts"

const affected = (report: Report, keep: (a: Report["affected"][number]) => boolean = () => true) =>
  [...new Set(report.affected.filter(keep).map((a) => a.participant))].sort()
const check = (report: Report, id: string) => report.checks.find((c) => c.id === id)!
const causes = (report: Report, id: string) => [...new Set(check(report, id).evidence.map((e) => e.cause))]

/**
 * Each drill's run also compares the impact engine with the message engine (test/twin/impact/support.ts).
 * For faults that change reachability (a gateway crash, a Lookup Service endpoint lost, a flapping link)
 * every difference in health intervals ends within the settle tolerance (5 minutes) of the physical change
 * it follows — protocol timing such as heartbeat timeouts and reconnects, which the impact engine does not
 * model. Impairments (a firewall dropping the RTS port, an MTU cut on the ECP servers' links) change what
 * the protocols experience but not what the network can reach: the impact engine reports none of them, so
 * those tests pin what the message engine sees beyond the settle tolerance and check it is all in the
 * services the impairment touches — the documented boundary of the impact engine (docs/planner.md).
 */
describe("what-if drills on a trading day", () => {
  it("a gateway failing at the open: every session on it is back within 5 minutes, no execution lost or duplicated", async () => {
    const { report } = await sharedRun("drills/gateway-fails-at-open.yaml")
    expect([report.verdict, verdicts(report)]).toEqual([
      "pass", { "sessions-back-within-5m": "pass", "no-execution-lost-or-duplicated": "pass", "others-untouched": "pass" }
    ])
    expect(affected(report, (a) => a.service === "otp-c" && a.worst === "down")).toEqual(withPrimaryGateway("ocg-dc1-03"))
  }, 240_000)

  it("impact engine vs message engine: the gateway's sessions are down while they reconnect, nothing else differs", async () => {
    const a = await agreementOf("drills/gateway-fails-at-open.yaml")
    expect(unexplained(a)).toEqual([])
    expect(Object.keys(explainedSummary(a.disagreements))).toEqual(["otp-c served-without-redundancy→down"])
    expect(a.impact.timeline.states.length).toBe(3)
  }, 300_000)

  it("the primary Lookup Service unreachable at start of day: every BSS logs on through the next endpoint", async () => {
    const { report } = await sharedRun("drills/lookup-service-unreachable.yaml")
    expect([report.verdict, verdicts(report)]).toEqual(["pass", { "everyone-trading": "pass" }])
    expect(report.affected.filter((a) => a.worst !== "served-without-redundancy")).toEqual([])
  }, 240_000)

  it("impact engine vs message engine: the Lookup Service drill agrees within the settle tolerance", async () => {
    expect(unexplained(await agreementOf("drills/lookup-service-unreachable.yaml"))).toEqual([])
  }, 300_000)

  it("a firewall blocking the RTS port: losses on both lines are still recovered, 10 s late, through the secondary site's RTS servers; market data never stops", async () => {
    // Issue 13: 1 % loss on each line is per sequence number and per link (no whole slices lost per
    // receiver), so what both lines lose are single numbers here and there: the messages after them keep
    // arriving, and omd-dual-line-loss (time without market data) measures nothing. Before, it counted the
    // gaps' recovery time and failed. Recovery is slow but complete: rts-dc1-1 and rts-dc1-2 do not answer
    // (5 s response timeout each, spec §4.3: try another server), rts-dc2-1 does.
    const { report, dir } = await sharedRun("drills/firewall-blocks-rts.yaml")
    expect([report.verdict, verdicts(report)]).toEqual(["pass", { "no-unrecovered-gaps": "pass", "no-dual-line-loss-over-1m": "pass" }])
    expect(check(report, "no-dual-line-loss-over-1m").summary).toBe("longest omd-c dual-line loss 0s (max 1m)")
    const recovered = (await traceEvents(dir, ["omd.recovered"])).filter((e) => e.data.channel !== "omdcc/CC")
    expect(new Set(recovered.map((e) => e.data.via))).toEqual(new Set(["rts"]))
    const slowest = Math.max(...recovered.map((e) => e.data.after as number))
    expect(slowest).toBeGreaterThan(10_000_000)
    expect(slowest).toBeLessThan(10_100_000)
  }, 240_000)

  it("impact engine vs message engine: the RTS firewall, which the impact engine does not model, differs only in omd-c", async () => {
    // Loss on both OMD-C lines with RTS unreachable: gaps the feed handlers cannot recover — degraded.
    expect(lastingServices(await agreementOf("drills/firewall-blocks-rts.yaml"))).toEqual(["omd-c served-without-redundancy→degraded", "omd-c served→degraded"])
  }, 300_000)

  it("an MTU mismatch on the new backbone: every ECP file due in the window misses its deadline", async () => {
    const { report } = await sharedRun("drills/mtu-mismatch-stalls-ecp.yaml")
    expect([report.verdict, verdicts(report)]).toEqual(["fail", { "ecp-files-on-time": "fail" }])
    expect(check(report, "ecp-files-on-time").summary).toMatch(/^232 ECP transfers missed the deadline \(200 participants;/)
    expect(causes(report, "ecp-files-on-time")).toEqual(["ecp-servers-mtu-1400"])
  }, 240_000)

  it("impact engine vs message engine: the MTU mismatch, which the impact engine does not model, differs only in ecp-sftp", async () => {
    // Files larger than the cut MTU stall: ECP SFTP degraded or down, nothing else.
    expect(lastingServices(await agreementOf("drills/mtu-mismatch-stalls-ecp.yaml"))).toEqual([
      "ecp-sftp served-without-redundancy→degraded",
      "ecp-sftp served-without-redundancy→down",
      "ecp-sftp served→degraded",
      "ecp-sftp served→down"
    ])
  }, 300_000)

  it("a flapping carrier link: line B and second circuits keep everyone served; only SFTP sessions behind the PoP drop and reconnect", async () => {
    const { report } = await sharedRun("drills/flapping-link.yaml")
    expect([report.verdict, verdicts(report)]).toEqual([
      "pass", { "no-dual-line-loss": "pass", "no-unrecovered-gaps": "pass", "sessions-ride-it-out": "pass", "ecp-files-on-time": "pass" }
    ])
    expect(new Set(report.affected.map((a) => a.service))).toEqual(new Set(["ecp-sftp"]))
    for (const p of affected(report)) expect(atPop("ca-pop-1")).toContain(p)
  }, 240_000)

  it("impact engine vs message engine: the flapping link agrees within the settle tolerance", async () => {
    expect(unexplained(await agreementOf("drills/flapping-link.yaml"))).toEqual([])
  }, 300_000)
})

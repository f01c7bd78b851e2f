import { describe, expect, it } from "vitest"
import { unexplained } from "../../twin/impact/support.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { agreementOf, runLibrary, sharedRun, slo, traceEvents, verdicts } from "./support.ts"

describe("market rehearsal and PRT on the upgraded backbone", () => {
  it("MR1, half a day: every service-level check passes and nobody is worse off than at the start", async () => {
    const { report } = await runLibrary("market-rehearsal-half-day.yaml")
    expect([report.verdict, verdicts(report), report.affected]).toEqual(["pass", slo, []])
  }, 600_000)

  it("a half day (DOMAIN §1): the auctions fill at 09:21 and 12:10, the market closes at noon while China Connect trades on; every check passes", async () => {
    const { report, dir } = await runLibrary("half-day-on-the-new-backbone.yaml")
    expect([report.verdict, verdicts(report), report.affected, report.window.timetable]).toEqual(["pass", slo, [], "half-day"])
    const at = (t: string) => parseClock(t)!
    const events = await traceEvents(dir, ["trace.start", "omd.session-status", "ocg.executions", "csc.order"])
    expect(events.find((e) => e.kind === "trace.start")?.data["timetable"]).toBe("half-day")
    // OMD-C: the closing auction from 12:00, the close at 12:15, no afternoon session; OMD-CC keeps its full day [U].
    const statuses = (channel: string) =>
      events.filter((e) => e.kind === "omd.session-status" && e.data["channel"] === channel && e.data["line"] === "A").map((e) => [e.t, e.data["name"]])
    expect(statuses("omdc/SS").filter(([t]) => Number(t) >= at("12:00"))).toEqual([
      [at("12:00"), "CAS RP"], [at("12:01"), "CAS OI"], [at("12:06"), "CAS NW"], [at("12:08"), "CAS RC"], [at("12:10"), "CAS MA"], [at("12:15"), "CL"]
    ])
    expect(statuses("omdcc/CC")).toContainEqual([at("13:00"), "CT"])
    // OTP-C, from the execution ledger's minute samples (reports the hosts logged, acknowledgements and fills
    // alike, drop copies included): the pre-opening's orders (09:00–09:20) are acknowledged as they come and
    // all filled at the 09:21 match — before continuous trading's first order at 09:30 — so 09:21–09:29 adds
    // exactly what 09:00–09:21 did; the closing auction's (12:01–12:08) likewise at the 12:10 match (the
    // morning's last fills, 30 s after orders sent before 12:00, are in by 12:01); nothing after it.
    const sent = events.filter((e) => e.kind === "ocg.executions").map((e) => [e.t, Number(e.data["sent"])] as const)
    const sentAt = (t: string) => sent.filter(([u]) => u <= at(t)).at(-1)![1]
    const preOpening = sentAt("09:21") - sentAt("09:00")
    expect(preOpening).toBeGreaterThan(0)
    expect(sentAt("09:29") - sentAt("09:21")).toBe(preOpening)
    const closingAuction = sentAt("12:09") - sentAt("12:01")
    expect(closingAuction).toBeGreaterThan(0)
    expect(sentAt("12:12") - sentAt("12:09")).toBe(closingAuction)
    expect(sentAt("12:12")).toBe(sent.at(-1)![1])
    // China Connect Northbound: orders in the afternoon (the Mainland's hours, 13:00–15:00).
    expect(events.filter((e) => e.kind === "csc.order" && e.t >= at("13:00") && e.data["event"] === "submitted").length).toBeGreaterThan(1_000)
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

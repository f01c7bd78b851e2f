/** As agreement-drills.test.ts, for the other reachability drills (a second file so both run side by side). */
import { describe, expect, it } from "vitest"
import { agreementOf, explainedSummary } from "./support.ts"

const unexplained = (a: Awaited<ReturnType<typeof agreementOf>>) => a.disagreements.filter((d) => !d.explained)

describe("impact engine vs message engine, drills (2)", () => {
  it("the primary data centre lost, DR declared: the one lasting difference is OTP-C sessions logged on at the backup site", async () => {
    // The message engine's DR takeover moves every OCG-C session to the backup site's gateways, which the
    // estate's flows do not list as members (a session's members are its primary and secondary gateway,
    // both at dc1): the impact engine keeps those sessions down until dc1 returns. Everything else agrees.
    const a = await agreementOf("drills/primary-site-lost-in-cutover-window.yaml")
    const lasting = unexplained(a)
    expect(explainedSummary(lasting)).toEqual({ "otp-c down→served-without-redundancy": 610 })
    expect(Math.min(...lasting.map((d) => d.afterChange))).toBe(24_000_000_000) // 06:40, the DR declaration
  }, 300_000)

  it("a flapping carrier link", async () => {
    const a = await agreementOf("drills/flapping-link.yaml")
    expect(unexplained(a)).toEqual([])
  }, 300_000)

  it("the broken plan: line A and line B moved in one step while a core router is down", async () => {
    const a = await agreementOf("drills/broken-plan-lines-together.yaml")
    expect(unexplained(a)).toEqual([])
  }, 300_000)
})

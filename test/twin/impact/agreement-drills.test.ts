/**
 * The impact engine agrees with the message engine on the library's drills whose faults change
 * reachability (node crashes, a site lost, a carrier's circuits lost, a flapping link): every difference in
 * health intervals ends within the settle tolerance (5 minutes) of the physical change it follows —
 * protocol timing such as heartbeat timeouts and reconnects, which the impact engine does not model.
 */
import { describe, expect, it } from "vitest"
import { agreementOf, explainedSummary } from "./support.ts"

const unexplained = (a: Awaited<ReturnType<typeof agreementOf>>) => a.disagreements.filter((d) => !d.explained)

describe("impact engine vs message engine, drills", () => {
  it("an OCG-C gateway failing at the open: its sessions are down while they reconnect, nothing else differs", async () => {
    const a = await agreementOf("drills/gateway-fails-at-open.yaml")
    expect(unexplained(a)).toEqual([])
    expect(Object.keys(explainedSummary(a.disagreements))).toEqual(["otp-c served-without-redundancy→down"])
    expect(a.impact.timeline.states.length).toBe(3)
  }, 300_000)

  it("the primary Lookup Service unreachable at start of day", async () => {
    const a = await agreementOf("drills/lookup-service-unreachable.yaml")
    expect(unexplained(a)).toEqual([])
  }, 300_000)

  it("a new core router failing mid-phase", async () => {
    const a = await agreementOf("drills/core-router-fails-mid-phase.yaml")
    expect(unexplained(a)).toEqual([])
  }, 300_000)

  it("carrier A failing during a phase", async () => {
    const a = await agreementOf("drills/carrier-a-fails-during-phase.yaml")
    expect(unexplained(a)).toEqual([])
  }, 300_000)
})

/**
 * A participant-service's first `health` event carries `design`: its status in the opening state with no
 * fault in force (docs/trace.md), so that harm present from the window's first instant is told apart from a
 * weakness the estate has by design. The report's affected list and `twin participant`'s timeline judge
 * against it through one rule (twin/contract/health.ts `baselineOf`, participant-timeline.ts `worsens`).
 *
 * On test/twin/world/cause-change.yaml (see its header): P1/ecp-sftp is without redundancy by design (r1 on
 * every path to its four servers); P1's session P1T1 reaches ocg-1 through r1 and ocg-2 through r2, so otp-c
 * is served by design. A fault crashes ocg-2 at the opening instant, as a scenario fault `at` the window's
 * `from` does: otp-c's first status is already without redundancy (ocg-1 alone: r1, ocg-1 and ocg-1--r1
 * each stop it), until ocg-2 is back at 3 s.
 */
import { describe, expect, it } from "vitest"
import { estateModel, healthRig } from "./health-rig.ts"
import { ReportCollector } from "../../../scenarios/report/collect.ts"
import { CauseIndex } from "../../../twin/contract/cause-chain.ts"
import { participantTimeline } from "../../../twin/contract/participant-timeline.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"

const model = estateModel("test/twin/world/cause-change.yaml")

/** The world attached first (as startSimulation does), then the fault and the session's report at 0. */
const openingFault = () => {
  const { rt, world, health, trace, report } = healthRig(model, { flow: "P1/P1T1", service: "otp-c" }, { startupGrace: 0 })
  const targets = ["ocg-2"]
  rt.at(0, () => {
    rt.record("scenario.fault", "gw2", { kind: "node-crash", status: "start", targets })
    world.apply(WorldChange.nodeDown("ocg-2", true))
  })
  report(0, 1, "logged on to ocg-1 (primary)")
  rt.at(3_000_000, () => {
    world.apply(WorldChange.nodeDown("ocg-2", false))
    rt.record("scenario.fault", "gw2", { kind: "node-crash", status: "end", targets })
  })
  rt.run(5_000_000)
  health.flushBefore()
  return trace
}

describe("health: the status by design on the first event", () => {
  it("a fault at the opening instant: otp-c first without redundancy though served by design; ecp-sftp as designed", () => {
    const trace = openingFault()
    expect(trace.ofKind("health").map((e) => [e.t, e.data.service, e.data.status, e.data.previous, e.data.design])).toEqual([
      [0, "ecp-sftp", "served-without-redundancy", null, "served-without-redundancy"],
      [0, "otp-c", "served-without-redundancy", null, "served"],
      // ocg-2 back at 3 s: served again (a later event carries no `design`).
      [3_000_000, "otp-c", "served", "served-without-redundancy", undefined]
    ])
  })

  it("the report lists otp-c from 0 s with the fault as its cause, never ecp-sftp; the timeline agrees", () => {
    const trace = openingFault()
    const collector = new ReportCollector()
    const causes = new CauseIndex()
    for (const e of trace.events) {
      collector.write(e)
      causes.observe(e)
    }
    expect(collector.affected(5_000_000, causes)).toEqual([{
      participant: "P1",
      service: "otp-c",
      worst: "served-without-redundancy",
      firstAt: 0,
      recoveredAt: 3_000_000,
      time: { "served-without-redundancy": 3_000_000, degraded: 0, down: 0 },
      detail: "P1/P1T1: logged on to ocg-1 (primary); single point of failure r1",
      causeAt: 0,
      cause: "00:00:00 fault gw2 (node-crash on ocg-2) started",
      causeChain: { trigger: { kind: "fault", id: "gw2", at: 0, what: "node-crash on ocg-2" }, enablers: [] }
    }])
    // The same rule: otp-c's first status is a worsening (by design served) with the fault as its cause;
    // ecp-sftp's single point of failure is how the estate is built, put down to no fault.
    expect(participantTimeline(trace.events, "P1", causes).map((s) => [s.service, s.baseline, s.changes.map((c) => [c.t, c.status, c.chain])])).toEqual([
      ["ecp-sftp", "served-without-redundancy", [[0, "served-without-redundancy", ""]]],
      ["otp-c", "served", [[0, "served-without-redundancy", "00:00:00 fault gw2 (node-crash on ocg-2) started"], [3_000_000, "served", ""]]]
    ])
  })
})

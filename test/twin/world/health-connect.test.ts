/**
 * Issue 13, defect 3, in the message engine's health tracker: the Lookup Service matters only to a session
 * that must (re)connect. On test/topology/analysis/closed-until-failover.yaml: P1 has one trading session
 * P1T1 (ocg-1 primary, ocg-2 secondary) and the connect flow P1/ocg-lookup (ls-dc1 open, ls-dc2 closed until
 * a failover), so with ls-dc1 down P1 reaches no Lookup Service endpoint at all.
 *
 * A stand-in BSS reports the session's `flow.status` as the OCG-C client model would (twin/models/flow-status.ts).
 */
import { describe, expect, it } from "vitest"
import { estateModel, healthRig } from "./health-rig.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"

const model = estateModel("test/topology/analysis/closed-until-failover.yaml")

const rig = () => {
  const { rt, world, report, statuses } = healthRig(model, { flow: "P1/P1T1", service: "otp-c" }, { startupGrace: 180_000_000 })
  return { rt, world, report, otpc: statuses }
}

describe("the Lookup Service in the health tracker (closed-until-failover.yaml)", () => {
  it("a session that stays logged on keeps trading with every Lookup endpoint lost: without redundancy, never down", () => {
    const { rt, world, report, otpc } = rig()
    report(0, 1, "logged on to ocg-1 (primary)")
    rt.at(1_000_000, () => world.apply(WorldChange.nodeDown("ls-dc1", true)))
    rt.at(2_000_000, () => world.apply(WorldChange.nodeDown("ls-dc1", false)))
    rt.run(3_000_000)
    // 0: served — P1T1 reaches both gateways, no single failure stops it; the Lookup flow's own single points
    //    (r1, ls-dc1, ls-dc1--r1) only threaten (re)connecting (before the fix: without redundancy).
    // 1 s: ls-dc1 down and ls-dc2 closed: no endpoint reachable — without redundancy (before: down).
    // 2 s: ls-dc1 back: served.
    expect(otpc()).toEqual([
      [0, "served", ""],
      [1_000_000, "served-without-redundancy", "P1/ocg-lookup: 0 of 2 members reachable"],
      [2_000_000, "served", ""]
    ])
  })

  it("a session that must connect while no Lookup endpoint is reachable is down until it can log on", () => {
    const { rt, world, report, otpc } = rig()
    report(0, 0, "not logged on yet")
    rt.at(10_000, () => world.apply(WorldChange.nodeDown("ls-dc1", true)))
    rt.at(1_000_000, () => world.apply(WorldChange.nodeDown("ls-dc1", false)))
    report(1_500_000, 1, "logged on to ocg-1 (primary)")
    rt.run(3_000_000)
    // 0: starting (never up, within the 180 s grace) with ls-dc1 reachable: judged by the network, served.
    // 10 ms: still starting, but no Lookup endpoint is reachable: it cannot log on — down.
    // 1 s: ls-dc1 back: starting again, served by the network; 1.5 s: logged on, still served (no event).
    expect(otpc()).toEqual([
      [0, "served", ""],
      [10_000, "down", "P1/P1T1: starting: not logged on yet; P1/ocg-lookup unreachable"],
      [1_000_000, "served", ""]
    ])
  })
})

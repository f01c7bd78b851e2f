/**
 * A firewall rule blocking a service port in the live reach (audit case c16: `lookup` blocked on both
 * primary-site firewalls at the window's opening failed every BSS's Lookup cycle exactly as the endpoints'
 * crash did, but health saw nothing). On test/topology/analysis/closed-until-failover.yaml: P1's session P1T1
 * (ocg-1 / ocg-2) and its connect flow P1/ocg-lookup (ls-dc1 open, ls-dc2 closed until failover).
 *
 * P1's route to ls-dc1 is the fastest circuit: P1-c1, pop-a1, pop-a1--r1, r1 (10 + 400 + 200 + 5 µs); the
 * other way in (P1-c2, pop-b1, r2, r1--r2) is slower. A rule dropping `lookup` on pop-a1--r1 leaves ls-dc1
 * reachable on the graph but not on the route routing keeps (it does not notice a port rule): the Lookup
 * Service is lost to P1 as if ls-dc1 were down (health-connect.test.ts), the gateways (`ocg`) are not.
 */
import { describe, expect, it } from "vitest"
import { estateModel, healthRig } from "./health-rig.ts"
import { StateHealth } from "../../../twin/impact/state-health.ts"
import { slotOf, statusByRank } from "../../../twin/impact/health-vector.ts"
import { physicalState } from "../../../twin/impact/physical-state.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"

const model = estateModel("test/topology/analysis/closed-until-failover.yaml")

const rig = () => {
  const { rt, world, report, statuses } = healthRig(model, { flow: "P1/P1T1", service: "otp-c" }, { startupGrace: 180_000_000 })
  const block = (at: number, ports: ReadonlyArray<"lookup" | "ocg">) => rt.at(at, () => world.apply(WorldChange.linkPorts("pop-a1--r1", ports)))
  return { rt, world, report, otpc: statuses, block }
}

describe("a firewall rule blocking a port, in the health tracker (closed-until-failover.yaml)", () => {
  it("a session still starting while `lookup` is blocked on its route cannot log on: down, as with ls-dc1 crashed", () => {
    const { rt, report, otpc, block } = rig()
    report(0, 0, "not logged on yet")
    block(10_000, ["lookup"])
    block(1_000_000, [])
    rt.run(3_000_000)
    // Before the fix: served throughout (ls-dc1 reachable over pop-b1 and r1--r2, which the route does not take).
    expect(otpc()).toEqual([
      [0, "served", ""],
      [10_000, "down", "P1/P1T1: starting: not logged on yet; P1/ocg-lookup unreachable"],
      [1_000_000, "served", ""]
    ])
  })

  it("a session logged on keeps trading: without redundancy while `lookup` is blocked; `ocg` blocked on the same link loses the gateway routed over it", () => {
    const { rt, report, otpc, block } = rig()
    report(0, 1, "logged on to ocg-1 (primary)")
    block(1_000_000, ["lookup"])
    block(2_000_000, [])
    block(3_000_000, ["ocg"])
    block(4_000_000, [])
    rt.run(5_000_000)
    // 3 s: P1's route to ocg-1 crosses pop-a1--r1; to ocg-2 it takes P1-c2, pop-b1, r2 (605 µs, not 855):
    // one gateway lost — without redundancy, in the model's words (one member up, as it reports).
    expect(otpc()).toEqual([
      [0, "served", ""],
      [1_000_000, "served-without-redundancy", "P1/ocg-lookup: 0 of 2 members reachable"],
      [2_000_000, "served", ""],
      [3_000_000, "served-without-redundancy", "P1/P1T1: logged on to ocg-1 (primary)"],
      [4_000_000, "served", ""]
    ])
  })

  it("the impact engine judges the same state alike: P1's otp-c without redundancy, down for sessions that must log on", () => {
    const health = new StateHealth(model)
    const otpc = (v: Uint8Array) => statusByRank[v[slotOf(0, "otp-c")]!]
    const blocked = physicalState([], false, [], [], [], { portBlocks: [{ port: "lookup", links: ["pop-a1--r1"], nodes: [] }] })
    expect([otpc(health.of(physicalState([], false))), otpc(health.of(blocked)), otpc(health.connecting(blocked))]).toEqual(["served", "served-without-redundancy", "down"])
  })
})

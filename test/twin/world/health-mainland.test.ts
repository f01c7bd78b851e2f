/**
 * A China Connect session logged on while its market's mainland link is lost, before DR, in the message
 * engine's health tracker (audit case c8: sse-link-dc1 crashed for 3 min, no DR — every SSE order unanswered,
 * health said served-without-redundancy with sse-link-dc2 as the single point). On
 * test/topology/analysis/mainland-dr-pair.yaml: P1's session P1N1 (cccg-1 primary, cccg-2 secondary); both
 * CCCGs need sse-1 or its DR pair sse-2, which serves only once DR is in force (docs/faults.md site-loss).
 *
 * A stand-in BSS reports the session's `flow.status` as the CSC session model does (logged on throughout:
 * it hears the CCCG's heartbeats and never sees the link).
 */
import { describe, expect, it } from "vitest"
import { estateModel, healthRig } from "./health-rig.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"

const model = estateModel("test/topology/analysis/mainland-dr-pair.yaml")

const rig = () => {
  const { rt, world, report, statuses } = healthRig(model, { flow: "P1/P1N1", service: "otp-csc" })
  report(0, 1, "logged on to cccg-1 (primary)")
  return { rt, world, otpcsc: statuses }
}

const logged = "P1/P1N1: logged on to cccg-1 (primary)"

describe("a mainland link lost under a logged-on China Connect session (mainland-dr-pair.yaml)", () => {
  it("before DR: down while sse-1 is down — its CCCGs are cut off from the SSE link, sse-2 not yet serving", () => {
    const { rt, world, otpcsc } = rig()
    rt.at(1_000_000, () => world.apply(WorldChange.nodeDown("sse-1", true)))
    rt.at(2_000_000, () => world.apply(WorldChange.nodeDown("sse-1", false)))
    rt.run(3_000_000)
    // 0: logged on, without redundancy: r1, sse-1, szse-1 and their links are single points (the first named).
    // 1 s: sse-1 down, sse-2 closed until DR: both CCCGs reached but cut off — down (before the fix:
    //      without redundancy, "single point of failure sse-link-dc2" in c8; here no event at all).
    // 2 s: sse-1 back: without redundancy again.
    expect(otpcsc()).toEqual([
      [0, "served-without-redundancy", `${logged}; single point of failure r1`],
      [1_000_000, "down", `${logged}; cccg-1 cut off from sse-1`],
      [2_000_000, "served-without-redundancy", `${logged}; single point of failure r1`]
    ])
  })

  it("after the DR declaration: sse-2 serves, so losing sse-1 leaves the session trading", () => {
    const { rt, world, otpcsc } = rig()
    rt.at(500_000, () => world.apply(WorldChange.drFailover(true)))
    rt.at(1_000_000, () => world.apply(WorldChange.nodeDown("sse-1", true)))
    rt.run(3_000_000)
    // Still without redundancy throughout (r1 stays a single point); no `down`.
    expect(otpcsc()).toEqual([[0, "served-without-redundancy", `${logged}; single point of failure r1`]])
  })
})

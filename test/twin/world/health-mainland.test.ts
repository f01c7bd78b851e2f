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
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { flowStatus } from "../../../twin/models/flow-status.ts"
import type { Machine } from "../../../twin/engine/machine.ts"
import { Runtime } from "../../../twin/engine/runtime.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import { HealthTracker } from "../../../twin/world/health.ts"
import { World } from "../../../twin/world/world.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"

const file = "test/topology/analysis/mainland-dr-pair.yaml"
const parsed = parseEstate(file, readFileSync(file, "utf8"))
if (Result.isFailure(parsed)) throw new Error(`${file} does not parse`)
const model = buildModel(parsed.success)

const bss: Machine<null, { up: number; detail: string }> = {
  step: (s, input) =>
    input._tag === "receive"
      ? [s, [flowStatus({ participant: "P1", flow: "P1/P1N1", service: "otp-csc", up: input.message.up, of: 2, degraded: false, detail: input.message.detail })]]
      : [s, []]
}

const rig = () => {
  const trace = new MemoryTrace()
  const world = new World(model, { seed: 1, convergenceDelayUs: 500_000 })
  const health = new HealthTracker(model, trace)
  const rt = new Runtime(world.network, health)
  world.attach(rt, health)
  rt.add("bss", "P1.bss", bss, null)
  rt.inject(0, "bss", { _tag: "receive", from: "test", message: { up: 1, detail: "logged on to cccg-1 (primary)" } })
  const otpcsc = () => trace.ofKind("health").filter((e) => e.data.service === "otp-csc").map((e) => [e.t, e.data.status, e.data.cause])
  return { rt, world, otpcsc }
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

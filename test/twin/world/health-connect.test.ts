/**
 * Issue 13, defect 3, in the message engine's health tracker: the Lookup Service matters only to a session
 * that must (re)connect. On test/topology/analysis/closed-until-failover.yaml: P1 has one trading session
 * P1T1 (ocg-1 primary, ocg-2 secondary) and the connect flow P1/ocg-lookup (ls-dc1 open, ls-dc2 closed until
 * a failover), so with ls-dc1 down P1 reaches no Lookup Service endpoint at all.
 *
 * A stand-in BSS reports the session's `flow.status` as the OCG-C client model would (twin/models/flow-status.ts).
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

const file = "test/topology/analysis/closed-until-failover.yaml"
const parsed = parseEstate(file, readFileSync(file, "utf8"))
if (Result.isFailure(parsed)) throw new Error(`${file} does not parse`)
const model = buildModel(parsed.success)

const bss: Machine<null, { up: number; detail: string }> = {
  step: (s, input) =>
    input._tag === "receive"
      ? [s, [flowStatus({ participant: "P1", flow: "P1/P1T1", service: "otp-c", up: input.message.up, of: 2, degraded: false, detail: input.message.detail })]]
      : [s, []]
}

const rig = () => {
  const trace = new MemoryTrace()
  const world = new World(model, { seed: 1, convergenceDelayUs: 500_000 })
  const health = new HealthTracker(model, trace)
  const rt = new Runtime(world.network, health)
  world.attach(rt, health)
  health.startupGrace(180_000_000)
  rt.add("bss", "P1.bss", bss, null)
  const report = (at: number, up: number, detail: string) => rt.inject(at, "bss", { _tag: "receive", from: "test", message: { up, detail } })
  const otpc = () => trace.ofKind("health").filter((e) => e.data.service === "otp-c").map((e) => [e.t, e.data.status, e.data.cause])
  return { rt, world, report, otpc }
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

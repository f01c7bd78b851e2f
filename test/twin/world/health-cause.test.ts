/**
 * Issue 13, defect 7: a cause stays true at the instant it describes. The tracker writes `health` only when
 * a status changes; when the status stays but the deciding flow's words change, it writes `health.cause`
 * (docs/trace.md), at most one per participant-service and microsecond, none while served.
 *
 * On test/twin/world/cause-change.yaml: P1/ecp-sftp has four servers ecp-1 … ecp-4, every one behind r1, so
 * the service is served without redundancy (r1 a single point of failure) while any server is reachable;
 * P1/P1T1 reaches ocg-1 through r1 and ocg-2 through r2: otp-c served. No model reports on P1/ecp-sftp here,
 * so the live network judges it ("k of 4 members reachable, single point of failure …").
 *
 * A stand-in BSS reports the session's `flow.status` as the OCG-C client model would (twin/models/flow-status.ts).
 */
import { CauseIndex } from "../../../twin/contract/cause-chain.ts"
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { flowStatus } from "../../../twin/models/flow-status.ts"
import type { Machine } from "../../../twin/engine/machine.ts"
import { Runtime } from "../../../twin/engine/runtime.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import { ReportCollector } from "../../../scenarios/report/collect.ts"
import { HealthTracker } from "../../../twin/world/health.ts"
import { World } from "../../../twin/world/world.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"

const file = "test/twin/world/cause-change.yaml"
const parsed = parseEstate(file, readFileSync(file, "utf8"))
if (Result.isFailure(parsed)) throw new Error(`${file} does not parse`)
const causeChangeModel = buildModel(parsed.success)

const bss: Machine<null, { up: number; detail: string }> = {
  step: (s, input) =>
    input._tag === "receive"
      ? [s, [flowStatus({ participant: "P1", flow: "P1/P1T1", service: "otp-c", up: input.message.up, of: 2, degraded: false, detail: input.message.detail })]]
      : [s, []]
}

/** The tracker on cause-change.yaml; `run(to)` runs the world and flushes as a simulation's end does. */
const causeRig = () => {
  const trace = new MemoryTrace()
  const world = new World(causeChangeModel, { seed: 1, convergenceDelayUs: 500_000 })
  const health = new HealthTracker(causeChangeModel, trace)
  const rt = new Runtime(world.network, health)
  world.attach(rt, health)
  health.startupGrace(0)
  rt.add("bss", "P1.bss", bss, null)
  const report = (at: number, up: number, detail: string) => rt.inject(at, "bss", { _tag: "receive", from: "test", message: { up, detail } })
  const run = (to: number) => {
    rt.run(to)
    health.flushBefore()
  }
  const rows = (kind: "health" | "health.cause") => trace.ofKind(kind).map((e) => [e.t, e.subject, e.data.service, e.data.status, e.data.cause])
  return { trace, world, rt, report, run, rows }
}

describe("health.cause: the words change, the status stays (cause-change.yaml)", () => {
  it("1 of 4 servers reachable, then 2 of 4: one health.cause at each instant with the text it ends with; none while served", () => {
    const { trace, world, rt, report, run, rows } = causeRig()
    report(0, 1, "logged on to ocg-1 (primary)")
    rt.at(1_000_000, () => {
      world.apply(WorldChange.nodeDown("ecp-2", true))
      world.apply(WorldChange.nodeDown("ecp-3", true))
      world.apply(WorldChange.nodeDown("ecp-4", true))
    })
    rt.at(2_000_000, () => world.apply(WorldChange.nodeDown("ecp-2", false)))
    rt.at(2_500_000, () => {
      world.apply(WorldChange.nodeDown("ecp-1", true))
      world.apply(WorldChange.nodeDown("ecp-1", false))
    })
    report(2_600_000, 1, "logged on to ocg-2 (secondary)")
    run(3_000_000)
    // 0: ecp-sftp served without redundancy (r1 on every path), 4 of 4 servers; otp-c served (cause "").
    expect(rows("health")).toEqual([
      [0, "P1", "ecp-sftp", "served-without-redundancy", "P1/ecp-sftp: 4 of 4 members reachable, single point of failure r1"],
      [0, "P1", "otp-c", "served", ""]
    ])
    // 1 s: ecp-2, ecp-3, ecp-4 down one after the other in the same microsecond (3, 2, then 1 of 4): one
    //      event, the text the instant ends with; status unchanged (one server left, r1 still the weakness).
    // 2 s: ecp-2 back: 2 of 4.
    // 2.5 s: ecp-1 down and back within the microsecond (1 of 4, then 2 of 4 again): back to the text last
    //      written, none. 2.6 s: the session's words change while otp-c is served: none.
    expect(rows("health.cause")).toEqual([
      [1_000_000, "P1", "ecp-sftp", "served-without-redundancy", "P1/ecp-sftp: 1 of 4 members reachable, single point of failure r1"],
      [2_000_000, "P1", "ecp-sftp", "served-without-redundancy", "P1/ecp-sftp: 2 of 4 members reachable, single point of failure r1"]
    ])
    // Written after the instant's other events (the three world.change at 1 s), before the next instant's
    // (routing converges 0.5 s later).
    expect(trace.events.filter((e) => e.t >= 1_000_000 && e.t <= 1_500_000).map((e) => [e.t, e.kind, e.subject])).toEqual([
      [1_000_000, "world.change", "ecp-2"],
      [1_000_000, "world.change", "ecp-3"],
      [1_000_000, "world.change", "ecp-4"],
      [1_000_000, "health.cause", "P1"],
      [1_500_000, "world.converged", "ecp-2"],
      [1_500_000, "world.converged", "ecp-3"],
      [1_500_000, "world.converged", "ecp-4"]
    ])
  })

  it("the report's affected cause stays the words that opened the worst spell, with when they were written", () => {
    const { trace, world, rt, report, run, rows } = causeRig()
    report(0, 1, "logged on to ocg-1 (primary)")
    rt.at(1_000_000, () => world.apply(WorldChange.nodeDown("ocg-2", true)))
    report(4_000_000, 1, "logged on to ocg-1 (primary), 2 orders held")
    run(5_000_000)
    // 1 s: ocg-2 down: P1T1 still logged on to ocg-1, reached over either circuit (pop-a1 → r1, or pop-b1 →
    //      r2 → r1), so r1, ocg-1 and ocg-1--r1 now stop it alone: without redundancy, the model's words and
    //      the first single point, r1. 4 s: the model's words change, the status stays: one health.cause.
    //      The report: without redundancy 1–5 s (4 s). Its cause is the root — the words that opened the
    //      spell, true at 1 s; the later words are the trace's health.cause and the health check's evidence.
    expect(rows("health").filter((r) => r[2] === "otp-c")).toEqual([
      [0, "P1", "otp-c", "served", ""],
      [1_000_000, "P1", "otp-c", "served-without-redundancy", "P1/P1T1: logged on to ocg-1 (primary); single point of failure r1"]
    ])
    expect(rows("health.cause")).toEqual([
      [4_000_000, "P1", "otp-c", "served-without-redundancy", "P1/P1T1: logged on to ocg-1 (primary), 2 orders held; single point of failure r1"]
    ])
    const collector = new ReportCollector()
    for (const e of trace.events) collector.write(e)
    expect(collector.affected(5_000_000, new CauseIndex()).filter((a) => a.service === "otp-c")).toEqual([{
      participant: "P1",
      service: "otp-c",
      worst: "served-without-redundancy",
      firstAt: 1_000_000,
      time: { "served-without-redundancy": 4_000_000, degraded: 0, down: 0 },
      detail: "P1/P1T1: logged on to ocg-1 (primary); single point of failure r1",
      causeAt: 1_000_000
    }])
  })
})

import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { MemoryTrace, type TraceEvent } from "../../../twin/engine/trace.ts"
import { simulate } from "../../../twin/simulate/simulate.ts"
import { ocgWiringOf } from "../../../twin/simulate/wire-ocg.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"

const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
const model = buildModel(parsed.success)
const at = (clock: string) => parseClock(clock)!

// Idle sessions elided from 06:01:20; then a lossy, jittery circuit, a gateway lost and back, a circuit down.
const faults: Wiring = {
  system: "faults",
  wire: ({ runtime, world }) => {
    const lossy = (lossPct: number, jitterUs: number) => () =>
      world.batch(() => {
        world.apply(WorldChange.linkLoss("P0001-c1", lossPct))
        world.apply(WorldChange.linkLatency("P0001-c1", 0, jitterUs))
      })
    runtime.at(at("06:04"), lossy(20, 300))
    runtime.at(at("06:06"), lossy(0, 0))
    runtime.at(at("06:08"), () => world.apply(WorldChange.nodeDown("ocg-dc1-03", true)))
    runtime.at(at("06:12"), () => world.apply(WorldChange.nodeDown("ocg-dc1-03", false)))
    runtime.at(at("06:15"), () => world.apply(WorldChange.linkDown("P0002-c1", true)))
  }
}

const run = (elideHeartbeats: boolean) => {
  const trace = new MemoryTrace()
  const summary = simulate({
    model,
    seed: 3,
    window: { from: at("06:00"), to: at("06:25") },
    wirings: [ocgWiringOf({ elideHeartbeats }), faults],
    trace
  })
  return { events: summary.events, trace: trace.events }
}

// The engine's event count is the one thing elision changes.
const observable = (events: ReadonlyArray<TraceEvent>) =>
  events.map((e) => (e.kind === "metrics" ? { ...e, data: { ...e.data, events: 0 } } : e))

describe("heartbeat elision on the default estate", () => {
  const exact = run(false)
  const elided = run(true)

  it("writes the same trace as simulating every heartbeat, through loss, jitter, a gateway lost and a circuit down", () => {
    expect(elided.trace.length).toBe(exact.trace.length)
    expect(observable(elided.trace)).toEqual(observable(exact.trace))
    expect(exact.trace.some((e) => e.kind === "ocg.gateway" && e.data.event === "session-end")).toBe(true)
  })

  it("runs far fewer engine events", () => {
    expect(elided.events).toBeLessThan(exact.events * 0.65)
  })
})

import { describe, expect, it } from "vitest"
import { ocgWiringOf } from "../../../twin/simulate/wire-ocg.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"
import { at, observable, runDefault } from "./elision-runs.ts"

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

const run = (elideHeartbeats: boolean) => runDefault(3, "06:00", "06:25", [ocgWiringOf({ elideHeartbeats }), faults])

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

/** The latency sampler (an instrument of the simulation): what it measures, and when it writes `route.latency`. */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { parseEstate } from "../../../../topology/load.ts"
import { buildModel } from "../../../../topology/model.ts"
import { everythingMoved, nothingMoved } from "../../../../topology/network.ts"
import { parseClock, seconds } from "../../../../twin/engine/time.ts"
import { MemoryTrace } from "../../../../twin/engine/trace.ts"
import { addedLatencies, latencySampler } from "../../../../twin/simulate/instruments/latency-sampler.ts"
import { simulate } from "../../../../twin/simulate/simulate.ts"
import type { Wiring } from "../../../../twin/simulate/wiring.ts"
import { WorldChange } from "../../../../twin/world/world-change.ts"

const parsed = parseEstate("tiny", readFileSync(new URL("../../../topology/fixtures/tiny-estate.yaml", import.meta.url), "utf8"))
if (Result.isFailure(parsed)) throw new Error("tiny estate does not parse")
const tiny = buildModel(parsed.success)

describe("the latency sampler", () => {
  // Tiny estate: an access router reaches a service over old core (3 µs) + old-to-new core (2 µs) before its
  // plane moves, and straight to the new core (3 µs) after: 2 µs less on every flow whose path uses the plane.
  it("computes each service's added latency against nothing moved, by hand on the tiny estate", () => {
    const measure = addedLatencies(tiny)
    expect(measure(nothingMoved)).toEqual([
      { service: "omd-c", flows: 2, medianAddedUs: 0, p90AddedUs: 0, p99AddedUs: 0, maxAddedUs: 0, worstFlow: "P1/omdc-ss", unreachable: 0 },
      { service: "otp-c", flows: 4, medianAddedUs: 0, p90AddedUs: 0, p99AddedUs: 0, maxAddedUs: 0, worstFlow: "P1/P1T01", unreachable: 0 }
    ])
    expect(measure(everythingMoved(tiny))).toEqual([
      { service: "omd-c", flows: 2, medianAddedUs: -2, p90AddedUs: -2, p99AddedUs: -2, maxAddedUs: -2, worstFlow: "P1/omdc-ss", unreachable: 0 },
      { service: "otp-c", flows: 4, medianAddedUs: -2, p90AddedUs: -2, p99AddedUs: -2, maxAddedUs: -2, worstFlow: "P1/P1T01", unreachable: 0 }
    ])
  })

  it("writes route.latency at the start and 1 µs after a change has converged, only when a figure changed", () => {
    const trace = new MemoryTrace()
    const steps: Wiring = {
      system: "steps",
      wire: ({ runtime, world }) => {
        runtime.at(parseClock("09:00:10")!, () => world.apply(WorldChange.unitMoved("access-dc1-a")))
        runtime.at(parseClock("09:00:20")!, () => world.apply(WorldChange.linkLatency("P2-c1", 500, 0)))
      }
    }
    simulate({ model: tiny, seed: 1, window: { from: parseClock("09:00")!, to: parseClock("09:01")! }, wirings: [latencySampler, steps], trace })
    const samples = trace.ofKind("route.latency").map((e) => [e.t, e.data.service, e.data.maxAddedUs])
    const moved = parseClock("09:00:10")! + seconds(1) + 1
    expect(samples).toEqual([
      [parseClock("09:00"), "omd-c", 0],
      [parseClock("09:00"), "otp-c", 0],
      [moved, "omd-c", -2],
      [moved, "otp-c", -2]
    ])
  })
})

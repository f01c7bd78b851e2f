import { describe, expect, it } from "vitest"
import { parseClock, seconds } from "../../../twin/engine/time.ts"
import { fault, faultEstate, onCircuit, probes, run } from "./support.ts"

const T0 = parseClock("10:00")!
const model = faultEstate()

describe("link-blackhole", () => {
  it("P1-c1 dead in its forward direction (P1 → PoP): P1's messages vanish, HKEX's replies arrive, routing never moves", () => {
    const sends = [
      { at: T0 + seconds(1), from: "P1.bss", to: "ocg-1", n: 1 },
      { at: T0 + seconds(1), from: "ocg-1", to: "P1.bss", n: 2 },
      { at: T0 + seconds(4), from: "P1.bss", to: "ocg-1", n: 3 }, // well after any convergence: still dropped
      { at: T0 + seconds(6), from: "P1.bss", to: "ocg-1", n: 4 } // the fault is over
    ]
    const r = run(model, { from: T0, to: T0 + seconds(7) }, [
      probes(["P1.bss", "ocg-1"], sends),
      fault("link-blackhole", { link: "P1-c1", direction: "forward" }, T0 + seconds(0.5), T0 + seconds(5), model)
    ])
    expect(r.changes()).toEqual([
      [T0 + seconds(0.5), "P1-c1", { what: "link", blackhole: "forward" }],
      [T0 + seconds(5), "P1-c1", { what: "link", blackhole: null }]
    ])
    expect(r.arrivals()).toEqual([
      [T0 + seconds(1) + 518 + onCircuit(), "P1.bss", 2],
      [T0 + seconds(6) + 518 + onCircuit(), "ocg-1", 4]
    ])
  })
})

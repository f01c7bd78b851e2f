import { describe, expect, it } from "vitest"
import { parseClock, seconds } from "../../../twin/engine/time.ts"
import { fault, faultEstate, issuesOf, onCircuit, probes, run } from "./support.ts"

const T0 = parseClock("10:00")!
const model = faultEstate()
const sends = [
  { at: T0 + seconds(2.5), from: "P1.bss", to: "ocg-1", n: 1 },
  { at: T0 + seconds(2.5), from: "P2.bss", to: "ocg-1", n: 2 },
  { at: T0 + seconds(2.5), from: "P3.bss", to: "ocg-1", n: 3 }
]

describe("carrier-circuit-loss", () => {
  it("carrier-a loses every circuit: P1 fails over to its carrier-b circuit, single-homed P2 is cut off, P3 (carrier-b) never notices", () => {
    const r = run(model, { from: T0, to: T0 + seconds(4) }, [
      probes(["P1.bss", "P2.bss", "P3.bss", "ocg-1"], sends),
      fault("carrier-circuit-loss", { carrier: "carrier-a" }, T0 + seconds(1), T0 + seconds(3), model)
    ])
    expect(r.changes()).toEqual([
      [T0 + seconds(1), "P1-c1", { what: "link", down: true }],
      [T0 + seconds(1), "P2-c1", { what: "link", down: true }],
      [T0 + seconds(3), "P1-c1", { what: "link", down: false }],
      [T0 + seconds(3), "P2-c1", { what: "link", down: false }]
    ])
    // P3 → ocg-1: 10 + 500 + 300 + 3 + 5 = 818 µs.
    expect(r.arrivals()).toEqual([
      [T0 + seconds(2.5) + 718 + onCircuit(), "ocg-1", 1],
      [T0 + seconds(2.5) + 818 + onCircuit(), "ocg-1", 3]
    ])
    // One convergence for the carrier's circuits, recorded per circuit.
    expect(r.trace.ofKind("world.converged").map((e) => [e.t, e.subject])).toEqual([
      [T0 + seconds(2), "P1-c1"],
      [T0 + seconds(2), "P2-c1"],
      [T0 + seconds(4), "P1-c1"],
      [T0 + seconds(4), "P2-c1"]
    ])
  })

  it("with participants: [P1] only P1's circuit goes down", () => {
    const r = run(model, { from: T0, to: T0 + seconds(4) }, [
      probes(["P1.bss", "P2.bss", "P3.bss", "ocg-1"], sends),
      fault("carrier-circuit-loss", { carrier: "carrier-a", participants: ["P1"] }, T0 + seconds(1), T0 + seconds(3), model)
    ])
    expect(r.changes().map(([, link]) => link)).toEqual(["P1-c1", "P1-c1"])
    expect(r.arrivals().map(([, , n]) => n)).toEqual([1, 2, 3])
  })

  it("refuses an unknown carrier and a participant without a circuit of it", () => {
    expect(issuesOf("carrier-circuit-loss", { carrier: "pop-a" }, model)).toEqual([
      { path: "carrier", expected: "a carrier site id of the estate", got: '"pop-a"' }
    ])
    expect(issuesOf("carrier-circuit-loss", { carrier: "carrier-a", participants: ["P1", "P3", "P9"] }, model)).toEqual([
      { path: "participants[1]", expected: "a participant with a circuit of carrier-a", got: '"P3"' },
      { path: "participants[2]", expected: "a participant id of the estate", got: '"P9"' }
    ])
  })
})

import { describe, expect, it } from "vitest"
import { parseClock, seconds } from "../../../twin/engine/time.ts"
import { fault, faultEstate, onCircuit, probes, run } from "./support.ts"

const T0 = parseClock("10:00")!
const model = faultEstate()

describe("link-down", () => {
  it("P1's primary circuit down 1 s–3 s: lost until routing converges, then over P1-c2 (718 µs), back on P1-c1 after the repair converges", () => {
    const sends = [0.5, 1.5, 2.5, 3.5, 4.5].map((s, i) => ({ at: T0 + seconds(s), from: "P1.bss", to: "ocg-1", n: i + 1 }))
    const r = run(model, { from: T0, to: T0 + seconds(6) }, [
      probes(["P1.bss", "ocg-1"], sends),
      fault("link-down", { link: "P1-c1" }, T0 + seconds(1), T0 + seconds(3), model)
    ])
    expect(r.changes()).toEqual([
      [T0 + seconds(1), "P1-c1", { what: "link", down: true }],
      [T0 + seconds(3), "P1-c1", { what: "link", down: false }]
    ])
    // 1.5 s: the route still points over the dead circuit (convergence takes 1 s): lost.
    // 3.5 s: the circuit is back but routing has not converged on it yet: still over P1-c2.
    expect(r.arrivals()).toEqual([
      [T0 + seconds(0.5) + 518 + onCircuit(), "ocg-1", 1],
      [T0 + seconds(2.5) + 718 + onCircuit(), "ocg-1", 3],
      [T0 + seconds(3.5) + 718 + onCircuit(), "ocg-1", 4],
      [T0 + seconds(4.5) + 518 + onCircuit(), "ocg-1", 5]
    ])
  })
})

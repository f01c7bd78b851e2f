import { describe, expect, it } from "vitest"
import { parseClock, seconds } from "../../../twin/engine/time.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"
import { fault, faultEstate, onCircuit, probes, run } from "./support.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"

const T0 = parseClock("10:00")!
const model = faultEstate()
/** The cutover step the fault spoils: access-1 moves to the new distribution router at 2 s. */
const move: Wiring = { system: "cutover", wire: ({ runtime, world }) => runtime.at(T0 + seconds(2), () => world.apply(WorldChange.unitMoved("access-1"))) }
const sends = [3.5, 6.5].map((s, i) => ({ at: T0 + seconds(s), from: "P1.bss", to: "ocg-1", n: i + 1 }))
// After the move: P1 → ar-1 → new-dist-1 → old-dist-1 → ocg-1: 10 + 400 + 100 + 3 + 2 + 5 = 520 µs.
const moved = 520 + onCircuit()

describe("wrong-route", () => {
  it("routing holds access-1 on its old side: after the move P1's traffic takes the dark old uplink and is lost until the fault ends", () => {
    const r = run(model, { from: T0, to: T0 + seconds(7) }, [
      probes(["P1.bss", "ocg-1"], sends),
      move,
      fault("wrong-route", { unit: "access-1" }, T0 + seconds(1), T0 + seconds(5), model)
    ])
    expect(r.changes()).toEqual([
      [T0 + seconds(1), "access-1", { what: "routing-hold", held: true, moved: false }],
      [T0 + seconds(2), "access-1", { what: "unit", moved: true }],
      [T0 + seconds(5), "access-1", { what: "routing-hold", held: false, moved: false }]
    ])
    // 3.5 s: routing converged at 3 s, still on the held (old) side: lost. 6.5 s: converged at 6 s.
    expect(r.arrivals()).toEqual([[T0 + seconds(6.5) + moved, "ocg-1", 2]])
  })

  it("without the fault the same move costs only the convergence delay", () => {
    const r = run(model, { from: T0, to: T0 + seconds(7) }, [probes(["P1.bss", "ocg-1"], sends), move])
    expect(r.arrivals()).toEqual([
      [T0 + seconds(3.5) + moved, "ocg-1", 1],
      [T0 + seconds(6.5) + moved, "ocg-1", 2]
    ])
  })
})

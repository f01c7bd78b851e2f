import { describe, expect, it } from "vitest"
import { parseClock, seconds } from "../../../twin/engine/time.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"
import { faultCatalogue } from "../../../scenarios/faults/catalogue.ts"
import { harmStart } from "../../../scenarios/faults/fault.ts"
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

  it("harms from the first step inside its window that moves the unit, either way; with none, from its start (a drill's time targets count from it)", () => {
    const kind = faultCatalogue.get("wrong-route")!
    const held = { kind, params: { unit: "access-1" }, start: T0, end: T0 + seconds(60) }
    const step = (s: number, move: Array<string>, back: Array<string> = []) => ({ at: T0 + seconds(s), move, back })
    expect(harmStart(held, [step(-5, ["access-1"]), step(10, ["access-2"]), step(30, [], ["access-1"]), step(20, ["access-1"])])).toBe(T0 + seconds(20))
    expect(harmStart(held, [step(10, ["access-2"]), step(60, ["access-1"])])).toBe(T0)
    expect(harmStart({ ...held, end: undefined }, [step(90, ["access-1"])])).toBe(T0 + seconds(90))
    // A compound harms from its first member's harm: a link down at once, with the held route.
    const compound = faultCatalogue.get("compound")!
    const both = { kind: compound, start: T0, end: undefined }
    const steps = [step(20, ["access-1"])]
    expect(harmStart({ ...both, params: { faults: [{ kind: "wrong-route", unit: "access-1" }, { kind: "link-down", link: "P1-c1" }] } }, steps)).toBe(T0)
    expect(harmStart({ ...both, params: { faults: [{ kind: "wrong-route", unit: "access-1" }, { kind: "wrong-route", unit: "access-2" }] } }, steps)).toBe(T0 + seconds(20))
    // Any other kind harms from its start.
    expect(harmStart({ kind: faultCatalogue.get("link-down")!, params: { link: "P1-c1" }, start: T0, end: undefined }, steps)).toBe(T0)
  })
})

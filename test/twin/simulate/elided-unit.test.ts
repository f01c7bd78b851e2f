import { describe, expect, it } from "vitest"
import { outOfStep, type PhasedUnit } from "../../../twin/simulate/elided-unit.ts"

const unit = (name: string, phases: ReadonlyArray<number>, elided = false): PhasedUnit & { readonly name: string } => ({ name, elided: elided ? {} : undefined, phases })

describe("outOfStep: the periodic units a look may elide", () => {
  it("leaves out a unit in step with one that stays live, and — since it stays live too — the units in step with it, through the chain", () => {
    // live shares 5 with a; a shares 7 with b; b shares 9 with c; d is in step with nobody outside.
    const live = unit("live", [5])
    const a = unit("a", [5, 7])
    const b = unit("b", [7, 9])
    const c = unit("c", [9])
    const d = unit("d", [11, 12])
    const all = [live, a, b, c, d]
    const kept = outOfStep(all, new Set([a, b, c, d]), (u) => u.phases)
    expect([...kept].map((u) => u.name)).toEqual(["d"])
  })

  it("units in step only with each other are elided together", () => {
    const a = unit("a", [5, 7])
    const b = unit("b", [7])
    const other = unit("other", [8])
    expect([...outOfStep([a, b, other], new Set([a, b]), (u) => u.phases)].map((u) => u.name)).toEqual(["a", "b"])
  })

  it("a unit elided at another look counts as outside with its phases as elided", () => {
    const earlier = unit("earlier", [3], true)
    const a = unit("a", [3])
    expect([...outOfStep([earlier, a], new Set([a]), (u) => u.phases)].map((u) => u.name)).toEqual([])
  })
})

import { describe, expect, it } from "vitest"
import { parseClock, seconds } from "../../../twin/engine/time.ts"
import { fault, faultEstate, issuesOf, onCircuit, probes, run } from "./support.ts"

const T0 = parseClock("10:00")!
const model = faultEstate()

describe("link-loss", () => {
  it("30 % loss on pop-a--ar-1 for 1 s: about 3 in 10 of 1,000 probes are lost, none before or after", () => {
    // One probe a millisecond from 0 s to 3 s; the fault covers [1 s, 2 s).
    const sends = Array.from({ length: 3_000 }, (_, i) => ({ at: T0 + i * 1_000, from: "P2.bss", to: "ocg-1", n: i }))
    const r = run(model, { from: T0, to: T0 + seconds(4) }, [
      probes(["P2.bss", "ocg-1"], sends),
      fault("link-loss", { link: "pop-a--ar-1", percent: 30 }, T0 + seconds(1), T0 + seconds(2), model)
    ])
    const arrived = new Set(r.arrivals().map(([, , n]) => n))
    const lost = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i).filter((n) => !arrived.has(n)).length
    expect(lost(0, 1_000)).toBe(0)
    expect(lost(2_000, 3_000)).toBe(0)
    // The draw is seeded: exactly this many, run after run (binomial(1000, 0.3): 300 ± 15).
    expect(lost(1_000, 2_000)).toBe(305)
    // Survivors are not delayed by the loss.
    expect(r.arrivals().find(([, , n]) => n === 1_500 || n === 1_501)![0] % 1_000).toBe((718 + onCircuit()) % 1_000)
  })

  it("refuses a percentage outside (0, 100] and an unknown link", () => {
    expect(issuesOf("link-loss", { link: "nope", percent: 5 }, model)).toEqual([
      { path: "link", expected: "a link id of the estate (or a participant circuit id)", got: '"nope"' }
    ])
    expect(issuesOf("link-loss", { link: "pop-a--ar-1", percent: 0 }, model)).toHaveLength(1)
    expect(issuesOf("link-loss", { link: "pop-a--ar-1", percent: 101 }, model)).toHaveLength(1)
  })
})

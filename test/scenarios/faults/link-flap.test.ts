import { describe, expect, it } from "vitest"
import { parseClock, seconds } from "../../../twin/engine/time.ts"
import { linkFlap } from "../../../scenarios/faults/link-flap.ts"
import { fault, faultEstate, onCircuit, probes, run } from "./support.ts"

const T0 = parseClock("10:00")!
const model = faultEstate()

describe("link-flap", () => {
  it("P2's only circuit flaps every 4 s, down 25 % of each period, from 0 s to 10 s: down at 0, 4, 8 s; up 1 s later each time", () => {
    // P2 has one circuit: while it is down (and until routing converges 1 s after it is back) P2 is cut off.
    const sends = [0.5, 1.5, 2.5, 4.5, 6.5].map((s, i) => ({ at: T0 + seconds(s), from: "P2.bss", to: "ocg-1", n: i + 1 }))
    const r = run(model, { from: T0, to: T0 + seconds(12) }, [
      probes(["P2.bss", "ocg-1"], sends),
      fault("link-flap", { link: "P2-c1", period: "4s", duty: 0.25 }, T0, T0 + seconds(10), model)
    ])
    expect(r.changes().map(([t, link, d]) => [(t - T0) / 1e6, link, (d as { down: boolean }).down])).toEqual([
      [0, "P2-c1", true],
      [1, "P2-c1", false],
      [4, "P2-c1", true],
      [5, "P2-c1", false],
      [8, "P2-c1", true],
      [9, "P2-c1", false]
    ])
    // 0.5 s and 4.5 s: the circuit is down. 1.5 s: up again, but routing converged at 1 s on the down
    // state (no route), and catches up with the repair only at 2 s: lost. 2.5 s and 6.5 s: through.
    expect(r.arrivals()).toEqual([
      [T0 + seconds(2.5) + 718 + onCircuit(), "ocg-1", 3],
      [T0 + seconds(6.5) + 718 + onCircuit(), "ocg-1", 5]
    ])
  })

  it("refuses a flap whose down or up part is under 100 ms (issue 17: a 2 µs flap froze a live drill): it is loss", () => {
    const issues = (period: string, duty?: number) => linkFlap.validate({ link: "P2-c1", period, ...(duty === undefined ? {} : { duty }) }, model)
    expect(issues("4us")).toEqual([
      { path: "period", expected: "a period whose down and up parts are each at least 100 ms (faster is loss: link-loss)", got: '"4us" at duty 0.5' }
    ])
    // 1 s at duty 0.95: up for 50 ms only.
    expect(issues("1s", 0.95).map((i) => i.got)).toEqual(['"1s" at duty 0.95'])
    // 200 ms at 0.5: 100 ms down, 100 ms up — the least accepted.
    expect(issues("200ms")).toEqual([])
  })
})

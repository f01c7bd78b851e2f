import { describe, expect, it } from "vitest"
import { parseClock, seconds } from "../../../twin/engine/time.ts"
import { fault, faultEstate, issuesOf, onCircuit, probes, run } from "./support.ts"

const T0 = parseClock("10:00")!
const model = faultEstate()

describe("mtu-cut", () => {
  it("ar-1--old-dist-1 cut to 1,400: 200-byte messages pass, 1,500-byte packets and 32 KiB writes vanish until the end", () => {
    const sends = [
      { at: T0 + seconds(1), from: "P1.bss", to: "ecp-1", n: 1, bytes: 200 },
      { at: T0 + seconds(1), from: "P1.bss", to: "ecp-1", n: 2, bytes: 1_500 },
      { at: T0 + seconds(1), from: "ecp-1", to: "P1.bss", n: 3, bytes: 32_768 },
      { at: T0 + seconds(3), from: "P1.bss", to: "ecp-1", n: 4, bytes: 1_500 }
    ]
    const r = run(model, { from: T0, to: T0 + seconds(4) }, [
      probes(["P1.bss", "ecp-1"], sends),
      fault("mtu-cut", { link: "ar-1--old-dist-1", mtu: 1_400 }, T0 + seconds(0.5), T0 + seconds(2), model)
    ])
    expect(r.arrivals()).toEqual([
      [T0 + seconds(1) + 518 + onCircuit(200), "ecp-1", 1],
      [T0 + seconds(3) + 518 + onCircuit(1_500), "ecp-1", 4]
    ])
  })

  it("refuses an MTU that is no cut", () => {
    expect(issuesOf("mtu-cut", { link: "ar-1--old-dist-1", mtu: 1_500 }, model)).toEqual([
      { path: "mtu", expected: "an MTU below the link's own (1500)", got: "1500" }
    ])
  })
})

import { describe, expect, it } from "vitest"
import { parseClock, seconds } from "../../../twin/engine/time.ts"
import { fault, faultEstate, issuesOf, onCircuit, probes, run } from "./support.ts"

const T0 = parseClock("10:00")!
const model = faultEstate()

describe("multicast-not-forwarded", () => {
  it("no PIM on old-dist-1: market data to both feed handlers is dropped while unicast through the same router passes", () => {
    const sends = [
      { at: T0 + seconds(1), from: "pub-a", group: "omd", n: 1 },
      { at: T0 + seconds(1), from: "pub-a", to: "P1.fh", n: 2 }, // unicast (an RTS-like answer) from the same node
      { at: T0 + seconds(1), from: "P1.bss", to: "ocg-1", n: 3 },
      { at: T0 + seconds(3), from: "pub-a", group: "omd", n: 4 }
    ]
    const r = run(model, { from: T0, to: T0 + seconds(4) }, [
      probes(["pub-a", "P1.fh", "P2.fh", "P1.bss", "ocg-1"], sends, { omd: ["P1.fh", "P2.fh"] }),
      fault("multicast-not-forwarded", { node: "old-dist-1" }, T0 + seconds(0.5), T0 + seconds(2), model)
    ])
    expect(r.arrivals()).toEqual([
      [T0 + seconds(1) + 518 + onCircuit(), "P1.fh", 2],
      [T0 + seconds(1) + 518 + onCircuit(), "ocg-1", 3],
      [T0 + seconds(3) + 518 + onCircuit(), "P1.fh", 4],
      [T0 + seconds(3) + 718 + onCircuit(), "P2.fh", 4]
    ])
    expect(r.changes()).toEqual([
      [T0 + seconds(0.5), "old-dist-1", { what: "node-impairment", multicastBlocked: true }],
      [T0 + seconds(2), "old-dist-1", { what: "node-impairment", multicastBlocked: false }]
    ])
  })

  it("on a link: only receivers behind it lose the multicast (P2's circuit: P2 loses, P1 does not)", () => {
    const r = run(model, { from: T0, to: T0 + seconds(2) }, [
      probes(["pub-a", "P1.fh", "P2.fh"], [{ at: T0 + seconds(1), from: "pub-a", group: "omd", n: 1 }], { omd: ["P1.fh", "P2.fh"] }),
      fault("multicast-not-forwarded", { link: "P2-c1" }, T0, undefined, model)
    ])
    expect(r.arrivals()).toEqual([[T0 + seconds(1) + 518 + onCircuit(), "P1.fh", 1]])
  })

  it("takes a link or a routing node, exactly one", () => {
    expect(issuesOf("multicast-not-forwarded", {}, model)).toEqual([{ path: "", expected: "either link: or node: (one of them)", got: "neither" }])
    expect(issuesOf("multicast-not-forwarded", { node: "ocg-1" }, model)).toEqual([{
      path: "node",
      expected: "a routing node id of the estate (core-router, distribution-router, access-router, firewall, carrier-pop)",
      got: '"ocg-1", a ocg-gateway'
    }])
  })
})

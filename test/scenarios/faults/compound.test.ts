import { describe, expect, it } from "vitest"
import { faultCatalogue } from "../../../scenarios/faults/catalogue.ts"
import { parseClock, seconds } from "../../../twin/engine/time.ts"
import { fault, faultEstate, issuesOf, onCircuit, probes, run } from "./support.ts"

const T0 = parseClock("10:00")!
const model = faultEstate()

describe("compound", () => {
  it("both of P1's circuits down over the same window: P1 is cut off, P2 is not; each member is recorded", () => {
    const sends = [
      { at: T0 + seconds(2.5), from: "P1.bss", to: "ocg-1", n: 1 },
      { at: T0 + seconds(2.5), from: "P2.bss", to: "ocg-1", n: 2 },
      { at: T0 + seconds(4.5), from: "P1.bss", to: "ocg-1", n: 3 }
    ]
    const r = run(model, { from: T0, to: T0 + seconds(5) }, [
      probes(["P1.bss", "P2.bss", "ocg-1"], sends),
      fault("compound", { faults: [{ kind: "link-down", link: "P1-c1" }, { kind: "link-down", link: "P1-c2" }] }, T0 + seconds(1), T0 + seconds(3), model)
    ])
    expect(r.changes()).toEqual([
      [T0 + seconds(1), "P1-c1", { what: "link", down: true }],
      [T0 + seconds(1), "P1-c2", { what: "link", down: true }],
      [T0 + seconds(3), "P1-c1", { what: "link", down: false }],
      [T0 + seconds(3), "P1-c2", { what: "link", down: false }]
    ])
    expect(r.arrivals()).toEqual([
      [T0 + seconds(2.5) + 718 + onCircuit(), "ocg-1", 2],
      [T0 + seconds(4.5) + 518 + onCircuit(), "ocg-1", 3]
    ])
  })

  it("reports its members' issues at their paths, and refuses nesting, own windows and fewer than two members", () => {
    expect(issuesOf("compound", {
      faults: [
        { kind: "link-down", link: "nope" },
        { kind: "compound", faults: [] },
        { kind: "link-loss", link: "P1-c1", percent: 5, at: "10:00" },
        { kind: "link-latency", link: "P1-c1" }
      ]
    }, model)).toEqual([
      { path: "faults[0].link", expected: "a link id of the estate (or a participant circuit id)", got: '"nope"' },
      { path: "faults[1].kind", expected: "a fault kind other than compound", got: '"compound"' },
      { path: "faults[2].at", expected: "no such field (members share the compound's window)", got: '"10:00"' },
      { path: "faults[3].added", expected: "a value", got: "nothing" }
    ])
    expect(issuesOf("compound", { faults: [{ kind: "link-down", link: "P1-c1" }] }, model)).toHaveLength(1)
  })

  it("the catalogue holds every kind under its own name", () => {
    expect([...faultCatalogue.keys()]).toEqual([
      "link-down",
      "link-flap",
      "link-loss",
      "link-latency",
      "link-blackhole",
      "mtu-cut",
      "bandwidth-cap",
      "multicast-not-forwarded",
      "node-crash",
      "site-loss",
      "carrier-circuit-loss",
      "firewall-port-blocked",
      "wrong-route",
      "publisher-clock-skew",
      "duplicate-logon",
      "compound"
    ])
    for (const [name, kind] of faultCatalogue) expect(kind.kind).toBe(name)
  })
})

import { describe, expect, it } from "vitest"
import { parseClock, seconds } from "../../../twin/engine/time.ts"
import { fault, faultEstate, issuesOf, onCircuit, probes, run } from "./support.ts"

const T0 = parseClock("10:00")!
const model = faultEstate()

describe("firewall-port-blocked", () => {
  it("the ocg port blocked on ar-1--old-dist-1: OCG-C traffic both ways is dropped, SFTP over the same link passes", () => {
    const sends = [
      { at: T0 + seconds(1), from: "P1.bss", to: "ocg-1", n: 1 },
      { at: T0 + seconds(1), from: "ocg-1", to: "P1.bss", n: 2 },
      { at: T0 + seconds(1), from: "P1.bss", to: "ecp-1", n: 3 },
      { at: T0 + seconds(4), from: "P1.bss", to: "ocg-1", n: 4 } // long after any convergence: still dropped
    ]
    const r = run(model, { from: T0, to: T0 + seconds(7) }, [
      probes(["P1.bss", "ocg-1", "ecp-1"], [...sends, { at: T0 + seconds(6), from: "P1.bss", to: "ocg-1", n: 5 }]),
      fault("firewall-port-blocked", { link: "ar-1--old-dist-1", port: "ocg" }, T0 + seconds(0.5), T0 + seconds(5), model)
    ])
    expect(r.arrivals()).toEqual([
      [T0 + seconds(1) + 518 + onCircuit(), "ecp-1", 3],
      [T0 + seconds(6) + 518 + onCircuit(), "ocg-1", 5]
    ])
    expect(r.changes()).toEqual([
      [T0 + seconds(0.5), "ar-1--old-dist-1", { what: "link", blockedPorts: ["ocg"] }],
      [T0 + seconds(5), "ar-1--old-dist-1", { what: "link", blockedPorts: [] }]
    ])
  })

  it("on a node: two ports blocked by two faults, each lifted at its own end", () => {
    const sends = [2.5, 4.5].flatMap((s) => [
      { at: T0 + seconds(s), from: "P1.bss", to: "ocg-1", n: s * 10 + 1 },
      { at: T0 + seconds(s), from: "P1.bss", to: "ecp-1", n: s * 10 + 2 }
    ])
    const r = run(model, { from: T0, to: T0 + seconds(6) }, [
      probes(["P1.bss", "ocg-1", "ecp-1"], sends),
      fault("firewall-port-blocked", { node: "ar-1", port: "sftp" }, T0 + seconds(1), T0 + seconds(4), model, "f1"),
      fault("firewall-port-blocked", { node: "ar-1", port: "ocg" }, T0 + seconds(2), T0 + seconds(3), model, "f2")
    ])
    expect(r.changes().map(([t, node, d]) => [(t - T0) / 1e6, node, (d as { blockedPorts: unknown }).blockedPorts])).toEqual([
      [1, "ar-1", ["sftp"]],
      [2, "ar-1", ["ocg", "sftp"]],
      [3, "ar-1", ["sftp"]],
      [4, "ar-1", []]
    ])
    expect(r.arrivals().map(([, , n]) => n)).toEqual([46, 47])
  })

  it("refuses an unknown port", () => {
    expect(issuesOf("firewall-port-blocked", { link: "ar-1--old-dist-1", port: "http" }, model)).toHaveLength(1)
  })
})

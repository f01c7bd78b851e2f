/**
 * Carrier PoPs are not HKEX transit (issue 13, defect 6): traffic between two HKEX nodes never passes
 * through a participant's carrier PoP unless the estate marks the PoP `transit: true`. The estate, its
 * drawing and the hand-worked answers are in analysis/pop-transit.yaml; the assertions pin exactly those.
 */
import { Result } from "effect"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { checkReferences } from "../../topology/check-references.ts"
import { formatIssue, renderInputInvalid } from "../../topology/input-issue.ts"
import { parseEstate } from "../../topology/load.ts"
import { buildModel, type EstateModel } from "../../topology/model.ts"
import { nMinusOne } from "../../topology/n-minus-one.ts"
import { nothingMoved } from "../../topology/network.ts"
import { Router } from "../../topology/routes.ts"
import type { EstateFile } from "../../topology/schema.ts"

const file = (): EstateFile => {
  const parsed = parseEstate("pop-transit.yaml", readFileSync(new URL("./analysis/pop-transit.yaml", import.meta.url), "utf8"))
  if (Result.isFailure(parsed)) throw new Error(renderInputInvalid(parsed.failure).join("\n"))
  return parsed.success
}
const withTransit = (f: EstateFile): EstateFile => ({
  ...f,
  nodes: f.nodes.map((n) => (n.kind === "carrier-pop" ? { ...n, transit: true } : n))
})

const routeOf = (model: EstateModel, from: string, to: string, linksDown: ReadonlyArray<string> = []) => {
  const router = new Router(model, { cutover: nothingMoved, linksDown: new Set(linksDown), nodesDown: new Set() })
  const r = router.route(from, to)
  return r === undefined ? undefined : { nodes: r.nodes.map((i) => model.nodes[i]!.id), links: r.hops.map((h) => model.links[h.link]!.id), latencyUs: r.latencyUs }
}

const impactOf = (model: EstateModel, element: string) => {
  const row = nMinusOne(model, nothingMoved).rows.find((r) => r.element === element)!
  return { losesService: row.losesService, losesRedundancy: row.losesRedundancy }
}

const statusWith = (model: EstateModel, linkDown: string) =>
  nMinusOne(model, nothingMoved, { links: new Set([linkDown]), nodes: new Set() }).flows.map((h) => [h.flow.id, h.status, h.membersUp])

describe("a carrier PoP that is not transit (pop-transit.yaml)", () => {
  const model = buildModel(file())

  it("ends routes but is never a hop between two HKEX nodes", () => {
    expect(routeOf(model, "ocg-1", "otp-1")).toEqual({ nodes: ["ocg-1", "r1", "r2", "otp-1"], links: ["ocg-1--r1", "r1--r2", "otp-1--r2"], latencyUs: 210 })
    // The only surviving way from r1 to r2 is through pop-a1: no route.
    expect(routeOf(model, "ocg-1", "otp-1", ["r1--r2"])).toBeUndefined()
    expect(routeOf(model, "otp-1", "ocg-1", ["r1--r2"])).toBeUndefined()
    // A participant still enters by it: 10 (LAN) + 500 (circuit) + 100 + 5 = 615 µs.
    expect(routeOf(model, "P1.bss", "ocg-1")).toEqual({
      nodes: ["P1.bss", "P1.rtr", "pop-a1", "r1", "ocg-1"],
      links: ["P1.lan-bss", "P1-c1", "pop-a1--r1", "ocg-1--r1"],
      latencyUs: 615
    })
    // …and, with r1--r2 down, reaches otp-1 over pop-a1--r2: 10 + 500 + 150 + 5 = 665 µs (an end, not transit).
    expect(routeOf(model, "P1.bss", "otp-1", ["r1--r2"])).toMatchObject({ nodes: ["P1.bss", "P1.rtr", "pop-a1", "r2", "otp-1"], latencyUs: 665 })
  })

  it("makes r1--r2 a single point of P1's session: both gateways lose otp-1 without it", () => {
    expect(impactOf(model, "r1--r2")).toEqual({ losesService: [{ participant: "P1", service: "otp-c", flows: ["P1/P1T1"] }], losesRedundancy: [] })
    const h = nMinusOne(model, nothingMoved).flows.map((f) => [f.flow.id, f.status, f.singlePoints])
    expect(h).toEqual([["P1/P1T1", "served-without-redundancy", ["r1", "r2", "otp-1", "pop-a1", "r1--r2", "otp-1--r2", "P1-c1"]]])
    expect(nMinusOne(model, nothingMoved).partitions.any.links).toContain("r1--r2")
  })

  it("with r1--r2 down, the live judgement has P1's session down (no gateway works)", () => {
    expect(statusWith(model, "r1--r2")).toEqual([["P1/P1T1", "down", []]])
  })
})

describe("the same PoP marked transit: true", () => {
  const model = buildModel(withTransit(file()))

  it("carries HKEX traffic when it is the only way left: 5 + 100 + 150 + 5 = 260 µs", () => {
    expect(routeOf(model, "ocg-1", "otp-1", ["r1--r2"])).toEqual({
      nodes: ["ocg-1", "r1", "pop-a1", "r2", "otp-1"],
      links: ["ocg-1--r1", "pop-a1--r1", "pop-a1--r2", "otp-1--r2"],
      latencyUs: 260
    })
    // With r1--r2 up the direct way (210 µs) is still the shorter.
    expect(routeOf(model, "ocg-1", "otp-1")?.latencyUs).toBe(210)
  })

  it("keeps P1's session up when r1--r2 fails", () => {
    expect(impactOf(model, "r1--r2")).toEqual({ losesService: [], losesRedundancy: [] })
    expect(statusWith(model, "r1--r2")).toEqual([["P1/P1T1", "served-without-redundancy", ["primary", "secondary"]]])
  })
})

describe("transit: on anything but a carrier PoP", () => {
  it("is refused with one line", () => {
    const f = file()
    const bad = { ...f, nodes: f.nodes.map((n) => (n.id === "r1" ? { ...n, transit: true } : n)) }
    expect(checkReferences(bad).map((i) => formatIssue("e.yaml", i))).toEqual([
      "e.yaml:nodes[0].transit: expected no such field (transit is for a carrier-pop), got true on a core-router"
    ])
  })
})

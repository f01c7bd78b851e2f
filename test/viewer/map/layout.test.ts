import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { estateLayout } from "../../../twin/world/estate-layout.ts"
import { computeLayout, HEIGHT, unitLabel, WIDTH } from "../../../viewer/src/map/layout.ts"
import type { EstateLayout } from "../../../viewer/src/trace/types.ts"

const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
const estate = estateLayout(buildModel(parsed.success)) as unknown as EstateLayout
const layout = computeLayout(estate)

describe("map layout of the default estate", () => {
  it("places every node of the estate inside the picture, no two on the same spot", () => {
    expect(layout.nodes.size).toBe(estate.nodes.length)
    const spots = new Set<string>()
    for (const [id, p] of layout.nodes) {
      expect(p.x, id).toBeGreaterThan(0)
      expect(p.x, id).toBeLessThan(WIDTH)
      expect(p.y, id).toBeGreaterThan(0)
      expect(p.y, id).toBeLessThan(HEIGHT)
      spots.add(`${Math.round(p.x)},${Math.round(p.y)}`)
    }
    expect(spots.size).toBe(estate.nodes.length)
  })

  it("draws one box per system unit in each data centre, and none for link-only units", () => {
    expect(layout.units.filter((u) => u.unit.includes("dc1")).map((u) => u.label)).toEqual([
      "OTP-C", "OCG-C", "Lookup", "CCCG", "OMD-C A", "OMD-CC A", "OMD-C B", "OMD-CC B", "RTS", "ECP"
    ])
    expect(layout.units).toHaveLength(20)
    expect(layout.units.some((u) => u.unit.startsWith("access-") || u.unit.startsWith("inter-dc"))).toBe(false)
    expect(unitLabel("omdc-dc2-line-b", "dc2")).toBe("OMD-C B")
  })

  it("draws all 640 participants in groups by PoPs, side by side within the width", () => {
    expect(layout.groups.reduce((n, g) => n + g.members.length, 0)).toBe(640)
    for (let i = 1; i < layout.groups.length; i++) expect(layout.groups[i]!.x).toBeGreaterThanOrEqual(layout.groups[i - 1]!.x + layout.groups[i - 1]!.w)
    const last = layout.groups[layout.groups.length - 1]!
    expect(last.x + last.w).toBeLessThanOrEqual(WIDTH)
  })
})

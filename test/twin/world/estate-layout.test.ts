import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { estateLayout, participantGroupId } from "../../../twin/world/estate-layout.ts"

const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
const model = buildModel(parsed.success)

const layout = estateLayout(model)

describe("estate layout", () => {
  it("carries the estate file's sites, nodes, links and units, not participants' premises", () => {
    expect(layout.sites.map((s) => s.id)).toEqual(["dc1", "dc2", "carrier-a", "carrier-b"])
    expect(layout.nodes).toHaveLength(model.file.nodes.length)
    expect(layout.links).toHaveLength(model.file.links.length)
    expect(layout.units).toHaveLength(26)
    expect(layout.nodes.find((n) => n.id === "new-core-dc1-a")).toMatchObject({ plane: "A", generation: "new" })
    expect(layout.nodes.find((n) => n.id === "ca-pop-1")).toMatchObject({ plane: null, generation: null })
  })

  it("names the unit that switches each link, on either side of the move", () => {
    expect(layout.links.find((l) => l.id === "fw-dc1-a--old-dist-dc1-a")?.unit).toBe("access-dc1-a")
    expect(layout.links.find((l) => l.id === "fw-dc1-a--new-dist-dc1-a")?.unit).toBe("access-dc1-a")
    expect(layout.links.find((l) => l.id === "ar-dc1-a--fw-dc1-a")?.unit).toBe(null)
  })

  it("groups participants by their sorted PoPs", () => {
    expect(participantGroupId(["cb-pop-2", "ca-pop-1"])).toBe("ca-pop-1+cb-pop-2")
    const p1 = layout.participants[0]!
    expect(p1).toMatchObject({ id: "P0001", group: "ca-pop-1+cb-pop-2", services: ["otp-c", "omd-c", "ecp-sftp"] })
    expect(layout.participants).toHaveLength(640)
    for (const p of layout.participants) expect(p.group).toBe(participantGroupId(p.circuits.map((c) => c.pop)))
  })

  it("is one JSON line of modest size", () => {
    const bytes = JSON.stringify(layout).length
    expect(bytes).toBeLessThan(250_000)
  })
})

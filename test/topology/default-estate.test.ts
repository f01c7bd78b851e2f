import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { generateEstate, defaultParticipants, defaultSeed } from "../../topology/generate/default-estate.ts"
import { renderEstateYaml } from "../../topology/generate/render-yaml.ts"
import { defaultEstatePath, parseEstate } from "../../topology/load.ts"
import { validateEstate } from "../../topology/validate.ts"
import { nMinusOne } from "../../topology/n-minus-one.ts"
import { everythingMoved, nothingMoved } from "../../topology/network.ts"
import { countByService, serviceStatus } from "../../topology/service-health.ts"
import { services } from "../../topology/schema.ts"

const text = readFileSync(defaultEstatePath, "utf8")
const parsed = parseEstate("topology/default-estate.yaml", text)
if (Result.isFailure(parsed)) throw new Error(parsed.failure.issues.map((i) => `${i.path}: ${i.expected} / ${i.got}`).join("\n"))
const estate = parsed.success

describe("the shipped default estate", () => {
  it("is exactly what the seeded generator produces (committed output is current)", () => {
    expect(renderEstateYaml(generateEstate({ participants: defaultParticipants, seed: defaultSeed }))).toBe(text)
  })

  it("has the redundancy docs/domain.md describes", () => {
    const ids = (kind: string) => estate.nodes.filter((n) => n.kind === kind).map((n) => n.id)
    expect(ids("lookup-service")).toEqual(["ls-dc1-primary", "ls-dc1-mirror", "ls-dc2-primary", "ls-dc2-mirror"])
    expect(estate.nodes.filter((n) => n.kind === "lookup-service" && n.closedUntilFailover === true).map((n) => n.site)).toEqual(["dc2", "dc2"])
    expect(ids("rts-server")).toEqual(["rts-dc1-1", "rts-dc1-2", "rts-dc2-1", "rts-dc2-2"])
    expect(new Set(estate.nodes.filter((n) => n.kind === "core-router").map((n) => n.generation))).toEqual(new Set(["old", "new"]))
    expect(estate.sites.filter((s) => s.kind === "carrier").map((s) => s.id)).toEqual(["carrier-a", "carrier-b"])
    expect(estate.participants.length).toBeGreaterThanOrEqual(600)
    // Every [U] fact the generator relies on is a labelled assumption in the file.
    for (const key of ["carrierNames", "ocgGatewaysPerSite", "interDcLatencyUs", "omdSfBandwidthMbps", "participantMix"]) {
      expect(estate.assumptions[key]?.status).toBe("U")
    }
  })

  it("validates, with only carrier PoPs, single circuits and the mainland links (before DR) as single points of failure", () => {
    const valid = validateEstate("topology/default-estate.yaml", estate)
    if (Result.isFailure(valid)) throw new Error("default estate invalid")
    const warned = new Set(valid.success.warnings.map((w) => w.got.split(" ")[0]))
    // A mainland link's DR pair takes the market's ledger over only once DR is in force (docs/faults.md
    // site-loss): until then sse-link-dc1 and szse-link-dc1 each alone cut every CSC participant off.
    expect(warned).toEqual(new Set(["ca-pop-1", "ca-pop-2", "cb-pop-1", "cb-pop-2", "sse-link-dc1", "szse-link-dc1", "223"]))
    const single = estate.participants.filter((p) => p.circuits.length === 1).length
    expect(single).toBe(223)
    // Nobody is down with nothing moved, and with every unit moved the new backbone serves everyone.
    const base = countByService(serviceStatus(valid.success.baseline.flows), services)
    const moved = countByService(serviceStatus(nMinusOne(valid.success.model, everythingMoved(valid.success.model)).flows), services)
    for (const s of services) {
      expect(base[s].down).toBe(0)
      expect(moved[s]).toEqual(base[s])
    }
  })

  it("N-1: cb-pop-2 takes every service of its 64 single-PoP participants, and costs its 207 others redundancy only", () => {
    const valid = validateEstate("topology/default-estate.yaml", estate)
    if (Result.isFailure(valid)) throw new Error("default estate invalid")
    // `twin estate spof`'s table (path redundancy included).
    const table = nMinusOne(valid.success.model, nothingMoved)
    const popsOf = (p: (typeof estate.participants)[number]) => new Set(p.circuits.map((c) => c.pop))
    const onCbPop2 = estate.participants.filter((p) => popsOf(p).has("cb-pop-2"))
    const only = onCbPop2.filter((p) => popsOf(p).size === 1).map((p) => p.id)
    const others = onCbPop2.filter((p) => popsOf(p).size > 1).map((p) => p.id)
    expect([only.length, others.length]).toEqual([64, 207])
    const row = table.rows.find((r) => r.element === "cb-pop-2")!
    // Single-PoP participants lose their services (the Lookup Service and RTS with them: not listed as
    // lost redundancy); the others keep each over their other PoP, one circuit short.
    expect([...new Set(row.losesService.map((i) => i.participant))]).toEqual(only)
    expect([...new Set(row.losesRedundancy.map((i) => i.participant))]).toEqual(others)
    for (const r of table.rows) {
      const lost = new Set(r.losesService.map((i) => `${i.participant} ${i.service}`))
      expect([r.element, r.losesRedundancy.filter((i) => lost.has(`${i.participant} ${i.service}`)).length]).toEqual([r.element, 0])
    }
  })
})

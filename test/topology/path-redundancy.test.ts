/**
 * N-1 "loses redundancy" includes what a failure leaves on the path (issue 13, defect 5): a failure that
 * costs a flow no member and no circuit, yet leaves it one more failure away from down, is listed — as
 * the live judgement (the analysis run with that element out) calls the flow served-without-redundancy.
 * The estate, its drawing and the hand-worked rows are in analysis/path-redundancy.yaml.
 */
import { Result } from "effect"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { renderInputInvalid } from "../../topology/input-issue.ts"
import { parseEstate } from "../../topology/load.ts"
import { buildModel } from "../../topology/model.ts"
import { nMinusOne } from "../../topology/n-minus-one.ts"
import { nothingMoved } from "../../topology/network.ts"
import { validateEstate } from "../../topology/validate.ts"

const text = readFileSync(new URL("./analysis/path-redundancy.yaml", import.meta.url), "utf8")
const parsed = parseEstate("path-redundancy.yaml", text)
if (Result.isFailure(parsed)) throw new Error(renderInputInvalid(parsed.failure).join("\n"))
const model = buildModel(parsed.success)
const weakP1 = [{ participant: "P1", service: "otp-c", flows: ["P1/P1T1"] }]

describe("a failure that leaves a single point on the path (path-redundancy.yaml)", () => {
  const analysis = nMinusOne(model, nothingMoved)

  it("is a valid estate whose session is served with no single point", () => {
    const valid = validateEstate("path-redundancy.yaml", parsed.success)
    expect(Result.isFailure(valid) ? renderInputInvalid(valid.failure) : []).toEqual([])
    expect(analysis.flows.map((h) => [h.flow.id, h.status, h.singlePoints])).toEqual([["P1/P1T1", "served", []]])
  })

  it("lists exactly the hand-counted rows under loses redundancy, and none under loses service", () => {
    const weakened = analysis.rows.filter((r) => r.losesRedundancy.length > 0)
    // Row order: core nodes in file order, core links in file order, then circuits.
    expect(weakened.map((r) => r.element)).toEqual([
      "ar-1", "ar-2", "r1", "r2", "s", "ocg-1", "ocg-2", "pop-a1", "pop-b1",
      "pop-a1--ar-1", "pop-b1--ar-2", "r2--s",
      "P1-c1", "P1-c2"
    ])
    for (const r of weakened) expect(r.losesRedundancy).toEqual(weakP1)
    expect(analysis.rows.filter((r) => r.losesService.length > 0)).toEqual([])
  })

  it("r2--s down costs no member and no circuit, yet leaves r1 as the single point — as the live judgement says", () => {
    const live = nMinusOne(model, nothingMoved, { links: new Set(["r2--s"]), nodes: new Set() })
    expect(live.flows.map((h) => [h.flow.id, h.status, h.membersUp, h.singlePoints])).toEqual([
      ["P1/P1T1", "served-without-redundancy", ["primary", "secondary"], ["r1"]]
    ])
    expect(analysis.rows.find((r) => r.element === "r2--s")).toEqual({ element: "r2--s", elementKind: "link", losesService: [], losesRedundancy: weakP1 })
  })

  it("leaves the path redundancy out only when asked (callers that read just the flows' health)", () => {
    const short = nMinusOne(model, nothingMoved, undefined, { pathRedundancy: false })
    // Without the search, r1, r2, s and r2--s are the four rows that drop out.
    expect(short.rows.filter((r) => r.losesRedundancy.length > 0).map((r) => r.element)).toEqual([
      "ar-1", "ar-2", "ocg-1", "ocg-2", "pop-a1", "pop-b1", "pop-a1--ar-1", "pop-b1--ar-2", "P1-c1", "P1-c2"
    ])
    expect(short.flows).toEqual(analysis.flows)
  })
})

describe("the N-1 table agrees with the live judgement on every hand-made estate", () => {
  // For every element X and every flow served with full redundancy before: if the analysis run with X out
  // (the live judgement) has the flow down or served-without-redundancy, X's row lists the flow, or lists
  // its participant's service under loses service (then none of that service's flows is listed under loses
  // redundancy: depends-on's otp-1 takes P1T1 down and leaves P1T2 on one gateway). (The converse need not
  // hold: losing one of four Lookup Service endpoints is listed, yet three are left.)
  const names = ["articulation", "bridge", "closed-until-failover", "cutover", "depends-on", "redundant", "shared-router", "path-redundancy", "pop-transit"]
  for (const name of names) {
    it(name, () => {
      const f = parseEstate(`${name}.yaml`, readFileSync(new URL(`./analysis/${name}.yaml`, import.meta.url), "utf8"))
      if (Result.isFailure(f)) throw new Error(renderInputInvalid(f.failure).join("\n"))
      const m = buildModel(f.success)
      const base = nMinusOne(m, nothingMoved)
      const served = new Set(base.flows.filter((h) => h.status === "served").map((h) => h.flow.id))
      const missing: Array<string> = []
      for (const row of base.rows) {
        const isNode = m.nodeById.has(row.element) && row.elementKind !== "link" && row.elementKind !== "circuit"
        const live = nMinusOne(m, nothingMoved, { links: new Set(isNode ? [] : [row.element]), nodes: new Set(isNode ? [row.element] : []) }, { pathRedundancy: false })
        const listed = new Set([...row.losesService, ...row.losesRedundancy].flatMap((i) => i.flows))
        const lost = new Set(row.losesService.map((i) => `${i.participant} ${i.service}`))
        for (const h of live.flows) {
          if (!served.has(h.flow.id) || h.status === "served" || listed.has(h.flow.id)) continue
          if (!lost.has(`${h.flow.participant} ${h.flow.service}`)) missing.push(`${row.element}: ${h.flow.id} ${h.status}`)
        }
      }
      expect(missing).toEqual([])
    })
  }
})

/**
 * The N-1 analysis of some participants only (`nMinusOne(…, { participants })`): what a part of a run split
 * by participants judges its share's live health with (twin/world/live-reach.ts). Each chosen participant's
 * flows get exactly what the whole analysis gives them — with nothing down, with core links and nodes and
 * some circuits down, half-way through a cutover — and no one else's flows are listed.
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { defaultEstatePath, parseEstate } from "../../topology/load.ts"
import { buildModel } from "../../topology/model.ts"
import { type FlowHealth, nMinusOne, type OutOfService } from "../../topology/n-minus-one.ts"
import { coreOf, type CutoverState, nothingMoved } from "../../topology/network.ts"

const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("the default estate does not parse")
const model = buildModel(parsed.success)
const core = coreOf(model)
const participants = model.file.participants

const health = (flows: ReadonlyArray<FlowHealth>) => flows.map((h) => ({ flow: h.flow.id, status: h.status, membersUp: h.membersUp, singlePoints: h.singlePoints }))

/** Every k-th core link and node from `offset`, and every 5th participant's first circuit. */
const outage = (k: number, offset: number): OutOfService => ({
  links: new Set([
    ...core.links.filter((_, i) => i % k === offset).map((l) => l.id),
    ...participants.filter((_, i) => i % 5 === 0).map((p) => p.circuits[0]!.id)
  ]),
  nodes: new Set(core.nodes.filter((_, i) => i % (3 * k) === offset).map((n) => n.id))
})

const halfMoved: CutoverState = { moved: new Set(model.file.cutoverUnits.filter((_, i) => i % 2 === 0).map((u) => u.id)), drFailover: false }

describe("the N-1 analysis of some participants", () => {
  const cases: ReadonlyArray<readonly [string, CutoverState, OutOfService]> = [
    ["nothing down", nothingMoved, { links: new Set(), nodes: new Set() }],
    ["core links, nodes and circuits down", nothingMoved, outage(7, 2)],
    ["half-way through the cutover, with an outage", halfMoved, outage(11, 5)]
  ]
  for (const [name, state, out] of cases) {
    it(`gives the chosen participants' flows what the whole analysis gives them: ${name}`, () => {
      const whole = nMinusOne(model, state, out, { pathRedundancy: false })
      const statuses = new Set(whole.flows.map((h) => h.status))
      for (const chosen of [participants.filter((_, i) => i % 3 === 1), participants.slice(0, 1), participants.filter((_, i) => (i * 7919) % 13 < 4)]) {
        const ids = new Set(chosen.map((p) => p.id))
        const part = nMinusOne(model, state, out, { pathRedundancy: false, participants: ids })
        expect(health(part.flows)).toEqual(health(whole.flows.filter((h) => ids.has(h.flow.participant))))
        expect(part.flows.length).toBeGreaterThan(0)
      }
      // The outage cases reach beyond "served": the comparison covers weakened and lost flows too.
      if (out.links.size > 0) expect(["down", "served-without-redundancy"].filter((s) => statuses.has(s as FlowHealth["status"]))).toHaveLength(2)
    })
  }
})

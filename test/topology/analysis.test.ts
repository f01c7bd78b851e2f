/**
 * The graph analysis (partitions, N-1 rows, flow health, paths, validation) on small hand-made estates in
 * `analysis/`. Each fixture draws its topology and states the expected answers in its header comment;
 * the assertions below pin exactly those answers.
 */
import { Result } from "effect"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { formatWarning, renderInputInvalid } from "../../topology/input-issue.ts"
import { parseEstate } from "../../topology/load.ts"
import { buildModel, type EstateModel } from "../../topology/model.ts"
import { type Impact, nMinusOne, type NMinusOne, type NMinusOneRow } from "../../topology/n-minus-one.ts"
import { type CutoverState, everythingMoved, linkCarries, nothingMoved } from "../../topology/network.ts"
import { pathFinder } from "../../topology/paths.ts"
import type { EstateFile, Service } from "../../topology/schema.ts"
import { serviceStatus } from "../../topology/service-health.ts"
import { validateEstate, type ValidEstate } from "../../topology/validate.ts"

const fileName = (name: string): string => `test/topology/analysis/${name}.yaml`

const estate = (name: string): EstateFile => {
  const parsed = parseEstate(fileName(name), readFileSync(new URL(`./analysis/${name}.yaml`, import.meta.url), "utf8"))
  if (Result.isFailure(parsed)) throw new Error(renderInputInvalid(parsed.failure).join("\n"))
  return parsed.success
}

/** The estate validated, with `baseline` the full N-1 table (`twin estate spof`'s, path redundancy included). */
const validEstate = (name: string): ValidEstate => {
  const valid = validateEstate(fileName(name), estate(name))
  if (Result.isFailure(valid)) throw new Error(renderInputInvalid(valid.failure).join("\n"))
  return { ...valid.success, baseline: nMinusOne(valid.success.model, nothingMoved) }
}

const impact = (participant: string, service: Service, ...flows: ReadonlyArray<string>): Impact => ({ participant, service, flows })

const row = (analysis: NMinusOne, element: string): NMinusOneRow => {
  const found = analysis.rows.find((r) => r.element === element)
  if (found === undefined) throw new Error(`no N-1 row for ${element}`)
  return found
}

/** Every row where the failure costs something, in row order (core nodes, core links, circuits). */
const impactful = (analysis: NMinusOne) =>
  analysis.rows
    .filter((r) => r.losesService.length > 0 || r.losesRedundancy.length > 0)
    .map((r) => ({ element: r.element, losesService: r.losesService, losesRedundancy: r.losesRedundancy }))

const health = (analysis: NMinusOne) =>
  analysis.flows.map((h) => ({ flow: h.flow.id, status: h.status, membersUp: h.membersUp, singlePoints: h.singlePoints }))

const pathOf = (model: EstateModel, state: CutoverState, flowId: string, member: string) => {
  const flow = model.flows.find((f) => f.id === flowId)
  if (flow === undefined) throw new Error(`no flow ${flowId}`)
  const path = pathFinder(model, state).pathsOf(flow).members.find((m) => m.member === member)
  if (path === undefined) throw new Error(`no member ${member} in ${flowId}`)
  return { nodes: path.nodes, links: path.links, latencyUs: path.latencyUs }
}

describe("a bridge (bridge.yaml)", () => {
  const { model, baseline, warnings } = validEstate("bridge")

  it("finds pop-a1--r1 as the only bridge and r1 as the only articulation point, on every plane view", () => {
    for (const view of ["any", "A", "B"] as const) {
      expect(baseline.partitions[view]).toEqual({ nodes: ["r1"], links: ["pop-a1--r1"] })
    }
  })

  it("cuts exactly P1 off ECP SFTP when pop-a1--r1 fails", () => {
    expect(row(baseline, "pop-a1--r1")).toEqual({
      element: "pop-a1--r1",
      elementKind: "link",
      losesService: [impact("P1", "ecp-sftp", "P1/ecp")],
      losesRedundancy: []
    })
  })

  it("has one row per core node, core link and circuit, and only the hand-counted ones cost anything", () => {
    expect(baseline.rows.map((r) => r.element)).toEqual([
      "r1", "r2", "ecp-1", "ecp-2", "pop-a1", "pop-b1",
      "r1--r2", "ecp-1--r1", "ecp-1--r2", "ecp-2--r1", "ecp-2--r2", "pop-a1--r1", "pop-b1--r1", "pop-b1--r2",
      "P1-c1", "P2-c1"
    ])
    expect(impactful(baseline)).toEqual([
      { element: "r1", losesService: [impact("P1", "ecp-sftp", "P1/ecp")], losesRedundancy: [] },
      {
        element: "ecp-1",
        losesService: [],
        losesRedundancy: [impact("P1", "ecp-sftp", "P1/ecp"), impact("P2", "ecp-sftp", "P2/ecp")]
      },
      {
        element: "ecp-2",
        losesService: [],
        losesRedundancy: [impact("P1", "ecp-sftp", "P1/ecp"), impact("P2", "ecp-sftp", "P2/ecp")]
      },
      { element: "pop-a1", losesService: [impact("P1", "ecp-sftp", "P1/ecp")], losesRedundancy: [] },
      { element: "pop-b1", losesService: [impact("P2", "ecp-sftp", "P2/ecp")], losesRedundancy: [] },
      { element: "pop-a1--r1", losesService: [impact("P1", "ecp-sftp", "P1/ecp")], losesRedundancy: [] },
      { element: "P1-c1", losesService: [impact("P1", "ecp-sftp", "P1/ecp")], losesRedundancy: [] },
      { element: "P2-c1", losesService: [impact("P2", "ecp-sftp", "P2/ecp")], losesRedundancy: [] }
    ])
  })

  it("marks P1/ecp served without redundancy, with the bridge among its single points", () => {
    expect(health(baseline)).toEqual([
      {
        flow: "P1/ecp",
        status: "served-without-redundancy",
        membersUp: ["ecp-1", "ecp-2"],
        singlePoints: ["r1", "pop-a1", "pop-a1--r1", "P1-c1"]
      },
      { flow: "P2/ecp", status: "served-without-redundancy", membersUp: ["ecp-1", "ecp-2"], singlePoints: ["pop-b1", "P2-c1"] }
    ])
    expect(serviceStatus(baseline.flows).get("P1")?.get("ecp-sftp")).toBe("served-without-redundancy")
  })

  it("warns once per single point, at its place in the file", () => {
    expect(warnings.map((w) => formatWarning(fileName("bridge"), w))).toEqual([
      "test/topology/analysis/bridge.yaml:nodes[0]: warning: expected no single point of failure for ecp-sftp, got r1 alone cuts off 1 participant(s): P1",
      "test/topology/analysis/bridge.yaml:nodes[4]: warning: expected no single point of failure for ecp-sftp, got pop-a1 alone cuts off 1 participant(s): P1",
      "test/topology/analysis/bridge.yaml:nodes[5]: warning: expected no single point of failure for ecp-sftp, got pop-b1 alone cuts off 1 participant(s): P2",
      "test/topology/analysis/bridge.yaml:links[5]: warning: expected no single point of failure for ecp-sftp, got pop-a1--r1 alone cuts off 1 participant(s): P1",
      "test/topology/analysis/bridge.yaml:participants: warning: expected two circuits per participant (a single circuit is a single point of failure), got 2 participant(s) with one: P1, P2"
    ])
  })

  it("routes P1 to ecp-1 over the bridge", () => {
    expect(pathOf(model, nothingMoved, "P1/ecp", "ecp-1")).toEqual({
      nodes: ["P1.bss", "P1.rtr", "pop-a1", "r1", "ecp-1"],
      links: ["P1.lan-bss", "P1-c1", "pop-a1--r1", "ecp-1--r1"],
      latencyUs: 10 + 500 + 200 + 5
    })
  })
})

describe("an articulation point (articulation.yaml)", () => {
  const { baseline } = validEstate("articulation")

  it("finds core-1 as the only articulation point; ar-1--core-1 and ar-2--core-1 are bridges (pop-a1 is not transit)", () => {
    // pop-a1 is no HKEX transit (issue 13), so ar-1 -- pop-a1 -- ar-2 is no cycle: each access uplink alone
    // cuts its access router off the core (pop-a1 still enters by the other, so no N-1 row changes).
    expect(baseline.partitions.any).toEqual({ nodes: ["core-1"], links: ["ar-1--core-1", "ar-2--core-1"] })
  })

  it("names exactly who loses what when core-1 fails", () => {
    expect(row(baseline, "core-1")).toEqual({
      element: "core-1",
      elementKind: "core-router",
      losesService: [impact("P1", "ecp-sftp", "P1/ecp"), impact("P3", "otp-c", "P3/P3T1")],
      // P2 keeps both services over P2-c2 alone.
      losesRedundancy: [impact("P2", "ecp-sftp", "P2/ecp"), impact("P2", "otp-c", "P2/P2T1")]
    })
  })

  it("costs nothing when an element beside the articulation point fails", () => {
    for (const element of ["ar-1", "ar-2", "pop-a1--ar-1", "ar-1--core-1", "pop-b1--core-1", "ecp-1--core-1"]) {
      expect(row(baseline, element)).toMatchObject({ losesService: [], losesRedundancy: [] })
    }
  })

  it("leaves P2 behind core-1 alone when core-2 or pop-b1--core-2 fails: loses redundancy (issue 13)", () => {
    // Without core-2 (or pop-b1's link to it) both of P2's circuits reach the servers and gateways only
    // through core-1: nothing P2 used is lost, but core-1 alone would now cut it off.
    for (const element of ["core-2", "pop-b1--core-2"]) {
      expect(row(baseline, element)).toMatchObject({ losesService: [], losesRedundancy: [impact("P2", "ecp-sftp", "P2/ecp"), impact("P2", "otp-c", "P2/P2T1")] })
    }
  })

  it("lists every N-1 impact the hand count finds, and nothing else", () => {
    const p2Both = [impact("P2", "ecp-sftp", "P2/ecp"), impact("P2", "otp-c", "P2/P2T1")]
    expect(impactful(baseline)).toEqual([
      {
        element: "core-1",
        losesService: [impact("P1", "ecp-sftp", "P1/ecp"), impact("P3", "otp-c", "P3/P3T1")],
        losesRedundancy: p2Both
      },
      { element: "core-2", losesService: [], losesRedundancy: p2Both },
      { element: "ecp-1", losesService: [], losesRedundancy: [impact("P1", "ecp-sftp", "P1/ecp"), impact("P2", "ecp-sftp", "P2/ecp")] },
      { element: "ecp-2", losesService: [], losesRedundancy: [impact("P1", "ecp-sftp", "P1/ecp"), impact("P2", "ecp-sftp", "P2/ecp")] },
      { element: "ocg-1", losesService: [], losesRedundancy: [impact("P2", "otp-c", "P2/P2T1"), impact("P3", "otp-c", "P3/P3T1")] },
      { element: "ocg-2", losesService: [], losesRedundancy: [impact("P2", "otp-c", "P2/P2T1"), impact("P3", "otp-c", "P3/P3T1")] },
      {
        element: "pop-a1",
        losesService: [impact("P1", "ecp-sftp", "P1/ecp"), impact("P3", "otp-c", "P3/P3T1")],
        losesRedundancy: p2Both
      },
      { element: "pop-b1", losesService: [], losesRedundancy: p2Both },
      { element: "pop-b1--core-2", losesService: [], losesRedundancy: p2Both },
      { element: "P1-c1", losesService: [impact("P1", "ecp-sftp", "P1/ecp")], losesRedundancy: [] },
      { element: "P2-c1", losesService: [], losesRedundancy: p2Both },
      { element: "P2-c2", losesService: [], losesRedundancy: p2Both },
      { element: "P3-c1", losesService: [impact("P3", "otp-c", "P3/P3T1")], losesRedundancy: [] }
    ])
  })

  it("gives the single-circuit participants the articulation point as a single point", () => {
    expect(health(baseline)).toEqual([
      { flow: "P1/ecp", status: "served-without-redundancy", membersUp: ["ecp-1", "ecp-2"], singlePoints: ["core-1", "pop-a1", "P1-c1"] },
      { flow: "P2/ecp", status: "served", membersUp: ["ecp-1", "ecp-2"], singlePoints: [] },
      { flow: "P2/P2T1", status: "served", membersUp: ["primary", "secondary"], singlePoints: [] },
      {
        flow: "P3/P3T1",
        status: "served-without-redundancy",
        membersUp: ["primary", "secondary"],
        singlePoints: ["core-1", "pop-a1", "P3-c1"]
      }
    ])
  })
})

describe("line A and line B through one router (shared-router.yaml)", () => {
  const file = estate("shared-router")

  it("takes line A over the first circuit and plane A, line B over the second and plane B, both through core-1", () => {
    const model = buildModel(file)
    expect(pathOf(model, nothingMoved, "P1/omdc-ss", "lineA")).toEqual({
      nodes: ["P1.fh", "P1.rtr", "pop-a1", "ar-a", "core-1", "pub-a"],
      links: ["P1.lan-fh", "P1-c1", "pop-a1--ar-a", "ar-a--core-1", "core-1--pub-a"],
      latencyUs: 10 + 500 + 200 + 3 + 5
    })
    expect(pathOf(model, nothingMoved, "P1/omdc-ss", "lineB")).toEqual({
      nodes: ["P1.fh", "P1.rtr", "pop-b1", "ar-b", "core-1", "pub-b"],
      links: ["P1.lan-fh", "P1-c2", "pop-b1--ar-b", "ar-b--core-1", "core-1--pub-b"],
      latencyUs: 10 + 600 + 200 + 3 + 5
    })
  })

  it("is rejected: the two lines share core-1 inside the data centre", () => {
    const result = validateEstate(fileName("shared-router"), file)
    if (Result.isSuccess(result)) throw new Error("expected shared-router.yaml to be rejected")
    expect(renderInputInvalid(result.failure)).toEqual([
      "test/topology/analysis/shared-router.yaml:flows[0]: expected lineA and lineB to share no element inside the data centres with nothing moved, got both through core-1 for 2 participant(s): P1, P2",
      "test/topology/analysis/shared-router.yaml:flows[0]: expected lineA and lineB to share no element inside the data centres with every unit moved, got both through core-1 for 2 participant(s): P1, P2"
    ])
  })

  it("makes the shared router the multicast flows' only single point", () => {
    const analysis = nMinusOne(buildModel(file), nothingMoved)
    expect(row(analysis, "core-1").losesService).toEqual([impact("P1", "omd-c", "P1/omdc-ss"), impact("P2", "omd-c", "P2/omdc-ss")])
    expect(health(analysis).map((h) => [h.flow, h.status, h.singlePoints])).toEqual([
      ["P1/omdc-ss", "served-without-redundancy", ["core-1"]],
      ["P2/omdc-ss", "served-without-redundancy", ["core-1"]]
    ])
  })
})

describe("a fully redundant participant (redundant.yaml)", () => {
  const { model, baseline, warnings } = validEstate("redundant")

  it("validates without a warning", () => {
    expect(warnings).toEqual([])
  })

  it("serves P1's session with both gateways up and no single point", () => {
    expect(health(baseline)).toEqual([{ flow: "P1/P1T1", status: "served", membersUp: ["primary", "secondary"], singlePoints: [] }])
    expect(serviceStatus(baseline.flows).get("P1")?.get("otp-c")).toBe("served")
  })

  it("never loses service to one failure; losing a gateway, its access or a circuit loses redundancy", () => {
    expect(baseline.rows.filter((r) => r.losesService.length > 0)).toEqual([])
    const weakened = [impact("P1", "otp-c", "P1/P1T1")]
    expect(impactful(baseline)).toEqual(
      ["ar-1", "ar-2", "ocg-1", "ocg-2", "pop-a1", "pop-b1", "ar-1--ocg-1", "ar-2--ocg-2", "P1-c1", "P1-c2"].map((element) => ({
        element,
        losesService: [],
        losesRedundancy: weakened
      }))
    )
    expect(row(baseline, "P1-c1")).toEqual({ element: "P1-c1", elementKind: "circuit", losesService: [], losesRedundancy: weakened })
  })

  it("shows partitions of the core that still cost P1 no service", () => {
    // ar-1--ar-2 is a bridge too: the PoPs are no HKEX transit (issue 13), so it alone joins the data
    // centres; both PoPs still enter both, so its failure costs P1 nothing.
    expect(baseline.partitions.any).toEqual({ nodes: ["ar-1", "ar-2"], links: ["ar-1--ar-2", "ar-1--ocg-1", "ar-2--ocg-2"] })
  })

  it("routes each gateway over the circuit with the least total latency", () => {
    expect(pathOf(model, nothingMoved, "P1/P1T1", "primary")).toEqual({
      nodes: ["P1.bss", "P1.rtr", "pop-a1", "ar-1", "ocg-1"],
      links: ["P1.lan-bss", "P1-c1", "pop-a1--ar-1", "ar-1--ocg-1"],
      latencyUs: 515
    })
    expect(pathOf(model, nothingMoved, "P1/P1T1", "secondary")).toEqual({
      // Over P1-c2: 10 + 400 + 100 + 5, where P1-c1 would cost 10 + 400 + 300 + 5.
      nodes: ["P1.bss", "P1.rtr", "pop-b1", "ar-2", "ocg-2"],
      links: ["P1.lan-bss", "P1-c2", "pop-b1--ar-2", "ar-2--ocg-2"],
      latencyUs: 515
    })
  })
})

describe("cutover state (cutover.yaml)", () => {
  const { model } = validEstate("cutover")
  const accessMoved: CutoverState = { moved: new Set(["access-dc1"]), drFailover: false }
  const bothMoved = everythingMoved(model)
  const lead = { nodes: ["P1.bss", "P1.rtr", "pop-a1", "ar-1"], links: ["P1.lan-bss", "P1-c1", "pop-a1--ar-1"] }

  it("switches a unit's old links off and its new links on when it moves", () => {
    const carries = (link: string, state: CutoverState) => linkCarries(model.linkById.get(link)!, state)
    expect([carries("ar-1--old-dist-1", nothingMoved), carries("ar-1--new-dist-1", nothingMoved)]).toEqual([true, false])
    expect([carries("ar-1--old-dist-1", accessMoved), carries("ar-1--new-dist-1", accessMoved)]).toEqual([false, true])
    expect([carries("ecp-1--old-dist-1", accessMoved), carries("ecp-1--new-dist-1", accessMoved)]).toEqual([true, false])
    expect(carries("old-dist-1--new-dist-1", nothingMoved) && carries("old-dist-1--new-dist-1", bothMoved)).toBe(true)
  })

  it("goes over the old link with nothing moved", () => {
    expect(pathOf(model, nothingMoved, "P1/ecp", "ecp-1")).toEqual({
      nodes: [...lead.nodes, "old-dist-1", "ecp-1"],
      links: [...lead.links, "ar-1--old-dist-1", "ecp-1--old-dist-1"],
      latencyUs: 718
    })
  })

  it("goes over the new uplink and across to the old router with only access-dc1 moved", () => {
    expect(pathOf(model, accessMoved, "P1/ecp", "ecp-1")).toEqual({
      nodes: [...lead.nodes, "new-dist-1", "old-dist-1", "ecp-1"],
      links: [...lead.links, "ar-1--new-dist-1", "old-dist-1--new-dist-1", "ecp-1--old-dist-1"],
      latencyUs: 720
    })
  })

  it("goes over the new link with every unit moved", () => {
    expect(pathOf(model, bothMoved, "P1/ecp", "ecp-1")).toEqual({
      nodes: [...lead.nodes, "new-dist-1", "ecp-1"],
      links: [...lead.links, "ar-1--new-dist-1", "ecp-1--new-dist-1"],
      latencyUs: 718
    })
  })

  it("leaves dark links out of the partitions and out of harm's way", () => {
    const before = nMinusOne(model, nothingMoved)
    const after = nMinusOne(model, bothMoved)
    expect(before.partitions.any.links).toEqual(["pop-a1--ar-1", "ar-1--old-dist-1", "old-dist-1--new-dist-1", "ecp-1--old-dist-1"])
    expect(after.partitions.any.links).toEqual(["pop-a1--ar-1", "ar-1--new-dist-1", "old-dist-1--new-dist-1", "ecp-1--new-dist-1"])
    const lost = [impact("P1", "ecp-sftp", "P1/ecp")]
    expect([row(before, "ar-1--old-dist-1").losesService, row(before, "ar-1--new-dist-1").losesService]).toEqual([lost, []])
    expect([row(after, "ar-1--old-dist-1").losesService, row(after, "ar-1--new-dist-1").losesService]).toEqual([[], lost])
  })
})

describe("the backup-site Lookup Service, closed until failover (closed-until-failover.yaml)", () => {
  const { model, baseline, warnings } = validEstate("closed-until-failover")
  const failedOver = nMinusOne(model, { moved: new Set(), drFailover: true })

  it("does not count ls-dc2 as an up member before a failover", () => {
    expect(health(baseline)).toEqual([
      { flow: "P1/ocg-lookup", status: "served-without-redundancy", membersUp: ["ls-dc1"], singlePoints: ["r1", "ls-dc1", "ls-dc1--r1"] },
      { flow: "P1/P1T1", status: "served", membersUp: ["primary", "secondary"], singlePoints: [] }
    ])
    expect(model.flows.map((f) => [f.id, f.role])).toEqual([["P1/ocg-lookup", "connect"], ["P1/P1T1", "primary"]])
    // Issue 13, defect 3: the Lookup Service matters only to a session that must (re)connect.
    expect(serviceStatus(baseline.flows).get("P1")?.get("otp-c")).toBe("served")
    expect(row(baseline, "ls-dc2")).toMatchObject({ losesService: [], losesRedundancy: [] })
    expect(row(baseline, "r1")).toMatchObject({ losesService: [], losesRedundancy: [impact("P1", "otp-c", "P1/ocg-lookup", "P1/P1T1")] })
    expect(row(baseline, "ls-dc1")).toMatchObject({ losesService: [], losesRedundancy: [impact("P1", "otp-c", "P1/ocg-lookup")] })
    expect(warnings.map((w) => formatWarning(fileName("closed-until-failover"), w))).toEqual([])
    // Every Lookup endpoint out of service (ls-dc1 down, ls-dc2 closed): otp-c without redundancy, not down.
    const lookupDown = nMinusOne(model, nothingMoved, { links: new Set(), nodes: new Set(["ls-dc1"]) })
    expect(health(lookupDown).map((h) => [h.flow, h.status])).toEqual([["P1/ocg-lookup", "down"], ["P1/P1T1", "served"]])
    expect(serviceStatus(lookupDown.flows).get("P1")?.get("otp-c")).toBe("served-without-redundancy")
    expect(pathOf(model, nothingMoved, "P1/ocg-lookup", "ls-dc2")).toEqual({ nodes: [], links: [], latencyUs: 0 })
  })

  it("counts ls-dc2 once HKEX has failed over", () => {
    expect(health(failedOver)[0]).toEqual({
      flow: "P1/ocg-lookup",
      status: "served",
      membersUp: ["ls-dc1", "ls-dc2"],
      singlePoints: []
    })
    expect(serviceStatus(failedOver.flows).get("P1")?.get("otp-c")).toBe("served")
    expect(pathOf(model, { moved: new Set(), drFailover: true }, "P1/ocg-lookup", "ls-dc2")).toEqual({
      // The fastest way in: over P1-c2 and pop-b1 straight into dc2 (10 + 400 + 200 + 5), not across r1--r2.
      nodes: ["P1.bss", "P1.rtr", "pop-b1", "r2", "ls-dc2"],
      links: ["P1.lan-bss", "P1-c2", "pop-b1--r2", "ls-dc2--r2"],
      latencyUs: 615
    })
  })
})

describe("a mainland link's DR pair, which serves only once DR is in force (mainland-dr-pair.yaml)", () => {
  const { model, baseline, warnings } = validEstate("mainland-dr-pair")
  const sseOut = { links: new Set<string>(), nodes: new Set(["sse-1"]) }
  const cut = (analysis: NMinusOne) => analysis.flows.map((h) => h.cutOff)

  it("before DR: sse-1 and szse-1 are single points (sse-2 and szse-2 stand in for nothing), and sse-1 lost cuts the CCCGs off", () => {
    // Before the fix: single points [r1] only, and no warning for sse-1 or szse-1 (sse-2 over r1--r2 stood in).
    expect(health(baseline)).toEqual([
      { flow: "P1/P1N1", status: "served-without-redundancy", membersUp: ["primary", "secondary"], singlePoints: ["r1", "sse-1", "szse-1", "sse-1--r1", "szse-1--r1"] }
    ])
    expect(row(baseline, "sse-1")).toMatchObject({ losesService: [impact("P1", "otp-csc", "P1/P1N1")] })
    expect(model.nodeById.get("sse-2")?.closedUntilFailover).toBe(true)
    expect(model.nodeById.get("sse-1")?.closedUntilFailover).toBe(false)
    expect(warnings.map((w) => w.got.split(" ")[0])).toEqual(["r1", "sse-1", "szse-1", "sse-1--r1", "szse-1--r1"])
    const lost = nMinusOne(model, nothingMoved, sseOut)
    expect(health(lost)).toEqual([{ flow: "P1/P1N1", status: "down", membersUp: [], singlePoints: [] }])
    expect(cut(lost)).toEqual([[{ node: "cccg-1", needs: ["sse-1"] }, { node: "cccg-2", needs: ["sse-1"] }]])
  })

  it("after the DR declaration: the DR pairs serve", () => {
    const failedOver = { moved: new Set<string>(), drFailover: true }
    expect(health(nMinusOne(model, failedOver))).toEqual([
      { flow: "P1/P1N1", status: "served-without-redundancy", membersUp: ["primary", "secondary"], singlePoints: ["r1"] }
    ])
    const lost = nMinusOne(model, failedOver, sseOut)
    expect(health(lost)).toEqual([
      { flow: "P1/P1N1", status: "served-without-redundancy", membersUp: ["primary", "secondary"], singlePoints: ["r1", "r2", "sse-2", "r1--r2", "sse-2--r2"] }
    ])
    expect(cut(lost)).toEqual([[]])
  })
})

describe("a failure that takes a session down and weakens the Lookup Service (session-and-lookup.yaml)", () => {
  const { baseline } = validEstate("session-and-lookup")

  it("lists a participant that loses otp-c under loses service only, though its Lookup Service loses redundancy", () => {
    // core-a cuts h1 and h2 off, so gw1 and gw2 stop: both sessions down. P1's Lookup Service is then left
    // on core-b alone, but P1 no longer has otp-c to keep.
    expect(row(baseline, "core-a")).toEqual({
      element: "core-a",
      elementKind: "core-router",
      losesService: [impact("P1", "otp-c", "P1/P1T01"), impact("P2", "otp-c", "P2/P2T01")],
      losesRedundancy: []
    })
    // cb-pop is P2's only PoP (its Lookup Service goes with its session); P1 keeps otp-c over ca-pop.
    expect(row(baseline, "cb-pop")).toMatchObject({
      losesService: [impact("P2", "otp-c", "P2/P2T01")],
      losesRedundancy: [impact("P1", "otp-c", "P1/P1T01", "P1/ocg-lookup")]
    })
    expect(row(baseline, "P2-c1")).toMatchObject({ losesService: [impact("P2", "otp-c", "P2/P2T01")], losesRedundancy: [] })
    // Nothing lost, the Lookup Service left on core-a alone: redundancy lost.
    expect(row(baseline, "core-b")).toMatchObject({ losesService: [], losesRedundancy: [impact("P1", "otp-c", "P1/ocg-lookup")] })
  })

  it("never lists one participant's service under both, in any row", () => {
    for (const r of baseline.rows) {
      const lost = r.losesService.map((i) => `${i.participant} ${i.service}`)
      expect([r.element, r.losesRedundancy.filter((i) => lost.includes(`${i.participant} ${i.service}`))]).toEqual([r.element, []])
    }
  })
})

describe("gateways that depend on their OTP-C host (depends-on.yaml)", () => {
  const { baseline, warnings } = validEstate("depends-on")

  it("has no articulation point and no bridge, yet one host is a single point", () => {
    expect(baseline.partitions.any).toEqual({ nodes: [], links: [] })
    expect(health(baseline)).toEqual([
      { flow: "P1/P1T1", status: "served-without-redundancy", membersUp: ["primary", "secondary"], singlePoints: ["otp-1"] },
      { flow: "P1/P1T2", status: "served", membersUp: ["primary", "secondary"], singlePoints: [] },
      { flow: "P2/P2T1", status: "served", membersUp: ["primary", "secondary"], singlePoints: [] }
    ])
  })

  it("takes down the sessions whose both gateways need otp-1 when otp-1 fails", () => {
    // P1T2 is left on ocg-3 alone too, but P1 has lost otp-c (P1T1): only P2 keeps the service and loses
    // redundancy.
    expect(row(baseline, "otp-1")).toEqual({
      element: "otp-1",
      elementKind: "otp-c-host",
      losesService: [impact("P1", "otp-c", "P1/P1T1")],
      losesRedundancy: [impact("P2", "otp-c", "P2/P2T1")]
    })
  })

  it("leaves ocg-3 on otp-1 alone when otp-2 fails: P1T2 and P2T1 lose redundancy (issue 13)", () => {
    // ocg-3 still works (it has otp-1), but otp-1 alone would now stop every gateway of P1T2 and P2T1.
    expect(row(baseline, "otp-2")).toMatchObject({ losesService: [], losesRedundancy: [impact("P1", "otp-c", "P1/P1T2"), impact("P2", "otp-c", "P2/P2T1")] })
    // Likewise r1 (or r2): everything then rides the other router alone. P1T1 had otp-1 as a single point already.
    for (const element of ["r1", "r2"]) {
      expect(row(baseline, element)).toMatchObject({ losesService: [], losesRedundancy: [impact("P1", "otp-c", "P1/P1T2"), impact("P2", "otp-c", "P2/P2T1")] })
    }
  })

  it("loses a gateway, not service, when a gateway itself fails", () => {
    expect(row(baseline, "ocg-1")).toMatchObject({
      losesService: [],
      losesRedundancy: [impact("P1", "otp-c", "P1/P1T1", "P1/P1T2")]
    })
  })

  it("warns about otp-1 alone", () => {
    expect(warnings.map((w) => formatWarning(fileName("depends-on"), w))).toEqual([
      "test/topology/analysis/depends-on.yaml:nodes[2]: warning: expected no single point of failure for otp-c, got otp-1 alone cuts off 1 participant(s): P1"
    ])
  })
})

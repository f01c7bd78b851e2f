/**
 * What `twin estate show` reports: counts by kind and, per service, how many participants are served,
 * served without redundancy or down in a cutover state. Plain data, rendered by the CLI as text or JSON.
 */
import type { EstateModel } from "./model.ts"
import type { NMinusOne } from "./n-minus-one.ts"
import { services, type Service } from "./schema.ts"
import { countByService, type ServiceCounts, serviceStatus } from "./service-health.ts"

export interface EstateSummary {
  readonly name: string
  readonly moved: ReadonlyArray<string>
  readonly sites: Record<string, number>
  readonly nodes: Record<string, number>
  readonly links: Record<string, number>
  readonly cutoverUnits: number
  readonly participants: {
    readonly total: number
    readonly byKind: Record<string, number>
    readonly singleCircuit: number
    readonly dualCircuitTwoCarriers: number
    readonly dualCircuitOneCarrier: number
  }
  readonly sessions: { readonly ocgTrading: number; readonly ocgDropCopy: number; readonly cscNorthbound: number }
  readonly subscriptions: Record<string, number>
  readonly flows: number
  /** Per service; `singlePoints` lists HKEX and carrier elements (participants' own circuits are counted apart). */
  readonly services: Record<Service, ServiceCounts & { readonly singlePoints: ReadonlyArray<string> }>
}

const tally = <A>(items: ReadonlyArray<A>, key: (a: A) => string): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const item of items) {
    const k = key(item)
    out[k] = (out[k] ?? 0) + 1
  }
  return out
}

export const summarise = (model: EstateModel, analysis: NMinusOne): EstateSummary => {
  const ps = model.file.participants
  const counts = countByService(serviceStatus(analysis.flows), services)
  const spofs = singlePointsByService(analysis)
  return {
    name: model.file.name,
    moved: [...analysis.state.moved].sort(),
    sites: tally(model.file.sites, (s) => s.kind),
    nodes: tally(model.nodes, (n) => n.kind),
    links: tally(model.links, (l) => l.generation),
    cutoverUnits: model.file.cutoverUnits.length,
    participants: {
      total: ps.length,
      byKind: tally(ps, (p) => p.kind),
      singleCircuit: ps.filter((p) => p.circuits.length === 1).length,
      dualCircuitTwoCarriers: ps.filter((p) => p.circuits.length > 1 && new Set(p.circuits.map((c) => c.carrier)).size > 1).length,
      dualCircuitOneCarrier: ps.filter((p) => p.circuits.length > 1 && new Set(p.circuits.map((c) => c.carrier)).size === 1).length
    },
    sessions: {
      ocgTrading: ps.reduce((n, p) => n + p.ocgSessions.filter((s) => s.type === "trading").length, 0),
      ocgDropCopy: ps.reduce((n, p) => n + p.ocgSessions.filter((s) => s.type === "drop-copy").length, 0),
      cscNorthbound: ps.reduce((n, p) => n + p.cscSessions.length, 0)
    },
    subscriptions: {
      "omd-c SS": ps.filter((p) => p.omdC.includes("SS")).length,
      "omd-c SP": ps.filter((p) => p.omdC.includes("SP")).length,
      "omd-c SF": ps.filter((p) => p.omdC.includes("SF")).length,
      "omd-cc": ps.filter((p) => p.omdCC).length,
      "ecp-sftp": ps.filter((p) => p.ecp).length
    },
    flows: model.flows.length,
    services: perService((s) => ({
      ...counts[s],
      singlePoints: spofs[s].filter((x) => x.elementKind !== "circuit").map((x) => x.element)
    }))
  }
}

const perService = <A>(f: (s: Service) => A): Record<Service, A> => {
  const out = {} as Record<Service, A>
  for (const s of services) out[s] = f(s)
  return out
}

export interface SinglePoint {
  readonly element: string
  readonly elementKind: string
  readonly participants: ReadonlyArray<string>
}

/**
 * Per service, the elements whose failure alone takes the service away from at least one participant,
 * most participants first (ties by id). Participants' own circuits are included: a single circuit is a
 * single point of failure of that participant.
 */
export const singlePointsByService = (analysis: NMinusOne): Record<Service, ReadonlyArray<SinglePoint>> => {
  const out = perService((): Array<SinglePoint> => [])
  for (const row of analysis.rows) {
    for (const service of services) {
      const participants = [...new Set(row.losesService.filter((i) => i.service === service).map((i) => i.participant))]
      if (participants.length > 0) out[service].push({ element: row.element, elementKind: row.elementKind, participants })
    }
  }
  for (const s of services) {
    out[s].sort((a, b) => b.participants.length - a.participants.length || a.element.localeCompare(b.element))
  }
  return out
}

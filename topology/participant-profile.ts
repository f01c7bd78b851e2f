/**
 * One participant as the estate builds it (issue 15 item 7, `twin participant`): its circuits and where
 * they land, its sessions and their gateways, its subscriptions, its flows, and the cutover units that lie
 * on any of its flows' paths. The units come from the paths themselves (paths.ts, routed as the twin
 * routes), before any move and after every move, so a unit is listed because traffic of the participant
 * crosses one of its links on one side of the move — not because of how anything is named. The traffic
 * includes what serves it: the route from the member's target to what that depends on (a gateway's OTP-C
 * host), so moving the OTP-C hosts is a step on every OTP-C participant's story, as the runbook says.
 */
import type { EstateModel, FlowInstance } from "./model.ts"
import { everythingMoved, nothingMoved } from "./network.ts"
import { pathFinder } from "./paths.ts"

export interface ProfileFlow {
  readonly id: string
  readonly service: FlowInstance["service"]
  readonly role: FlowInstance["role"]
  /** Member names in the flow's order (`lineA`, `primary` …). */
  readonly members: ReadonlyArray<string>
}

export interface ProfileUnit {
  readonly id: string
  readonly description: string
  /** The participant's flows with a member path — or its target's path to a dependency — over one of the unit's links (before or after the move), in flow order. */
  readonly flows: ReadonlyArray<string>
}

export interface ParticipantProfile {
  readonly id: string
  readonly name: string
  readonly kind: string
  readonly circuits: ReadonlyArray<{ readonly id: string; readonly carrier: string; readonly pop: string }>
  readonly ocgSessions: ReadonlyArray<{ readonly compId: string; readonly type: "trading" | "drop-copy"; readonly primary: string; readonly secondary: string }>
  readonly cscSessions: ReadonlyArray<{ readonly id: string; readonly primary: string; readonly secondary: string }>
  /** `omdC:SS`, `omdCC`, `ecp`, in that order (the estate's subscription names, topology/schema.ts). */
  readonly subscriptions: ReadonlyArray<string>
  readonly flows: ReadonlyArray<ProfileFlow>
  /** In the estate's order of cutover units. */
  readonly units: ReadonlyArray<ProfileUnit>
}

/** The profile of `id`, or undefined when the estate has no such participant. */
export const participantProfile = (model: EstateModel, id: string): ParticipantProfile | undefined => {
  const p = model.participantById.get(id)
  if (p === undefined) return undefined
  const flows = model.flowsByParticipant.get(id) ?? []
  const flowsOfUnit = new Map<string, Set<string>>()
  for (const state of [nothingMoved, everythingMoved(model)]) {
    const finder = pathFinder(model, state)
    for (const flow of flows) {
      for (const member of finder.pathsOf(flow).members) {
        const target = member.nodes.at(-1)
        for (const link of [...member.links, ...(target === undefined ? [] : finder.dependencyLinksOf(target))]) {
          const unit = model.linkById.get(link)?.unit
          if (unit === undefined) continue
          const set = flowsOfUnit.get(unit.id) ?? new Set<string>()
          set.add(flow.id)
          flowsOfUnit.set(unit.id, set)
        }
      }
    }
  }
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    circuits: p.circuits.map((c) => ({ id: c.id, carrier: c.carrier, pop: c.pop })),
    ocgSessions: p.ocgSessions.map((s) => ({ compId: s.compId, type: s.type, primary: s.primary, secondary: s.secondary })),
    cscSessions: p.cscSessions.map((s) => ({ id: s.id, primary: s.primary, secondary: s.secondary })),
    subscriptions: [...p.omdC.map((g) => `omdC:${g}`), ...(p.omdCC ? ["omdCC"] : []), ...(p.ecp ? ["ecp"] : [])],
    flows: flows.map((f) => ({ id: f.id, service: f.service, role: f.role, members: f.members.map((m) => m.name) })),
    units: model.file.cutoverUnits.flatMap((u) => {
      const on = flowsOfUnit.get(u.id)
      return on === undefined ? [] : [{ id: u.id, description: u.description, flows: flows.map((f) => f.id).filter((f) => on.has(f)) }]
    })
  }
}

/**
 * The estate as the twin uses it: the file's nodes and links plus each participant's premises (router, BSS,
 * feed handler) and circuits, all indexed, and every service flow instantiated per participant.
 *
 * Build it only from a file that passed `checkReferences` (validate.ts): it trusts that ids resolve.
 */
import { type EstateRoles, rolesOf } from "./roles.ts"
import type {
  ChannelGroup,
  EstateFile,
  FlowMember,
  FlowTemplate,
  LinkGeneration,
  NodeKind,
  Participant,
  Plane,
  PremisesKind,
  Service,
  Subscription
} from "./schema.ts"

export interface ModelNode {
  readonly id: string
  readonly kind: NodeKind | PremisesKind
  readonly site: string
  readonly plane: Plane | undefined
  readonly generation: "old" | "new" | undefined
  /** Set on participant-premises nodes. */
  readonly participant: string | undefined
  readonly dependsOn: ReadonlyArray<ReadonlyArray<string>>
  /**
   * It serves only once DR is in force: the estate marks it so (the backup site's entrances), or it is a
   * mainland link's DR pair (`roles.mainlandLinks`, `roles.drPairs`), which takes the market's quota ledger
   * over only then — before, its machine does not exist (docs/faults.md `site-loss`, csc-dr.ts).
   */
  readonly closedUntilFailover: boolean
  /** A carrier PoP the estate lets HKEX traffic pass through (`transit: true`); false for every other node. */
  readonly transit: boolean
  /** Where the node comes from in the file, for messages: `nodes[3]` or `participants[5]`. */
  readonly origin: string
}

export interface ModelLink {
  readonly id: string
  readonly from: string
  readonly to: string
  readonly generation: LinkGeneration | "premises"
  readonly capacityMbps: number
  readonly latencyUs: number
  readonly mtu: number
  readonly plane: Plane | undefined
  /** The cutover unit that switches this link, and on which side of the move it carries traffic. */
  readonly unit: { readonly id: string; readonly side: "old" | "new" } | undefined
  readonly participant: string | undefined
  readonly origin: string
}

export interface FlowInstance {
  /** `P0001/omdc-ss`, or `P0001/P0001T01` for a per-session flow. */
  readonly id: string
  readonly template: string
  readonly service: Service
  readonly pattern: FlowTemplate["pattern"]
  /** `primary`: needed for service; `recovery` (RTS, refresh) and `connect` (the Lookup Service): only to recover or (re)connect. */
  readonly role: "primary" | "recovery" | "connect"
  readonly participant: string
  /** The participant-side node the flow ends at (feed handler for multicast, BSS otherwise). */
  readonly endpoint: string
  readonly members: ReadonlyArray<FlowMember>
  readonly origin: string
}

export interface EstateModel {
  readonly file: EstateFile
  readonly nodes: ReadonlyArray<ModelNode>
  readonly links: ReadonlyArray<ModelLink>
  readonly nodeById: ReadonlyMap<string, ModelNode>
  readonly linkById: ReadonlyMap<string, ModelLink>
  readonly participantById: ReadonlyMap<string, Participant>
  readonly flows: ReadonlyArray<FlowInstance>
  readonly flowsByParticipant: ReadonlyMap<string, ReadonlyArray<FlowInstance>>
  /** `primary-dc` and `secondary-dc` site ids: elements there are "inside HKEX". */
  readonly dataCentreSites: ReadonlySet<string>
  /** Which nodes play the parts the models need (the estate's `roles`, roles.ts). */
  readonly roles: EstateRoles
}

/** Premises node ids of a participant. */
export const premises = (participant: string) => ({
  router: `${participant}.rtr`,
  bss: `${participant}.bss`,
  feedHandler: `${participant}.fh`
})

// Premises LAN: assumed 10 GbE, 10 µs, jumbo-free 1500 MTU; not part of any analysis of HKEX's network.
const lanLink = (participant: string, index: number, to: string, origin: string): ModelLink => ({
  id: `${participant}.lan-${to.slice(participant.length + 1)}`,
  from: premises(participant).router,
  to,
  generation: "premises",
  capacityMbps: 10_000,
  latencyUs: 10,
  mtu: 1500,
  plane: undefined,
  unit: undefined,
  participant,
  origin: `${origin}.lan[${index}]`
})

export const buildModel = (file: EstateFile): EstateModel => {
  const roles = rolesOf(file)
  const standby = mainlandStandby(roles)
  const nodes: Array<ModelNode> = file.nodes.map((n, i) => ({
    id: n.id,
    kind: n.kind,
    site: n.site,
    plane: n.plane,
    generation: n.generation,
    participant: undefined,
    dependsOn: n.dependsOn ?? [],
    closedUntilFailover: (n.closedUntilFailover ?? false) || standby.has(n.id),
    transit: n.transit ?? false,
    origin: `nodes[${i}]`
  }))
  const unitOf = new Map<string, { id: string; side: "old" | "new" }>()
  for (const unit of file.cutoverUnits) {
    for (const l of unit.old) unitOf.set(l, { id: unit.id, side: "old" })
    for (const l of unit.new) unitOf.set(l, { id: unit.id, side: "new" })
  }
  const links: Array<ModelLink> = file.links.map((l, i) => ({
    ...l,
    plane: l.plane,
    unit: unitOf.get(l.id),
    participant: undefined,
    origin: `links[${i}]`
  }))

  file.participants.forEach((p, pi) => {
    const origin = `participants[${pi}]`
    const ids = premises(p.id)
    const premisesNode = (id: string, kind: PremisesKind): ModelNode => ({
      id,
      kind,
      site: p.id,
      plane: undefined,
      generation: undefined,
      participant: p.id,
      dependsOn: [],
      closedUntilFailover: false,
      transit: false,
      origin
    })
    nodes.push(premisesNode(ids.router, "participant-router"), premisesNode(ids.bss, "participant-bss"))
    links.push(lanLink(p.id, 0, ids.bss, origin))
    if (usesMarketData(p)) {
      nodes.push(premisesNode(ids.feedHandler, "feed-handler"))
      links.push(lanLink(p.id, 1, ids.feedHandler, origin))
    }
    p.circuits.forEach((c, ci) => {
      links.push({
        id: c.id,
        from: ids.router,
        to: c.pop,
        generation: "carrier",
        capacityMbps: c.bandwidthMbps,
        latencyUs: c.latencyUs,
        mtu: c.mtu ?? 1500,
        plane: undefined,
        unit: undefined,
        participant: p.id,
        origin: `${origin}.circuits[${ci}]`
      })
    })
  })

  const flows = instantiateFlows(file)
  const flowsByParticipant = new Map<string, Array<FlowInstance>>()
  for (const f of flows) {
    const list = flowsByParticipant.get(f.participant)
    if (list === undefined) flowsByParticipant.set(f.participant, [f])
    else list.push(f)
  }
  return {
    file,
    nodes,
    links,
    nodeById: new Map(nodes.map((n) => [n.id, n])),
    linkById: new Map(links.map((l) => [l.id, l])),
    participantById: new Map(file.participants.map((p) => [p.id, p])),
    flows,
    flowsByParticipant,
    dataCentreSites: new Set(file.sites.filter((s) => s.kind === "primary-dc" || s.kind === "secondary-dc").map((s) => s.id)),
    roles
  }
}

/** The mainland links' DR pairs: each market's ledger moves there only once DR is in force. */
const mainlandStandby = (roles: EstateRoles): ReadonlySet<string> => {
  const links = roles.mainlandLinks
  if (links === undefined) return new Set()
  return new Set([links.SSE, links.SZSE].flatMap((l) => roles.backupOf(l) ?? []))
}

export const usesMarketData = (p: Participant): boolean => p.omdC.length > 0 || p.omdCC

const subscribes = (p: Participant, s: Subscription): boolean => {
  switch (s) {
    case "omdC":
      return p.omdC.length > 0
    case "omdCC":
      return p.omdCC
    case "ecp":
      return p.ecp
    case "ocgSessions":
      return p.ocgSessions.length > 0
    case "ocgTrading":
      return p.ocgSessions.some((x) => x.type === "trading")
    case "ocgDropCopy":
      return p.ocgSessions.some((x) => x.type === "drop-copy")
    case "cscSessions":
      return p.cscSessions.length > 0
    default:
      return p.omdC.includes(s.slice("omdC:".length) as ChannelGroup)
  }
}

/** Flow templates × participants, in file order (participants outer, templates inner): stable for traces. */
export const instantiateFlows = (file: EstateFile): ReadonlyArray<FlowInstance> => {
  const out: Array<FlowInstance> = []
  const kinds = new Map(file.nodes.map((n) => [n.id, n.kind]))
  const kindOf = (id: string) => kinds.get(id)
  file.participants.forEach((p, pi) => {
    const ids = premises(p.id)
    file.flows.forEach((t, ti) => {
      if (!subscribes(p, t.subscribedBy)) return
      const base = {
        template: t.id,
        service: t.service,
        pattern: t.pattern,
        role: t.role ?? defaultRole(t, kindOf),
        participant: p.id
      } as const
      if (t.pattern !== "per-session") {
        out.push({
          ...base,
          id: `${p.id}/${t.id}`,
          endpoint: t.pattern === "multicast" ? ids.feedHandler : ids.bss,
          members: t.members ?? [],
          origin: `flows[${ti}]`
        })
        return
      }
      const sessions = t.subscribedBy === "cscSessions"
        ? p.cscSessions.map((s, si) => ({ id: s.id, primary: s.primary, secondary: s.secondary, origin: `participants[${pi}].cscSessions[${si}]` }))
        : p.ocgSessions.flatMap((s, si) =>
          (t.subscribedBy === "ocgTrading" && s.type !== "trading") ||
            (t.subscribedBy === "ocgDropCopy" && s.type !== "drop-copy")
            ? []
            : [{ id: s.compId, primary: s.primary, secondary: s.secondary, origin: `participants[${pi}].ocgSessions[${si}]` }]
        )
      for (const s of sessions) {
        out.push({
          ...base,
          id: `${p.id}/${s.id}`,
          endpoint: ids.bss,
          members: [
            { name: "primary", targets: [s.primary] },
            { name: "secondary", targets: [s.secondary] }
          ],
          origin: s.origin
        })
      }
    })
  })
  return out
}

/**
 * A flow whose members are all Lookup Service endpoints is needed only to (re)connect a session (DOMAIN §1:
 * a BSS asks the Lookup Service for its gateways at logon and after failing both of them), so it is a
 * `connect` flow unless the estate says otherwise; any other flow is `primary`.
 */
const defaultRole = (t: FlowTemplate, kindOf: (id: string) => string | undefined): FlowInstance["role"] => {
  const members = t.members ?? []
  const lookupOnly = members.length > 0 && members.every((m) => m.targets.length > 0 && m.targets.every((id) => kindOf(id) === "lookup-service"))
  return lookupOnly ? "connect" : "primary"
}

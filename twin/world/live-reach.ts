/**
 * What the live network gives every flow right now — any number of links, nodes and circuits down, in the
 * current cutover state: the static N-1 analysis run on the live state, so "served without redundancy"
 * means the same here as in `twin estate spof` (one more failure away from down). The health tracker
 * combines it with what the models observe; the impact engine judges its physical states with the same
 * function (twin/impact/state-health.ts).
 *
 * Firewall rules blocking a service port (`firewall-port-blocked`): routing does not notice them, so a
 * member whose endpoints listen on a blocked port is lost to a participant when the route its traffic takes
 * to every one of them (topology/routes.ts, from the flow's endpoint) crosses an element blocking that port
 * — a Lookup Service behind firewalls dropping `lookup` is unreachable as if down, though another way in
 * exists. The flow is then down with none of its members left, without redundancy with some. Not seen: a
 * port blocked only between a gateway and what it depends on (`otp`, `mainland`).
 */
import type { EstateModel } from "../../topology/model.ts"
import { type FlowHealth, nMinusOne, type NMinusOneOptions, type OutOfService } from "../../topology/n-minus-one.ts"
import { type CutoverState, isOpen } from "../../topology/network.ts"
import { memberTargets } from "../../topology/reach.ts"
import type { Router } from "../../topology/routes.ts"
import { portOfKind, type ServicePort } from "./service-ports.ts"
import type { WorldState } from "./world-state.ts"

export const cutoverOf = (ws: WorldState): CutoverState => ({ moved: new Set(ws.moved), drFailover: ws.drFailover })

/** Per service port blocked somewhere, the links and nodes whose firewall rule drops it (ids sorted). */
export interface PortBlock {
  readonly port: ServicePort
  readonly links: ReadonlyArray<string>
  readonly nodes: ReadonlyArray<string>
}

/** The live state's port blocks, by port in name order. */
export const portBlocksOf = (ws: WorldState): ReadonlyArray<PortBlock> => {
  const byPort = new Map<ServicePort, { links: Array<string>; nodes: Array<string> }>()
  const entry = (port: ServicePort) => {
    let e = byPort.get(port)
    if (e === undefined) byPort.set(port, (e = { links: [], nodes: [] }))
    return e
  }
  for (const [id, imp] of ws.links) for (const p of imp.blockedPorts) entry(p).links.push(id)
  for (const [id, imp] of ws.nodes) for (const p of imp.blockedPorts) entry(p).nodes.push(id)
  return [...byPort].sort(([a], [b]) => a.localeCompare(b)).map(([port, e]) => ({ port, links: [...e.links].sort(), nodes: [...e.nodes].sort() }))
}

/**
 * Every flow's health (model order) with `out` out of service, then each flow to endpoints of a blocked
 * port judged against the routes `router` has (see the header).
 */
export const flowHealthWithPorts = (
  model: EstateModel,
  state: CutoverState,
  out: OutOfService,
  blocks: ReadonlyArray<PortBlock>,
  router: () => Router,
  options: NMinusOneOptions
): ReadonlyArray<FlowHealth> => {
  const flows = nMinusOne(model, state, out, options).flows
  if (blocks.length === 0) return flows
  const blockedNodes = new Map(blocks.map((b) => [b.port, new Set(b.nodes.map((id) => model.nodes.findIndex((n) => n.id === id)))]))
  const blockedLinks = new Map(blocks.map((b) => [b.port, new Set(b.links.map((id) => model.links.findIndex((l) => l.id === id)))]))
  const portOf = (target: string): ServicePort | undefined => {
    const kind = model.nodeById.get(target)?.kind
    return kind === undefined ? undefined : portOfKind[kind]
  }
  const routes = router()
  /** The route from `endpoint` to `target` is cut by a rule on its port (or there is none). */
  const cut = (endpoint: string, target: string, port: ServicePort): boolean => {
    const route = routes.route(endpoint, target)
    if (route === undefined) return true
    const nodes = blockedNodes.get(port)!
    const links = blockedLinks.get(port)!
    return route.nodes.some((n) => nodes.has(n)) || route.hops.some((h) => links.has(h.link))
  }
  return flows.map((h): FlowHealth => {
    if (h.membersUp.length === 0) return h
    const lost = new Set<string>()
    for (const m of h.flow.members) {
      if (!h.membersUp.includes(m.name)) continue
      // After a failover a session's gateway may be used at its DR pair too (topology/reach.ts attachments).
      const candidates = memberTargets(model, h.flow, m, state.drFailover)
      // Only a target that serves now can keep the member (the backup site's publishers are closed before DR).
      const targets = candidates.filter((t) => {
        const node = model.nodeById.get(t)
        return node !== undefined && isOpen(node, state) && !out.nodes.has(t)
      })
      if (targets.length === 0) continue
      const ports = targets.map(portOf)
      if (!ports.some((p) => p !== undefined && blockedNodes.has(p))) continue
      if (targets.every((t, i) => ports[i] !== undefined && blockedNodes.has(ports[i]!) && cut(h.flow.endpoint, t, ports[i]!))) lost.add(m.name)
    }
    if (lost.size === 0) return h
    const membersUp = h.membersUp.filter((name) => !lost.has(name))
    return membersUp.length === 0
      ? { ...h, status: "down", membersUp, singlePoints: [] }
      : { ...h, status: "served-without-redundancy", membersUp }
  })
}

/**
 * `participants`: only theirs (default all; a part of a run split by participants judges its share's);
 * `router`: the routes the network's traffic takes now (asked only while a port is blocked).
 */
export const liveFlowHealth = (model: EstateModel, ws: WorldState, router: () => Router, participants?: ReadonlySet<string>): ReadonlyMap<string, FlowHealth> => {
  // Only the flows' health is read: the rows' path redundancy (a search per element) is not needed.
  const out = { links: ws.linksDown(), nodes: new Set(ws.nodesDown) }
  const flows = flowHealthWithPorts(model, cutoverOf(ws), out, portBlocksOf(ws), router, { pathRedundancy: false, ...(participants === undefined ? {} : { participants }) })
  return new Map(flows.map((h) => [h.flow.id, h]))
}

/**
 * What the live network gives every flow right now — any number of links, nodes and circuits down, in the
 * current cutover state: the static N-1 analysis run on the live state, so "served without redundancy"
 * means the same here as in `twin estate spof` (one more failure away from down). The health tracker
 * combines it with what the models observe; the impact engine judges its physical states with the same
 * function (twin/impact/state-health.ts).
 *
 * Impairments routing does not notice (`Unnoticed`: firewall rules blocking a service port, one-way
 * blackholes, elements not forwarding multicast, MTU cuts): a route keeps crossing them, and the network
 * drops the traffic they catch (passage.ts, the rule sim-network.ts applies to every message). So a member
 * is lost to a participant when the route its traffic takes to every one of its targets (topology/routes.ts,
 * from the flow's endpoint) crosses an element that drops that traffic:
 * - a session's traffic (OCG-C, China Connect, RTS, ECP SFTP, the Lookup Service) goes both ways, so a
 *   blackhole in either direction cuts it; a multicast flow's (OMD lines, refresh) goes from the publisher
 *   to the participant only, so only a blackhole in that direction does, and only it is lost where
 *   multicast is not forwarded;
 * - a path MTU below the largest packet the target's service sends (service-ports.ts `largestPacketOf`)
 *   loses it: an MTU cut to 1,400 on the SFTP servers' links stalls every transfer while the Logon passes;
 * - a firewall rule on the target's port: a Lookup Service behind firewalls dropping `lookup` is
 *   unreachable as if down, though another way in exists.
 * A target also stops serving when, in one of its `dependsOn` groups (an OCG-C gateway's OTP-C hosts, a
 * CCCG's market links), the route to every open one that routing has drops the traffic between them (ports
 * of both ends, as the network judges it): it is then cut off as if they were down (`FlowHealth.cutOff`).
 * The flow is down with none of its members left, without redundancy with some. A target routing has no
 * route to is left to the N-1 analysis; with none of these impairments (and no link's own MTU below the
 * hosts') the analysis stands as it is, no route asked.
 */
import type { EstateModel } from "../../topology/model.ts"
import { type FlowHealth, nMinusOne, type NMinusOneOptions, type OutOfService } from "../../topology/n-minus-one.ts"
import { type CutoverState, isOpen } from "../../topology/network.ts"
import { memberTargets } from "../../topology/reach.ts"
import type { Router } from "../../topology/routes.ts"
import { fits, HOST_MTU, hopDrops, nodeDrops, type Traffic } from "./passage.ts"
import { largestPacketOf, portOfKind, type ServicePort } from "./service-ports.ts"
import { healthyLink, healthyNode, type LinkImpairment, type NodeImpairment, type WorldState } from "./world-state.ts"

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

/** A one-way blackhole: the link, and the direction it drops (relative to the link's from → to). */
export interface Blackhole {
  readonly link: string
  readonly direction: "forward" | "reverse"
}

/** A link's MTU cut below its own. */
export interface MtuCut {
  readonly link: string
  readonly mtu: number
}

/**
 * The impairments routing does not notice, as data (the impact engine's physical state carries them too):
 * each absent when there is none; ids sorted.
 */
export interface Unnoticed {
  readonly portBlocks?: ReadonlyArray<PortBlock>
  readonly blackholes?: ReadonlyArray<Blackhole>
  /** Links and nodes that do not forward multicast. */
  readonly multicastBlocked?: { readonly links: ReadonlyArray<string>; readonly nodes: ReadonlyArray<string> }
  readonly mtuCuts?: ReadonlyArray<MtuCut>
}

/** The live state's impairments that routing does not notice. */
export const unnoticedOf = (ws: WorldState): Unnoticed => {
  const portBlocks = portBlocksOf(ws)
  const links = [...ws.links].sort(([a], [b]) => a.localeCompare(b))
  const blackholes = links.flatMap(([link, imp]) => (imp.blackhole === undefined ? [] : [{ link, direction: imp.blackhole }]))
  const mtuCuts = links.flatMap(([link, imp]) => (imp.mtu === undefined ? [] : [{ link, mtu: imp.mtu }]))
  const multicastBlocked = {
    links: links.filter(([, imp]) => imp.multicastBlocked).map(([id]) => id),
    nodes: [...ws.nodes].filter(([, imp]) => imp.multicastBlocked).map(([id]) => id).sort()
  }
  return {
    ...(portBlocks.length === 0 ? {} : { portBlocks }),
    ...(blackholes.length === 0 ? {} : { blackholes }),
    ...(multicastBlocked.links.length + multicastBlocked.nodes.length === 0 ? {} : { multicastBlocked }),
    ...(mtuCuts.length === 0 ? {} : { mtuCuts })
  }
}

const ownMtuBelowHosts = new WeakMap<EstateModel, number>()

/** The smallest of the model's own link MTUs below the hosts' packets (Infinity: none). */
const smallestOwnMtu = (model: EstateModel): number => {
  let found = ownMtuBelowHosts.get(model)
  if (found === undefined) {
    found = Infinity
    for (const l of model.links) if (l.mtu < HOST_MTU) found = Math.min(found, l.mtu)
    ownMtuBelowHosts.set(model, found)
  }
  return found
}

/** Whether routes can change a flow's health (see the header): some impairment routing does not notice, or a link's own MTU below the hosts'. */
export const routesMatter = (model: EstateModel, u: Unnoticed): boolean =>
  u.portBlocks !== undefined || u.blackholes !== undefined || u.multicastBlocked !== undefined || u.mtuCuts !== undefined || smallestOwnMtu(model) < Infinity

/** Per model link and node index, the impairments of `u` (what passage.ts judges). */
const impairmentsOf = (model: EstateModel, u: Unnoticed) => {
  const links = new Map<number, { -readonly [K in keyof LinkImpairment]: LinkImpairment[K] }>()
  const nodes = new Map<number, { -readonly [K in keyof NodeImpairment]: NodeImpairment[K] }>()
  const linkIndex = (id: string) => model.links.findIndex((l) => l.id === id)
  const nodeIndex = (id: string) => model.nodes.findIndex((n) => n.id === id)
  const link = (id: string) => {
    const i = linkIndex(id)
    let imp = links.get(i)
    if (imp === undefined) links.set(i, (imp = { ...healthyLink, blockedPorts: [] }))
    return imp
  }
  const node = (id: string) => {
    const i = nodeIndex(id)
    let imp = nodes.get(i)
    if (imp === undefined) nodes.set(i, (imp = { ...healthyNode, blockedPorts: [] }))
    return imp
  }
  for (const b of u.portBlocks ?? []) {
    for (const id of b.links) link(id).blockedPorts = [...link(id).blockedPorts, b.port]
    for (const id of b.nodes) node(id).blockedPorts = [...node(id).blockedPorts, b.port]
  }
  for (const b of u.blackholes ?? []) link(b.link).blackhole = b.direction
  for (const id of u.multicastBlocked?.links ?? []) link(id).multicastBlocked = true
  for (const id of u.multicastBlocked?.nodes ?? []) node(id).multicastBlocked = true
  for (const c of u.mtuCuts ?? []) link(c.link).mtu = c.mtu
  let smallestMtu = smallestOwnMtu(model)
  for (const c of u.mtuCuts ?? []) smallestMtu = Math.min(smallestMtu, c.mtu)
  const blockedPorts = new Set((u.portBlocks ?? []).map((b) => b.port))
  return {
    link: (i: number): LinkImpairment => links.get(i) ?? healthyLink,
    node: (i: number): NodeImpairment => nodes.get(i) ?? healthyNode,
    /** Whether any element could drop `traffic` (else no route need be asked). */
    mayDrop: (traffic: Traffic): boolean =>
      u.blackholes !== undefined ||
      (traffic.multicast && u.multicastBlocked !== undefined) ||
      traffic.ports.some((p) => blockedPorts.has(p)) ||
      !fits(traffic.bytes, smallestMtu)
  }
}

/**
 * Every flow's health (model order) with `out` out of service, then each flow judged against the routes
 * `router` has and the impairments `unnoticed` (see the header).
 */
export const flowHealthOnRoutes = (
  model: EstateModel,
  state: CutoverState,
  out: OutOfService,
  unnoticed: Unnoticed,
  router: () => Router,
  options: NMinusOneOptions
): ReadonlyArray<FlowHealth> => {
  const flows = nMinusOne(model, state, out, options).flows
  if (!routesMatter(model, unnoticed)) return flows
  const imp = impairmentsOf(model, unnoticed)
  const portOf = (target: string): ServicePort | undefined => {
    const kind = model.nodeById.get(target)?.kind
    return kind === undefined ? undefined : portOfKind[kind]
  }
  const serving = (id: string): boolean => {
    const node = model.nodeById.get(id)
    return node !== undefined && isOpen(node, state) && !out.nodes.has(id)
  }
  const routes = router()
  /**
   * The route from `from` to `to` drops `traffic`: a session's either way (its answers take the route
   * reversed, topology/routes.ts), a multicast's on the way back (the publisher's copies come that way).
   * Undefined when routing has no route (the N-1 analysis's to judge).
   */
  const drops = (from: string, to: string, traffic: Traffic): boolean | undefined => {
    if (!imp.mayDrop(traffic)) return false
    const route = routes.route(from, to)
    if (route === undefined) return undefined
    if (route.nodes.some((n) => nodeDrops(imp.node(n), traffic))) return true
    return route.hops.some((h) => {
      const link = model.links[h.link]!
      const i = imp.link(h.link)
      return traffic.multicast ? hopDrops(link, i, !h.forward, traffic) : hopDrops(link, i, h.forward, traffic) || hopDrops(link, i, !h.forward, traffic)
    })
  }
  const trafficTo = (port: ServicePort | undefined, multicast: boolean, other?: ServicePort): Traffic => ({
    ports: [...(port === undefined ? [] : [port]), ...(other === undefined ? [] : [other])],
    multicast,
    bytes: port === undefined ? HOST_MTU : largestPacketOf[port]
  })
  /**
   * The serving members of the first of `target`'s `dependsOn` groups it is cut off from — the route to one
   * of them drops the traffic between them and the route to none passes — or undefined.
   */
  const cutOffGroup = new Map<string, ReadonlyArray<string> | null>()
  const dependencyLost = (target: string): ReadonlyArray<string> | undefined => {
    let found = cutOffGroup.get(target)
    if (found === undefined) {
      const port = portOf(target)
      found = model.nodeById.get(target)?.dependsOn.find((group) => {
        const judged = group.filter(serving).map((d) => drops(target, d, trafficTo(portOf(d), false, port)))
        return judged.some((cut) => cut === true) && judged.every((cut) => cut !== false)
      })?.filter(serving) ?? null
      cutOffGroup.set(target, found)
    }
    return found ?? undefined
  }
  return flows.map((h): FlowHealth => {
    if (h.membersUp.length === 0) return h
    const lost = new Set<string>()
    const cutOff: Array<{ node: string; needs: ReadonlyArray<string> }> = []
    const multicast = h.flow.pattern === "multicast"
    for (const m of h.flow.members) {
      if (!h.membersUp.includes(m.name)) continue
      // After a failover a session's gateway may be used at its DR pair too (topology/reach.ts attachments);
      // only a target that serves now can keep the member (the backup site's publishers are closed before DR).
      const targets = memberTargets(model, h.flow, m, state.drFailover).filter(serving)
      if (targets.length === 0) continue
      const kept = targets.some((t) => {
        if (drops(h.flow.endpoint, t, trafficTo(portOf(t), multicast)) === true) return false
        const needs = dependencyLost(t)
        if (needs === undefined) return true
        if (!cutOff.some((c) => c.node === t)) cutOff.push({ node: t, needs })
        return false
      })
      if (!kept) lost.add(m.name)
    }
    if (lost.size === 0) return h
    const membersUp = h.membersUp.filter((name) => !lost.has(name))
    return membersUp.length === 0
      ? { ...h, status: "down", membersUp, singlePoints: [], cutOff }
      : { ...h, status: "served-without-redundancy", membersUp }
  })
}

/**
 * `participants`: only theirs (default all; a part of a run split by participants judges its share's);
 * `router`: the routes the network's traffic takes now (asked only while `routesMatter`).
 */
export const liveFlowHealth = (model: EstateModel, ws: WorldState, router: () => Router, participants?: ReadonlySet<string>): ReadonlyMap<string, FlowHealth> => {
  // Only the flows' health is read: the rows' path redundancy (a search per element) is not needed.
  const out = { links: ws.linksDown(), nodes: new Set(ws.nodesDown) }
  const flows = flowHealthOnRoutes(model, cutoverOf(ws), out, unnoticedOf(ws), router, { pathRedundancy: false, ...(participants === undefined ? {} : { participants }) })
  return new Map(flows.map((h) => [h.flow.id, h]))
}

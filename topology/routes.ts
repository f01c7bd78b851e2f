/**
 * Routes between any two estate nodes as the network's routing currently has them: participants' premises
 * reach the core over the fastest working circuit (a multicast line keeps to its own circuit: A the first,
 * B the second); across the core, the least-latency path (effect/Graph
 * Dijkstra) on the plane the endpoints belong to (a line-A publisher's traffic stays on plane A). A carrier
 * PoP that is not transit is only ever an end of a route (network.ts): it leaves by the best of its live
 * links, and no route between two other nodes passes through it.
 *
 * The tables reflect the state given to `converge`, not the live one: between a change and the end of the
 * convergence delay, routes still point over what just failed. Routes are cached until the next `converge`.
 */
import { Graph, Option } from "effect"
import type { EstateModel } from "./model.ts"
import { type Core, coreGraphWhere, coreOf, type CutoverState, type PlaneView, planeViews, type Port, portsOf } from "./network.ts"

export interface Hop {
  /** Index into `model.links`. */
  readonly link: number
  /** True when the hop runs from the link's `from` to its `to`. */
  readonly forward: boolean
}

export interface Route {
  readonly hops: ReadonlyArray<Hop>
  /** Indices into `model.nodes`, from the sender to the receiver. */
  readonly nodes: ReadonlyArray<number>
  /** Sum of base link latencies, µs. */
  readonly latencyUs: number
  /** The network's judgement of this route against one version of the live state (sim-network.ts). */
  judged?: unknown
}

export interface RoutingState {
  readonly cutover: CutoverState
  readonly linksDown: ReadonlySet<string>
  readonly nodesDown: ReadonlySet<string>
}

export class Router {
  private readonly model: EstateModel
  private readonly core: Core
  private readonly nodeIndex: ReadonlyMap<string, number>
  private readonly linkIndex: ReadonlyMap<string, number>
  private readonly coreToModelNode: Int32Array
  private readonly coreToModelLink: Int32Array
  /** Premises LAN link index by `router>endpoint`. */
  private readonly lans: ReadonlyMap<string, number>
  private graphs = {} as Record<PlaneView, Graph.UndirectedGraph<number, number>>
  private routing: RoutingState
  private readonly coreCache = new Map<string, Route | null>()
  /** from → to → route (two levels: no key strings built per message). */
  private readonly cache = new Map<string, Map<string, Route | null>>()
  /** Counts `converge`s: a route fetched at one epoch stays the route until the next (callers may keep it). */
  epoch = 0

  constructor(model: EstateModel, initial: RoutingState) {
    this.model = model
    this.core = coreOf(model)
    this.nodeIndex = new Map(model.nodes.map((n, i) => [n.id, i]))
    this.linkIndex = new Map(model.links.map((l, i) => [l.id, i]))
    this.coreToModelNode = Int32Array.from(this.core.nodes, (n) => this.nodeIndex.get(n.id)!)
    this.coreToModelLink = Int32Array.from(this.core.links, (l) => this.linkIndex.get(l.id)!)
    this.lans = new Map(
      model.links.flatMap((l, i) => (l.generation === "premises" ? [[`${l.from}>${l.to}`, i] as const] : []))
    )
    this.routing = initial
    this.converge(initial)
  }

  /** Recomputes the routing tables for `state` (the end of a convergence). */
  converge(state: RoutingState): void {
    this.routing = state
    this.epoch++
    this.coreCache.clear()
    this.cache.clear()
    const linkUp = (i: number) => !state.linksDown.has(this.core.links[i]!.id)
    const nodeUp = (i: number) => !state.nodesDown.has(this.core.nodes[i]!.id)
    for (const v of planeViews) this.graphs[v] = coreGraphWhere(this.core, state.cutover, v, linkUp, nodeUp)
  }

  route(from: string, to: string): Route | undefined {
    let byTarget = this.cache.get(from)
    if (byTarget === undefined) this.cache.set(from, (byTarget = new Map()))
    let found = byTarget.get(to)
    if (found === undefined) {
      found = this.compute(from, to) ?? null
      byTarget.set(to, found)
    }
    return found ?? undefined
  }

  private compute(from: string, to: string): Route | undefined {
    const a = this.model.nodeById.get(from)
    const b = this.model.nodeById.get(to)
    if (a === undefined || b === undefined) return undefined
    if (from === to) return { hops: [], nodes: [this.nodeIndex.get(from)!], latencyUs: 0 }
    const view: PlaneView = a.plane ?? b.plane ?? "any"
    if (a.participant === undefined && b.participant === undefined) return this.corePath(view, from, to)
    if (a.participant !== undefined && b.participant === undefined) return this.fromPremises(a.participant, from, to, view)
    if (a.participant === undefined && b.participant !== undefined) {
      const back = this.fromPremises(b.participant, to, from, view)
      return back === undefined ? undefined : reverse(back)
    }
    return undefined // participant to participant: not carried by this network
  }

  /**
   * endpoint → LAN → router → circuit → PoP → core path → target. Unicast takes the fastest working
   * circuit; a multicast line keeps to its own circuit while that one works (line A the first, line B the
   * second), as topology/paths.ts assumes for the static analysis.
   */
  private fromPremises(participant: string, endpoint: string, target: string, view: PlaneView): Route | undefined {
    const p = this.model.participantById.get(participant)
    if (p === undefined) return undefined
    const rtr = `${participant}.rtr`
    const lan = this.lans.get(`${rtr}>${endpoint}`)
    const lanHop: Array<Hop> = lan === undefined ? [] : [{ link: lan, forward: false }]
    const lanLatency = lan === undefined ? 0 : this.model.links[lan]!.latencyUs
    const first = view === "B" ? 1 % p.circuits.length : 0
    const circuits = view === "any" ? p.circuits : [...p.circuits.slice(first), ...p.circuits.slice(0, first)]
    let best: Route | undefined
    for (const c of circuits) {
      if (view !== "any" && best !== undefined) break
      if (this.routing.linksDown.has(c.id) || this.routing.nodesDown.has(c.pop)) continue
      const core = this.corePath(view, c.pop, target)
      if (core === undefined) continue
      const circuit = this.linkIndex.get(c.id)!
      const latencyUs = lanLatency + c.latencyUs + core.latencyUs
      if (best === undefined || latencyUs < best.latencyUs) {
        best = {
          hops: [...lanHop, { link: circuit, forward: true }, ...core.hops],
          nodes: [
            this.nodeIndex.get(endpoint)!,
            ...(lanHop.length > 0 ? [this.nodeIndex.get(rtr)!] : []),
            ...core.nodes
          ],
          latencyUs
        }
      }
    }
    return best
  }

  private corePath(view: PlaneView, from: string, to: string): Route | undefined {
    const key = `${view}:${from}>${to}`
    const cached = this.coreCache.get(key)
    if (cached !== undefined) return cached ?? undefined
    const source = this.core.nodeIndex.get(from)
    const target = this.core.nodeIndex.get(to)
    let route: Route | undefined
    if (source !== undefined && target !== undefined) {
      // A stub PoP at either end is left (or reached) by one of its live ports; the rest is Dijkstra's.
      // Ports are tried in link order and only a strictly faster way replaces the best: deterministic.
      for (const out of this.ends(view, source)) {
        for (const into of this.ends(view, target)) {
          const middle = this.dijkstra(view, out.node, into.node)
          if (middle === undefined) continue
          const latencyUs = out.latencyUs + middle.latencyUs + into.latencyUs
          if (route !== undefined && latencyUs >= route.latencyUs) continue
          route = {
            hops: [...(out.hop === undefined ? [] : [out.hop]), ...middle.hops, ...(into.hop === undefined ? [] : [{ ...into.hop, forward: !into.hop.forward }])],
            nodes: [...(out.hop === undefined ? [] : [this.coreToModelNode[source]!]), ...middle.nodes, ...(into.hop === undefined ? [] : [this.coreToModelNode[target]!])],
            latencyUs
          }
        }
      }
    }
    this.coreCache.set(key, route ?? null)
    return route
  }

  /** Where a route from (or to) core node `n` meets the graph: itself, or for a stub PoP each live port (hop outward). */
  private ends(view: PlaneView, n: number): ReadonlyArray<{ readonly node: number; readonly hop: Hop | undefined; readonly latencyUs: number }> {
    if (this.core.stub[n] !== 1) return [{ node: n, hop: undefined, latencyUs: 0 }]
    const state = this.routing
    const ports: ReadonlyArray<Port> = portsOf(
      this.core,
      state.cutover,
      view,
      n,
      (l) => !state.linksDown.has(this.core.links[l]!.id),
      (i) => !state.nodesDown.has(this.core.nodes[i]!.id)
    )
    return ports.map((p) => ({
      node: p.node,
      hop: { link: this.coreToModelLink[p.link]!, forward: this.core.from[p.link] === n },
      latencyUs: this.core.links[p.link]!.latencyUs
    }))
  }

  private dijkstra(view: PlaneView, source: number, target: number): Route | undefined {
    const graph = this.graphs[view]
    const found = Graph.dijkstra(graph, { source, target, cost: (link) => this.core.links[link]!.latencyUs })
    if (Option.isNone(found)) return undefined
    const path = found.value.path
    const hops = found.value.edges.map((e, i): Hop => {
      const coreLink = Option.getOrThrow(Graph.getEdge(graph, e)).data
      return { link: this.coreToModelLink[coreLink]!, forward: this.core.from[coreLink] === path[i] }
    })
    return { hops, nodes: path.map((n) => this.coreToModelNode[n]!), latencyUs: found.value.distance }
  }
}

const reverse = (r: Route): Route => ({
  hops: [...r.hops].reverse().map((h) => ({ link: h.link, forward: !h.forward })),
  nodes: [...r.nodes].reverse(),
  latencyUs: r.latencyUs
})

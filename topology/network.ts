/**
 * The network as a graph in a given cutover state: which links carry traffic, on which multicast plane,
 * with which element failed — built on `effect/Graph` so that components, articulation points, bridges and
 * shortest paths come from its algorithms.
 *
 * Only HKEX's side and the carriers (the "core": every node and link written in the estate file) is a
 * graph; participants hang off carrier PoPs by their circuits and are evaluated against the core's
 * components, which keeps every analysis linear in the number of participants.
 *
 * A carrier PoP is the carrier's, not HKEX's: traffic between two HKEX nodes never passes through one
 * unless the estate marks it `transit: true`. Such a PoP is a *stub*: it is only an end of a path, so its
 * links are left out of the graph and it enters the core through its ports (`portsOf`), one per live link.
 */
import { Graph } from "effect"
import type { EstateModel, ModelLink, ModelNode } from "./model.ts"
import type { Plane } from "./schema.ts"

/** Which cutover units have moved to the new backbone, and whether HKEX has failed over to its backup site. */
export interface CutoverState {
  readonly moved: ReadonlySet<string>
  readonly drFailover: boolean
}

export const nothingMoved: CutoverState = { moved: new Set(), drFailover: false }

export const everythingMoved = (model: EstateModel): CutoverState => ({
  moved: new Set(model.file.cutoverUnits.map((u) => u.id)),
  drFailover: false
})

/**
 * A node serves in this state unless it is closed until failover (the backup site's entrances, a mainland
 * link's DR pair: model.ts) and HKEX has not failed over. Neither it nor anything depending on it works.
 */
export const isOpen = (node: ModelNode, state: CutoverState): boolean => !node.closedUntilFailover || state.drFailover

/** A link carries traffic unless its unit is on the other side of the move. */
export const linkCarries = (link: ModelLink, state: CutoverState): boolean =>
  link.unit === undefined || state.moved.has(link.unit.id) === (link.unit.side === "new")

/** `any` for unicast flows; `A`/`B` for a multicast line, which may not use the other plane's elements. */
export type PlaneView = "any" | Plane
export const planeViews: ReadonlyArray<PlaneView> = ["any", "A", "B"]

export const onPlane = (plane: Plane | undefined, view: PlaneView): boolean =>
  view === "any" || plane === undefined || plane === view

/** The estate file's own nodes and links, densely indexed: node `i` of the core is graph node `i`. */
export interface Core {
  readonly nodes: ReadonlyArray<ModelNode>
  readonly links: ReadonlyArray<ModelLink>
  readonly nodeIndex: ReadonlyMap<string, number>
  readonly from: Int32Array
  readonly to: Int32Array
  /** Per core node: 1 for a carrier PoP that is not transit (an end of a path only, never a hop). */
  readonly stub: Uint8Array
  /** Per core node: the core links at it when it is a stub, else none. */
  readonly stubLinks: ReadonlyArray<ReadonlyArray<number>>
}

const cores = new WeakMap<EstateModel, Core>()

/** The core of a model, built once per model (models are immutable). */
export const coreOf = (model: EstateModel): Core => {
  let core = cores.get(model)
  if (core === undefined) cores.set(model, (core = buildCore(model)))
  return core
}

const buildCore = (model: EstateModel): Core => {
  const nodes = model.nodes.filter((n) => n.participant === undefined)
  const links = model.links.filter((l) => l.participant === undefined)
  const nodeIndex = new Map(nodes.map((n, i) => [n.id, i]))
  const from = Int32Array.from(links, (l) => nodeIndex.get(l.from) ?? -1)
  const to = Int32Array.from(links, (l) => nodeIndex.get(l.to) ?? -1)
  const stub = Uint8Array.from(nodes, (n) => (n.kind === "carrier-pop" && !n.transit ? 1 : 0))
  const stubLinks = nodes.map((_, i) => (stub[i] === 1 ? links.flatMap((_, l) => (from[l] === i || to[l] === i ? [l] : [])) : []))
  return { nodes, links, nodeIndex, from, to, stub, stubLinks }
}

/** One failed element (or none): a core node index, or a core link index. */
export interface Failure {
  readonly node: number
  readonly link: number
}
export const noFailure: Failure = { node: -1, link: -1 }

/**
 * The undirected graph of the core as traffic sees it: every node is present (so indices stay dense and
 * stable), but a failed node has no edges, and dark, failed or off-plane links are left out.
 * Edge data is the core link index.
 */
export const coreGraph = (
  core: Core,
  state: CutoverState,
  view: PlaneView,
  failure: Failure = noFailure
): Graph.UndirectedGraph<number, number> =>
  coreGraphWhere(core, state, view, (i) => i !== failure.link, (n) => n !== failure.node)

/** As `coreGraph`, with any set of links and nodes out of service (the twin's live fault state). */
export const coreGraphWhere = (
  core: Core,
  state: CutoverState,
  view: PlaneView,
  linkUp: (link: number) => boolean,
  nodeUp: (node: number) => boolean
): Graph.UndirectedGraph<number, number> =>
  Graph.undirected<number, number>((g) => {
    for (let i = 0; i < core.nodes.length; i++) Graph.addNode(g, i)
    for (let i = 0; i < core.links.length; i++) {
      const a = core.from[i]!
      const b = core.to[i]!
      // A stub PoP's links are its ports, not edges: through the graph no path can cross it.
      if (core.stub[a] === 1 || core.stub[b] === 1) continue
      if (!linkServes(core, state, view, i, linkUp, nodeUp)) continue
      Graph.addEdge(g, a, b, i)
    }
  })

/** Core link `i` carries traffic on `view`: up, both ends up, switched on by the cutover, on the plane. */
export const linkServes = (
  core: Core,
  state: CutoverState,
  view: PlaneView,
  i: number,
  linkUp: (link: number) => boolean,
  nodeUp: (node: number) => boolean
): boolean => {
  const link = core.links[i]!
  const a = core.from[i]!
  const b = core.to[i]!
  if (!linkUp(i) || !nodeUp(a) || !nodeUp(b)) return false
  if (!linkCarries(link, state) || !onPlane(link.plane, view)) return false
  return onPlane(core.nodes[a]!.plane, view) && onPlane(core.nodes[b]!.plane, view)
}

/** One way from a stub PoP into the core: the link and the node at its far end. */
export interface Port {
  readonly link: number
  readonly node: number
}

/**
 * The ways a stub PoP enters the core on `view` (in link order): each of its links that carries traffic
 * to a node that is not itself a stub — a PoP-to-PoP link would make the carrier HKEX's transit.
 */
export const portsOf = (
  core: Core,
  state: CutoverState,
  view: PlaneView,
  pop: number,
  linkUp: (link: number) => boolean,
  nodeUp: (node: number) => boolean
): ReadonlyArray<Port> => {
  const out: Array<Port> = []
  for (const l of core.stubLinks[pop] ?? []) {
    const node = core.from[l] === pop ? core.to[l]! : core.from[l]!
    if (node < 0 || core.stub[node] === 1 || !linkServes(core, state, view, l, linkUp, nodeUp)) continue
    out.push({ link: l, node })
  }
  return out
}

/** Component id per core node (nodes in one component reach each other). */
export const componentIds = (graph: Graph.UndirectedGraph<number, number>, size: number): Int32Array => {
  const ids = new Int32Array(size).fill(-1)
  Graph.connectedComponents(graph).forEach((component, c) => {
    for (const node of component) ids[node] = c
  })
  return ids
}

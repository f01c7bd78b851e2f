/**
 * The network as a graph in a given cutover state: which links carry traffic, on which multicast plane,
 * with which element failed — built on `effect/Graph` so that components, articulation points, bridges and
 * shortest paths come from its algorithms.
 *
 * Only HKEX's side and the carriers (the "core": every node and link written in the estate file) is a
 * graph; participants hang off carrier PoPs by their circuits and are evaluated against the core's
 * components, which keeps every analysis linear in the number of participants.
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
  return {
    nodes,
    links,
    nodeIndex,
    from: Int32Array.from(links, (l) => nodeIndex.get(l.from) ?? -1),
    to: Int32Array.from(links, (l) => nodeIndex.get(l.to) ?? -1)
  }
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
      const link = core.links[i]!
      const a = core.from[i]!
      const b = core.to[i]!
      if (!linkUp(i) || !nodeUp(a) || !nodeUp(b)) continue
      if (!linkCarries(link, state) || !onPlane(link.plane, view)) continue
      if (!onPlane(core.nodes[a]!.plane, view) || !onPlane(core.nodes[b]!.plane, view)) continue
      Graph.addEdge(g, a, b, i)
    }
  })

/** Component id per core node (nodes in one component reach each other). */
export const componentIds = (graph: Graph.UndirectedGraph<number, number>, size: number): Int32Array => {
  const ids = new Int32Array(size).fill(-1)
  Graph.connectedComponents(graph).forEach((component, c) => {
    for (const node of component) ids[node] = c
  })
  return ids
}

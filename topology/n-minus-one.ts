/**
 * The N-1 table: for every core node, core link and participant circuit, which participants lose which
 * service, or keep it but lose redundancy (a line, a gateway, a circuit, a Lookup Service endpoint), when
 * that one element fails in a given cutover state. From it follow the single points of failure and the
 * served / served-without-redundancy / down status of every flow.
 *
 * Participants' own premises (router, BSS, feed handler and their LAN) are not failed: they are the
 * flow's endpoint, not part of the network HKEX and the carriers provide.
 *
 * Cost: one graph pass per element only where the element is an articulation point or bridge of a plane
 * (elsewhere its failure cannot change who reaches whom, and the baseline components are reused); then
 * only participants attached to a PoP whose reach changed are re-evaluated.
 */
import { Graph, Option } from "effect"
import type { HealthStatus } from "../twin/contract/health.ts"
import type { EstateModel, FlowInstance } from "./model.ts"
import { componentIds, type Core, coreGraphWhere, coreOf, type CutoverState, type Failure, isOpen, noFailure, planeViews, type PlaneView, portsOf } from "./network.ts"
import { type Attachment, attachments, circuitsUsed, makeWorld, membersUp, missingDependency, reachMasks, reaches, type ResolvedMember, type World } from "./reach.ts"
import { type ClassShape, probesOf, singlePointsAfter } from "./path-redundancy.ts"
import type { Service } from "./schema.ts"

export interface Impact {
  readonly participant: string
  readonly service: Service
  readonly flows: ReadonlyArray<string>
}

export interface NMinusOneRow {
  readonly element: string
  /** A node kind, `link` or `circuit`. */
  readonly elementKind: string
  /** A primary flow loses every member. */
  readonly losesService: ReadonlyArray<Impact>
  /**
   * Still served, but a member (line, gateway, endpoint) is down or one of the participant's circuits no
   * longer carries the flow, or a recovery or connect flow (RTS, Lookup Service) loses every member.
   * Only services the participant keeps: one in `losesService` is not listed here too.
   */
  readonly losesRedundancy: ReadonlyArray<Impact>
}

/** A health status topology can tell: `degraded` (loss or latency over bound) needs the message engine. */
export type FlowStatus = Exclude<HealthStatus, "degraded">

export interface FlowHealth {
  readonly flow: FlowInstance
  readonly status: FlowStatus
  /** Members up with nothing failed. */
  readonly membersUp: ReadonlyArray<string>
  /** Elements whose failure alone takes the flow down. */
  readonly singlePoints: ReadonlyArray<string>
  /**
   * For a flow that is down: the member nodes the participant reaches that are up and open but cut off from
   * what they depend on (a CCCG from a market's mainland link, an OCG-C gateway from its OTP-C hosts), each
   * with the open nodes of the `dependsOn` group it reaches none of. A session logged on to one hears its
   * heartbeats and cannot see that nothing it sends goes further (twin/world/health.ts).
   */
  readonly cutOff: ReadonlyArray<{ readonly node: string; readonly needs: ReadonlyArray<string> }>
}

export interface NMinusOne {
  readonly state: CutoverState
  readonly rows: ReadonlyArray<NMinusOneRow>
  readonly flows: ReadonlyArray<FlowHealth>
  /** Per plane view, the core's articulation points and bridges (ids): failures that split the backbone. */
  readonly partitions: Readonly<Record<PlaneView, { readonly nodes: ReadonlyArray<string>; readonly links: ReadonlyArray<string> }>>
}

/** Elements already out of service when the analysis starts (the live fault state), by id. */
export interface OutOfService {
  readonly links: ReadonlySet<string>
  readonly nodes: ReadonlySet<string>
}

const nothingOut: OutOfService = { links: new Set(), nodes: new Set() }

export interface NMinusOneOptions {
  /**
   * Also list under "loses redundancy" the flows a core failure leaves with a single point of failure on
   * their path (path-redundancy.ts). On by default; callers that only read `flows` (the live judgement)
   * turn it off, as it costs a search per core element.
   */
  readonly pathRedundancy?: boolean
  /**
   * Only these participants' flows (default all): each flow's health is what the whole analysis gives it
   * (a flow's reach depends on its own circuits and members and the core), and the rows list only their
   * impacts. A part of a run split by participants judges its share's health with it.
   */
  readonly participants?: ReadonlySet<string>
}

export const nMinusOne = (model: EstateModel, state: CutoverState, out: OutOfService = nothingOut, options: NMinusOneOptions = {}): NMinusOne => {
  const core = coreOf(model)
  const linkIn = (i: number) => !out.links.has(core.links[i]!.id)
  const nodeIn = (n: number) => !out.nodes.has(core.nodes[n]!.id)
  const graphFor = (v: PlaneView, failure: Failure) =>
    coreGraphWhere(core, state, v, (i) => i !== failure.link && linkIn(i), (n) => n !== failure.node && nodeIn(n))
  const worldFor = (failure: Failure, components: Readonly<Record<PlaneView, Int32Array>>): World => {
    const w = makeWorld(core, state, failure, components, linkIn, nodeIn)
    return out.nodes.size === 0 ? w : { ...w, working: Uint8Array.from(w.working, (x, i) => (nodeIn(i) ? x : 0)) }
  }
  const baseGraphs = Object.fromEntries(planeViews.map((v) => [v, graphFor(v, noFailure)])) as Record<
    PlaneView,
    Graph.UndirectedGraph<number, number>
  >
  const baseline = worldFor(
    noFailure,
    Object.fromEntries(planeViews.map((v) => [v, componentIds(baseGraphs[v], core.nodes.length)])) as Record<PlaneView, Int32Array>
  )
  const cutNodes = {} as Record<PlaneView, Set<number>>
  const cutLinks = {} as Record<PlaneView, Set<number>>
  for (const v of planeViews) {
    const g = baseGraphs[v]
    cutNodes[v] = new Set(Graph.articulationPoints(g))
    cutLinks[v] = new Set(Graph.bridges(g).map((e) => Option.getOrThrow(Graph.getEdge(g, e)).data))
  }

  // Circuits already down carry nothing: leave them out of the participants' attachments.
  const all = attachments(model, core, state.drFailover)
  const only = options.participants
  const resolved = only === undefined ? all : all.filter((a) => only.has(a.participant.id))
  const attached = out.links.size === 0
    ? resolved
    : resolved.map((a) => ({ ...a, circuits: a.circuits.filter((c) => !out.links.has(c.id)) }))
  const baseMasks = attached.map((a) => a.flows.map((f) => reachMasks(baseline, a, f.members)))
  const pops = [...new Set(attached.flatMap((a) => a.circuits.map((c) => c.pop)))].filter((p) => p >= 0).sort((x, y) => x - y)
  const probes = relevantProbes(attached)
  const usersByTarget = new Map<number, Array<number>>()
  attached.forEach((a, ai) => {
    const used = new Set<number>()
    for (const f of a.flows) for (const m of f.members) for (const t of m.targets) used.add(t)
    for (const t of used) {
      const list = usersByTarget.get(t)
      if (list === undefined) usersByTarget.set(t, [ai])
      else list.push(ai)
    }
  })
  const baseReach = reachSignature(baseline, pops, probes)
  // Bit p of popBits[ai]: participant ai has a circuit on pops[p]. flowTargets: every target of a flow.
  const popPosition = new Map(pops.map((p, i) => [p, i]))
  const popBits = attached.map((a) => a.circuits.reduce((bits, c) => bits | (1 << (popPosition.get(c.pop) ?? 31)), 0))
  const flowTargets = attached.map((a) => a.flows.map((f) => Int32Array.from(f.members.flatMap((m) => m.targets))))
  // Flows of one class (same PoPs in the same order, same members) fare alike under a core failure: each
  // element works a class out once. Stamps mark which classes the current element has seen.
  const { classOf, classCount } = flowClasses(attached)
  const classStamp = new Int32Array(classCount).fill(-1)
  const classMasks = new Float64Array(classCount)
  let stamp = 0

  const singlePoints = attached.map((a) => a.flows.map(() => [] as Array<string>))
  const rows: Array<NMinusOneRow> = []
  // Per core element's row: its failure and the flow classes it took down or weakened (path redundancy).
  const coreRows: Array<{ readonly row: number; readonly failure: Failure; readonly touched: Set<number> }> = []
  let touched: Set<number> | undefined

  const evaluate = (
    element: string,
    elementKind: string,
    world: World,
    candidates: Iterable<number>,
    downCircuit = "",
    changedTargets?: ReadonlyMap<number, number>
  ) => {
    const losesService: Array<Impact> = []
    const losesRedundancy: Array<Impact> = []
    stamp++
    for (const ai of candidates) {
      const a = attached[ai]!
      // Allocation-free until something is actually lost: this loop runs for every candidate of every element.
      let lost: Array<FlowInstance> | undefined
      let weakened: Array<FlowInstance> | undefined
      const masks = baseMasks[ai]!
      for (let fi = 0; fi < a.flows.length; fi++) {
        const before = masks[fi]!
        if (membersUp(before) === 0) continue
        const f = a.flows[fi]!
        if (changedTargets !== undefined && !touches(flowTargets[ai]![fi]!, changedTargets)) continue
        let after: number
        if (downCircuit !== "") after = reachMasks(world, a, f.members, downCircuit)
        else {
          const cls = classOf[ai]![fi]!
          if (classStamp[cls] === stamp) after = classMasks[cls]!
          else {
            after = reachMasks(world, a, f.members)
            classStamp[cls] = stamp
            classMasks[cls] = after
          }
        }
        if (membersUp(after) === 0) {
          singlePoints[ai]![fi]!.push(element)
          // A recovery or connect flow lost (every RTS server, every Lookup Service endpoint) leaves the
          // service working without redundancy (service-health.ts): not a lost service. If a primary flow
          // of the service is lost too, the service is lost and not listed as weakened (keptServicesOnly).
          if (f.flow.role === "primary") (lost ??= []).push(f.flow)
          else (weakened ??= []).push(f.flow)
          touched?.add(classOf[ai]![fi]!)
        } else if ((membersUp(before) & ~membersUp(after)) !== 0 || (circuitsUsed(before) & ~circuitsUsed(after)) !== 0) {
          // A member (line, gateway, endpoint) gone, or a circuit that carried the flow no longer does.
          ;(weakened ??= []).push(f.flow)
          touched?.add(classOf[ai]![fi]!)
        }
      }
      if (lost !== undefined) losesService.push(...byService(a.participant.id, lost))
      if (weakened !== undefined) losesRedundancy.push(...byService(a.participant.id, weakened))
    }
    rows.push({ element, elementKind, losesService, losesRedundancy })
  }

  const failCore = (failure: Failure, element: string, elementKind: string) => {
    const components = {} as Record<PlaneView, Int32Array>
    for (const v of planeViews) {
      const splits = failure.node >= 0 ? cutNodes[v].has(failure.node) : cutLinks[v].has(failure.link)
      const leaf = splits && failure.link >= 0 ? leafEnd(baseGraphs[v], core, failure.link) : -1
      if (leaf >= 0) {
        // A bridge to a node of degree one only cuts that node off: no need to rebuild the graph.
        const ids = Int32Array.from(baseline.components[v])
        ids[leaf] = -2 - leaf
        components[v] = ids
      } else {
        components[v] = splits
          ? componentIds(graphFor(v, failure), core.nodes.length)
          : baseline.components[v]
      }
    }
    const world = worldFor(failure, components)
    const after = reachSignature(world, pops, probes)
    const candidates = new Set<number>()
    const changedTargets = changedPops(baseReach, after, pops.length, probes)
    for (const [target, bits] of changedTargets) {
      for (const ai of usersByTarget.get(target) ?? []) if ((popBits[ai]! & bits) !== 0) candidates.add(ai)
    }
    touched = new Set()
    coreRows.push({ row: rows.length, failure, touched })
    evaluate(element, elementKind, world, [...candidates].sort((x, y) => x - y), "", changedTargets)
    touched = undefined
  }

  core.nodes.forEach((n, i) => failCore({ node: i, link: -1 }, n.id, n.kind))
  core.links.forEach((l, i) => failCore({ node: -1, link: i }, l.id, "link"))
  attached.forEach((a, ai) => {
    for (const c of a.circuits) evaluate(c.id, "circuit", baseline, [ai], c.id)
  })

  if (options.pathRedundancy !== false) {
    addPathRedundancy(core, state, linkIn, nodeIn, attached, baseMasks, singlePoints, classOf, classCount, coreRows, rows)
  }

  for (let r = 0; r < rows.length; r++) rows[r] = keptServicesOnly(rows[r]!)

  const flows: Array<FlowHealth> = []
  attached.forEach((a, ai) =>
    a.flows.forEach((f, fi) => {
      const mask = membersUp(baseMasks[ai]![fi]!)
      const points = singlePoints[ai]![fi]!
      flows.push({
        flow: f.flow,
        status: mask === 0 ? "down" : points.length > 0 ? "served-without-redundancy" : "served",
        membersUp: f.members.filter((_, i) => (mask & (1 << i)) !== 0).map((m) => m.name),
        singlePoints: points,
        cutOff: mask === 0 ? cutOffMembers(core, state, baseline, a, f.members, nodeIn) : []
      })
    })
  )

  const partitions = {} as Record<PlaneView, { nodes: Array<string>; links: Array<string> }>
  for (const v of planeViews) {
    const ports = stubCuts(core, state, v, baseline.components[v], linkIn, nodeIn)
    partitions[v] = {
      nodes: [...new Set([...cutNodes[v], ...ports.nodes])].sort((x, y) => x - y).map((i) => core.nodes[i]!.id),
      links: [...new Set([...cutLinks[v], ...ports.links])].sort((x, y) => x - y).map((i) => core.links[i]!.id)
    }
  }
  return { state, rows, flows, partitions }
}

/**
 * Adds to each core element's row the flows its failure leaves up, with every member and circuit, but
 * one failure away from down (a single point on what is left of the path) — where they had none before.
 * Flows of one class fare alike, so each element asks once per class (path-redundancy.ts).
 */
const addPathRedundancy = (
  core: Core,
  state: CutoverState,
  linkIn: (l: number) => boolean,
  nodeIn: (n: number) => boolean,
  attached: ReadonlyArray<Attachment>,
  baseMasks: ReadonlyArray<ReadonlyArray<number>>,
  singlePoints: ReadonlyArray<ReadonlyArray<ReadonlyArray<string>>>,
  classOf: ReadonlyArray<Int32Array>,
  classCount: number,
  coreRows: ReadonlyArray<{ readonly row: number; readonly failure: Failure; readonly touched: ReadonlySet<number> }>,
  rows: Array<NMinusOneRow>
): void => {
  // Classes served with full redundancy at the start, their shape, and their flows.
  const shapes: Array<ClassShape | undefined> = new Array(classCount)
  const served = new Uint8Array(classCount)
  const flowsOf: Array<Array<readonly [number, number]>> = Array.from({ length: classCount }, () => [])
  attached.forEach((a, ai) =>
    a.flows.forEach((f, fi) => {
      const k = classOf[ai]![fi]!
      if (shapes[k] === undefined) {
        shapes[k] = { pops: a.circuits.map((c) => c.pop), members: f.members }
        served[k] = membersUp(baseMasks[ai]![fi]!) !== 0 && singlePoints[ai]![fi]!.length === 0 ? 1 : 0
      }
      if (served[k] === 1) flowsOf[k]!.push([ai, fi])
    })
  )
  const candidates: Array<number> = []
  for (let k = 0; k < classCount; k++) if (served[k] === 1) candidates.push(k)
  if (candidates.length === 0) return
  const probes = probesOf(shapes, candidates)
  let index: ReadonlyMap<string, readonly [number, number]> | undefined
  for (const { row, failure, touched } of coreRows) {
    const found = singlePointsAfter(core, state, failure, linkIn, nodeIn, probes, candidates, touched)
    if (found.length === 0) continue
    const old = rows[row]!
    // The row's weakened flows, old and new, rebuilt in participant then flow order (as evaluate lists them).
    const byParticipant = new Map<number, Set<number>>()
    index ??= new Map(attached.flatMap((a, ai) => a.flows.map((f, fi) => [f.flow.id, [ai, fi] as const])))
    for (const i of old.losesRedundancy) {
      for (const id of i.flows) {
        const [ai, fi] = index.get(id)!
        let set = byParticipant.get(ai)
        if (set === undefined) byParticipant.set(ai, (set = new Set()))
        set.add(fi)
      }
    }
    for (const k of found) {
      for (const [ai, fi] of flowsOf[k]!) {
        let set = byParticipant.get(ai)
        if (set === undefined) byParticipant.set(ai, (set = new Set()))
        set.add(fi)
      }
    }
    const losesRedundancy = [...byParticipant.keys()].sort((x, y) => x - y).flatMap((ai) => {
      const a = attached[ai]!
      return byService(a.participant.id, [...byParticipant.get(ai)!].sort((x, y) => x - y).map((fi) => a.flows[fi]!.flow))
    })
    rows[row] = { ...old, losesRedundancy }
  }
}

/** The members' targets a circuit of `a` reaches that are up and open yet do not work (see `FlowHealth.cutOff`). */
const cutOffMembers = (
  core: Core,
  state: CutoverState,
  world: World,
  a: Attachment,
  members: ReadonlyArray<ResolvedMember>,
  nodeIn: (n: number) => boolean
): FlowHealth["cutOff"] => {
  const out: Array<{ node: string; needs: ReadonlyArray<string> }> = []
  for (const m of members) {
    for (const t of m.targets) {
      if (t < 0 || world.working[t] === 1 || !nodeIn(t) || !isOpen(core.nodes[t]!, state)) continue
      if (out.some((c) => c.node === core.nodes[t]!.id)) continue
      if (!a.circuits.some((c) => c.pop >= 0 && reaches(world, m.view, c.pop, t))) continue
      const group = missingDependency(core, state, noFailure, world.components, t)
      if (group === undefined) continue
      const open = group.filter((d) => {
        const j = core.nodeIndex.get(d)
        return j !== undefined && isOpen(core.nodes[j]!, state)
      })
      out.push({ node: core.nodes[t]!.id, needs: open.length > 0 ? open : group })
    }
  }
  return out
}

/**
 * "Loses redundancy" is about who keeps the service: a participant's service that the failure takes down
 * (a primary flow lost) is not listed there as well, whatever else its other flows lose under the same
 * failure (the Lookup Service, a line, a second session's gateway, a single point left on a path).
 */
const keptServicesOnly = (row: NMinusOneRow): NMinusOneRow => {
  if (row.losesService.length === 0 || row.losesRedundancy.length === 0) return row
  const lost = new Set(row.losesService.map((i) => `${i.participant}\n${i.service}`))
  const losesRedundancy = row.losesRedundancy.filter((i) => !lost.has(`${i.participant}\n${i.service}`))
  return losesRedundancy.length === row.losesRedundancy.length ? row : { ...row, losesRedundancy }
}

const byService = (participant: string, flows: ReadonlyArray<FlowInstance>): ReadonlyArray<Impact> => {
  const out: Array<{ participant: string; service: Service; flows: Array<string> }> = []
  for (const f of flows) {
    const entry = out.find((i) => i.service === f.service)
    if (entry === undefined) out.push({ participant, service: f.service, flows: [f.id] })
    else entry.flows.push(f.id)
  }
  return out
}

/**
 * Partition points a stub PoP adds (its links are not graph edges, network.ts): a link that is its only way
 * into a component cuts it off from that component, and so does the node at the far end when it is the
 * only one the PoP enters that component by and the component holds more than that node.
 */
const stubCuts = (
  core: Core,
  state: CutoverState,
  view: PlaneView,
  components: Int32Array,
  linkIn: (link: number) => boolean,
  nodeIn: (node: number) => boolean
): { readonly nodes: ReadonlyArray<number>; readonly links: ReadonlyArray<number> } => {
  const nodes: Array<number> = []
  const links: Array<number> = []
  const size = new Map<number, number>()
  for (const c of components) size.set(c, (size.get(c) ?? 0) + 1)
  core.nodes.forEach((_, pop) => {
    if (core.stub[pop] !== 1 || !nodeIn(pop)) return
    const byComponent = new Map<number, Array<{ link: number; node: number }>>()
    for (const port of portsOf(core, state, view, pop, linkIn, nodeIn)) {
      const c = components[port.node]!
      const list = byComponent.get(c)
      if (list === undefined) byComponent.set(c, [port])
      else list.push(port)
    }
    for (const [c, ways] of byComponent) {
      if (ways.length === 1) links.push(ways[0]!.link)
      if (new Set(ways.map((w) => w.node)).size === 1 && (size.get(c) ?? 0) > 1) nodes.push(ways[0]!.node)
    }
  })
  return { nodes, links }
}

/** The end of a link that has no other edge in the graph, or -1. */
const leafEnd = (graph: Graph.UndirectedGraph<number, number>, core: Core, link: number): number => {
  for (const end of [core.from[link]!, core.to[link]!]) {
    if (Graph.neighbors(graph, end).length === 1) return end
  }
  return -1
}

const classCache = new WeakMap<ReadonlyArray<Attachment>, { classOf: ReadonlyArray<Int32Array>; classCount: number }>()

/** A class id per flow: flows with the same PoPs (in circuit order) and the same members (per attachments). */
const flowClasses = (attached: ReadonlyArray<Attachment>): { classOf: ReadonlyArray<Int32Array>; classCount: number } => {
  const cached = classCache.get(attached)
  if (cached !== undefined) return cached
  const ids = new Map<string, number>()
  const members = new Map<ReadonlyArray<unknown>, string>()
  const classOf = attached.map((a) => {
    const pops = a.circuits.map((c) => c.pop).join(",")
    return Int32Array.from(a.flows, (f) => {
      let sig = members.get(f.members)
      if (sig === undefined) members.set(f.members, (sig = f.members.map((m) => `${m.view}:${m.targets.join("/")}`).join(";")))
      const key = `${pops}|${sig}`
      let id = ids.get(key)
      if (id === undefined) ids.set(key, (id = ids.size))
      return id
    })
  })
  const result = { classOf, classCount: ids.size }
  classCache.set(attached, result)
  return result
}

/** The (plane view, target) pairs some flow member actually uses: only their reach can matter. */
interface Probe {
  readonly view: PlaneView
  readonly target: number
}

const relevantProbes = (attached: ReadonlyArray<Attachment>): ReadonlyArray<Probe> => {
  const seen = new Map<string, Probe>()
  for (const a of attached) {
    for (const f of a.flows) {
      for (const m of f.members) {
        for (const t of m.targets) if (t >= 0) seen.set(`${m.view}:${t}`, { view: m.view, target: t })
      }
    }
  }
  return [...seen.values()].sort((x, y) => x.target - y.target || x.view.localeCompare(y.view))
}

/** One byte per (pop, probe): does the PoP reach the probe's working target on the probe's plane. */
const reachSignature = (world: World, pops: ReadonlyArray<number>, probes: ReadonlyArray<Probe>): Uint8Array => {
  const out = new Uint8Array(pops.length * probes.length)
  let k = 0
  for (const p of pops) {
    for (const { view, target } of probes) {
      out[k++] = p !== world.failure.node && world.working[target] === 1 && reaches(world, view, p, target) ? 1 : 0
    }
  }
  return out
}

/** Per target whose reach changed from some PoP (on a plane a member uses): a bit per such PoP. */
const changedPops = (
  before: Uint8Array,
  after: Uint8Array,
  popCount: number,
  probes: ReadonlyArray<Probe>
): ReadonlyMap<number, number> => {
  const out = new Map<number, number>()
  let k = 0
  for (let p = 0; p < popCount; p++) {
    for (const probe of probes) {
      if (before[k] !== after[k]) out.set(probe.target, (out.get(probe.target) ?? 0) | (1 << p))
      k++
    }
  }
  return out
}

const touches = (targets: Int32Array, changed: ReadonlyMap<number, number>): boolean => {
  for (let i = 0; i < targets.length; i++) if (changed.has(targets[i]!)) return true
  return false
}

/**
 * The path each flow member takes in a cutover state: from the participant's endpoint over one circuit to
 * its PoP, then the least-latency way across the core (effect/Graph's Dijkstra) to the nearest working
 * target on the member's plane.
 *
 * Circuit choice: a multicast flow's member i starts with circuit i (line A on the first circuit, line B on
 * the second — the usual way dual-circuit participants spread their lines); a unicast member takes the
 * circuit and target with the least total latency (ties: circuit order, then target order). Core paths are shared between participants on the same PoP, so this stays
 * linear in participants.
 */
import type { Graph } from "effect"
import type { EstateModel, FlowInstance } from "./model.ts"
import { premises } from "./model.ts"
import { type CorePath, type Core, coreGraph, coreOf, type CutoverState, planeViews, type PlaneView, shortestCorePath } from "./network.ts"
import { makeWorld } from "./reach.ts"

export interface MemberPath {
  readonly member: string
  /** Node ids from the participant endpoint to the target, or empty when the member is unreachable. */
  readonly nodes: ReadonlyArray<string>
  readonly links: ReadonlyArray<string>
  readonly latencyUs: number
}

export interface FlowPaths {
  readonly flow: FlowInstance
  readonly members: ReadonlyArray<MemberPath>
}

export interface PathFinder {
  readonly core: Core
  readonly pathsOf: (flow: FlowInstance) => FlowPaths
}

export const pathFinder = (model: EstateModel, state: CutoverState): PathFinder => {
  const core = coreOf(model)
  const world = makeWorld(core, state)
  const graphs = Object.fromEntries(planeViews.map((v) => [v, coreGraph(core, state, v)])) as Record<
    PlaneView,
    Graph.UndirectedGraph<number, number>
  >
  const memo = new Map<string, CorePath | undefined>()
  const corePath = (view: PlaneView, pop: number, target: number): CorePath | undefined => {
    const key = `${view}:${pop}:${target}`
    if (memo.has(key)) return memo.get(key)
    const found = world.working[target] === 1 && world.components[view][pop] === world.components[view][target]
      ? shortestCorePath(core, graphs[view], pop, target)
      : undefined
    memo.set(key, found)
    return found
  }

  const pathsOf = (flow: FlowInstance): FlowPaths => {
    const participant = model.participantById.get(flow.participant)!
    const ids = premises(participant.id)
    const circuits = participant.circuits
    const lan = flow.endpoint === ids.bss ? `${participant.id}.lan-bss` : `${participant.id}.lan-fh`
    const lanLatency = model.linkById.get(lan)?.latencyUs ?? 0
    const members = flow.members.map((m, mi): MemberPath => {
      const view: PlaneView = m.plane ?? "any"
      const multicast = flow.pattern === "multicast"
      const start = multicast ? mi % circuits.length : 0
      let chosen: { circuit: (typeof circuits)[number]; core: CorePath } | undefined
      for (let k = 0; k < circuits.length; k++) {
        const circuit = circuits[(start + k) % circuits.length]!
        const pop = core.nodeIndex.get(circuit.pop)
        if (pop === undefined) continue
        for (const t of m.targets) {
          const ti = core.nodeIndex.get(t)
          if (ti === undefined) continue
          const p = corePath(view, pop, ti)
          if (p === undefined) continue
          const total = circuit.latencyUs + p.latencyUs
          if (chosen === undefined || total < chosen.circuit.latencyUs + chosen.core.latencyUs) chosen = { circuit, core: p }
        }
        // A multicast line stays on its own circuit when that one works; unicast takes the fastest circuit.
        if (multicast && chosen !== undefined) break
      }
      if (chosen === undefined) return { member: m.name, nodes: [], links: [], latencyUs: 0 }
      return {
        member: m.name,
        nodes: [flow.endpoint, ids.router, ...chosen.core.nodes.map((i) => core.nodes[i]!.id)],
        links: [lan, chosen.circuit.id, ...chosen.core.links.map((i) => core.links[i]!.id)],
        latencyUs: lanLatency + chosen.circuit.latencyUs + chosen.core.latencyUs
      }
    })
    return { flow, members }
  }
  return { core, pathsOf }
}

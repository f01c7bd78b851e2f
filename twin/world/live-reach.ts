/**
 * Which members of every flow the live network can reach right now — any number of links, nodes and
 * circuits down, in the current cutover state — reusing the topology's reachability (topology/reach.ts)
 * on a graph built from the live state. The health tracker combines it with what the models observe.
 */
import type { EstateModel, FlowInstance } from "../../topology/model.ts"
import { componentIds, type Core, coreGraphWhere, type CutoverState, noFailure, planeViews, type PlaneView } from "../../topology/network.ts"
import { attachments, makeWorld, membersUp, reachMasks } from "../../topology/reach.ts"
import type { WorldState } from "./world-state.ts"

export const cutoverOf = (ws: WorldState): CutoverState => ({ moved: new Set(ws.moved), drFailover: ws.drFailover })

/** Per flow id, a bit per member the live network reaches (bit i = member i). */
export const liveMembers = (model: EstateModel, core: Core, ws: WorldState): ReadonlyMap<string, number> => {
  const cutover = cutoverOf(ws)
  const linkUp = (i: number) => !(ws.link(core.links[i]!.id).down)
  const nodeUp = (i: number) => !ws.nodesDown.has(core.nodes[i]!.id)
  const components = {} as Record<PlaneView, Int32Array>
  for (const v of planeViews) components[v] = componentIds(coreGraphWhere(core, cutover, v, linkUp, nodeUp), core.nodes.length)
  const base = makeWorld(core, cutover, noFailure, components)
  const working = Uint8Array.from(base.working, (w, i) => (nodeUp(i) ? w : 0))
  const world = { ...base, working }
  const out = new Map<string, number>()
  for (const a of attachments(model, core)) {
    const circuits = a.circuits.filter((c) => !ws.link(c.id).down && (c.pop < 0 || nodeUp(c.pop)))
    const live = { ...a, circuits }
    for (const f of a.flows) out.set(f.flow.id, membersUp(reachMasks(world, live, f.members)))
  }
  return out
}

export const memberCount = (mask: number): number => {
  let n = 0
  for (let m = mask; m !== 0; m &= m - 1) n++
  return n
}

export type { FlowInstance }

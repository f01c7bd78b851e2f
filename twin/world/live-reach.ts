/**
 * What the live network gives every flow right now — any number of links, nodes and circuits down, in the
 * current cutover state: the static N-1 analysis run on the live state, so "served without redundancy"
 * means the same here as in `twin estate spof` (one more failure away from down). The health tracker
 * combines it with what the models observe.
 */
import type { EstateModel } from "../../topology/model.ts"
import { type FlowHealth, nMinusOne } from "../../topology/n-minus-one.ts"
import type { CutoverState } from "../../topology/network.ts"
import type { WorldState } from "./world-state.ts"

export const cutoverOf = (ws: WorldState): CutoverState => ({ moved: new Set(ws.moved), drFailover: ws.drFailover })

/** `participants`: only theirs (default all; a part of a run split by participants judges its share's). */
export const liveFlowHealth = (model: EstateModel, ws: WorldState, participants?: ReadonlySet<string>): ReadonlyMap<string, FlowHealth> => {
  // Only the flows' health is read: the rows' path redundancy (a search per element) is not needed.
  const out = { links: ws.linksDown(), nodes: new Set(ws.nodesDown) }
  const analysis = nMinusOne(model, cutoverOf(ws), out, { pathRedundancy: false, ...(participants === undefined ? {} : { participants }) })
  return new Map(analysis.flows.map((h) => [h.flow.id, h]))
}

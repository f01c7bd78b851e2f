/**
 * What a cutover state costs the planner, from one N-1 analysis of it, compared with the state the plan
 * starts from (nothing of the plan moved):
 * - `worseSlots` / `downSlots`: participant-services whose health is worse than at the start (down
 *   counted separately) — the exposure while the state lasts;
 * - `worstN1`: the single fault that takes down the most participants in this state, and by how many
 *   participants that is more than the worst single fault at the start takes down (the plan's own
 *   contribution to the worst N-1 outcome; compared by count, as a moved unit's new routers replace the
 *   old ones as the elements that matter).
 */
import type { EstateModel } from "../../topology/model.ts"
import { nMinusOne } from "../../topology/n-minus-one.ts"
import { serviceStatus } from "../../topology/service-health.ts"
import { type HealthVector, healthVector, NOT_USED } from "../impact/health-vector.ts"

export interface StateMetrics {
  readonly worseSlots: number
  readonly downSlots: number
  readonly worstN1: { readonly element: string; readonly participants: number }
}

interface Analysed {
  readonly health: HealthVector
  /** Element → participants losing a service (a primary flow) when it fails. */
  readonly downBy: ReadonlyMap<string, number>
}

export const analyse = (model: EstateModel, moved: ReadonlyArray<string>): Analysed => {
  // Who loses service and the flows' health only: the rows' path redundancy is not needed.
  const analysis = nMinusOne(model, { moved: new Set(moved), drFailover: false }, undefined, { pathRedundancy: false })
  const downBy = new Map<string, number>()
  for (const row of analysis.rows) {
    // losesService holds primary flows only: a recovery or connect flow lost is a loss of redundancy.
    const participants = new Set(row.losesService.map((i) => i.participant))
    if (participants.size > 0) downBy.set(row.element, participants.size)
  }
  return { health: healthVector(model, serviceStatus(analysis.flows)), downBy }
}

export const stateMetrics = (start: Analysed, state: Analysed): StateMetrics => {
  let worseSlots = 0
  let downSlots = 0
  for (let i = 0; i < state.health.length; i++) {
    const a = start.health[i]!
    const b = state.health[i]!
    if (a === NOT_USED || b <= a) continue
    worseSlots++
    if (b === 3) downSlots++
  }
  const startWorst = Math.max(0, ...start.downBy.values())
  let worst = { element: "", participants: 0 }
  for (const [element, n] of [...state.downBy].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    if (n - startWorst > worst.participants) worst = { element, participants: n - startWorst }
  }
  return { worseSlots, downSlots, worstN1: worst }
}

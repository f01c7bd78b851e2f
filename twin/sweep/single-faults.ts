/**
 * N-1 in one state, for every element at once: one N-1 analysis of the state (topology/n-minus-one.ts)
 * says, for every core node, core link and participant circuit, whose flows go down and whose lose a
 * member or a circuit — so a whole N-1 sweep costs one analysis per distinct state of the plan, not one
 * per fault.
 *
 * Per participant and service (a slot, health-vector.ts) a fault is counted only where it makes things
 * worse than the same state without it: `down` where a primary flow goes down, `weak` where the service
 * was served and keeps working but loses a line, gateway, endpoint or circuit it was using, or loses a
 * recovery or connect flow entirely (every RTS server, every Lookup Service endpoint) — the N-1 table's
 * "loses redundancy" restricted to services served with redundancy before the fault. `twin estate spof`
 * reports the whole of it, single-homed participants who lose a line they were using included (their
 * status does not change; whether to notify them is the owners' open question: docs/planner.md, `n-1`).
 * A recovery or connect flow that loses only one of its members changes nothing.
 */
import type { EstateModel, FlowInstance } from "../../topology/model.ts"
import { type Impact, nMinusOne } from "../../topology/n-minus-one.ts"
import { serviceStatus } from "../../topology/service-health.ts"
import { type HealthVector, healthVector, slotOf } from "../impact/health-vector.ts"
import { cutoverStateOf, outOfServiceOf, type PhysicalState } from "../impact/physical-state.ts"

export interface ElementEffect {
  /** Index into `elements`. */
  readonly element: number
  readonly down: Int32Array
  readonly weak: Int32Array
}

export interface SingleFaults {
  /** Every element failed, in the analysis's order: core nodes, core links, circuits. */
  readonly elements: ReadonlyArray<string>
  readonly kinds: ReadonlyArray<string>
  readonly base: HealthVector
  /** Only elements that affect someone. */
  readonly effects: ReadonlyArray<ElementEffect>
  /**
   * Elements whose failure takes some flow down or costs it a member or circuit, even where the service
   * was already without redundancy (so `effects` leaves it out): the N-2 sweep's first faults.
   */
  readonly touching: Int32Array
}

const flowIndex = new WeakMap<EstateModel, { byId: ReadonlyMap<string, FlowInstance>; participant: ReadonlyMap<string, number> }>()

const indexOf = (model: EstateModel) => {
  let found = flowIndex.get(model)
  if (found === undefined) {
    found = {
      byId: new Map(model.flows.map((f) => [f.id, f])),
      participant: new Map(model.file.participants.map((p, i) => [p.id, i]))
    }
    flowIndex.set(model, found)
  }
  return found
}

export const singleFaults = (model: EstateModel, state: PhysicalState): SingleFaults => {
  const analysis = nMinusOne(model, cutoverStateOf(state), outOfServiceOf(state))
  const base = healthVector(model, serviceStatus(analysis.flows))
  const { byId, participant } = indexOf(model)
  const slot = (i: Impact) => slotOf(participant.get(i.participant)!, i.service)
  const primaryLost = (i: Impact) => i.flows.some((f) => byId.get(f)?.role === "primary")
  // A recovery or connect flow that loses every member is in the N-1 row's losesRedundancy (with those that
  // only lose one): the flows' single points tell them apart.
  const lostBy = new Set<string>()
  for (const h of analysis.flows) for (const e of h.singlePoints) if (h.flow.role !== "primary") lostBy.add(`${e}|${h.flow.id}`)
  const effects: Array<ElementEffect> = []
  const touching: Array<number> = []
  analysis.rows.forEach((row, element) => {
    if (row.losesService.length + row.losesRedundancy.length > 0) touching.push(element)
    const down = new Set<number>()
    const weak = new Set<number>()
    // losesService holds primary flows only (topology/n-minus-one.ts).
    for (const i of row.losesService) {
      const s = slot(i)
      if (base[s]! < 3) down.add(s)
    }
    for (const i of row.losesRedundancy) {
      const s = slot(i)
      if (base[s] === 0 && !down.has(s) && (primaryLost(i) || i.flows.some((f) => lostBy.has(`${row.element}|${f}`)))) weak.add(s)
    }
    if (down.size + weak.size > 0) effects.push({ element, down: Int32Array.from([...down].sort((a, b) => a - b)), weak: Int32Array.from([...weak].sort((a, b) => a - b)) })
  })
  return { elements: analysis.rows.map((r) => r.element), kinds: analysis.rows.map((r) => r.elementKind), base, effects, touching: Int32Array.from(touching) }
}

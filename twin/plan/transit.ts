/**
 * Who loses a service while cutover units converge: the impact engine's view of a move
 * (twin/impact/recording-world.ts) — a unit just moved, or moved back, is out of service as a whole (its old
 * and new links) for the convergence delay, until routing has caught up with it.
 *
 * The planner asks this for every step of a candidate phase and for its rollback (every unit of the phase
 * still moved, moved back at one instant), thousands of times per search, so it answers only "which
 * participant-services are down" — one reach pass over the live state (topology/reach.ts), no N-1 analysis:
 * a service is down when one of its primary flows reaches no member (topology/service-health.ts; a recovery
 * or connect flow lost costs redundancy only).
 *
 * When to use: scoring convergence, which lasts seconds. The settled states a plan passes through are
 * scored by the N-1 analysis (state-metrics.ts).
 */
import type { EstateModel } from "../../topology/model.ts"
import { componentIds, coreGraphWhere, coreOf, noFailure, planeViews, type PlaneView } from "../../topology/network.ts"
import { attachments, makeWorld, membersUp, reachMasks } from "../../topology/reach.ts"
import { services } from "../../topology/schema.ts"
import { slotOf } from "../impact/health-vector.ts"

/** Per slot (participant × service, health-vector.ts): 1 when the service is down. */
export type DownVector = Uint8Array

/** A unit's old and new links: what its convergence takes out of service. */
export const unitLinks = (model: EstateModel, unit: string): ReadonlyArray<string> => {
  const u = model.file.cutoverUnits.find((x) => x.id === unit)
  return u === undefined ? [] : [...u.old, ...u.new]
}

export const downVector = (model: EstateModel, moved: ReadonlyArray<string>, converging: ReadonlyArray<string>): DownVector => {
  const core = coreOf(model)
  const out = new Set(converging.flatMap((u) => unitLinks(model, u)))
  const linkIn = (i: number) => !out.has(core.links[i]!.id)
  const state = { moved: new Set(moved), drFailover: false }
  const components = {} as Record<PlaneView, Int32Array>
  for (const v of planeViews) components[v] = componentIds(coreGraphWhere(core, state, v, linkIn, () => true), core.nodes.length)
  const world = makeWorld(core, state, noFailure, components, linkIn)
  const down = new Uint8Array(model.file.participants.length * services.length)
  attachments(model, core).forEach((a, pi) => {
    for (const f of a.flows) {
      if (f.flow.role !== "primary") continue
      if (membersUp(reachMasks(world, a, f.members)) === 0) down[slotOf(pi, f.flow.service)] = 1
    }
  })
  return down
}

/** What a phase's rollback takes down: participant-services, and their participants (sorted ids). */
export interface RollbackCost {
  readonly down: number
  readonly participants: ReadonlyArray<string>
}

const key = (moved: ReadonlyArray<string>, converging: ReadonlyArray<string>) => `${[...moved].sort().join(",")}|${[...converging].sort().join(",")}`

/**
 * Down vectors cached per (moved, converging), counting only participant-services not already down at the
 * plan's start (`base` moved: not the plan's doing). A state is every unit on the new backbone, the base's
 * included (a planned fall-back may move one of them back).
 */
export class Transit {
  private readonly model: EstateModel
  private readonly start: DownVector
  private readonly cache = new Map<string, DownVector>()

  constructor(model: EstateModel, base: ReadonlyArray<string>) {
    this.model = model
    this.start = downVector(model, base, [])
  }

  private down(moved: ReadonlyArray<string>, converging: ReadonlyArray<string>): DownVector {
    const all = [...new Set(moved)]
    const k = key(all, converging)
    let found = this.cache.get(k)
    if (found === undefined) {
      const v = downVector(this.model, all, converging)
      for (let i = 0; i < v.length; i++) if (this.start[i] === 1) v[i] = 0
      this.cache.set(k, (found = v))
    }
    return found
  }

  /**
   * A step that changes `units` (moves them either way: scenarios/step-changes.ts), `after` the plan's
   * units on the new backbone once it has: the participant-services down while its units converge that are
   * not down once they have (the settled state after the step counts those). A move and a planned
   * fall-back are the same change seen from two sides: the unit's old and new links are out either way.
   */
  step(after: ReadonlyArray<string>, units: ReadonlyArray<string>): number {
    return units.length === 0 ? 0 : this.converging(after, units, () => {})
  }

  /**
   * A rollback: `units`, the phase's units still on the new backbone at its instant (`from`, the plan's
   * units on the new backbone then, holds them), moved back at one instant, so all converge together —
   * counted as a step changing them all at once from the state rolled back from: the participant-services
   * down while they converge that are up in that state and were at the plan's start — all of them, whose
   * participants the runbook names for the rollback, not only those down because the units converge
   * together (line A and line B of a channel group): a gateway set moved back takes its sessions down for
   * the delay as its step did, and in a rollback that is an outage all the same, on a night the phase has
   * already gone wrong. Units already moved back by a planned fall-back are not the rollback's: with none
   * left it costs nothing.
   */
  rollback(from: ReadonlyArray<string>, units: ReadonlyArray<string>): RollbackCost {
    if (units.length === 0) return { down: 0, participants: [] }
    const who = new Set<number>()
    const down = this.converging(from, units, (i) => who.add(Math.floor(i / services.length)))
    return { down, participants: [...who].map((pi) => this.model.file.participants[pi]!.id).sort() }
  }

  /** The participant-service slots down in state `moved` while `units` converge and not once settled: counted, each told to `each`. */
  private converging(moved: ReadonlyArray<string>, units: ReadonlyArray<string>, each: (slot: number) => void): number {
    const converging = this.down(moved, units)
    const settled = this.down(moved, [])
    let n = 0
    for (let i = 0; i < converging.length; i++) {
      if (converging[i] === 1 && settled[i] === 0) {
        n++
        each(i)
      }
    }
    return n
  }
}

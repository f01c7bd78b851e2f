/**
 * A scenario's physical states over time: its cutover steps and faults replayed (with the fault
 * catalogue's own scheduling, so flaps, site losses with their DR declaration and compound faults change
 * the world exactly as in a run) on a runtime with no machines. The result is one entry per instant at
 * which the physical state changed — the only instants at which health can change.
 *
 * Phases are played as written — every step at its time — unless the steps a run actually took are given
 * (`steps`): pre-check no-go and rollback are decisions the checks take on the message engine's trace, and
 * the impact engine does not second-guess them.
 *
 * Every unit a step changes (a step's move or fall-back, a rollback's; scenarios/step-changes.ts) is out of
 * service for the convergence delay (recording-world.ts): the scenario's `engine.convergence`, as its run uses, unless `convergence` is given
 * (0: every state settled at once).
 */
import { constantNetwork, Runtime } from "../engine/runtime.ts"
import type { Micros } from "../engine/time.ts"
import type { Scenario, ScheduledFault } from "../../scenarios/scenario.ts"
import { stepChanges } from "../../scenarios/step-changes.ts"
import { type PhysicalState, physicalStateOf, stateKey } from "./physical-state.ts"
import { RecordingWorld } from "./recording-world.ts"
import { WorldChange } from "../world/world-change.ts"

export interface Timeline {
  readonly from: Micros
  readonly to: Micros
  /** `states[0]` holds from `from`; each later one from its `t` (strictly increasing, all below `to`). */
  readonly states: ReadonlyArray<{ readonly t: Micros; readonly state: PhysicalState }>
}

export interface TimelineInput {
  readonly scenario: Scenario
  /** Faults laid over the scenario's own (a sweep's injected fault). */
  readonly extraFaults?: ReadonlyArray<ScheduledFault>
  /**
   * The cutover steps as a run actually took them (a report's `phases[].steps`, rollbacks included),
   * instead of the phases as written.
   */
  readonly steps?: ReadonlyArray<{ readonly at: Micros; readonly move: ReadonlyArray<string>; readonly back: ReadonlyArray<string> }>
  /** How long a moved unit stays out of service (default: the scenario's `engine.convergence`; 0: not at all). */
  readonly convergence?: Micros
}

export const scenarioTimeline = ({ scenario, extraFaults = [], steps, convergence }: TimelineInput): Timeline => {
  const { from, to } = scenario.window
  const runtime = new Runtime(constantNetwork(0), { write: () => {} })
  const world = new RecordingWorld(runtime, scenario.moved, { delay: convergence ?? scenario.engine.convergence, linksOf: unitLinks(scenario) })
  for (const fault of [...scenario.faults, ...extraFaults]) {
    fault.kind.schedule(fault.params, { model: scenario.model, world, runtime, seed: scenario.seed, id: fault.id }, {
      start: fault.start,
      end: fault.end
    })
  }
  for (const step of steps ?? scenario.phases.flatMap((p) => p.steps)) {
    runtime.at(step.at, () => {
      // One change of the world, of the units the step changes (step-changes.ts): they converge together,
      // and a move of a unit already moved (or a fall-back of one not moved) converges nothing.
      const { moved, back } = stepChanges(world.state.moved, step)
      world.batch(() => {
        for (const unit of moved) world.apply(WorldChange.unitMoved(unit))
        for (const unit of back) world.apply(WorldChange.unitMoved(unit, true))
      })
    })
  }
  const initial = physicalStateOf(world.state)
  runtime.run(to)
  return { from, to, states: collapse(from, initial, world.changes.filter((c) => c.t < to)) }
}

const unitLinks = (scenario: Scenario) => {
  const links = new Map(scenario.model.file.cutoverUnits.map((u) => [u.id, [...u.old, ...u.new]]))
  return (unit: string): ReadonlyArray<string> => links.get(unit) ?? []
}

/** The last state per instant, and only instants where the state differs from the one before. */
const collapse = (
  from: Micros,
  initial: PhysicalState,
  changes: ReadonlyArray<{ readonly t: Micros; readonly state: PhysicalState }>
): Timeline["states"] => {
  const out: Array<{ t: Micros; state: PhysicalState }> = [{ t: from, state: initial }]
  for (const c of changes) {
    const t = Math.max(c.t, from)
    const last = out[out.length - 1]!
    if (last.t === t) out[out.length - 1] = { t, state: c.state }
    else out.push({ t, state: c.state })
  }
  return out.filter((s, i) => i === 0 || stateKey(s.state) !== stateKey(out[i - 1]!.state))
}

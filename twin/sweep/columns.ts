/**
 * The columns of a sweep's matrix: each phase of each scenario (a scenario without phases is one column,
 * its whole window). A fault is injected at a column's start and lasts to its end — for a phase, from its
 * first step to its last step, post-check or cut-off: the time its units are in flight.
 */
import type { Micros } from "../engine/time.ts"
import { type PhysicalState, physicalState } from "../impact/physical-state.ts"
import type { LoadedScenario } from "./scenario-cache.ts"

export interface Column {
  readonly id: string
  readonly scenario: number
  readonly from: Micros
  readonly to: Micros
  /** Units the column moves (its steps), for explanations. */
  readonly moves: ReadonlyArray<string>
  /**
   * Units already on the new backbone when the column starts: what a column that moves nothing (a scenario
   * without phases, `moved:` at its start) is compared with nothing moved for (worst-cases.ts wording).
   */
  readonly movedAtStart: number
}

export const columnsOf = (scenarios: ReadonlyArray<LoadedScenario>): ReadonlyArray<Column> =>
  scenarios.flatMap(({ scenario, timeline }, i) => {
    // The state in force just before `t`: a phase starts with its first step, so the state at its start
    // already holds that step's move — the column's own, not a unit moved when it starts. Before the
    // timeline's first state, the scenario's `moved:`.
    const movedBefore = (t: Micros) => {
      let moved = scenario.moved.length
      for (const s of timeline.states) {
        if (s.t >= t) break
        moved = s.state.moved.length
      }
      return moved
    }
    return scenario.phases.length === 0
      ? [{ id: scenario.id, scenario: i, from: scenario.window.from, to: scenario.window.to, moves: [], movedAtStart: movedBefore(scenario.window.from) }]
      : scenario.phases.map((p) => ({ id: p.id, scenario: i, from: p.window.from, to: p.window.to, moves: p.steps.flatMap((s) => s.move), movedAtStart: movedBefore(p.window.from) }))
  })

/** The timeline's states clipped to `[from, to)`: index into the timeline, and the clipped interval. */
export const statesWithin = (
  timeline: LoadedScenario["timeline"],
  from: Micros,
  to: Micros
): ReadonlyArray<{ readonly index: number; readonly from: Micros; readonly to: Micros }> =>
  timeline.states.flatMap((s, index) => {
    const a = Math.max(s.t, from)
    const b = Math.min(timeline.states[index + 1]?.t ?? timeline.to, to)
    return b > a ? [{ index, from: a, to: b }] : []
  })

/**
 * `state` with nothing moved: every cutover unit on the old backbone, everything else (DR failover, what the
 * scenario's own faults took out) as it was. The sweep's baseline: a fault that hurts as much here as in a
 * column is a standing weakness of the estate, not of the plan.
 */
export const unmoved = (state: PhysicalState): PhysicalState =>
  physicalState([], state.drFailover, state.linksDown, state.nodesDown, [], state)

/** A column's windows (statesWithin) with nothing moved, each with its state. */
export const unmovedWindows = (
  timeline: LoadedScenario["timeline"],
  column: Column
): ReadonlyArray<{ readonly state: PhysicalState; readonly from: Micros; readonly to: Micros }> =>
  statesWithin(timeline, column.from, column.to).map((w) => ({ state: unmoved(timeline.states[w.index]!.state), from: w.from, to: w.to }))

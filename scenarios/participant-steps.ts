/**
 * The plan steps that touch a participant (issue 15 item 7): each step of a scenario's phases that moves,
 * or moves back, a cutover unit on the participant's paths (topology/participant-profile.ts).
 */
import type { Scenario } from "./scenario.ts"

export interface TouchingStep {
  readonly phase: string
  /** µs since midnight. */
  readonly at: number
  /** The step's units on the participant's paths, as the step lists them. */
  readonly move: ReadonlyArray<string>
  readonly back: ReadonlyArray<string>
}

export const stepsTouching = (scenario: Pick<Scenario, "phases">, units: ReadonlySet<string>): ReadonlyArray<TouchingStep> =>
  scenario.phases.flatMap((phase) =>
    phase.steps.flatMap((step) => {
      const move = step.move.filter((u) => units.has(u))
      const back = step.back.filter((u) => units.has(u))
      return move.length + back.length === 0 ? [] : [{ phase: phase.id, at: step.at, move, back }]
    })
  )

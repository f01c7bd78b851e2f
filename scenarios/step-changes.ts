/**
 * The units a cutover step changes: one rule for the phase controller (which units a phase moved, and so
 * rolls back: phases.ts), the impact engine's replay of the steps (which units converge:
 * twin/impact/timeline.ts) and the planner's scoring of a written plan (twin/plan/score-plan.ts).
 *
 * A step's `move:` and `back:` are applied together as one change of the world (moves, then fall-backs, as
 * the controller does), so a unit changes when its side after the step differs from its side before: a
 * move of a unit already on the new backbone, or a fall-back of one still on the old, changes no route and
 * nothing converges (twin/world/world.ts: routing catches up with a state it already had); a unit both moved
 * and moved back in one step ends on the old backbone.
 */
import type { PhaseStep } from "./scenario.ts"

export interface StepChanges {
  /** Units the step puts on the new backbone, in the step's order. */
  readonly moved: ReadonlyArray<string>
  /** Units the step puts back on the old backbone (a planned fall-back), in the step's order. */
  readonly back: ReadonlyArray<string>
  /** Every unit it changes either way: they converge together. */
  readonly changed: ReadonlyArray<string>
  /** The units on the new backbone once the step has happened. */
  readonly after: ReadonlySet<string>
}

/** What `step` changes from `onNew` (the units on the new backbone before it). */
export const stepChanges = (onNew: ReadonlySet<string>, step: Pick<PhaseStep, "move" | "back">): StepChanges => {
  const after = new Set(onNew)
  for (const unit of step.move) after.add(unit)
  for (const unit of step.back) after.delete(unit)
  const moved = [...new Set(step.move)].filter((u) => !onNew.has(u) && after.has(u))
  const back = [...new Set(step.back)].filter((u) => onNew.has(u) && !after.has(u))
  return { moved, back, changed: [...moved, ...back], after }
}

/**
 * The impact engine's entry: a scenario (and optionally faults laid over it) → its physical timeline →
 * health in each distinct state (cached across calls through the shared `StateHealth`) → impact integrated
 * over the intervals. Health is recomputed only where the physical state changed.
 */
import type { Scenario } from "../../scenarios/scenario.ts"
import { type Impact, integrateImpact } from "./integrate.ts"
import { StateHealth } from "./state-health.ts"
import { scenarioTimeline, type Timeline, type TimelineInput } from "./timeline.ts"

export interface ScenarioImpact extends Impact {
  readonly timeline: Timeline
}

export const scenarioImpact = (
  scenario: Scenario,
  options: { readonly health?: StateHealth } & Omit<TimelineInput, "scenario"> = {}
): ScenarioImpact => {
  const { health: given, ...rest } = options
  const health = given ?? new StateHealth(scenario.model)
  const timeline = scenarioTimeline({ scenario, ...rest })
  return { ...integrateImpact(scenario.model, timeline, (i) => health.of(timeline.states[i]!.state)), timeline }
}

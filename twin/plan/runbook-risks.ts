/**
 * The planner's judgement of who is at risk (score-plan.ts) in the shape the runbook writer takes
 * (scenarios/runbook/from-scenarios.ts `PhaseRisk`), with one line per step saying why.
 */
import type { PhaseRisk } from "../../scenarios/runbook/from-scenarios.ts"
import { formatDuration } from "../../scenarios/format/duration.ts"
import type { ScoredScenarios } from "./score-plan.ts"

export const phaseRisks = (scored: ScoredScenarios) => (scenario: string, phase: string): PhaseRisk | undefined => {
  const p = scored.phases.find((x) => x.scenario === scenario && x.id === phase)
  if (p === undefined) return undefined
  return {
    steps: p.steps.map((s) => ({
      at: s.at,
      atRisk: s.atRisk,
      why: [
        ...(s.worseOff > 0 ? [`${s.worseOff} participants worse off than before the plan until the next step`] : []),
        ...(s.convergingDown > 0 ? [`${s.convergingDown} participant-services down while ${s.units.join(", ")} converge${s.units.length === 1 ? "s" : ""} (${formatDuration(scored.convergence)})`] : []),
        ...(s.worstFault === undefined ? [] : [`until the next step a failure of ${s.worstFault.element} would take down ${s.worstFault.participants} participants, more than any single fault before the plan`])
      ]
    })),
    rollbackAtRisk: p.rollbackAtRisk
  }
}

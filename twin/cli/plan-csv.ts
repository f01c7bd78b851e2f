/**
 * `twin plan --csv`: the ranked plans as CSV, one row per plan and phase (rank 1 the best), with the
 * figures the text prints per phase — exposure while in flight, hours down, the worst single fault — and
 * what its rollback would take down: participant-services (the score's term) and the participants the
 * runbook names for it (space-separated ids).
 * `--score --csv` / `--compare --csv`: the written plans scored, one row per plan and phase, with who is
 * at risk (how many) and the same rollback columns.
 */
import { renderCsv } from "../contract/csv.ts"
import type { ScoredPlan } from "../plan/score.ts"
import type { ScoredScenarios } from "../plan/score-plan.ts"

export const PLAN_CSV_HEADER = [
  "rank", "cost", "phases", "phase", "units", "exposure_hours", "down_hours", "worst_n1_element", "worst_n1_participants", "rollback_down",
  "rollback_participants"
] as const

export const renderPlanCsv = (plans: ReadonlyArray<ScoredPlan>): string =>
  renderCsv(PLAN_CSV_HEADER, plans.flatMap((plan, i) =>
    plan.phases.map((p, k) => [
      i + 1, plan.cost, plan.phases.length, k + 1, p.units.join(" "), p.exposureHours, p.downHours,
      p.worstN1.element === "" ? undefined : p.worstN1.element, p.worstN1.participants, p.rollbackDown, p.rollbackParticipants.join(" ")
    ])
  ))

export const SCORED_CSV_HEADER = [
  "plan", "phase", "id", "date", "units", "exposure_hours", "down_hours", "at_risk", "worst_n1_element", "worst_n1_participants", "rollback_down",
  "rollback_participants"
] as const

export const renderScoredCsv = (plans: ReadonlyArray<{ readonly plan: string; readonly scored: ScoredScenarios }>): string =>
  renderCsv(SCORED_CSV_HEADER, plans.flatMap(({ plan, scored }) =>
    scored.phases.map((p, k) => [
      plan, k + 1, p.id, p.date, p.score.units.join(" "), p.score.exposureHours, p.score.downHours, p.atRisk.length,
      p.score.worstN1.element === "" ? undefined : p.score.worstN1.element, p.score.worstN1.participants, p.score.rollbackDown,
      p.score.rollbackParticipants.join(" ")
    ])
  ))

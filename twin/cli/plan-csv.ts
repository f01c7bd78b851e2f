/**
 * `twin plan --csv`: the ranked plans as CSV, one row per plan and phase (rank 1 the best), with the
 * figures the text prints per phase — exposure while in flight, hours down, the worst single fault.
 */
import { renderCsv } from "../../scenarios/format/csv.ts"
import type { ScoredPlan } from "../plan/score.ts"

export const PLAN_CSV_HEADER = [
  "rank", "cost", "phases", "phase", "units", "exposure_hours", "down_hours", "worst_n1_element", "worst_n1_participants"
] as const

export const renderPlanCsv = (plans: ReadonlyArray<ScoredPlan>): string =>
  renderCsv(PLAN_CSV_HEADER, plans.flatMap((plan, i) =>
    plan.phases.map((p, k) => [
      i + 1, plan.cost, plan.phases.length, k + 1, p.units.join(" "), p.exposureHours, p.downHours,
      p.worstN1.element === "" ? undefined : p.worstN1.element, p.worstN1.participants
    ])
  ))

/**
 * The impact engine's health intervals compared with the message engine's (twin/impact/agreement.ts) for a
 * scenario a library test already ran: the library tests call this on their run's report and trace, so
 * each library scenario is simulated once for both its verdicts and this comparison.
 */
import type { Scenario } from "../../../scenarios/scenario.ts"
import type { Report } from "../../../scenarios/report/report.ts"
import type { TraceEvent } from "../../../twin/engine/trace.ts"
import { compareHealth, type Disagreement } from "../../../twin/impact/agreement.ts"
import { scenarioImpact, type ScenarioImpact } from "../../../twin/impact/scenario-impact.ts"
import { traceHealthIntervals } from "../../../twin/impact/trace-health.ts"

export interface Agreement {
  readonly impact: ScenarioImpact
  readonly disagreements: ReadonlyArray<Disagreement>
}

/** `steps`: the cutover steps the run took (`report.phases.flatMap((p) => p.steps)`); `events`: its trace (only `health` events are read). */
export const agreementFrom = (scenario: Scenario, steps: Report["phases"][number]["steps"], events: Iterable<TraceEvent>): Agreement => {
  // The steps the run took: a rollback moves units back, which the phases as written do not say.
  const impact = scenarioImpact(scenario, { steps })
  const message = traceHealthIntervals(events, scenario.window)
  const changes = impact.timeline.states.map((s) => s.t)
  return { impact, disagreements: compareHealth(impact.intervals, message, scenario.window, changes) }
}

/** The disagreements that last beyond the settle tolerance. */
export const unexplained = (a: Agreement): ReadonlyArray<Disagreement> => a.disagreements.filter((d) => !d.explained)

/** `service impact→message` → number of participants, for disagreements that are explained. */
export const explainedSummary = (ds: ReadonlyArray<Disagreement>): Record<string, number> => {
  const out: Record<string, Set<string>> = {}
  for (const d of ds) (out[`${d.service} ${d.impact}→${d.message}`] ??= new Set()).add(d.participant)
  return Object.fromEntries(Object.entries(out).sort().map(([k, v]) => [k, v.size]))
}

/** The lasting disagreements as sorted, unique `service impact→message`. */
export const lastingServices = (a: Agreement): ReadonlyArray<string> =>
  [...new Set(unexplained(a).map((d) => `${d.service} ${d.impact}→${d.message}`))].sort()

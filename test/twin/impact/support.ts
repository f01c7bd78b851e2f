/** Runs a library scenario through both engines and compares their health intervals (twin/impact/agreement.ts). */
import { NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { fileURLToPath } from "node:url"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { checkWirings } from "../../../scenarios/checks/catalogue.ts"
import { loadScenario } from "../../../scenarios/load.ts"
import { runScenario } from "../../../scenarios/run.ts"
import type { Scenario } from "../../../scenarios/scenario.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import { compareHealth, type Disagreement } from "../../../twin/impact/agreement.ts"
import { scenarioImpact, type ScenarioImpact } from "../../../twin/impact/scenario-impact.ts"
import { traceHealthIntervals } from "../../../twin/impact/trace-health.ts"

export const loadLibrary = (name: string): Promise<Scenario> =>
  Effect.runPromise(
    loadScenario(fileURLToPath(new URL(`../../../scenarios/library/${name}`, import.meta.url)), { catalogues }).pipe(Effect.provide(NodeServices.layer))
  )

export interface Agreement {
  readonly impact: ScenarioImpact
  readonly disagreements: ReadonlyArray<Disagreement>
}

export const agreementOf = async (name: string): Promise<Agreement> => {
  const scenario = await loadLibrary(name)
  const trace = new MemoryTrace()
  const report = runScenario(scenario, { trace, extraWirings: checkWirings })
  // The steps the run took: a rollback moves units back, which the phases as written do not say.
  const impact = scenarioImpact(scenario, { steps: report.phases.flatMap((p) => p.steps) })
  const message = traceHealthIntervals(trace.events, scenario.window)
  const changes = impact.timeline.states.map((s) => s.t)
  return { impact, disagreements: compareHealth(impact.intervals, message, scenario.window, changes) }
}

/** `service impact→message` → number of participants, for disagreements that are explained. */
export const explainedSummary = (ds: ReadonlyArray<Disagreement>): Record<string, number> => {
  const out: Record<string, Set<string>> = {}
  for (const d of ds) (out[`${d.service} ${d.impact}→${d.message}`] ??= new Set()).add(d.participant)
  return Object.fromEntries(Object.entries(out).sort().map(([k, v]) => [k, v.size]))
}

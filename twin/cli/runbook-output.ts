/**
 * The runbook files the CLI writes (scenarios/runbook/): for a plan's scenarios (`twin plan`) and for a
 * scenario with phases (`twin run`), with who is at risk per step as the planner judges it
 * (twin/plan/score-plan.ts) — the CLI joins the two layers, the writer stays below the planner.
 */
import { Effect, FileSystem } from "effect"
import { parseScenario } from "../../scenarios/load.ts"
import { runbookOf, type RunbookSource } from "../../scenarios/runbook/from-scenarios.ts"
import { writeRunbook } from "../../scenarios/runbook/write.ts"
import type { Scenario } from "../../scenarios/scenario.ts"
import { phaseRisks } from "../plan/runbook-risks.ts"
import { scoreScenarios } from "../plan/score-plan.ts"

/** runbook.md and runbook.html for `sources`, with who is at risk as the planner judges it. */
export const writePlanRunbook = (outDir: string, sources: ReadonlyArray<RunbookSource>, title: string, source: string) =>
  Effect.suspend(() => {
    const scored = scoreScenarios(sources.map((s) => s.scenario))
    return writeRunbook(outDir, runbookOf(sources, { title, source, risks: phaseRisks(scored) }))
  })

/** `twin run` of a cutover scenario (one with phases): its runbook beside its reports. */
export const writeScenarioRunbook = Effect.fn("Cli.writeScenarioRunbook")(function*(path: string, scenario: Scenario, outDir: string) {
  const fs = yield* FileSystem.FileSystem
  const text = yield* fs.readFileString(path).pipe(Effect.orElseSucceed(() => ""))
  const written = yield* Effect.fromResult(parseScenario(scenario.file, text))
  return yield* writePlanRunbook(outDir, [{ scenario, written }], scenario.name, `twin run ${scenario.file}`)
})

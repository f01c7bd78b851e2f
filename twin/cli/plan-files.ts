/**
 * A written plan for `twin plan --score` / `--compare` and the runbook: scenario files (a folder stands
 * for its files in name order) loaded and resolved, each with its text decoded but not resolved (the
 * criteria as written, for the runbook). Only scenarios with cutover phases make a plan; every one must be
 * on the same estate. Bad input is one line `FILE:PATH: expected …, got …` (exit 2).
 */
import { Effect, FileSystem, Option } from "effect"
import { catalogues } from "../../scenarios/catalogues.ts"
import { loadScenario, parseScenario } from "../../scenarios/load.ts"
import type { RunbookSource } from "../../scenarios/runbook/from-scenarios.ts"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { displayPath } from "../../topology/load.ts"
import { scenarioFiles } from "./scenario-files.ts"

export const loadPlanFiles = Effect.fn("Cli.loadPlanFiles")(function*(path: string, estate: Option.Option<string>) {
  const fs = yield* FileSystem.FileSystem
  const files = yield* scenarioFiles([path])
  const out: Array<RunbookSource> = []
  for (const file of files) {
    const scenario = yield* loadScenario(file, { estate: Option.getOrUndefined(estate), catalogues })
    if (scenario.phases.length === 0) continue
    const text = yield* fs.readFileString(file).pipe(Effect.orElseSucceed(() => ""))
    const written = yield* Effect.fromResult(parseScenario(displayPath(file), text))
    const first = out[0]
    if (first !== undefined && first.scenario.estateFile !== scenario.estateFile) {
      return yield* new InputInvalid({ file: scenario.file, issues: [issue("estate", `the estate of the plan's other scenarios (${first.scenario.estateFile})`, JSON.stringify(scenario.estateFile))] })
    }
    out.push({ scenario, written })
  }
  if (out.length === 0) return yield* new InputInvalid({ file: displayPath(path), issues: [issue("", "a plan: scenario files with cutover phases", "none with phases")] })
  return out
})

/**
 * A written plan for `twin plan --score` / `--compare` and the runbook: scenario files (a folder stands
 * for its files in name order) loaded and resolved, each with its text decoded but not resolved (the
 * criteria as written, for the runbook). Only scenarios with cutover phases make a plan; every one must be
 * on the same estate (`sameEstate`, also between the two plans of `--compare`), and each must start where the one before it leaves off: its `moved:` holds every unit
 * the earlier one had moved or moves (less what it moves back) — each phase is scored from its own
 * scenario's `moved:`, so a gap would score a different plan without a word. A plan is scored with one
 * convergence delay, the first scenario's `engine.convergence` (score-plan.ts): a later scenario that says
 * another is refused (`sameConvergence`) unless `--convergence` gives the delay for all — scored with the
 * first's, its phase would cost what its own run does not. The other per-run values the score reads are
 * the estate (`sameEstate`) and the start's `moved:` (above). Bad input is one line
 * `FILE:PATH: expected …, got …` (exit 2).
 */
import { Effect, FileSystem, Option } from "effect"
import { catalogues } from "../../scenarios/catalogues.ts"
import { formatDuration } from "../../scenarios/format/duration.ts"
import { loadScenario, parseScenario } from "../../scenarios/load.ts"
import type { RunbookSource } from "../../scenarios/runbook/from-scenarios.ts"
import type { ScenarioFile } from "../../scenarios/schema.ts"
import type { Scenario } from "../../scenarios/scenario.ts"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { displayPath } from "../../topology/load.ts"
import { scenarioFiles } from "./scenario-files.ts"

/** The units a scenario leaves moved when every phase passes: its `moved:`, then its steps in order. */
const leftMoved = (scenario: Scenario): ReadonlySet<string> => {
  const moved = new Set(scenario.moved)
  for (const phase of scenario.phases) {
    for (const step of phase.steps) {
      for (const u of step.move) moved.add(u)
      for (const u of step.back) moved.delete(u)
    }
  }
  return moved
}

/**
 * Refuses `other` unless it is on `first`'s estate — the estate file its `estate:` names, resolved (a
 * scenario records its estate by nothing else): a plan's phases are scored on one estate, and two plans
 * on different estates name different units and participants, so no score of one compares with the other.
 */
export const sameEstate = (first: Scenario, other: Scenario, whose: string) =>
  first.estateFile === other.estateFile
    ? Effect.void
    : Effect.fail(new InputInvalid({ file: other.file, issues: [issue("estate", `the estate of ${whose} (${first.file}: ${first.estateFile})`, JSON.stringify(other.estateFile))] }))

/**
 * Refuses `other` unless its convergence delay is `first`'s, the one the plan is scored with: `written`
 * is `other` as written, to quote its `engine.convergence` (or say it took the default).
 */
export const sameConvergence = (first: Scenario, other: Scenario, written: ScenarioFile) => {
  if (first.engine.convergence === other.engine.convergence) return Effect.void
  const said = written.engine?.convergence
  const expected = `the convergence of the plan's first scenario (${first.file}: ${formatDuration(first.engine.convergence)}), the one the plan is scored with (or --convergence for every phase)`
  return Effect.fail(new InputInvalid({ file: other.file, issues: [issue("engine.convergence", expected, said === undefined ? `nothing (the default ${formatDuration(other.engine.convergence)})` : JSON.stringify(said))] }))
}

/**
 * The plan at `path`, loaded; `options.convergence`: `--convergence` is given, which scores every phase
 * with one delay whatever its file says (so the files need not agree).
 */
export const loadPlanFiles = Effect.fn("Cli.loadPlanFiles")(function*(path: string, estate: Option.Option<string>, options: { readonly convergence?: boolean } = {}) {
  const fs = yield* FileSystem.FileSystem
  const files = yield* scenarioFiles([path])
  const out: Array<RunbookSource> = []
  for (const file of files) {
    const scenario = yield* loadScenario(file, { estate: Option.getOrUndefined(estate), catalogues })
    if (scenario.phases.length === 0) continue
    const text = yield* fs.readFileString(file).pipe(Effect.orElseSucceed(() => ""))
    const written = yield* Effect.fromResult(parseScenario(displayPath(file), text))
    const first = out[0]
    if (first !== undefined) yield* sameEstate(first.scenario, scenario, "the plan's first scenario")
    if (first !== undefined && options.convergence !== true) yield* sameConvergence(first.scenario, scenario, written)
    const before = out.at(-1)
    if (before !== undefined) {
      const missing = [...leftMoved(before.scenario)].filter((u) => !scenario.moved.includes(u))
      if (missing.length > 0) {
        const expected = `the units ${displayPath(before.scenario.file)} leaves moved (its moved: and its phases' steps)`
        return yield* new InputInvalid({ file: scenario.file, issues: [issue("moved", expected, `a moved: without ${missing.join(", ")}`)] })
      }
    }
    out.push({ scenario, written })
  }
  if (out.length === 0) return yield* new InputInvalid({ file: displayPath(path), issues: [issue("", "a plan: scenario files with cutover phases", "none with phases")] })
  return out
})

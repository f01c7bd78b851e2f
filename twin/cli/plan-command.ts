/**
 * `twin plan [--estate F] [--units FILE] [--constraints FILE] [--max-phases K] [--workers N] [--beam W] [--out DIR] [--json]`:
 * searches orders and groupings of the cutover units (exhaustive up to 8 units, swap descent or beam search beyond),
 * prints the ranked plans with their reasons and writes the best one as scenario files for `twin run`.
 * Infeasible constraints end with one line naming the conflict (exit 2).
 */
import { Console, Effect, FileSystem, Option, Result } from "effect"
import { Command, Flag } from "effect/cli"
import { join } from "node:path"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { defaultEstatePath, displayPath } from "../../topology/load.ts"
import { outputFolder } from "../../topology/output-file.ts"
import { buildProblem, parseConstraintsFile, parseUnitsFile } from "../plan/constraints.ts"
import { planReasons, versusBest } from "../plan/reasons.ts"
import { searchPlans } from "../plan/search.ts"
import { writePlanScenarios } from "../plan/write-scenarios.ts"
import { json, loadValidEstate } from "./estate-input.ts"
import { csv, outputFormat } from "./output-format.ts"
import { renderPlanCsv } from "./plan-csv.ts"
import { progressBar } from "./progress-bar.ts"
import { stoppedAfter } from "./stopped.ts"
import { executorLayer, workersFlag } from "./sweep-command.ts"

const estateFlag = Flag.String("estate").pipe(Flag.withDescription("Estate file (default: the shipped estate)"), Flag.optional)
const unitsFlag = Flag.String("units").pipe(Flag.withDescription("YAML/JSON {units: [ids], moved?: [ids]}: the units to plan (default: every unit of the estate)"), Flag.optional)
const constraintsFlag = Flag.String("constraints").pipe(
  Flag.withDescription("YAML/JSON {constraints: [{apart: [ids]} | {before: [ids], after: [ids]} | {secondarySiteFirst: true}], maxUnitsPerPhase?}"),
  Flag.optional
)
const maxPhasesFlag = Flag.Int("max-phases").pipe(Flag.withDescription("At most this many phases (maintenance windows)"), Flag.optional)
const beamFlag = Flag.Int("beam").pipe(Flag.withDescription("Beyond 8 units: beam search of this width instead of swap descent"), Flag.optional)
const outFlag = Flag.String("out").pipe(Flag.withDescription("Folder for the best plan's scenario files (default out/plan)"), Flag.optional)

const readInput = <A>(path: string, parse: (file: string, text: string) => Result.Result<A, InputInvalid>) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const file = displayPath(path)
    const text = yield* fs.readFileString(path).pipe(
      Effect.mapError(() => new InputInvalid({ file, issues: [issue("", "a readable YAML or JSON file", "no such file")] }))
    )
    return { name: file, value: yield* Effect.fromResult(parse(file, text)) }
  })

export const planCommand = Command.make(
  "plan",
  { estate: estateFlag, units: unitsFlag, constraints: constraintsFlag, maxPhases: maxPhasesFlag, workers: workersFlag, beam: beamFlag, out: outFlag, json, csv },
  (flags) =>
    Effect.gen(function*() {
      const format = yield* Effect.fromResult(outputFormat(flags))
      const estatePath = Option.getOrElse(flags.estate, () => defaultEstatePath)
      const { model } = yield* loadValidEstate(Option.some(estatePath), { simulates: true })
      const unitsFile = Option.isSome(flags.units) ? yield* readInput(flags.units.value, parseUnitsFile) : undefined
      const constraintsFile = Option.isSome(flags.constraints) ? yield* readInput(flags.constraints.value, parseConstraintsFile) : undefined
      const maxPhases = Option.getOrUndefined(flags.maxPhases)
      if (maxPhases !== undefined && maxPhases < 1) return yield* new InputInvalid({ file: "--max-phases", issues: [issue("", "a number of phases ≥ 1", String(maxPhases))] })
      const problem = yield* Effect.fromResult(buildProblem({ model, unitsFile, constraintsFile, maxPhases }))
      const outDir = Option.getOrElse(flags.out, () => join("out", "plan"))
      yield* outputFolder(outDir) // a bad --out is found before the search, not after it
      const layer = yield* executorLayer(flags.workers)
      const bar = progressBar("plan states")
      const began = performance.now()
      const beamWidth = Option.getOrUndefined(flags.beam)
      const result = yield* Effect.scoped(searchPlans(problem, { estate: estatePath, model, onProgress: bar.update, ...(beamWidth === undefined ? {} : { beamWidth }) })).pipe(Effect.provide(layer), stoppedAfter(bar.reached))
      bar.done()
      const seconds = (performance.now() - began) / 1000
      const best = result.plans[0]
      if (best === undefined) {
        return yield* new InputInvalid({
          file: constraintsFile?.name ?? "--max-phases",
          issues: [issue("constraints", `rules a grouping of ${problem.units.length} units into at most ${problem.maxPhases} phases can keep`, "no such grouping (apart rules and phase sizes conflict)")]
        })
      }
      const written = yield* writePlanScenarios(best, { outDir, estate: estatePath, base: problem.base })
      if (format === "json") return yield* Console.log(JSON.stringify({ ...result, files: written.files.map(displayPath) }))
      if (format === "csv") return yield* Effect.sync(() => void process.stdout.write(renderPlanCsv(result.plans)))
      yield* Console.log(`twin plan — ${problem.units.length} units, ${result.method} search: ${result.ordersScored} orders scored, ${result.statesEvaluated} states analysed, ${seconds.toFixed(1)} s`)
      for (const [i, plan] of result.plans.entries()) {
        yield* Console.log(`\n#${i + 1}  ${plan.phases.length} phases: ${plan.phases.map((p) => `[${p.units.join(", ")}]`).join(" → ")}`)
        for (const line of planReasons(plan)) yield* Console.log(`    ${line}`)
        if (i > 0) yield* Console.log(`    ${versusBest(plan, best)} than #1`)
      }
      yield* Console.log(`\nThe best plan, as scenarios for twin run: ${written.files.map(displayPath).join(", ")}`)
    })
).pipe(Command.withDescription("Search orders and groupings of the cutover units; print the ranked plans and write the best as scenarios"))

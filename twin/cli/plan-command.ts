/**
 * `twin plan [--estate F] [--units FILE] [--constraints FILE] [--no-rules] [--convergence D] [--max-phases K] [--workers N] [--beam W] [--out DIR] [--json|--csv]`:
 * searches orders and groupings of the cutover units (exhaustive up to 8 units, swap descent or beam search beyond),
 * prints the ranked plans with their reasons and writes the best one as scenario files for `twin run`, with its
 * runbook (runbook.md, runbook.html). On the shipped estate the shipped domain rules apply unless `--no-rules`;
 * `--constraints` adds to them. Infeasible constraints end with one line naming the conflict (exit 2).
 *
 * `twin plan --score FOLDER` scores a written plan (and writes its runbook); `twin plan --compare A B` puts
 * two side by side. Neither searches.
 */
import { Console, Effect, Option, Result } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { basename, join, resolve } from "node:path"
import { type RunbookSource, runbookOf } from "../../scenarios/runbook/from-scenarios.ts"
import { writeRunbook } from "../../scenarios/runbook/write.ts"
import { parseDuration } from "../../scenarios/format/duration.ts"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { readInputText } from "../../topology/input-text.ts"
import { defaultEstatePath, displayPath } from "../../topology/load.ts"
import { outputFolder } from "../../topology/output-file.ts"
import { MICROS_PER_SECOND } from "../engine/time.ts"
import { buildProblem, parseConstraintsFile, parseUnitsFile } from "../plan/constraints.ts"
import { compareLines, scoreJson, scoreLines } from "../plan/plan-report.ts"
import { planReasons, versusBest } from "../plan/reasons.ts"
import { phaseRisks } from "../plan/runbook-risks.ts"
import { scoreScenarios } from "../plan/score-plan.ts"
import { searchPlans } from "../plan/search.ts"
import { shippedConstraints } from "../plan/shipped-rules.ts"
import { writePlanScenarios } from "../plan/write-scenarios.ts"
import { json, loadValidEstate } from "./estate-input.ts"
import { csv, outputFormat } from "./output-format.ts"
import { renderPlanCsv, renderScoredCsv } from "./plan-csv.ts"
import { loadPlanFiles, sameEstate } from "./plan-files.ts"
import { writePlanRunbook } from "./runbook-output.ts"
import { progressBar } from "./progress-bar.ts"
import { stoppedAfter } from "./stopped.ts"
import { clusterFlag, executorLayer, workersFlag } from "./executor-flags.ts"

const estateFlag = Flag.String("estate").pipe(Flag.withDescription("Estate file (default: the shipped estate)"), Flag.optional)
const unitsFlag = Flag.String("units").pipe(Flag.withDescription("YAML/JSON {units: [ids], moved?: [ids]}: the units to plan (default: every unit of the estate)"), Flag.optional)
const constraintsFlag = Flag.String("constraints").pipe(
  Flag.withDescription("YAML/JSON {constraints: [{apart: [ids]} | {before: [ids], after: [ids]} | {secondarySiteFirst: true}], maxUnitsPerPhase?}: rules added to the shipped ones (default: none added)"),
  Flag.optional
)
const maxPhasesFlag = Flag.Int("max-phases").pipe(Flag.withDescription("At most this many phases (maintenance windows; default: as many as there are units)"), Flag.optional)
const beamFlag = Flag.Int("beam").pipe(Flag.withDescription("Beyond 8 units: beam search of this width instead of swap descent (default: swap descent)"), Flag.optional)
const outFlag = Flag.String("out").pipe(Flag.withDescription("Folder for the best plan's scenario files and runbook (default out/plan; with --score: out/score-<FOLDER>)"), Flag.optional)
const rulesFlag = Flag.Boolean("rules").pipe(
  Flag.withDescription("Keep the shipped domain rules (twin/plan/shipped-constraints.yaml: line A and B, plane A and B apart; the secondary site first) on the shipped estate (default); --no-rules plans without them"),
  Flag.withDefault(true)
)
const convergenceFlag = Flag.String("convergence").pipe(
  Flag.withDescription("How long a moved unit is out of service while routing converges, e.g. 10s (default 1s, the engine's; with --score/--compare: each plan's own engine.convergence, one for all its scenarios); written into the plan's scenarios"),
  Flag.optional
)
const scoreFlag = Flag.String("score").pipe(Flag.withDescription("Score a written plan instead of searching: a folder of scenario files with phases, e.g. scenarios/library/cutover; writes its runbook (default: search)"), Flag.optional)
const compareFlag = Flag.String("compare").pipe(Flag.withDescription("Compare two written plans: --compare A B (folders of scenario files with phases; default: search)"), Flag.optional)
const otherPlan = Argument.String("B").pipe(Argument.withDescription("With --compare: the second plan"), Argument.optional)

/** Scores a written plan (its scenarios, loaded): its scenarios and their score. */
const scorePlan = (sources: ReadonlyArray<RunbookSource>, convergence: number | undefined) =>
  ({ sources, scored: scoreScenarios(sources.map((s) => s.scenario), convergence === undefined ? {} : { convergence }) })

const scoreFolder = (path: string, estate: Option.Option<string>, convergence: number | undefined) =>
  Effect.map(loadPlanFiles(path, estate, { convergence: convergence !== undefined }), (sources) => scorePlan(sources, convergence))

const readInput = <A>(path: string, parse: (file: string, text: string) => Result.Result<A, InputInvalid>) =>
  Effect.gen(function*() {
    const file = displayPath(path)
    const text = yield* readInputText(path, file, "a readable YAML or JSON file")
    return { name: file, value: yield* Effect.fromResult(parse(file, text)) }
  })

export const planCommand = Command.make(
  "plan",
  {
    estate: estateFlag,
    units: unitsFlag,
    constraints: constraintsFlag,
    rules: rulesFlag,
    maxPhases: maxPhasesFlag,
    workers: workersFlag,
    cluster: clusterFlag,
    beam: beamFlag,
    out: outFlag,
    json,
    csv,
    convergence: convergenceFlag,
    score: scoreFlag,
    compare: compareFlag,
    other: otherPlan
  },
  (flags) =>
    Effect.gen(function*() {
      const format = yield* Effect.fromResult(outputFormat(flags))
      const convergence = Option.isNone(flags.convergence) ? undefined : parseDuration(flags.convergence.value)
      if (Option.isSome(flags.convergence) && (convergence === undefined || convergence > 60 * MICROS_PER_SECOND)) {
        return yield* new InputInvalid({ file: "--convergence", issues: [issue("", "a duration up to 60s, e.g. 10s", JSON.stringify(flags.convergence.value))] })
      }
      if (Option.isSome(flags.score) || Option.isSome(flags.compare)) {
        const searchOnly: ReadonlyArray<readonly [string, Option.Option<string | number>]> = [["--units", flags.units], ["--constraints", flags.constraints], ["--max-phases", flags.maxPhases], ["--beam", flags.beam]]
        for (const [name, value] of searchOnly) {
          if (Option.isSome(value)) return yield* new InputInvalid({ file: name, issues: [issue("", "a search flag, not with --score or --compare", String(value.value))] })
        }
      }
      if (Option.isSome(flags.score)) {
        if (Option.isSome(flags.compare)) return yield* new InputInvalid({ file: "--score", issues: [issue("", "one of --score FOLDER or --compare A B", "both")] })
        if (Option.isSome(flags.other)) return yield* new InputInvalid({ file: flags.other.value, issues: [issue("", "one plan after --score (two only with --compare A B)", "a second plan")] })
        const folder = flags.score.value
        const { sources, scored } = yield* scoreFolder(folder, flags.estate, convergence)
        const outDir = Option.getOrElse(flags.out, () => join("out", `score-${basename(resolve(folder))}`))
        yield* outputFolder(outDir)
        const files = yield* writeRunbook(outDir, runbookOf(sources, { title: displayPath(folder), source: `twin plan --score ${displayPath(folder)}`, risks: phaseRisks(scored) }))
        if (format === "json") return yield* Console.log(JSON.stringify({ ...scoreJson(displayPath(folder), scored), files: files.map(displayPath) }))
        if (format === "csv") return yield* Effect.sync(() => void process.stdout.write(renderScoredCsv([{ plan: displayPath(folder), scored }])))
        for (const line of scoreLines(displayPath(folder), scored)) yield* Console.log(line)
        return yield* Console.log(`\nRunbook: ${files.map(displayPath).join(", ")}`)
      }
      if (Option.isSome(flags.compare)) {
        if (Option.isNone(flags.other)) return yield* new InputInvalid({ file: "--compare", issues: [issue("", "two plans: --compare A B", "one")] })
        const planA = yield* loadPlanFiles(flags.compare.value, flags.estate, { convergence: convergence !== undefined })
        const planB = yield* loadPlanFiles(flags.other.value, flags.estate, { convergence: convergence !== undefined })
        // Before scoring either: plans on two estates have no common terms.
        yield* sameEstate(planA[0]!.scenario, planB[0]!.scenario, "the plan it is compared with")
        const a = { label: displayPath(flags.compare.value), ...scorePlan(planA, convergence) }
        const b = { label: displayPath(flags.other.value), ...scorePlan(planB, convergence) }
        if (format === "json") return yield* Console.log(JSON.stringify({ a: scoreJson(a.label, a.scored), b: scoreJson(b.label, b.scored) }))
        if (format === "csv") return yield* Effect.sync(() => void process.stdout.write(renderScoredCsv([{ plan: `A ${a.label}`, scored: a.scored }, { plan: `B ${b.label}`, scored: b.scored }])))
        for (const line of compareLines(a, b)) yield* Console.log(line)
        return
      }
      if (Option.isSome(flags.other)) return yield* new InputInvalid({ file: flags.other.value, issues: [issue("", "no argument (a second plan only with --compare A B)", "an argument")] })
      const estatePath = Option.getOrElse(flags.estate, () => defaultEstatePath)
      const { model } = yield* loadValidEstate(Option.some(estatePath), { simulates: true, ...(Option.isSome(flags.estate) ? { flag: "--estate" } : {}) })
      const unitsFile = Option.isSome(flags.units) ? yield* readInput(flags.units.value, parseUnitsFile) : undefined
      const constraintsFile = Option.isSome(flags.constraints) ? yield* readInput(flags.constraints.value, parseConstraintsFile) : undefined
      const maxPhases = Option.getOrUndefined(flags.maxPhases)
      if (maxPhases !== undefined && maxPhases < 1) return yield* new InputInvalid({ file: "--max-phases", issues: [issue("", "a number of phases ≥ 1", String(maxPhases))] })
      const beamWidth = Option.getOrUndefined(flags.beam)
      // The beam keeps prefixes until it holds `width` of them: a width below 1 never fills it, and the
      // search would keep every prefix, exponentially many on the default estate, instead of failing.
      if (beamWidth !== undefined && beamWidth < 1) return yield* new InputInvalid({ file: "--beam", issues: [issue("", "a beam width ≥ 1", String(beamWidth))] })
      // The shipped rules name the shipped estate's units: they apply to it only.
      const shipped = flags.rules && resolve(estatePath) === resolve(defaultEstatePath) ? shippedConstraints() : undefined
      const problem = yield* Effect.fromResult(buildProblem({ model, unitsFile, constraintsFile, maxPhases, ...(shipped === undefined ? {} : { shipped }) }))
      const outDir = Option.getOrElse(flags.out, () => join("out", "plan"))
      yield* outputFolder(outDir) // a bad --out is found before the search, not after it
      const layer = yield* executorLayer(flags.workers, undefined, flags.cluster)
      const bar = progressBar("plan states")
      const began = performance.now()
      const result = yield* Effect.scoped(searchPlans(problem, { estate: estatePath, model, onProgress: bar.update, ...(beamWidth === undefined ? {} : { beamWidth }), ...(convergence === undefined ? {} : { convergence }) })).pipe(Effect.provide(layer), stoppedAfter(bar.reached))
      bar.done()
      const seconds = (performance.now() - began) / 1000
      const best = result.plans[0]
      if (best === undefined) {
        return yield* new InputInvalid({
          file: constraintsFile?.name ?? "--max-phases",
          issues: [issue("constraints", `rules a grouping of ${problem.units.length} units into at most ${problem.maxPhases} phases can keep`, "no such grouping (apart rules and phase sizes conflict)")]
        })
      }
      const written = yield* writePlanScenarios(best, { outDir, estate: estatePath, base: problem.base, ...(Option.isSome(flags.convergence) ? { convergence: flags.convergence.value.trim() } : {}) })
      const runbook = yield* writePlanRunbook(outDir, yield* loadPlanFiles(outDir, Option.none()), `the plan found by twin plan (${best.phases.length} phases)`, "twin plan")
      const rules = shipped === undefined ? "" : `, the shipped rules${constraintsFile === undefined ? "" : ` and ${constraintsFile.name}`}`
      if (format === "json") return yield* Console.log(JSON.stringify({ ...result, rules: shipped !== undefined, files: [...written.files, ...runbook].map(displayPath) }))
      if (format === "csv") return yield* Effect.sync(() => void process.stdout.write(renderPlanCsv(result.plans)))
      yield* Console.log(`twin plan — ${problem.units.length} units${rules}, ${result.method} search: ${result.ordersScored} orders scored, ${result.statesEvaluated} states analysed, ${seconds.toFixed(1)} s`)
      for (const [i, plan] of result.plans.entries()) {
        yield* Console.log(`\n#${i + 1}  ${plan.phases.length} phases: ${plan.phases.map((p) => `[${p.units.join(", ")}]`).join(" → ")}`)
        for (const line of planReasons(plan)) yield* Console.log(`    ${line}`)
        if (i > 0) yield* Console.log(`    ${versusBest(plan, best)} than #1`)
      }
      yield* Console.log(`\nThe best plan, as scenarios for twin run: ${written.files.map(displayPath).join(", ")}`)
      yield* Console.log(`Its runbook: ${runbook.map(displayPath).join(", ")}`)
    })
).pipe(
  Command.withDescription(
    "Search orders and groupings of the cutover units (the shipped rules kept unless --no-rules); print the ranked plans and write the best as scenarios with its runbook. " +
      "--score FOLDER scores a written plan, --compare A B two side by side"
  ),
  Command.withExamples([
    { command: "twin plan", description: "Plan the shipped estate's cutover units under the shipped rules; writes the best plan and its runbook to out/plan/" },
    { command: "twin plan --no-rules --csv", description: "Without the shipped rules; the ranked plans as CSV, one row per plan and phase" },
    { command: "twin plan --score scenarios/library/cutover", description: "Score the shipped seven phases; their runbook in out/score-cutover/" },
    { command: "twin plan --compare scenarios/library/cutover out/plan", description: "The shipped plan and the one found, phase by phase" }
  ])
)

/**
 * `twin sweep SCENARIO… [--faults n-1|n-2|random:K] [--workers N] [--estate F] [--seed N] [--out DIR] [--json|--csv]`:
 * every fault injected through every phase of the scenarios (a folder stands for its scenario files, in
 * name order: `scenarios/library/cutover` is the shipped plan), the impact matrix written as sweep.json,
 * sweep.csv and sweep.html, the ten worst cases printed with their explanations (or the JSON, or the
 * matrix as CSV). Progress on stderr.
 */
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { availableParallelism } from "node:os"
import { basename, extname, join } from "node:path"
import { plural } from "../../scenarios/format/plural.ts"
import { displayPath } from "../../topology/load.ts"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { isSeed, SEED_EXPECTED } from "../engine/seed.ts"
import { outputFolder, writeOutput } from "../../topology/output-file.ts"
import { renderSweepHtml } from "../sweep/sweep-html.ts"
import { ScenarioCache } from "../sweep/scenario-cache.ts"
import { type FaultMode, runSweep } from "../sweep/sweep.ts"
import { exposureOf, standingSummary } from "../sweep/exposure.ts"
import { exposureWords, planCausedCases, planCausedHeading, worstCases } from "../sweep/worst-cases.ts"
import { renderSweepCsv } from "../sweep/sweep-csv.ts"
import { json } from "./estate-input.ts"
import { clusterFlag, executorLayer, workersFlag } from "./executor-flags.ts"
import { csv, outputFormat } from "./output-format.ts"
import { progressBar } from "./progress-bar.ts"
import { scenarioFiles } from "./scenario-files.ts"
import { stoppedAfter } from "./stopped.ts"
import { messageSweep } from "./sweep-message.ts"

const scenarios = Argument.String("SCENARIO").pipe(
  Argument.withDescription("Scenario files or folders of them (a folder: its .yaml/.yml/.json files in name order), e.g. scenarios/library/cutover"),
  Argument.variadic({ min: 1 })
)
const faultsFlag = Flag.String("faults").pipe(Flag.withDescription("n-1 (every node, link and circuit), n-2 (pairs, pruned) or random:K (default n-1)"), Flag.withDefault("n-1"))
const estateFlag = Flag.String("estate").pipe(Flag.withDescription("Estate file; overrides the scenarios' estate: (default: each scenario's own)"), Flag.optional)
const seedFlag = Flag.Int("seed").pipe(Flag.withDescription("Seed of the random:K draw (default 1; with --engine message: the scenario's seed, also the first run's engine seed)"), Flag.optional)
const engineFlag = Flag.String("engine").pipe(
  Flag.withDescription("impact (default: the impact engine's exact health, fault × phase) or message (a Monte Carlo of full runs of the message engine, each judged by the scenario's checks; needs --faults random:K)"),
  Flag.withDefault("impact")
)
const seedsFlag = Flag.Int("seeds").pipe(Flag.withDescription("With --engine message: engine seeds per drawn fault (the seed and the N − 1 after it; default 1)"), Flag.optional)
const outFlag = Flag.String("out").pipe(Flag.withDescription("Folder for sweep.json, sweep.csv and sweep.html (default out/sweep-<first SCENARIO's name>)"), Flag.optional)

export const parseFaultMode = (text: string, seed: number): FaultMode | undefined => {
  if (text === "n-1" || text === "n-2") return { mode: text }
  const m = /^random:([1-9][0-9]*)$/.exec(text)
  return m === null ? undefined : { mode: "random", count: Number(m[1]), seed }
}

export const sweepCommand = Command.make(
  "sweep",
  { scenarios, faults: faultsFlag, engine: engineFlag, seeds: seedsFlag, workers: workersFlag, cluster: clusterFlag, estate: estateFlag, seed: seedFlag, out: outFlag, json, csv },
  (flags) =>
    Effect.gen(function*() {
      const format = yield* Effect.fromResult(outputFormat(flags))
      if (flags.engine === "message") return yield* messageSweep(flags, format)
      if (flags.engine !== "impact") return yield* new InputInvalid({ file: "--engine", issues: [issue("", "impact or message", JSON.stringify(flags.engine))] })
      if (Option.isSome(flags.seeds)) return yield* new InputInvalid({ file: "--seeds", issues: [issue("", "--engine message (the impact engine has no seed to vary)", String(flags.seeds.value))] })
      if (Option.isSome(flags.seed) && !isSeed(flags.seed.value)) return yield* new InputInvalid({ file: "--seed", issues: [issue("", SEED_EXPECTED, String(flags.seed.value))] })
      const mode = parseFaultMode(flags.faults, Option.getOrElse(flags.seed, () => 1))
      if (mode === undefined) return yield* new InputInvalid({ file: "--faults", issues: [issue("", "n-1, n-2 or random:K (K a whole number ≥ 1)", JSON.stringify(flags.faults))] })
      const files = yield* scenarioFiles(flags.scenarios)
      // An N-1 sweep is one analysis per state (22 for the shipped plan, ~0.2 s each): a worker's start
      // (~2 s of module loading and estate parsing) costs more than it saves on a few cores.
      const defaultWorkers = mode.mode === "n-1" ? 1 : availableParallelism()
      const layer = yield* executorLayer(flags.workers, defaultWorkers, flags.cluster)
      const estate = Option.getOrUndefined(flags.estate)
      const first = flags.scenarios[0]!.replace(/\/+$/, "")
      const outDir = Option.getOrElse(flags.out, () => join("out", `sweep-${basename(first, extname(first))}`))
      yield* outputFolder(outDir) // a bad --out is found before the sweep, not after it
      const began = performance.now()
      const bar = progressBar("sweep")
      const result = yield* Effect.scoped(runSweep(files.map((path) => ({ path, estate })), mode, bar.update)).pipe(Effect.provide([layer, ScenarioCache.layer]), stoppedAfter(bar.reached))
      bar.done()
      const seconds = (performance.now() - began) / 1000
      const worst = worstCases(result)
      const planCaused = planCausedCases(result)
      const workers = Option.isSome(flags.cluster) ? "the cluster's runners" : Option.getOrElse(flags.workers, () => defaultWorkers)
      const figures: Array<[string, string]> = [
        ["faults tried", String(result.faultsTried)],
        ["faults with an effect", String(result.faults.length)],
        ["columns", result.columns.map((c) => c.id).join(", ")],
        ["tasks", String(result.tasks)],
        ["workers", String(workers)],
        ["wall time", `${seconds.toFixed(1)} s`]
      ]
      yield* writeOutput(join(outDir, "sweep.json"), `${JSON.stringify({ ...result, worst, planCaused }, null, 2)}\n`)
      const matrix = renderSweepCsv(result)
      yield* writeOutput(join(outDir, "sweep.csv"), matrix)
      yield* writeOutput(join(outDir, "sweep.html"), renderSweepHtml(result, worst, planCaused, figures))
      if (format === "json") return yield* Console.log(JSON.stringify({ ...result, worst, planCaused }))
      if (format === "csv") return yield* Effect.sync(() => process.stdout.write(matrix))
      // random:K draws K distinct compound faults, or every one there is when there are fewer
      const short = mode.mode === "random" && result.faultsTried < mode.count ? ` (every distinct compound fault of the core: fewer than ${mode.count} exist)` : ""
      yield* Console.log(`Sweep ${result.mode} of ${result.scenarios.map((s) => s.id).join(", ")} — ${result.faultsTried} faults${short} × ${plural(result.columns.length, "column")}, ${result.faults.length} faults with an effect, ${seconds.toFixed(1)} s on ${typeof workers === "string" ? workers : `${workers} worker${workers === 1 ? "" : "s"}`}`)
      yield* Console.log("\nThe ten worst cases:")
      for (const [i, w] of worst.entries()) yield* Console.log(`${String(i + 1).padStart(2)}. ${w.explanation}`)
      yield* Console.log(`\n${planCausedHeading(result, planCaused.length > 0)}`)
      for (const [i, w] of planCaused.entries()) yield* Console.log(`${String(i + 1).padStart(2)}. ${w.explanation}`)
      yield* Console.log(`\n${standingSummary(result, exposureOf(result).standing, exposureWords(result).subject)}`)
      yield* Console.log(`\nWrote ${displayPath(join(outDir, "sweep.json"))}, ${displayPath(join(outDir, "sweep.csv"))} and ${displayPath(join(outDir, "sweep.html"))}`)
    })
).pipe(
  Command.withDescription("Inject every fault (N-1, N-2 or random compound) through every phase and write the impact matrix"),
  Command.withExamples([
    { command: "twin sweep scenarios/library/cutover", description: "N-1 through the shipped plan's seven phases; writes out/sweep-cutover/" },
    { command: "twin sweep scenarios/library/cutover --faults n-2 --workers 2", description: "Pairs of failures, pruned to an exposed first one" },
    { command: "twin sweep scenarios/library/cutover --csv > matrix.csv", description: "The matrix, one row per fault and phase, with nothing moved beside it" },
    { command: "twin sweep scenarios/library/drills/flapping-link.yaml --engine message --faults random:20 --seeds 5", description: "20 drawn faults × 5 seeds, 100 runs of the message engine: pass rate per check with a 95 % interval over the 20 draws" }
  ])
)

/**
 * `twin sweep SCENARIO --engine message --faults random:K [--seeds N] [--seed S] [--workers N] [--estate F]
 * [--out DIR] [--json|--csv]`: the Monte Carlo through the message engine (twin/sweep/message/): K faults
 * drawn from the scenario's own, each run under N engine seeds, every run judged by the scenario's checks.
 * Writes sweep.json, sweep.csv (one row per run), checks.csv (pass rate per check with its 95 %
 * interval over the draws) and participants.csv (everyone down in some run, with their worst run); prints the table (or the JSON, or the runs as CSV). Progress on stderr.
 */
import { Console, Effect, Option } from "effect"
import { availableParallelism } from "node:os"
import { basename, extname, join } from "node:path"
import { catalogues } from "../../scenarios/catalogues.ts"
import { loadScenario } from "../../scenarios/load.ts"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { displayPath } from "../../topology/load.ts"
import { isSeed, MAX_SEED, SEED_EXPECTED } from "../engine/seed.ts"
import { outputFolder, writeOutput } from "../../topology/output-file.ts"
import { renderMessageChecksCsv, renderMessageParticipantsCsv, renderMessageRunsCsv } from "../sweep/message/message-csv.ts"
import { runMessageSweep } from "../sweep/message/message-sweep.ts"
import { renderMessageTable } from "../sweep/message/message-table.ts"
import type { OutputFormat } from "./output-format.ts"
import { progressBar } from "./progress-bar.ts"
import { executorLayer } from "./executor-flags.ts"
import { stoppedAfter } from "./stopped.ts"

export interface MessageSweepFlags {
  readonly scenarios: ReadonlyArray<string>
  readonly faults: string
  readonly seeds: Option.Option<number>
  readonly seed: Option.Option<number>
  readonly workers: Option.Option<number>
  readonly estate: Option.Option<string>
  readonly out: Option.Option<string>
  readonly cluster: Option.Option<string>
}

export const messageSweep = (flags: MessageSweepFlags, format: OutputFormat) =>
  Effect.gen(function*() {
    const m = /^random:([1-9][0-9]*)$/.exec(flags.faults)
    if (m === null) return yield* new InputInvalid({ file: "--faults", issues: [issue("", "random:K (K a whole number ≥ 1) with --engine message", JSON.stringify(flags.faults))] })
    if (flags.scenarios.length !== 1) return yield* new InputInvalid({ file: "SCENARIO", issues: [issue("", "one scenario file with --engine message", flags.scenarios.join(" "))] })
    const seeds = Option.getOrElse(flags.seeds, () => 1)
    if (seeds < 1) return yield* new InputInvalid({ file: "--seeds", issues: [issue("", "a number of seeds ≥ 1", String(seeds))] })
    if (Option.isSome(flags.seed) && !isSeed(flags.seed.value)) return yield* new InputInvalid({ file: "--seed", issues: [issue("", SEED_EXPECTED, String(flags.seed.value))] })
    const path = flags.scenarios[0]!
    const estate = Option.getOrUndefined(flags.estate)
    const scenario = yield* loadScenario(path, { catalogues, estate, seed: Option.getOrUndefined(flags.seed) })
    // the runs take the seed and the N − 1 after it: the last must be a seed too
    if (scenario.seed + seeds - 1 > MAX_SEED) {
      const room = MAX_SEED - scenario.seed + 1
      return yield* new InputInvalid({ file: "--seeds", issues: [issue("", `at most ${room} seed${room === 1 ? "" : "s"} from seed ${scenario.seed} (the last must be ${SEED_EXPECTED})`, String(seeds))] })
    }
    const layer = yield* executorLayer(flags.workers, availableParallelism(), flags.cluster)
    const outDir = Option.getOrElse(flags.out, () => join("out", `sweep-${basename(path, extname(path))}`))
    yield* outputFolder(outDir)
    const began = performance.now()
    const bar = progressBar("sweep")
    const result = yield* Effect.scoped(runMessageSweep(scenario, path, { count: Number(m[1]), seed: scenario.seed, seeds, estate }, bar.update)).pipe(
      Effect.provide(layer),
      stoppedAfter(bar.reached)
    )
    bar.done()
    const seconds = (performance.now() - began) / 1000
    const runsCsv = renderMessageRunsCsv(result)
    yield* writeOutput(join(outDir, "sweep.json"), `${JSON.stringify(result, null, 2)}\n`)
    yield* writeOutput(join(outDir, "sweep.csv"), runsCsv)
    yield* writeOutput(join(outDir, "checks.csv"), renderMessageChecksCsv(result))
    yield* writeOutput(join(outDir, "participants.csv"), renderMessageParticipantsCsv(result))
    if (format === "json") return yield* Console.log(JSON.stringify(result))
    if (format === "csv") return yield* Effect.sync(() => process.stdout.write(runsCsv))
    yield* Console.log(`Sweep ${result.mode} × ${seeds} seed${seeds === 1 ? "" : "s"} of ${result.scenario.id} through the message engine — ${result.runs.length} runs, ${seconds.toFixed(1)} s`)
    yield* Console.log("")
    for (const line of renderMessageTable(result)) yield* Console.log(line)
    yield* Console.log(`\nWrote ${displayPath(join(outDir, "sweep.json"))}, ${displayPath(join(outDir, "sweep.csv"))}, ${displayPath(join(outDir, "checks.csv"))} and ${displayPath(join(outDir, "participants.csv"))}`)
  })

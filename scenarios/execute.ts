/**
 * A scenario run with its files: the trace streamed to `trace.ndjson` as the run goes, then `report.json`,
 * `affected.csv`, `evidence.csv`, `report.md` and `report.html` in the output folder. Used by `twin run`, `npm start`, the benchmark and
 * the library tests, so all of them produce the same files.
 *
 * Every file is written under a partial name and renamed when complete (topology/output-file.ts), and the
 * run pauses every few simulated seconds (finish-in-steps.ts): interrupted, it stops there and leaves no
 * file under a final name that was not complete. The trace is renamed before the reports are written, and
 * an earlier run's reports in the folder are removed just before it (they would not describe the new trace).
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, FileSystem } from "effect"
import { join } from "node:path"
import type { InputInvalid } from "../topology/input-issue.ts"
import { displayPath } from "../topology/load.ts"
import { openOutput, outputFolder, writeOutput } from "../topology/output-file.ts"
import type { Micros } from "../twin/engine/time.ts"
import { NdjsonTrace, type TraceSink } from "../twin/engine/trace.ts"
import { finishInSteps } from "../twin/simulate/finish-in-steps.ts"
import { renderAffectedCsv, renderEvidenceCsv } from "./report/csv-exports.ts"
import { renderHtml } from "./report/html.ts"
import { renderMarkdown } from "./report/markdown.ts"
import type { Report } from "./report/report.ts"
import { oneWorldReason, runScenarioInParts } from "./run-in-parts.ts"
import { type ReportAndEvidence, startScenario } from "./run.ts"
import type { Scenario } from "./scenario.ts"

export interface Executed {
  readonly report: Report
  readonly wallSeconds: number
  /**
   * How the world ran: in parts (each part's services), or in one world — why, when threads were offered,
   * and `afterParts` when the parts ran first and met (the run was done again).
   */
  readonly ran:
    | { readonly parts: ReadonlyArray<ReadonlyArray<string>> }
    | { readonly oneWorld: string | undefined; readonly afterParts?: true }
}

export interface ExecuteOptions {
  /** How far the run got: simulated time and engine events (the slowest part's time and all parts' events). */
  readonly onProgress?: (now: Micros, events: number) => void
  /** Told the simulated time at each pause (for the line a stopped run prints). */
  readonly onStep?: (now: Micros) => void
  /**
   * Threads (default 1: one world in this thread). 2: the scenario runs in two parts side by side
   * (run-in-parts.ts), or in one world when its parts met or its kinds are not the shipped catalogue's.
   */
  readonly threads?: number
}

export const runScenarioFiles = (scenario: Scenario, outDir: string, options: ExecuteOptions = {}): Effect.Effect<Executed, InputInvalid, FileSystem.FileSystem> =>
  Effect.scoped(Effect.gen(function*() {
    yield* outputFolder(outDir)
    const path = (name: string) => join(outDir, name)
    const file = scenario.write.trace ? yield* openOutput(path("trace.ndjson")) : undefined
    const ndjson = file === undefined ? undefined : new NdjsonTrace(file.write)
    const sink: TraceSink = ndjson ?? { write: () => {} }
    const began = performance.now()
    const threads = options.threads ?? 1
    const why = threads > 1 ? oneWorldReason(scenario) : undefined
    const flush = file?.flush ?? Effect.void
    // A run in parts that goes to one world after writing lines starts the trace again.
    const restart = Effect.sync(() => ndjson?.clear()).pipe(Effect.andThen(file?.restart ?? Effect.void))
    const { report: partial, checks, ran } = threads > 1 && why === undefined
      ? yield* inParts(scenario, sink, threads, options, flush, restart)
      : yield* oneWorld(scenario, sink, options, flush, why)
    ndjson?.drain()
    // An earlier run's reports in the folder would no longer describe its trace: gone before the new trace lands.
    const fs = yield* FileSystem.FileSystem
    for (const name of ["report.json", "report.md", "report.html", "affected.csv", "evidence.csv"]) yield* fs.remove(path(name), { force: true }).pipe(Effect.ignore)
    if (file !== undefined) yield* file.commit
    const wallSeconds = (performance.now() - began) / 1000
    const shown = (name: string) => displayPath(path(name))
    const report: Report = {
      ...partial,
      files: {
        trace: scenario.write.trace ? shown("trace.ndjson") : "",
        json: shown("report.json"),
        markdown: scenario.write.markdown ? shown("report.md") : "",
        html: scenario.write.html ? shown("report.html") : "",
        affectedCsv: shown("affected.csv"),
        evidenceCsv: shown("evidence.csv")
      }
    }
    yield* writeOutput(path("report.json"), `${JSON.stringify(report, null, 2)}\n`)
    yield* writeOutput(path("affected.csv"), renderAffectedCsv(report.affected))
    yield* writeOutput(path("evidence.csv"), renderEvidenceCsv(checks))
    if (scenario.write.markdown) yield* writeOutput(path("report.md"), renderMarkdown(report))
    if (scenario.write.html) yield* writeOutput(path("report.html"), renderHtml(report))
    return { report, wallSeconds, ran }
  }))

type Ran = ReportAndEvidence & { readonly ran: Executed["ran"] }

const oneWorld = <E, R>(scenario: Scenario, sink: TraceSink, options: ExecuteOptions, flush: Effect.Effect<void, E, R>, why: string | undefined): Effect.Effect<Ran, E, R> =>
  Effect.gen(function*() {
    const run = startScenario(scenario, {
      trace: sink,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress })
    })
    const between = Effect.suspend(() => {
      options.onStep?.(run.simulation.runtime.now)
      return flush
    })
    return { ...run.reportAndEvidence(yield* finishInSteps(run.simulation, between)), ran: { oneWorld: why } }
  })

const inParts = <E, R>(
  scenario: Scenario,
  sink: TraceSink,
  workers: number,
  options: ExecuteOptions,
  flush: Effect.Effect<void, E, R>,
  restart: Effect.Effect<void, E, R>
): Effect.Effect<Ran, E, R> => {
  const progress = options.onProgress
  return runScenarioInParts(scenario, {
    trace: sink,
    workers,
    // The slowest part's time and every part's events: one line, as a one-world run reports.
    ...(progress === undefined ? {} : { onProgress: (parts) => progress(Math.max(scenario.window.from, Math.min(...parts.map((p) => p.now))), parts.reduce((n, p) => n + p.events, 0)) }),
    ...(options.onStep === undefined ? {} : { onStep: options.onStep })
  }, flush, restart).pipe(Effect.map(({ summary, ...rest }) => ({ ...rest, ran: summary.oneWorld === undefined ? { parts: summary.parts } : { oneWorld: summary.oneWorld, afterParts: true as const } })))
}

/**
 * The same as a promise, for the library tests and the benchmark: an edge for callers outside Effect;
 * nothing in Effect code calls it (that would be a round trip — `twin run` yields `runScenarioFiles`).
 */
export const executeScenario = (
  scenario: Scenario,
  outDir: string,
  onProgress?: (now: Micros, events: number) => void
): Promise<Executed> =>
  Effect.runPromise(runScenarioFiles(scenario, outDir, onProgress === undefined ? {} : { onProgress }).pipe(Effect.provide(NodeServices.layer)))

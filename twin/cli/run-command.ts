/**
 * `twin run SCENARIO|FOLDER [--estate F] [--seed N] [--out DIR] [--threads 1|2] [--json|--csv] [--view [--port P]]`:
 * run a scenario (`--threads 2`, the default: in two parts on two threads,
 * scenarios/run-in-parts.ts), write its trace, reports and CSV exports, print the verdict table; with --view, then serve the
 * viewer playing the trace until Ctrl-C. A FOLDER runs each of its scenario files in name order, printing
 * one verdict line each (each run's files in DIR/<scenario>), and exits with the worst code of them.
 * `--json`: the report (a folder: a summary per run); `--csv`: the phases and checks, a row each.
 * A scenario with cutover phases also gets its runbook (runbook.md, runbook.html: twin/cli/runbook-output.ts).
 * Exit 0 when every check holds and every phase completed, 1 when not, 2 on bad input.
 */
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { join } from "node:path"
import { catalogues } from "../../scenarios/catalogues.ts"
import { runScenarioFiles } from "../../scenarios/execute.ts"
import { plural } from "../../scenarios/format/plural.ts"
import { loadScenario } from "../../scenarios/load.ts"
import type { Report } from "../../scenarios/report/report.ts"
import { InputInvalid, issue, renderInputInvalid } from "../../topology/input-issue.ts"
import { displayPath } from "../../topology/load.ts"
import { formatClock } from "../engine/time.ts"
import { json } from "./estate-input.ts"
import { ExitCode } from "./exit-code.ts"
import { writeScenarioRunbook } from "./runbook-output.ts"
import { csv, type OutputFormat, outputFormat } from "./output-format.ts"
import { badInputSummary, exitCodeOf, folderLine, renderRunCsv, type RunSummary, runSummary, verdictLine, worstExitCode } from "./run-summary.ts"
import { isFolder, scenarioFiles } from "./scenario-files.ts"
import { hostFlag, portFlag, servePlayback } from "./serve-command.ts"
import { stoppedAt } from "./stopped.ts"
import { renderVerdictTable } from "./verdict-table.ts"

const scenarioFile = Argument.String("SCENARIO").pipe(
  Argument.withDescription("Scenario file (YAML or JSON), e.g. scenarios/library/market-rehearsal.yaml, or a folder of them (each file in name order)")
)
const estateFlag = Flag.String("estate").pipe(Flag.withDescription("Estate file; overrides the scenario's estate: (default: the scenario's, else the shipped estate)"), Flag.optional)
const seedFlag = Flag.Int("seed").pipe(Flag.withDescription("Seed of every random draw; overrides the scenario's seed: (default: the scenario's, else 1)"), Flag.optional)
const outFlag = Flag.String("out").pipe(
  Flag.withDescription("Folder for trace.ndjson, the reports and the CSV exports (default out/<scenario>; a FOLDER's runs: DIR/<scenario>)"),
  Flag.optional
)
const viewFlag = Flag.Boolean("view").pipe(
  Flag.withDescription("After the reports, serve the viewer playing the run's trace (prints its URL; Ctrl-C to stop); one scenario file only"),
  Flag.withDefault(false)
)

const threadsFlag = Flag.Int("threads").pipe(
  Flag.withDescription("2 runs a scenario in two parts on two threads, the OCG-C/OTP-C trading path beside the other systems, as twin simulate runs a day (lines of one microsecond grouped by part: docs/trace.md), its cutover phases judging their checks on both parts' lines; one whose faults make the parts draw from one random stream or queue on one capped link runs again in one world, saying why; 1: one world in one thread (default 2)"),
  Flag.withDefault(2)
)

interface RunFlags {
  readonly estate: Option.Option<string>
  readonly seed: Option.Option<number>
  readonly out: Option.Option<string>
  readonly threads: number
}

/** Runs one scenario file into `outDir` (default out/<scenario>), progress on stderr; the report and the wall time. */
export const runScenarioFile = Effect.fn("Cli.runScenario")(function*(path: string, flags: RunFlags, outDir?: (scenario: string) => string) {
  const scenario = yield* loadScenario(path, {
    estate: Option.getOrUndefined(flags.estate),
    seed: Option.getOrUndefined(flags.seed),
    catalogues
  })
  const dir = outDir?.(scenario.id) ?? Option.getOrElse(flags.out, () => join("out", scenario.id))
  yield* Console.error(`${scenario.name} — ${scenario.model.file.participants.length} participants, seed ${scenario.seed}, ${formatClock(scenario.window.from).slice(0, 5)}–${formatClock(scenario.window.to).slice(0, 5)}${scenario.window.timetable === "half-day" ? ", a half day" : ""}`)
  const tty = process.stderr.isTTY
  let reached = scenario.window.from
  const executed = yield* runScenarioFiles(scenario, dir, {
    onProgress: (now, events) =>
      process.stderr.write(`${tty ? "\r" : ""}  simulated to ${formatClock(now).slice(0, 5)}, ${events} events${tty ? "" : "\n"}`),
    onStep: (now) => void (reached = now),
    threads: flags.threads
  }).pipe(stoppedAt(() => reached))
  if (tty) process.stderr.write("\n")
  // How the world ran on two threads: in parts, or in one world and why (the parts met).
  const ran = executed.ran
  if ("parts" in ran) yield* Console.error(`  ran in ${ran.parts.length} parts on two threads: ${ran.parts.map((services) => services.join(", ")).join("; ")}`)
  else if (ran.oneWorld !== undefined) yield* Console.error(`  ran in one world: ${ran.oneWorld}`)
  if (scenario.phases.length > 0) {
    // A cutover scenario: its runbook (steps, go/no-go, PRT, rollback, whom to notify) beside the reports;
    // named on stderr, so that --json and --csv keep stdout to themselves.
    const runbook = yield* writeScenarioRunbook(path, scenario, dir)
    yield* Console.error(`runbook: ${runbook.map(displayPath).join(", ")}`)
  }
  return executed
})

const printReport = (format: OutputFormat, file: string, report: Report, wallSeconds: number) =>
  format === "json" ? Console.log(JSON.stringify(report, null, 2))
  : format === "csv" ? Effect.sync(() => void process.stdout.write(renderRunCsv([{ file, report }])))
  : Console.log(renderVerdictTable(report, wallSeconds))

/** Every scenario file of a folder in name order; bad input in one is reported and the rest still run. */
const runFolder = Effect.fn("Cli.runFolder")(function*(folder: string, flags: RunFlags, format: OutputFormat) {
  const files = yield* scenarioFiles([folder])
  const runs: Array<RunSummary> = []
  const reports: Array<{ file: string; report: Report }> = []
  for (const path of files) {
    const file = displayPath(path)
    const outcome = yield* runScenarioFile(path, flags, (id) => join(Option.getOrElse(flags.out, () => "out"), id)).pipe(
      Effect.map((executed) => ({ ok: true as const, executed })),
      Effect.catchTag("InputInvalid", (e) => Effect.succeed({ ok: false as const, issues: renderInputInvalid(e) }))
    )
    if (!outcome.ok) {
      for (const line of outcome.issues) yield* Console.error(line)
      runs.push(badInputSummary(file, outcome.issues))
      if (format === "text") yield* Console.log(`BAD INPUT  ${file} — ${plural(outcome.issues.length, "problem")} (on stderr)`)
      continue
    }
    const { report, wallSeconds } = outcome.executed
    runs.push(runSummary(file, report))
    reports.push({ file, report })
    if (format === "text") yield* Console.log(verdictLine(file, report, wallSeconds))
  }
  const code = worstExitCode(runs)
  if (format === "json") yield* Console.log(JSON.stringify({ folder: displayPath(folder), verdict: code === 0 ? "pass" : code === 1 ? "fail" : "bad-input", exitCode: code, runs }, null, 2))
  else if (format === "csv") yield* Effect.sync(() => void process.stdout.write(renderRunCsv(reports)))
  else yield* Console.log(folderLine(runs))
  return code
})

export const runCommand = Command.make(
  "run",
  { scenario: scenarioFile, estate: estateFlag, seed: seedFlag, out: outFlag, threads: threadsFlag, json, csv, view: viewFlag, port: portFlag, host: hostFlag },
  (flags) =>
    Effect.gen(function*() {
      const format = yield* Effect.fromResult(outputFormat(flags))
      if (flags.threads !== 1 && flags.threads !== 2) return yield* new InputInvalid({ file: "--threads", issues: [issue("", "1 or 2", String(flags.threads))] })
      if (yield* isFolder(flags.scenario)) {
        if (flags.view) return yield* new InputInvalid({ file: "--view", issues: [issue("", "one scenario file to watch", `the folder ${displayPath(flags.scenario)}`)] })
        const code = yield* runFolder(flags.scenario, flags, format)
        return code === 0 ? Option.none() : yield* Effect.fail(new ExitCode(code))
      }
      const { report, wallSeconds } = yield* runScenarioFile(flags.scenario, flags)
      yield* printReport(format, displayPath(flags.scenario), report, wallSeconds)
      if (flags.view) {
        if (report.files.trace === "") return yield* new InputInvalid({ file: "--view", issues: [issue("", "a scenario that writes its trace (write: includes trace)", "write without trace")] })
        yield* servePlayback(report.files.trace, flags)
      }
      if (exitCodeOf(report) === 1) return yield* Effect.fail(new ExitCode(1))
      return Option.none()
    })
).pipe(
  Command.withDescription("Run a scenario (rehearsal, cutover phase, PRT or drill), or every scenario of a folder: trace, reports, CSV exports and a verdict"),
  Command.withExamples([
    { command: "twin run scenarios/library/drills/broken-plan-lines-together.yaml", description: "One drill: the verdict table; out/broken-plan-lines-together/ has the reports, affected.csv and evidence.csv" },
    { command: "twin run scenarios/library/drills", description: "Every drill in name order, one verdict line each; exit code: the worst" },
    { command: "twin run scenarios/library/cutover --out out/plan --json", description: "The shipped plan's phases, a JSON summary per run" },
    { command: "twin run scenarios/library/cutover-rehearsal.yaml --view", description: "Run it, then watch it in the viewer (what npm start does)" }
  ])
)

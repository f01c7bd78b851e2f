/**
 * `twin run SCENARIO [--estate F] [--seed N] [--out DIR] [--view [--port P]]`: run a scenario, write its trace
 * and reports, print the verdict table; with --view, then serve the viewer playing the trace until Ctrl-C.
 * A scenario with cutover phases also gets its runbook (runbook.md, runbook.html: twin/cli/runbook-output.ts).
 * Exit 0 when every check holds, 1 when one fails, 2 on bad input.
 */
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { join } from "node:path"
import { catalogues } from "../../scenarios/catalogues.ts"
import { runScenarioFiles } from "../../scenarios/execute.ts"
import { loadScenario } from "../../scenarios/load.ts"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { displayPath } from "../../topology/load.ts"
import { formatClock } from "../engine/time.ts"
import { ExitCode } from "./exit-code.ts"
import { writeScenarioRunbook } from "./runbook-output.ts"
import { hostFlag, portFlag, servePlayback } from "./serve-command.ts"
import { stoppedAt } from "./stopped.ts"
import { renderVerdictTable } from "./verdict-table.ts"

const scenarioFile = Argument.String("SCENARIO").pipe(Argument.withDescription("Scenario file (YAML or JSON), e.g. scenarios/library/market-rehearsal.yaml"))
const estateFlag = Flag.String("estate").pipe(Flag.withDescription("Estate file; overrides the scenario's estate:"), Flag.optional)
const seedFlag = Flag.Int("seed").pipe(Flag.withDescription("Seed of every random draw; overrides the scenario's seed:"), Flag.optional)
const outFlag = Flag.String("out").pipe(Flag.withDescription("Folder for trace.ndjson and the reports (default out/<scenario>)"), Flag.optional)
const viewFlag = Flag.Boolean("view").pipe(
  Flag.withDescription("After the reports, serve the viewer playing the run's trace (prints its URL; Ctrl-C to stop)"),
  Flag.withDefault(false)
)

export const runScenarioFile = Effect.fn("Cli.runScenario")(function*(path: string, flags: { estate: Option.Option<string>; seed: Option.Option<number>; out: Option.Option<string> }) {
  const scenario = yield* loadScenario(path, {
    estate: Option.getOrUndefined(flags.estate),
    seed: Option.getOrUndefined(flags.seed),
    catalogues
  })
  const outDir = Option.getOrElse(flags.out, () => join("out", scenario.id))
  yield* Console.error(`${scenario.name} — ${scenario.model.file.participants.length} participants, seed ${scenario.seed}, ${formatClock(scenario.window.from).slice(0, 5)}–${formatClock(scenario.window.to).slice(0, 5)}`)
  const tty = process.stderr.isTTY
  let reached = scenario.window.from
  const executed = yield* runScenarioFiles(scenario, outDir, {
    onProgress: (now, events) =>
      process.stderr.write(`${tty ? "\r" : ""}  simulated to ${formatClock(now).slice(0, 5)}, ${events} events${tty ? "" : "\n"}`),
    onStep: (now) => void (reached = now)
  }).pipe(stoppedAt(() => reached))
  if (tty) process.stderr.write("\n")
  yield* Console.log(renderVerdictTable(executed.report, executed.wallSeconds))
  if (scenario.phases.length > 0) {
    // A cutover scenario: its runbook (steps, go/no-go, PRT, rollback, whom to notify) beside the reports.
    const runbook = yield* writeScenarioRunbook(path, scenario, outDir)
    yield* Console.log(`runbook: ${runbook.map(displayPath).join(", ")}`)
  }
  return executed.report
})

export const runCommand = Command.make("run", { scenario: scenarioFile, estate: estateFlag, seed: seedFlag, out: outFlag, view: viewFlag, port: portFlag, host: hostFlag }, (flags) =>
  Effect.gen(function*() {
    const report = yield* runScenarioFile(flags.scenario, flags)
    if (flags.view) {
      if (report.files.trace === "") return yield* new InputInvalid({ file: "--view", issues: [issue("", "a scenario that writes its trace (write: includes trace)", "write without trace")] })
      yield* servePlayback(report.files.trace, flags)
    }
    if (report.verdict === "fail") return yield* Effect.fail(new ExitCode(1))
    return Option.none()
  })).pipe(Command.withDescription("Run a scenario (rehearsal, cutover phase, PRT or drill): trace, reports and a verdict"))

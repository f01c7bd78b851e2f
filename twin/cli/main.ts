/**
 * The `twin` command line: subcommands, and how failures end — bad input prints one
 * `FILE:PATH: expected …, got …` line per issue and exits 2; a bad flag prints the help and exits 2;
 * a scenario whose checks fail exits 1 (after its reports are written); Ctrl-C (SIGINT) exits 130 and SIGTERM
 * 143 (128 + the signal's number, as a shell reports a process the signal ended), after the command has
 * stopped and removed its partial files; anything else is a bug and is reported with its cause.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Cause, Console, Effect, Exit, Runtime } from "effect"
import { CliError, Command } from "effect/cli"
import { renderInputInvalid } from "../../topology/input-issue.ts"
import { ecpCommand } from "./ecp-command.ts"
import { drillCommand } from "./drill-command.ts"
import { estate } from "./estate-commands.ts"
import { ThreadLost } from "../simulate/thread-warden.ts"
import { ExitCode } from "./exit-code.ts"
import { listCommand } from "./list-command.ts"
import { omdCommand } from "./omd-command.ts"
import { participantCommand } from "./participant-command.ts"
import { runCommand } from "./run-command.ts"
import { serveCommand } from "./serve-command.ts"
import { simulateCommand } from "./simulate-command.ts"
import { planCommand } from "./plan-command.ts"
import { sweepCommand } from "./sweep-command.ts"
import { runnerCommand } from "./runner-command.ts"

export const twin = Command.make("twin").pipe(
  Command.withDescription("backbone-twin: a digital twin of the HKEX securities-market backbone network"),
  Command.withSubcommands([
    estate,
    simulateCommand,
    runCommand,
    serveCommand,
    drillCommand,
    sweepCommand,
    planCommand,
    participantCommand,
    listCommand,
    ecpCommand,
    omdCommand,
    runnerCommand
  ]),
  Command.withExamples([
    { command: "twin list scenarios", description: "What there is to run" },
    { command: "twin run scenarios/library/drills/broken-plan-lines-together.yaml", description: "Run a drill: verdict table, reports, affected.csv" },
    { command: "twin sweep scenarios/library/cutover", description: "N-1 through the shipped plan" }
  ])
)

export const runTwin = (argv: ReadonlyArray<string>): void => {
  const program = Command.runWith(twin, { version: "0.1.0" })(argv).pipe(
    Effect.catchTag("InputInvalid", (e) =>
      Effect.forEach(renderInputInvalid(e), (line) => Console.error(line)).pipe(Effect.andThen(Effect.fail(new ExitCode(2))))),
    Effect.catchIf(CliError.isCliError, () => Effect.fail(new ExitCode(2))),
    // A worker thread lost (out of memory, killed): one line and its own code, not an internal error.
    Effect.catchDefect((defect) =>
      defect instanceof ThreadLost
        ? Console.error(`twin: ${defect.message}; nothing was written (one thread needs no worker: twin run --threads 1, twin simulate --workers 1)`).pipe(Effect.andThen(Effect.fail(new ExitCode(3))))
        : Effect.die(defect)
    ),
    Effect.tapCause((cause) =>
      Cause.hasInterruptsOnly(cause) || Cause.squash(cause) instanceof ExitCode ? Effect.void : Console.error(`twin: internal error\n${Cause.pretty(cause)}`)
    ),
    Effect.provide(NodeServices.layer)
  )
  // NodeRuntime interrupts the program on either signal; which one it was decides the exit code.
  let signal: "SIGINT" | "SIGTERM" = "SIGINT"
  process.once("SIGINT", () => (signal = "SIGINT"))
  process.once("SIGTERM", () => (signal = "SIGTERM"))
  const teardown: Runtime.Teardown = (exit, onExit) =>
    Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause) ? onExit(signal === "SIGTERM" ? 143 : 130) : Runtime.defaultTeardown(exit, onExit)
  NodeRuntime.runMain(program, { disableErrorReporting: true, teardown })
}

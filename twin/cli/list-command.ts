/**
 * `twin list scenarios|drills|faults|checks [--json|--csv]`: what there is to run and to write in a
 * scenario — the shipped library's scenarios (path, name, phases, faults, checks), the training drills
 * (drill-list.ts), the fault kinds and the check kinds, one line each (catalogue-list.ts).
 */
import { Console, Effect } from "effect"
import { Command } from "effect/cli"
import { checkKinds, faultKinds, type KindEntry, kindsCsv, libraryScenarios, renderColumns, scenariosCsv } from "./catalogue-list.ts"
import { drillsCsv, drillSummary, shippedDrills } from "./drill-list.ts"
import { json } from "./estate-input.ts"
import { csv, type OutputFormat, outputFormat } from "./output-format.ts"

const print = (format: OutputFormat, asJson: unknown, asCsv: () => string, asText: () => string) =>
  format === "json" ? Console.log(JSON.stringify(asJson, null, 2))
  : format === "csv" ? Effect.sync(() => void process.stdout.write(asCsv()))
  : Console.log(asText())

const kindsCommand = (name: "faults" | "checks", kinds: () => ReadonlyArray<KindEntry>, what: string, doc: string) =>
  Command.make(name, { json, csv }, (flags) =>
    Effect.gen(function*() {
      const format = yield* Effect.fromResult(outputFormat(flags))
      const list = kinds()
      yield* print(format, list, () => kindsCsv(list), () => renderColumns(list.map((k) => [k.kind, k.description])))
    })).pipe(
      Command.withDescription(`The ${what} a scenario may name, one line each (details and parameters: ${doc})`),
      Command.withExamples([
        { command: `twin list ${name}`, description: `Every ${what.replace(/s$/, "")} with what it does` },
        { command: `twin list ${name} --json`, description: "[{kind, description}] for a tool" }
      ])
    )

const scenarios = Command.make("scenarios", { json, csv }, (flags) =>
  Effect.gen(function*() {
    const format = yield* Effect.fromResult(outputFormat(flags))
    const list = yield* libraryScenarios()
    yield* print(format, list, () => scenariosCsv(list), () =>
      renderColumns(list.map((s) => [s.file, `${s.name} (${[
        s.phases > 0 ? `${s.phases} phase${s.phases === 1 ? "" : "s"}` : "",
        s.faults > 0 ? `${s.faults} fault${s.faults === 1 ? "" : "s"}` : "",
        `${s.checks} check${s.checks === 1 ? "" : "s"}`
      ].filter((x) => x !== "").join(", ")})`])))
  })).pipe(
    Command.withDescription("The shipped scenario library (scenarios/library): each file's path for twin run, its name, phases, faults and checks"),
    Command.withExamples([
      { command: "twin list scenarios", description: "Every rehearsal, cutover phase and drill, one line each" },
      { command: "twin list scenarios --csv > library.csv", description: "The same as CSV: file, id, name, phases, faults, checks" }
    ])
  )

const drills = Command.make("drills", { json, csv }, (flags) =>
  Effect.gen(function*() {
    const format = yield* Effect.fromResult(outputFormat(flags))
    const list = yield* shippedDrills()
    yield* print(format, list, () => drillsCsv(list), () => renderColumns(list.map((d) => [d.file, drillSummary(d)])))
  })).pipe(
    Command.withDescription("The shipped training drills (scenarios/drills) for twin drill: each file's path, its name, window, the services the trainee must name and the actions expected"),
    Command.withExamples([
      { command: "twin list drills", description: "Every training drill, one line each" },
      { command: "twin list drills --json", description: "[{file, id, name, date, from, to, services, actions}] for a tool" }
    ])
  )

export const listCommand = Command.make("list").pipe(
  Command.withDescription("List the shipped scenarios and training drills, the fault kinds and the check kinds"),
  Command.withSubcommands([
    scenarios,
    drills,
    kindsCommand("faults", faultKinds, "fault kinds", "docs/faults.md"),
    kindsCommand("checks", checkKinds, "check kinds", "docs/checks.md")
  ]),
  Command.withExamples([{ command: "twin list faults", description: "The fault kinds a scenario's faults: may use" }])
)

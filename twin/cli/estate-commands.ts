/**
 * `twin estate validate|show|spof`: read an estate, check it, describe it, and list its single points of
 * failure in a cutover state. Text for people, `--json` for tools, `--csv` (show, spof) for a spreadsheet.
 */
import { Console, Effect } from "effect"
import { Command } from "effect/cli"
import { formatWarning } from "../../topology/input-issue.ts"
import { defaultEstatePath, displayPath } from "../../topology/load.ts"
import { nMinusOne } from "../../topology/n-minus-one.ts"
import { singlePointsByService, summarise } from "../../topology/summary.ts"
import { cutoverState, estateFile, json, loadValidEstate, moved } from "./estate-input.ts"
import { showCsv, spofCsv } from "./estate-csv.ts"
import { renderShow, renderSpof, spofJson } from "./estate-render.ts"
import { csv, outputFormat } from "./output-format.ts"

const validate = Command.make("validate", { file: estateFile, json }, ({ file, json }) =>
  Effect.gen(function*() {
    const valid = yield* loadValidEstate(file, { simulates: false })
    const name = valid.model.file.name
    if (json) {
      return yield* Console.log(JSON.stringify({ valid: true, estate: name, warnings: valid.warnings }, null, 2))
    }
    const where = displayPath(file._tag === "Some" ? file.value : defaultEstatePath)
    for (const w of valid.warnings) yield* Console.error(formatWarning(where, w))
    yield* Console.log(
      `${where}: valid — ${valid.model.nodes.length} nodes, ${valid.model.links.length} links, ` +
        `${valid.model.file.participants.length} participants, ${valid.model.flows.length} flows; ` +
        `${valid.warnings.length} warning(s)`
    )
  })).pipe(
    Command.withDescription("Check an estate file: shapes, references, paths, A/B separation; warn on single points of failure"),
    Command.withExamples([
      { command: "twin estate validate", description: "Check the shipped estate, topology/default-estate.yaml" },
      { command: "twin estate validate my-estate.yaml --json", description: "{valid, estate, warnings} for a tool; bad input exits 2" }
    ])
  )

const show = Command.make("show", { file: estateFile, moved, json, csv }, ({ file, moved, json, csv }) =>
  Effect.gen(function*() {
    const format = yield* Effect.fromResult(outputFormat({ json, csv }))
    const valid = yield* loadValidEstate(file, { simulates: false })
    const state = yield* Effect.fromResult(cutoverState(valid.model, moved))
    const analysis = state.moved.size === 0 ? valid.baseline : nMinusOne(valid.model, state)
    const summary = summarise(valid.model, analysis)
    if (format === "csv") return yield* Effect.sync(() => process.stdout.write(showCsv(summary)))
    yield* Console.log(format === "json" ? JSON.stringify(summary, null, 2) : renderShow(summary))
  })).pipe(
    Command.withDescription("Counts by kind and a per-service redundancy summary"),
    Command.withExamples([
      { command: "twin estate show", description: "The shipped estate with nothing moved" },
      { command: "twin estate show --moved all --csv", description: "Every unit on the new backbone; the per-service table as CSV" }
    ])
  )

const spof = Command.make("spof", { file: estateFile, moved, json, csv }, ({ file, moved, json, csv }) =>
  Effect.gen(function*() {
    const format = yield* Effect.fromResult(outputFormat({ json, csv }))
    const valid = yield* loadValidEstate(file, { simulates: false })
    const state = yield* Effect.fromResult(cutoverState(valid.model, moved))
    // The full table, with what each failure leaves on the path (validation's baseline leaves that out).
    const analysis = nMinusOne(valid.model, state)
    const byService = singlePointsByService(analysis)
    if (format === "csv") return yield* Effect.sync(() => process.stdout.write(spofCsv(analysis)))
    yield* Console.log(format === "json" ? JSON.stringify(spofJson(valid.model, analysis, byService), null, 2) : renderSpof(valid.model, analysis, byService))
  })).pipe(
    Command.withDescription("Single points of failure per service and the N-1 table, in a cutover state (--moved)"),
    Command.withExamples([
      { command: "twin estate spof --moved access-dc1-a,omdc-dc1-line-a", description: "Two units moved: who loses what if one more element fails" },
      { command: "twin estate spof --csv > n-1.csv", description: "The whole N-1 table, one row per element, participant, service and effect" }
    ])
  )

export const estate = Command.make("estate").pipe(
  Command.withDescription("Inspect the estate: the HKEX backbone, its systems and participants"),
  Command.withExamples([{ command: "twin estate spof --json", description: "Single points of failure of the shipped estate, as JSON" }]),
  Command.withSubcommands([validate, show, spof])
)

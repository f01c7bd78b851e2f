/**
 * What `twin list` lists: the shipped scenario library (every scenario file under scenarios/library, by
 * path, with its name as the one-line description and how many phases, faults and checks it has), the
 * fault kinds and the check kinds of the catalogues (each kind's own one-line `description`, in the
 * catalogues' order: docs/faults.md and docs/checks.md have the details). Each as rows for text, JSON or CSV.
 */
import { Effect, FileSystem } from "effect"
import { basename, extname } from "node:path"
import { fileURLToPath } from "node:url"
import { checkCatalogue } from "../../scenarios/checks/catalogue.ts"
import { faultCatalogue } from "../../scenarios/faults/catalogue.ts"
import { renderCsv } from "../contract/csv.ts"
import { parseScenario } from "../../scenarios/load.ts"
import { displayPath } from "../../topology/load.ts"
import type { InputInvalid } from "../../topology/input-issue.ts"
import { scenarioTextsUnder } from "./scenario-files.ts"

/** The shipped library, found from this module so `twin list` works from any folder. */
export const libraryFolder = fileURLToPath(new URL("../../scenarios/library/", import.meta.url))

export interface KindEntry {
  readonly kind: string
  readonly description: string
}

export interface ScenarioEntry {
  /** The path to give `twin run`, relative to the current folder when under it. */
  readonly file: string
  readonly id: string
  readonly name: string
  readonly phases: number
  readonly faults: number
  /** The scenario's checks and its phases' pre- and post-checks. */
  readonly checks: number
}

export const faultKinds = (): ReadonlyArray<KindEntry> => [...faultCatalogue.values()].map((k) => ({ kind: k.kind, description: k.description }))
export const checkKinds = (): ReadonlyArray<KindEntry> => [...checkCatalogue.values()].map((k) => ({ kind: k.kind, description: k.description }))

/** Every scenario file under `folder`, sorted by its path below it; a file that does not decode is bad input. */
export const libraryScenarios = (folder: string = libraryFolder): Effect.Effect<ReadonlyArray<ScenarioEntry>, InputInvalid, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const out: Array<ScenarioEntry> = []
    for (const { name, path, text } of yield* scenarioTextsUnder(folder)) {
      const file = yield* Effect.fromResult(parseScenario(displayPath(path), text))
      out.push({
        file: displayPath(path),
        id: basename(name, extname(name)),
        name: file.name,
        phases: file.phases?.length ?? 0,
        faults: file.faults?.length ?? 0,
        checks: (file.checks?.length ?? 0) + (file.phases ?? []).reduce((n, p) => n + (p.preChecks?.length ?? 0) + (p.postChecks?.length ?? 0), 0)
      })
    }
    return out
  })

/** Two aligned columns, the second free to run long: `link-down   A link is down …`. */
export const renderColumns = (rows: ReadonlyArray<readonly [string, string]>): string => {
  const width = Math.max(0, ...rows.map(([a]) => a.length))
  return rows.map(([a, b]) => `${a.padEnd(width)}  ${b}`).join("\n")
}

export const KIND_CSV_HEADER = ["kind", "description"] as const
export const kindsCsv = (kinds: ReadonlyArray<KindEntry>): string => renderCsv(KIND_CSV_HEADER, kinds.map((k) => [k.kind, k.description]))

export const SCENARIO_CSV_HEADER = ["file", "id", "name", "phases", "faults", "checks"] as const
export const scenariosCsv = (scenarios: ReadonlyArray<ScenarioEntry>): string =>
  renderCsv(SCENARIO_CSV_HEADER, scenarios.map((s) => [s.file, s.id, s.name, s.phases, s.faults, s.checks]))

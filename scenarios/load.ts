/**
 * Reading a scenario file: bytes → YAML/JSON → `ScenarioFile` (Schema) → its estate loaded and validated →
 * `Scenario` (resolve.ts). Every failure is an `InputInvalid` whose lines read `FILE:PATH: expected …, got …`
 * (the estate's own problems name the estate file).
 */
import { Effect, FileSystem, Option, Result } from "effect"
import { basename, dirname, extname, resolve } from "node:path"
import { decodeDocument } from "../topology/decode-document.ts"
import { InputInvalid, issue } from "../topology/input-issue.ts"
import { isFolder, readInputText } from "../topology/input-text.ts"
import { isSeed, SEED_EXPECTED } from "../twin/engine/seed.ts"
import { defaultEstatePath, displayPath, loadEstateFile } from "../topology/load.ts"
import { checkSimulable, validateEstate } from "../topology/validate.ts"
import { resolveScenario } from "./resolve.ts"
import { estateSettingsInput } from "./settings/settings.ts"
import type { Catalogues, Scenario } from "./scenario.ts"
import { ScenarioFile } from "./schema.ts"

export interface LoadOptions {
  /** Overrides the scenario's `estate:` (the CLI's --estate). */
  readonly estate?: string | undefined
  /** Overrides the scenario's `seed:` (the CLI's --seed). */
  readonly seed?: number | undefined
  readonly catalogues: Catalogues
}

/** Pure: the text of a scenario file → its decoded shape, or every issue. */
export const parseScenario: (file: string, text: string) => Result.Result<ScenarioFile, InputInvalid> = decodeDocument(ScenarioFile)

/** The estate a scenario names: `default` (or nothing) is the shipped estate; a path is relative to the scenario. */
export const estatePathOf = (scenarioPath: string, estate: string | undefined): string =>
  estate === undefined || estate === "default" ? defaultEstatePath : resolve(dirname(scenarioPath), estate)

/** The same, unknown fields let be: what the file means once they are taken out. */
const parseScenarioKnownFields = decodeDocument(ScenarioFile, { excess: "ignore" })

export const loadScenario = Effect.fn("Scenario.load")(function*(path: string, options: LoadOptions) {
  const file = displayPath(path)
  const text = yield* readInputText(path, file, "a readable scenario file")
  const parsed = parseScenario(file, text)
  if (Result.isSuccess(parsed)) return yield* resolveScenarioFile(path, parsed.success, options)
  // Every problem is reported: an unknown field (`durationn:`) must not hide a bad fault beside it
  // (`forr:`), which only resolving finds. When unknown fields are the file's only decoding problems, the
  // rest is resolved too and its problems follow; the estate's own problems are its file's, left for a run.
  const known = parseScenarioKnownFields(file, text)
  if (Result.isFailure(known)) return yield* parsed.failure
  const rest = yield* resolveScenarioFile(path, known.success, options).pipe(Effect.flip, Effect.option)
  const more = Option.isSome(rest) && rest.value instanceof InputInvalid && rest.value.file === file ? rest.value.issues : []
  return yield* new InputInvalid({ file, issues: [...parsed.failure.issues, ...more] })
})

/**
 * A decoded scenario file at `path` → its estate loaded and validated → the resolved `Scenario` (drill files,
 * scenarios/drill/, decode a scenario with more fields and resolve it here).
 */
export const resolveScenarioFile = Effect.fn("Scenario.resolveFile")(function*(path: string, scenario: ScenarioFile, options: LoadOptions) {
  const fs = yield* FileSystem.FileSystem
  const file = displayPath(path)
  if (options.seed !== undefined && !isSeed(options.seed)) return yield* new InputInvalid({ file: "--seed", issues: [issue("", SEED_EXPECTED, String(options.seed))] })
  const estatePath = options.estate === undefined ? estatePathOf(path, scenario.estate) : resolve(options.estate)
  const exists = yield* fs.exists(estatePath).pipe(Effect.orElseSucceed(() => false))
  if (!exists) {
    return yield* options.estate === undefined
      ? new InputInvalid({ file, issues: [issue("estate", "default or the path of an estate file, relative to the scenario", JSON.stringify(scenario.estate))] })
      : new InputInvalid({ file: "--estate", issues: [issue("", "the path of an estate file", JSON.stringify(options.estate))] })
  }
  if (yield* isFolder(estatePath)) {
    return yield* options.estate === undefined
      ? new InputInvalid({ file, issues: [issue("estate", "the path of an estate file", "a folder")] })
      : new InputInvalid({ file: "--estate", issues: [issue("", "the path of an estate file", "a folder")] })
  }
  const estate = yield* loadEstateFile(estatePath)
  const estateFile = displayPath(estatePath)
  const valid = yield* Effect.fromResult(validateEstate(estateFile, estate))
  // A scenario runs the engine: the estate must give every role its participants need.
  yield* Effect.fromResult(checkSimulable(estateFile, estate))
  // The estate's settings are its own problems (named by the estate file), found before the scenario's.
  yield* Effect.fromResult(estateSettingsInput(estateFile, valid.model))
  const resolved = resolveScenario({
    id: basename(path, extname(path)),
    file,
    scenario,
    model: valid.model,
    estateFile,
    seed: options.seed ?? scenario.seed ?? 1,
    catalogues: options.catalogues
  })
  if (Result.isFailure(resolved)) return yield* new InputInvalid({ file, issues: resolved.failure })
  return resolved.success satisfies Scenario
})

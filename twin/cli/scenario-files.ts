/**
 * Scenario paths named on the command line, a folder standing for its scenario files (`.yaml`, `.yml`,
 * `.json`) in name order — `scenarios/library/cutover` is the shipped plan's seven phases. Used by
 * `twin run FOLDER` and `twin sweep`. A missing path, or a folder with no scenario file, is bad input.
 */
import { Effect, FileSystem, Option } from "effect"
import { extname, join } from "node:path"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { displayPath } from "../../topology/load.ts"

export const SCENARIO_EXTENSIONS: ReadonlyArray<string> = [".yaml", ".yml", ".json"]

/**
 * Every scenario file under `folder` and its subfolders (a shipped library: scenarios/library,
 * scenarios/drills), sorted by its path below it, with its text; an unreadable folder is none, an
 * unreadable file an empty text (its decoding then says what is wrong).
 */
export const scenarioTextsUnder = (folder: string): Effect.Effect<ReadonlyArray<{ readonly name: string; readonly path: string; readonly text: string }>, never, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const names = yield* fs.readDirectory(folder, { recursive: true }).pipe(Effect.orElseSucceed((): ReadonlyArray<string> => []))
    const out: Array<{ name: string; path: string; text: string }> = []
    for (const name of names.filter((n) => SCENARIO_EXTENSIONS.includes(extname(n))).sort()) {
      const path = join(folder, name)
      out.push({ name, path, text: yield* fs.readFileString(path).pipe(Effect.orElseSucceed(() => "")) })
    }
    return out
  })

/** Whether `path` is a folder (false for a file or a missing path: loading it says what is wrong). */
export const isFolder = (path: string): Effect.Effect<boolean, never, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const info = yield* fs.stat(path).pipe(Effect.option)
    return Option.isSome(info) && info.value.type === "Directory"
  })

/** Files named on the command line, folders expanded; missing paths as input issues. */
export const scenarioFiles = (args: ReadonlyArray<string>): Effect.Effect<ReadonlyArray<string>, InputInvalid, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const out: Array<string> = []
    for (const a of args) {
      const info = yield* fs.stat(a).pipe(Effect.option)
      if (Option.isNone(info)) return yield* new InputInvalid({ file: displayPath(a), issues: [issue("", "a scenario file or a folder of them", "no such file")] })
      if (info.value.type !== "Directory") out.push(a)
      else {
        const names = yield* fs.readDirectory(a).pipe(Effect.orElseSucceed((): ReadonlyArray<string> => []))
        const files = names.filter((f) => SCENARIO_EXTENSIONS.includes(extname(f))).sort()
        if (files.length === 0) return yield* new InputInvalid({ file: displayPath(a), issues: [issue("", "a folder with scenario files (.yaml, .yml, .json)", "none")] })
        out.push(...files.map((f) => join(a, f)))
      }
    }
    return out
  })

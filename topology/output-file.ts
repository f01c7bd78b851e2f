/**
 * Writing output files: the write side of load.ts, through the same FileSystem service. Every output is
 * written to `.NAME.partial` in its own folder and renamed to NAME when complete, so a run stopped midway
 * never leaves a file under its final name that a reader could take for complete (the partial file is
 * removed when the run stops). A path that cannot be written is bad input: one line
 * `PATH: expected a writable folder, got …` (exit 2), never a crash.
 */
import { Effect, Exit, FileSystem, Option, type PlatformError, type Scope } from "effect"
import { basename, dirname, join, resolve } from "node:path"
import { InputInvalid, issue } from "./input-issue.ts"
import { displayPath } from "./load.ts"

/** Where a file is written before it is complete: `.trace.ndjson.partial` beside `trace.ndjson`. */
export const partialName = (path: string): string => join(dirname(path), `.${basename(path)}.partial`)

const got = (e: PlatformError.PlatformError): string => {
  const reason = e.reason
  if (reason._tag === "BadArgument") return reason.description ?? "a bad path"
  switch (reason._tag) {
    case "PermissionDenied":
      return "no permission to write there"
    case "AlreadyExists":
      return "a file"
    case "NotFound":
      return "a path that cannot be made"
    default:
      // a platform tag (`BadResource`) means nothing to a user
      return reason.description ?? "a path that cannot be written"
  }
}

const unwritable = (path: string, expected: string) => (e: PlatformError.PlatformError): InputInvalid =>
  new InputInvalid({ file: displayPath(path), issues: [issue("", expected, got(e))] })

const folderIssue = (dir: string, what: string) => new InputInvalid({ file: displayPath(dir), issues: [issue("", "a writable folder", what)] })

/**
 * The folder outputs go to, made if missing (one level at a time: Node's recursive mkdir never returns
 * under /proc). A file in its place or on its way, or a folder that cannot be made, is bad input.
 */
export const outputFolder = Effect.fn("Output.folder")(function*(dir: string) {
  const fs = yield* FileSystem.FileSystem
  const missing: Array<string> = []
  for (let at = resolve(dir); ; at = dirname(at)) {
    const info = yield* fs.stat(at).pipe(Effect.option)
    if (Option.isSome(info)) {
      if (info.value.type !== "Directory") return yield* folderIssue(dir, at === resolve(dir) ? "a file" : `a file at ${displayPath(at)}`)
      break
    }
    missing.unshift(at)
    if (dirname(at) === at) break
  }
  for (const at of missing) yield* fs.makeDirectory(at).pipe(Effect.mapError(unwritable(dir, "a writable folder")))
})

/** A file path outputs go to: its folder made if missing; a folder in its place is bad input. */
export const outputFilePath = Effect.fn("Output.filePath")(function*(path: string) {
  const fs = yield* FileSystem.FileSystem
  yield* outputFolder(dirname(resolve(path)))
  const info = yield* fs.stat(path).pipe(Effect.option)
  if (Option.isSome(info) && info.value.type === "Directory") {
    return yield* new InputInvalid({ file: displayPath(path), issues: [issue("", "a writable file", "a folder")] })
  }
})

/** Writes a whole file: to its partial name first, renamed when written (the partial removed if that fails). */
export const writeOutput = Effect.fn("Output.write")(function*(path: string, text: string) {
  const fs = yield* FileSystem.FileSystem
  const partial = partialName(path)
  yield* fs.writeFileString(partial, text).pipe(
    Effect.andThen(fs.rename(partial, path)),
    Effect.onError(() => fs.remove(partial, { force: true }).pipe(Effect.ignore)),
    Effect.mapError(unwritable(path, "a writable file"))
  )
})

/**
 * A file written piece by piece as a run goes (the trace): `write` keeps the text in memory (the run is
 * synchronous between its steps), `flush` appends what was kept to the partial file, `commit` flushes and
 * renames it to its final name. If the scope closes before `commit`, the partial file is removed.
 */
export interface OutputStream {
  readonly write: (chunk: string) => void
  readonly flush: Effect.Effect<void, InputInvalid>
  /** Empties the partial file and drops what was not flushed: what follows is written from its start. */
  readonly restart: Effect.Effect<void, InputInvalid>
  readonly commit: Effect.Effect<void, InputInvalid>
}

export const openOutput = (path: string): Effect.Effect<OutputStream, InputInvalid, FileSystem.FileSystem | Scope.Scope> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const partial = partialName(path)
    const failed = unwritable(path, "a writable file")
    let committed = false
    yield* Effect.addFinalizer((exit) => committed && Exit.isSuccess(exit) ? Effect.void : fs.remove(partial, { force: true }).pipe(Effect.ignore))
    const file = yield* fs.open(partial, { flag: "w" }).pipe(Effect.mapError(failed))
    let pending: Array<string> = []
    // Whole or not at all: interrupted half-way (a race that a flush loses), it would drop what it took.
    const flush = Effect.uninterruptible(Effect.suspend(() => {
      if (pending.length === 0) return Effect.void
      const text = pending.join("")
      pending = []
      return file.writeAll(Buffer.from(text, "utf8")).pipe(Effect.mapError(failed))
    }))
    return {
      write: (chunk: string) => void pending.push(chunk),
      flush,
      restart: Effect.suspend(() => {
        pending = []
        return file.truncate(0).pipe(Effect.andThen(file.seek(BigInt(0), "start")), Effect.asVoid, Effect.mapError(failed))
      }),
      commit: flush.pipe(
        Effect.andThen(fs.rename(partial, path).pipe(Effect.mapError(failed))),
        Effect.tap(() => Effect.sync(() => (committed = true)))
      )
    }
  })

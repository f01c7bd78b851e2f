/**
 * Bytes of an input file → text, refusing bytes that are not UTF-8 (issue 16 defect 3): Node's usual
 * decoding puts U+FFFD in their place, so a name with a stray byte was silently a different name. The
 * refusal names the line and column (in bytes) of the first bad sequence, like a syntax error.
 */
import { Effect, FileSystem, Option, PlatformError, Result } from "effect"
import { InputInvalid, issue } from "./input-issue.ts"

const strict = new TextDecoder("utf-8", { fatal: true })

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence, or -1. */
export const firstInvalidUtf8 = (bytes: Uint8Array): number => {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    // lead byte → sequence length and the range of the second byte (no overlongs, no surrogates, ≤ U+10FFFF)
    const [n, lo, hi] = b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf]
      : b === 0xe0 ? [3, 0xa0, 0xbf]
      : b === 0xed ? [3, 0x80, 0x9f]
      : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf]
      : b === 0xf0 ? [4, 0x90, 0xbf]
      : b === 0xf4 ? [4, 0x80, 0x8f]
      : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf]
      : [0, 0, 0]
    if (n === 0) return i
    const second = bytes[i + 1]
    if (second === undefined || second < lo || second > hi) return i
    for (let k = 2; k < n; k++) {
      const c = bytes[i + k]
      if (c === undefined || c < 0x80 || c > 0xbf) return i
    }
    i += n
  }
  return -1
}

/** UTF-8 bytes → text, or the one issue `LINE:COL: expected UTF-8 text, got …`. */
export const decodeUtf8 = (file: string, bytes: Uint8Array): Result.Result<string, InputInvalid> => {
  const bad = firstInvalidUtf8(bytes)
  if (bad < 0) return Result.succeed(strict.decode(bytes))
  let line = 1
  let lineStart = 0
  for (let i = 0; i < bad; i++) {
    if (bytes[i] === 0x0a) {
      line++
      lineStart = i + 1
    }
  }
  const hex = bytes[bad]!.toString(16).toUpperCase().padStart(2, "0")
  return Result.fail(new InputInvalid({ file, issues: [issue(`${line}:${bad - lineStart + 1}`, "UTF-8 text", `the byte 0x${hex}, which is not UTF-8 there`)] }))
}

/** What a read failure's reason is, in the user's words (a platform tag like `BadResource` means nothing to them). */
const REASONS: Readonly<Record<PlatformError.SystemErrorTag, string>> = {
  AlreadyExists: "a path that already exists",
  BadResource: "a path that is not a regular file",
  Busy: "a file busy elsewhere",
  InvalidData: "data that cannot be read",
  NotFound: "no such file",
  PermissionDenied: "a file this user may not read",
  TimedOut: "no answer from the file system in time",
  UnexpectedEof: "a file that ended while being read",
  Unknown: "a file that cannot be read",
  WouldBlock: "a file that cannot be read now",
  WriteZero: "a file that cannot be read"
}

/** Why `path` could not be read, as the `got` of a refusal: `a folder`, `no such file`, … */
export const readFailure = (path: string, error: PlatformError.PlatformError) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const info = yield* fs.stat(path).pipe(Effect.option)
    if (Option.isSome(info) && info.value.type === "Directory") return "a folder"
    return error.reason._tag === "BadArgument" ? "a path that cannot be read" : REASONS[error.reason._tag]
  })

/** Whether `path` names a folder (a path where a file is expected is refused as `got a folder`). */
export const isFolder = (path: string) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const info = yield* fs.stat(path).pipe(Effect.option)
    return Option.isSome(info) && info.value.type === "Directory"
  })

/** Reads an input file as UTF-8 text; `what` names it in the refusal when it cannot be read. */
export const readInputText = (path: string, file: string, what: string) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const read = yield* fs.readFile(path).pipe(Effect.result)
    if (Result.isFailure(read)) return yield* new InputInvalid({ file, issues: [issue("", what, yield* readFailure(path, read.failure))] })
    return yield* Effect.fromResult(decodeUtf8(file, read.success))
  })

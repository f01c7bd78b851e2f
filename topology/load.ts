/**
 * Reading an estate file: bytes → YAML/JSON → Schema-decoded `EstateFile`, every failure an `InputInvalid`
 * whose lines read `FILE:PATH: expected …, got …`.
 *
 * Loading only checks shapes; `validate.ts` checks the references and rules that need the whole estate.
 */
import { Effect, type Result } from "effect"
import { fileURLToPath } from "node:url"
import { relative } from "node:path"
import { decodeDocument } from "./decode-document.ts"
import type { InputInvalid } from "./input-issue.ts"
import { readInputText } from "./input-text.ts"
import { EstateFile } from "./schema.ts"

/** The shipped default estate; `FILE` arguments default to it. */
export const defaultEstatePath: string = fileURLToPath(new URL("./default-estate.yaml", import.meta.url))

/** How a file is named in messages: relative to the working directory when it lies below it. */
export const displayPath = (file: string): string => {
  const rel = relative(process.cwd(), file)
  return rel.startsWith("..") || rel === "" ? file : rel
}

/** Pure: text of an estate file → the decoded file, or every issue found. */
export const parseEstate: (file: string, text: string) => Result.Result<EstateFile, InputInvalid> = decodeDocument(EstateFile)

export const loadEstateFile = Effect.fn("Estate.loadFile")(function*(path: string) {
  const file = displayPath(path)
  const text = yield* readInputText(path, file, "a readable estate file")
  return yield* Effect.fromResult(parseEstate(file, text))
})

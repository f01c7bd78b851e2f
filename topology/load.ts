/**
 * Reading an estate file: bytes → YAML/JSON → Schema-decoded `EstateFile`, every failure an `InputInvalid`
 * whose lines read `FILE:PATH: expected …, got …`.
 *
 * Loading only checks shapes; `validate.ts` checks the references and rules that need the whole estate.
 */
import { Effect, Result } from "effect"
import { fileURLToPath } from "node:url"
import { relative } from "node:path"
import { decodeDocument } from "./decode-document.ts"
import { checkReferences } from "./check-references.ts"
import { InputInvalid } from "./input-issue.ts"
import { readInputText } from "./input-text.ts"
import { EstateFile } from "./schema.ts"

/** The shipped default estate; `FILE` arguments default to it. */
export const defaultEstatePath: string = fileURLToPath(new URL("./default-estate.yaml", import.meta.url))

/** How a file is named in messages: relative to the working directory when it lies below it. */
export const displayPath = (file: string): string => {
  const rel = relative(process.cwd(), file)
  return rel.startsWith("..") || rel === "" ? file : rel
}

const decodeEstate = decodeDocument(EstateFile)
/** The same, unknown fields let be: what the file means once they are taken out. */
const decodeEstateKnownFields = decodeDocument(EstateFile, { excess: "ignore" })

/**
 * Pure: text of an estate file → the decoded file, or every issue found. An unknown field (`roles.omdcRefrsh`)
 * must not hide the references the rest gets wrong: when unknown fields are the only decoding problems, the
 * references are checked too (not the path analysis, which waits for a file that decodes).
 */
export const parseEstate = (file: string, text: string): Result.Result<EstateFile, InputInvalid> => {
  const parsed = decodeEstate(file, text)
  if (Result.isSuccess(parsed)) return parsed
  const known = decodeEstateKnownFields(file, text)
  if (Result.isFailure(known)) return parsed
  return Result.fail(new InputInvalid({ file, issues: [...parsed.failure.issues, ...checkReferences(known.success)] }))
}

export const loadEstateFile = Effect.fn("Estate.loadFile")(function*(path: string) {
  const file = displayPath(path)
  const text = yield* readInputText(path, file, "a readable estate file")
  return yield* Effect.fromResult(parseEstate(file, text))
})

/**
 * Text of an input file → a value of `schema`, or an `InputInvalid` with every issue found: YAML/JSON
 * syntax errors as `LINE:COL`, then Schema's issues with their paths. Unknown fields are errors (a typo
 * must not silently do nothing). Estates and scenarios both load through it.
 */
import { Result, Schema } from "effect"
import { fromSchemaIssue, InputInvalid } from "./input-issue.ts"
import { parseDocumentText } from "./parse-document.ts"

export const decodeDocument = <A>(schema: Schema.Decoder<A>, options?: { readonly excess: "error" | "ignore" }) => {
  const decode = Schema.decodeUnknownResult(schema)
  return (file: string, text: string): Result.Result<A, InputInvalid> => {
    const parsed = parseDocumentText(file, text)
    if (Result.isFailure(parsed)) return Result.fail(new InputInvalid({ file, issues: parsed.failure }))
    const decoded = decode(parsed.success, { errors: "all", onExcessProperty: options?.excess ?? "error" })
    if (Result.isFailure(decoded)) {
      return Result.fail(new InputInvalid({ file, issues: fromSchemaIssue(decoded.failure.issue, parsed.success) }))
    }
    return Result.succeed(decoded.success)
  }
}

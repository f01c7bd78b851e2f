/**
 * Text → plain data for YAML and JSON inputs, with syntax errors reported as `FILE:LINE:COL: …`, and the
 * limits every document must keep (document-limits.ts: size, nesting, alias expansion).
 *
 * YAML goes through `js-yaml` (about ten times faster than the `yaml` package on the default estate, which
 * keeps loading inside the 200 ms budget), which rejects repeated keys rather than letting one silently
 * overwrite another; `.json` files are parsed strictly as JSON, repeated keys refused too (json-text.ts).
 */
import { Result } from "effect"
import { load, YAMLException } from "js-yaml"
import { documentLimitIssue, MAX_TEXT_LENGTH } from "./document-limits.ts"
import { issue, type InputIssue } from "./input-issue.ts"
import { parseJsonText } from "./json-text.ts"

export const parseDocumentText = (file: string, text: string): Result.Result<unknown, ReadonlyArray<InputIssue>> => {
  if (text.length > MAX_TEXT_LENGTH) {
    return Result.fail([issue("", `a file of at most ${MAX_TEXT_LENGTH / 1024 / 1024} MiB`, `${Math.ceil(text.length / 1024 / 1024)} MiB`)])
  }
  const parsed = file.toLowerCase().endsWith(".json") ? parseJsonText(text) : parseYaml(file, text)
  if (Result.isFailure(parsed)) return parsed
  const limit = documentLimitIssue(parsed.success)
  return limit === undefined ? parsed : Result.fail([limit])
}

const parseYaml = (file: string, text: string): Result.Result<unknown, ReadonlyArray<InputIssue>> => {
  try {
    return Result.succeed(load(text, { filename: file }))
  } catch (e) {
    if (e instanceof YAMLException) {
      const where = e.mark === undefined ? "" : `${e.mark.line + 1}:${e.mark.column + 1}`
      return Result.fail([issue(where, "valid YAML", e.reason)])
    }
    // The parser's own recursion (flow collections nested past the stack) — a hostile file, not a defect.
    if (e instanceof RangeError) return Result.fail([issue("", "valid YAML", "nesting too deep to parse")])
    throw e
  }
}

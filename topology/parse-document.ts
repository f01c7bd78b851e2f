/**
 * Text → plain data for YAML and JSON inputs, with syntax errors reported as `FILE:LINE:COL: …`, and the
 * limits every document must keep (document-limits.ts: size, nesting, alias expansion).
 *
 * YAML goes through `js-yaml` (about ten times faster than the `yaml` package on the default estate, which
 * keeps loading inside the 200 ms budget), which rejects repeated keys rather than letting one silently
 * overwrite another; `.json` files are parsed strictly as JSON.
 */
import { Result } from "effect"
import { load, YAMLException } from "js-yaml"
import { documentLimitIssue, MAX_TEXT_LENGTH } from "./document-limits.ts"
import { issue, type InputIssue } from "./input-issue.ts"

export const parseDocumentText = (file: string, text: string): Result.Result<unknown, ReadonlyArray<InputIssue>> => {
  if (text.length > MAX_TEXT_LENGTH) {
    return Result.fail([issue("", `a file of at most ${MAX_TEXT_LENGTH / 1024 / 1024} MiB`, `${Math.ceil(text.length / 1024 / 1024)} MiB`)])
  }
  const parsed = file.toLowerCase().endsWith(".json") ? parseJson(text) : parseYaml(file, text)
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

const parseJson = (text: string): Result.Result<unknown, ReadonlyArray<InputIssue>> => {
  try {
    return Result.succeed(JSON.parse(text))
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    const offset = jsonErrorOffset(text, message)
    const where = offset === undefined ? "" : lineCol(text, offset)
    const reason = message
      .replace(/ at position \d+.*$/s, "")
      .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, "")
      .replace(/\n/g, "\\n")
    return Result.fail([issue(where, "valid JSON", reason)])
  }
}

/**
 * Where JSON.parse stopped. V8 gives `position N` for most errors, but for an unexpected token it only
 * quotes about ten characters either side; find that quote in the text and the token inside it.
 */
const jsonErrorOffset = (text: string, message: string): number | undefined => {
  const at = /position (\d+)/.exec(message)
  if (at?.[1] !== undefined) return Number(at[1])
  const quoted = /^Unexpected token '(.)', (\.\.\.)?"(.*?)"(\.\.\.)? is not valid JSON$/s.exec(message)
  if (quoted === null) return undefined
  // Groups 1 and 3 always take part in a match; group 2 only when the quote was cut.
  const token = quoted[1] ?? ""
  const cutBefore = quoted[2]
  const snippet = quoted[3] ?? ""
  const start = text.indexOf(snippet)
  if (start < 0 || text.indexOf(snippet, start + 1) >= 0) return undefined
  // A cut quote starts ten characters before the error; an uncut one is the whole input, so the token
  // must be unique in it to be located.
  const inSnippet = cutBefore !== undefined
    ? snippet.indexOf(token, Math.min(10, snippet.length - 1))
    : snippet.indexOf(token) === snippet.lastIndexOf(token) ? snippet.indexOf(token) : -1
  return inSnippet < 0 ? undefined : start + inSnippet
}

const lineCol = (text: string, offset: number): string => {
  const before = text.slice(0, offset).split("\n")
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`
}

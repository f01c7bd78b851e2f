/**
 * Text → plain data for YAML and JSON inputs, with syntax errors reported as `FILE:LINE:COL: …`.
 *
 * YAML goes through `js-yaml` (about ten times faster than the `yaml` package on the default estate, which
 * keeps loading inside the 200 ms budget), which rejects repeated keys rather than letting one silently
 * overwrite another; `.json` files are parsed strictly as JSON.
 */
import { Result } from "effect"
import { load, YAMLException } from "js-yaml"
import { issue, type InputIssue } from "./input-issue.ts"

export const parseDocumentText = (file: string, text: string): Result.Result<unknown, ReadonlyArray<InputIssue>> => {
  if (file.toLowerCase().endsWith(".json")) return parseJson(text)
  try {
    return Result.succeed(load(text, { filename: file }))
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e
    const where = e.mark === undefined ? "" : `${e.mark.line + 1}:${e.mark.column + 1}`
    return Result.fail([issue(where, "valid YAML", e.reason)])
  }
}

const parseJson = (text: string): Result.Result<unknown, ReadonlyArray<InputIssue>> => {
  try {
    return Result.succeed(JSON.parse(text))
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    const at = /position (\d+)/.exec(message)
    const where = at?.[1] === undefined ? "" : lineCol(text, Number(at[1]))
    return Result.fail([issue(where, "valid JSON", firstLine(message))])
  }
}

const lineCol = (text: string, offset: number): string => {
  const before = text.slice(0, offset).split("\n")
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`
}

const firstLine = (message: string): string => {
  const line = message.split("\n")[0] ?? message
  return line.replace(/ at line \d+, column \d+:?$/, "").trim()
}

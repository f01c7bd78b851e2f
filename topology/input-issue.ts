/**
 * One problem found in an input file, and the single line a user reads for it:
 * `FILE:PATH: expected …, got …`.
 *
 * Every loader (estate, later scenarios) reports through this shape so that the CLI renders all bad input
 * the same way and tests can assert exact messages.
 */
import { Schema, SchemaIssue } from "effect"

export interface InputIssue {
  /** `links[12].to`, or `12:7` (line:column) for a syntax error, or `` for the whole file. */
  readonly path: string
  readonly expected: string
  readonly got: string
}

export const issue = (path: string, expected: string, got: string): InputIssue => ({ path, expected, got })

export const formatIssue = (file: string, i: InputIssue): string =>
  `${file}:${i.path === "" ? "" : `${i.path}:`} expected ${i.expected}, got ${i.got}`

export const formatWarning = (file: string, i: InputIssue): string =>
  `${file}:${i.path === "" ? "" : `${i.path}:`} warning: expected ${i.expected}, got ${i.got}`

/**
 * A key printed as it is: letters, digits, `_`, `-`, `$`, `@`. Any other is quoted — a newline or control
 * character would break the one-line rule, "" would vanish from the path, and a space, `.`, `:` or `"`
 * would make the path ambiguous (`links[8].la encyUs: expected …` reads as two things; found by the fuzz
 * corpus, test/fuzz/).
 */
const plainKey = /^[\w$@-]+$/
// JSON.stringify escapes the C0 controls but leaves U+0085, U+2028 and U+2029, which some readers break lines at
const escapeLineBreaks = (json: string): string =>
  json.replace(/[\u007f\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
const quoteKey = (key: string): string => escapeLineBreaks(JSON.stringify(key))

/** `["links", 12, "to"]` → `links[12].to`; a key like `"a\nb"` or `"la tency"` → `["a\nb"]`, quoted so the line stays one unambiguous line. */
export const formatPath = (path: ReadonlyArray<PropertyKey>): string => {
  let out = ""
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`
    else if (typeof key === "string" && !plainKey.test(key)) out += `[${quoteKey(key)}]`
    else out += out === "" ? String(key) : `.${String(key)}`
  }
  return out
}

/** Issues found inside the value at `prefix` (a formatted path), their paths made whole: `checks[1]` + `["a b"]` is `checks[1]["a b"]`. */
export const issuesUnder = (prefix: string, issues: ReadonlyArray<InputIssue>): Array<InputIssue> =>
  issues.map((i) => issue(i.path === "" ? prefix : i.path.startsWith("[") || prefix === "" ? `${prefix}${i.path}` : `${prefix}.${i.path}`, i.expected, i.got))

const GOT_LENGTH = 60

/**
 * A short rendering of a value for the `got` part: JSON, cut to keep the line readable. Rendered only as
 * far as the cut (a huge array or string costs no more than a small one), depth first.
 */
export const describeValue = (value: unknown): string => {
  if (value === undefined) return "nothing"
  const out: Array<string> = []
  let length = 0
  const put = (text: string): boolean => {
    out.push(text)
    length += text.length
    return length <= GOT_LENGTH
  }
  const render = (v: unknown, depth: number): boolean => {
    if (v === null || typeof v !== "object") {
      const text = typeof v === "string"
        ? JSON.stringify(v.length > GOT_LENGTH ? v.slice(0, GOT_LENGTH + 1) : v)
        : typeof v === "number" && !Number.isFinite(v) ? String(v) : (JSON.stringify(v) ?? String(v))
      return put(text)
    }
    if (depth > 8) return put("…")
    const array = Array.isArray(v)
    if (!put(array ? "[" : "{")) return false
    if (array) {
      for (let i = 0; i < v.length; i++) if ((i > 0 && !put(",")) || !render(v[i], depth + 1)) return false
      return put("]")
    }
    let first = true
    for (const key in v) {
      if (!Object.prototype.hasOwnProperty.call(v, key)) continue
      if ((!first && !put(",")) || !put(`${JSON.stringify(key)}:`) || !render((v as Record<string, unknown>)[key], depth + 1)) return false
      first = false
    }
    return put("}")
  }
  render(value, 0)
  const text = escapeLineBreaks(out.join(""))
  return text.length > GOT_LENGTH ? `${text.slice(0, GOT_LENGTH - 3)}...` : text
}

// Schema's leaf messages read "Expected X, got Y"; we keep its "expected" wording and render the input
// ourselves so every line has both halves.
const expectedOf = (message: string): string => {
  const m = /^Expected (.*?)(?:, got .*)?$/s.exec(message)
  return m?.[1] ?? message.charAt(0).toLowerCase() + message.slice(1)
}

const leafHook: SchemaIssue.LeafHook = (leaf) => {
  switch (leaf._tag) {
    case "MissingKey":
      return "Expected a value"
    case "UnexpectedKey":
      return "Expected no such field"
    default:
      return SchemaIssue.defaultLeafHook(leaf)
  }
}

const standardFormatter = SchemaIssue.makeFormatterStandardSchemaV1({ leafHook })

/** Flattens a Schema decoding failure into one issue per offending field. */
export const fromSchemaIssue = (root: SchemaIssue.Issue, input: unknown): ReadonlyArray<InputIssue> =>
  standardFormatter(root).issues.map((i) => {
    const path = (i.path ?? []).map((p) => (typeof p === "object" && p !== null && "key" in p ? p.key : p)) as
      ReadonlyArray<PropertyKey>
    const value = valueAt(input, path)
    const missing = i.message === "Expected a value"
    return issue(formatPath(path), expectedOf(i.message), missing ? "nothing" : describeValue(value))
  })

const valueAt = (input: unknown, path: ReadonlyArray<PropertyKey>): unknown => {
  let current: unknown = input
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current
}

/** Raised when an input file cannot be used; carries every issue found, not just the first. */
export class InputInvalid extends Schema.TaggedError<InputInvalid>()("InputInvalid", {
  file: Schema.String,
  issues: Schema.Array(Schema.Struct({ path: Schema.String, expected: Schema.String, got: Schema.String }))
}) {}

/** Issues printed for one file; a hostile file with millions of bad values still prints a screenful. */
export const MAX_PRINTED_ISSUES = 30

export const renderInputInvalid = (error: InputInvalid): ReadonlyArray<string> => {
  const shown = error.issues.slice(0, MAX_PRINTED_ISSUES).map((i) => formatIssue(error.file, i))
  const more = error.issues.length - shown.length
  return more > 0 ? [...shown, `${error.file}: … and ${more} more issue${more === 1 ? "" : "s"}`] : shown
}

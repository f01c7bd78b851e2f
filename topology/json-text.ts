/**
 * JSON text → plain data, strictly: a syntax error or a key repeated in one object is an `InputIssue`,
 * never a value. `JSON.parse` alone keeps the last of a repeated key and drops the others without a word
 * (`"seed": 3, …, "seed": 4` runs seed 4), which loses what the user wrote; YAML inputs already refuse it
 * (js-yaml). Every JSON read from outside goes through `parseJsonText`: estate, scenario, drill and plan
 * files, the live and drill WebSocket frames, a saved drill, the `/rig` listing, OCG credentials. Not a
 * trace given back with `--trace`: the twin's own output, one `JSON.stringify` per line, which never repeats
 * a key, and scanning a whole day's trace would about triple its reading time.
 *
 * Gotcha: the repeated-key scan runs over text `JSON.parse` has already accepted, so it only has to walk
 * tokens, not validate them; it keeps its own stack (a 10,000-deep document must not overflow).
 */
import { Result } from "effect"
import { formatPath, issue, type InputIssue } from "./input-issue.ts"

export const parseJsonText = (text: string): Result.Result<unknown, ReadonlyArray<InputIssue>> => {
  let value: unknown
  try {
    value = JSON.parse(text)
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
  const repeated = repeatedKeys(text)
  return repeated.length === 0 ? Result.succeed(value) : Result.fail(repeated)
}

interface Frame {
  /** Each key read so far → where it starts; undefined for an array. */
  readonly keys: Map<string, number> | undefined
  /** The key whose value is being read (object), or the index (array). */
  at: string | number
  expectKey: boolean
}

/**
 * Every key that appears again in one object of (valid) JSON text, each an issue at its path:
 * `faults[0].for: expected each key once in an object, got "for" again at 2:97 (first at 2:84)`.
 */
export const repeatedKeys = (text: string): Array<InputIssue> => {
  const out: Array<InputIssue> = []
  const stack: Array<Frame> = []
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x7b /* { */) stack.push({ keys: new Map(), at: "", expectKey: true })
    else if (c === 0x5b /* [ */) stack.push({ keys: undefined, at: 0, expectKey: false })
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop()
    else if (c === 0x2c /* , */) {
      const top = stack.at(-1)
      if (top === undefined) continue
      if (top.keys === undefined) top.at = (top.at as number) + 1
      else top.expectKey = true
    } else if (c === 0x22 /* " */) {
      const start = i
      // the closing quote: the next one not escaped (preceded by an even run of backslashes)
      for (;;) {
        i = text.indexOf('"', i + 1)
        let backslashes = 0
        while (text.charCodeAt(i - 1 - backslashes) === 0x5c) backslashes++
        if (backslashes % 2 === 0) break
      }
      const top = stack.at(-1)
      if (top?.keys === undefined || !top.expectKey) continue
      const raw = text.slice(start + 1, i)
      const key = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw
      top.expectKey = false
      top.at = key
      const first = top.keys.get(key)
      if (first !== undefined) {
        const path = formatPath(stack.map((f) => f.at))
        out.push(issue(path, "each key once in an object", `${JSON.stringify(key)} again at ${lineCol(text, start)} (first at ${lineCol(text, first)})`))
      } else top.keys.set(key, start)
    }
  }
  return out
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

/**
 * NDJSON trace parsing, fed chunk by chunk so a 12 MB file never sits in memory twice as a string. Every
 * line must be an object with an integer `t`, string `kind` and `subject` and an object `data`; a line
 * that is not fails the whole load with its line number. Blank lines are skipped.
 */
import type { TraceEvent } from "./types.ts"

export class TraceParseError extends Error {
  readonly line: number
  constructor(source: string, line: number, expected: string, got: string) {
    super(`${source}:${line}: expected ${expected}, got ${got}`)
    this.line = line
  }
}

const describe = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "string" ? JSON.stringify(v.slice(0, 40)) : typeof v)

/** Checks one parsed line; returns the event or throws a TraceParseError naming the line. */
export const decodeTraceLine = (source: string, lineNumber: number, text: string): TraceEvent => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new TraceParseError(source, lineNumber, "a JSON object", JSON.stringify(text.slice(0, 40)))
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TraceParseError(source, lineNumber, "a JSON object", describe(value))
  }
  const e = value as Record<string, unknown>
  if (typeof e.t !== "number" || !Number.isInteger(e.t)) throw new TraceParseError(source, lineNumber, "t: an integer (µs)", describe(e.t))
  if (typeof e.kind !== "string") throw new TraceParseError(source, lineNumber, "kind: a string", describe(e.kind))
  if (typeof e.subject !== "string") throw new TraceParseError(source, lineNumber, "subject: a string", describe(e.subject))
  if (typeof e.data !== "object" || e.data === null || Array.isArray(e.data)) {
    throw new TraceParseError(source, lineNumber, "data: an object", describe(e.data))
  }
  return value as TraceEvent
}

/** Incremental parser: `push` text chunks in order, then `end`. */
export class NdjsonParser {
  readonly events: Array<TraceEvent> = []
  private rest = ""
  private line = 0
  private readonly source: string
  constructor(source: string) {
    this.source = source
  }
  push(chunk: string): void {
    const text = this.rest + chunk
    let start = 0
    for (let nl = text.indexOf("\n", start); nl !== -1; nl = text.indexOf("\n", start)) {
      this.take(text.slice(start, nl))
      start = nl + 1
    }
    this.rest = text.slice(start)
  }
  end(): Array<TraceEvent> {
    if (this.rest.length > 0) this.take(this.rest)
    this.rest = ""
    return this.events
  }
  private take(raw: string): void {
    this.line++
    const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw
    // blank lines are skipped; checked without trim() so the 68k real lines are not copied again
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === "")) return
    this.events.push(decodeTraceLine(this.source, this.line, text))
  }
}

/** Parses a whole NDJSON text (tests, small traces). */
export const parseTrace = (source: string, text: string): Array<TraceEvent> => {
  const p = new NdjsonParser(source)
  p.push(text)
  return p.end()
}

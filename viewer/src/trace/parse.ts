/**
 * NDJSON trace parsing, fed chunk by chunk so a 12 MB file never sits in memory twice as a string. Every
 * line must be an object with an integer `t`, string `kind` and `subject` and an object `data`; a line
 * that is not fails the whole load with its line number. Blank lines are skipped.
 */
import { describeValue, TraceParseError } from "./parse-error.ts"
import type { TraceRules } from "./trace-file.ts"
import type { TraceEvent } from "./types.ts"

export { describeValue, TraceParseError } from "./parse-error.ts"

/** Checks one parsed line; returns the event or throws a TraceParseError naming the line. */
export const decodeTraceLine = (source: string, lineNumber: number, text: string): TraceEvent => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new TraceParseError(source, lineNumber, "a JSON object", JSON.stringify(text.slice(0, 40)))
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TraceParseError(source, lineNumber, "a JSON object", describeValue(value))
  }
  const e = value as Record<string, unknown>
  if (typeof e.t !== "number" || !Number.isInteger(e.t)) throw new TraceParseError(source, lineNumber, "t: an integer (µs)", describeValue(e.t))
  if (typeof e.kind !== "string") throw new TraceParseError(source, lineNumber, "kind: a string", describeValue(e.kind))
  if (typeof e.subject !== "string") throw new TraceParseError(source, lineNumber, "subject: a string", describeValue(e.subject))
  if (typeof e.data !== "object" || e.data === null || Array.isArray(e.data)) {
    throw new TraceParseError(source, lineNumber, "data: an object", describeValue(e.data))
  }
  return value as TraceEvent
}

/**
 * Incremental parser: `push` text chunks in order, then `end`. With `rules` (trace-file.ts: a whole trace
 * file), each event is checked as it is read and the end of the text too (empty, cut short).
 */
export class NdjsonParser {
  readonly events: Array<TraceEvent> = []
  private rest = ""
  private line = 0
  private readonly source: string
  private readonly rules: TraceRules | undefined
  constructor(source: string, rules?: TraceRules) {
    this.source = source
    this.rules = rules
  }
  /** Lines read so far (whole lines: the one being read is the next). */
  get linesRead(): number {
    return this.line
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
    const cutShort = this.rest.length > 0
    if (cutShort) {
      // A last line without its newline after some events: the trace was cut short; say so rather than why
      // the fragment does not parse. (A file of one such line is read as it is: it may be no trace at all.)
      if (this.rules !== undefined && this.events.length > 0) this.rules.end(this.line + 1, true)
      this.take(this.rest)
    }
    this.rest = ""
    this.rules?.end(this.line, cutShort)
    return this.events
  }
  private take(raw: string): void {
    this.line++
    const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw
    // blank lines are skipped; checked without trim() so the 68k real lines are not copied again
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === "")) return
    const event = decodeTraceLine(this.source, this.line, text)
    this.rules?.event(event, this.line)
    this.events.push(event)
  }
}

/** Parses a whole NDJSON text (tests, small traces). */
export const parseTrace = (source: string, text: string): Array<TraceEvent> => {
  const p = new NdjsonParser(source)
  p.push(text)
  return p.end()
}

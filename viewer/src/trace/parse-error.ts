/**
 * How a trace line is refused: `FILE:LINE: expected …, got …`. Its own file because both the line parser
 * (parse.ts) and the whole-file rules (trace-file.ts) raise it, and the rules are an option of the parser.
 */
export class TraceParseError extends Error {
  readonly line: number
  constructor(source: string, line: number, expected: string, got: string) {
    super(`${source}:${line}: expected ${expected}, got ${got}`)
    this.line = line
  }
}

/** A value as an error shows it: short strings quoted (cut to 40 characters), integers as written, else its type. */
export const describeValue = (v: unknown): string =>
  v === null
    ? "null"
    : Array.isArray(v)
      ? "an array"
      : typeof v === "string"
        ? JSON.stringify(v.slice(0, 40))
        : typeof v === "number" && Number.isSafeInteger(v)
          ? String(v)
          : v === undefined
            ? "nothing"
            : typeof v

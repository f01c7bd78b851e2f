/**
 * CSV as RFC 4180 writes it, for the exports people open in a spreadsheet (affected.csv, evidence.csv,
 * `--csv` of the CLI, the viewer's affected list): part of the contract because the reports and the viewer
 * write the same dialect. a header row, one record per line ended by CRLF, a field quoted when it holds a
 * comma, a double quote, CR or LF (a quote inside doubled).
 *
 * Gotcha — formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with `=`, `+`,
 * `-` or `@` (or a tab or CR, which some strip first) as a formula. Exported text comes from estate and
 * scenario files and from the twin's own words, so a cell starting with one of those gets a leading `'`,
 * which spreadsheets show as text and do not print. Numbers are written as numbers and never guarded (a
 * negative number stays a number); every figure the exports write is ≥ 0 anyway.
 */

export type CsvCell = string | number | undefined

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

/** One cell: `undefined` empty, a number as written by JavaScript, text guarded then quoted if needed. */
export const csvCell = (cell: CsvCell): string => {
  if (cell === undefined) return ""
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : ""
  const guarded = FORMULA_START.test(cell) ? `'${cell}` : cell
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded
}

/** A whole file: the header, then the rows, each line ended by CRLF (RFC 4180 §2.1). */
export const renderCsv = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<CsvCell>>): string =>
  [header, ...rows].map((r) => `${r.map(csvCell).join(",")}\r\n`).join("")

/** µs → seconds for a duration column: `600000000` → `600`, `1500` → `0.0015`; exact (µs are integers). */
export const csvSeconds = (us: number): number => us / 1_000_000

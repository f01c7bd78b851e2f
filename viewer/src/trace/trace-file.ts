/**
 * What a trace file must be, beyond each line being an event (parse.ts), before the viewer plays it
 * (docs/trace.md; issue 17 item 6): `trace.start` first, of a version this viewer reads, with a window of
 * whole µs within the day; `estate.layout` second, of the shape the map is drawn from; then events in time
 * order inside the window; the last line ends with a newline (the twin ends every line with one, so a file
 * without is a trace cut short). Each refusal is one line, `FILE:LINE: expected …, got …`.
 *
 * Why here and not in the index: a hostile trace (no start, `t: 1e300`) made the index sample per µs
 * from an unknown start and hung the tab; refusing it while it streams costs one comparison per line.
 */
import { TRACE_FORMAT_VERSION } from "../../../twin/contract/trace-event.ts"
import { describeValue, TraceParseError } from "./parse-error.ts"
import type { TraceEvent } from "./types.ts"

/** µs in a day: a trace's times are µs since midnight of the simulated day. */
export const DAY_US = 86_400_000_000

export interface TraceRules {
  /** Each event as it is read, with its line number. */
  event(e: TraceEvent, line: number): void
  /** At the end: `lines` read, and whether the text ended inside a line (no newline after it). */
  end(lines: number, cutShort: boolean): void
}

const isMicros = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= DAY_US

/** The rules for a whole trace file named `source`. */
export const traceFileRules = (source: string): TraceRules => {
  let from = 0
  let to = 0
  let previous = 0
  let count = 0
  const fail = (line: number, expected: string, got: string): never => {
    throw new TraceParseError(source, line, expected, got)
  }
  return {
    event(e, line) {
      count++
      if (count === 1) {
        if (e.kind !== "trace.start") fail(line, "trace.start as the first event", `${describeValue(e.kind)} (not a trace of the twin, or its start is missing)`)
        if (e.data.version !== TRACE_FORMAT_VERSION) fail(line, `trace.start version ${TRACE_FORMAT_VERSION} (the version this viewer reads)`, describeValue(e.data.version))
        if (!isMicros(e.data.from) || !isMicros(e.data.to) || e.data.from > e.data.to) {
          fail(line, `trace.start from and to: µs within the day (0 to ${DAY_US}), from not after to`, `from ${describeValue(e.data.from)}, to ${describeValue(e.data.to)}`)
        }
        from = Number(e.data.from)
        to = Number(e.data.to)
        previous = from
      } else if (count === 2) {
        if (e.kind !== "estate.layout") fail(line, "estate.layout as the second event", describeValue(e.kind))
        const wrong = layoutIssue(e.data)
        if (wrong !== undefined) fail(line, `estate.layout ${wrong.path}: ${wrong.expected}`, wrong.got)
      }
      if (e.t < from || e.t > to) fail(line, `t within the trace's window (${from} to ${to} µs)`, String(e.t))
      if (e.t < previous) fail(line, `t at or after the previous event's (${previous})`, `${e.t} (events out of order)`)
      previous = e.t
    },
    end(lines, cutShort) {
      if (count === 0) fail(1, "a trace (trace.start on its first line)", lines === 0 ? "an empty file" : "an empty file (blank lines only)")
      if (cutShort) fail(lines, "a complete trace (every line ends with a newline)", "a trace cut short: its last line is incomplete")
      if (count === 1) fail(lines + 1, "estate.layout after trace.start", "the end of the file (the trace is incomplete)")
    }
  }
}

interface LayoutIssue {
  readonly path: string
  readonly expected: string
  readonly got: string
}

type Field = "string" | "string|null" | "strings" | { readonly oneOf: ReadonlyArray<string | null> }

// The fields of each estate.layout entry the viewer reads (twin/contract/estate-layout.ts).
const LAYOUT: Record<"sites" | "nodes" | "links" | "units" | "participants", Record<string, Field>> = {
  sites: { id: "string", kind: "string", name: "string" },
  nodes: { id: "string", kind: "string", site: "string", plane: { oneOf: ["A", "B", null] }, generation: { oneOf: ["old", "new", null] }, name: "string|null" },
  links: { id: "string", from: "string", to: "string", generation: { oneOf: ["old", "new", "access", "carrier"] }, plane: { oneOf: ["A", "B", null] }, unit: "string|null" },
  units: { id: "string", description: "string", old: "strings", new: "strings" },
  participants: { id: "string", name: "string", kind: "string", group: "string", services: "strings" }
}

const fieldIssue = (field: Field, v: unknown): string | undefined => {
  if (field === "string") return typeof v === "string" ? undefined : "a string"
  if (field === "string|null") return typeof v === "string" || v === null ? undefined : "a string or null"
  if (field === "strings") return Array.isArray(v) && v.every((x) => typeof x === "string") ? undefined : "an array of strings"
  return field.oneOf.includes(v as string | null) ? undefined : `one of ${field.oneOf.map((x) => JSON.stringify(x)).join(", ")}`
}

/** The first field of the layout that is not what the map is drawn from, and references to what is not there. */
export const layoutIssue = (data: Readonly<Record<string, unknown>>): LayoutIssue | undefined => {
  for (const [list, fields] of Object.entries(LAYOUT)) {
    const entries = data[list]
    if (!Array.isArray(entries)) return { path: list, expected: "an array", got: describeValue(entries) }
    for (const [i, entry] of entries.entries()) {
      if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return { path: `${list}[${i}]`, expected: "an object", got: describeValue(entry) }
      for (const [name, field] of Object.entries(fields)) {
        const v: unknown = Object.hasOwn(entry, name) ? (entry as Record<string, unknown>)[name] : undefined
        const expected = fieldIssue(field, v)
        if (expected !== undefined) return { path: `${list}[${i}].${name}`, expected, got: describeValue(v) }
      }
    }
  }
  // references the map follows: a node's site, a link's ends
  const ids = (list: string) => new Set((data[list] as ReadonlyArray<{ readonly id: string }>).map((e) => e.id))
  const sites = ids("sites")
  const nodes = ids("nodes")
  for (const [i, n] of (data.nodes as ReadonlyArray<{ readonly site: string }>).entries()) {
    if (!sites.has(n.site)) return { path: `nodes[${i}].site`, expected: "a site of the layout", got: describeValue(n.site) }
  }
  for (const [i, l] of (data.links as ReadonlyArray<{ readonly from: string; readonly to: string }>).entries()) {
    if (!nodes.has(l.from)) return { path: `links[${i}].from`, expected: "a node of the layout", got: describeValue(l.from) }
    if (!nodes.has(l.to)) return { path: `links[${i}].to`, expected: "a node of the layout", got: describeValue(l.to) }
  }
  return undefined
}

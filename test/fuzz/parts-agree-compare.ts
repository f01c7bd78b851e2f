/**
 * Whether a scenario's run in parts says what its one-world run says (parts-agree.ts), from their output
 * folders: the same lines at every instant and in time order (the parts group a microsecond's lines by
 * part), `metrics` lines but for their engine-event counts (each part counts its own hooks); the same
 * report.json but for `run.events` (and the files' paths); the same affected.csv and evidence.csv. Returns what differs, at most a
 * few lines of each kind.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"

/** A metrics line without its event count. */
const withoutCount = (line: string) => line.replace(/,"events":\d+\}\}$/, "}}")

const instantOf = (line: string): number => Number(/^\{"t":(\d+),/.exec(line)?.[1] ?? Number.NaN)

/** Lines grouped by instant, each group sorted: a run's lines as a multiset per instant, in time order. */
const byInstant = (text: string): Array<string> => {
  const lines = text.trimEnd().split("\n").map(withoutCount)
  const out: Array<string> = []
  let group: Array<string> = []
  let at = Number.NaN
  for (const line of lines) {
    const t = instantOf(line)
    if (t !== at) {
      out.push(...group.sort())
      group = []
      at = t
    }
    group.push(line)
  }
  out.push(...group.sort())
  return out
}

const read = (dir: string, file: string): string | undefined => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8") : undefined)

/** Up to `max` lines where `a` and `b` differ, by position. */
const lineDifferences = (file: string, a: ReadonlyArray<string>, b: ReadonlyArray<string>, max = 3): Array<string> => {
  const out: Array<string> = []
  if (a.length !== b.length) out.push(`${file}: ${a.length} lines in one world, ${b.length} in parts`)
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < max; i++) {
    if (a[i] !== b[i]) out.push(`${file} line ${i + 1}: one world ${a[i]?.slice(0, 200)} | parts ${b[i]?.slice(0, 200)}`)
  }
  return out
}

/** The report without what a run in parts counts differently (the engine's events) and its folder's paths. */
const comparableReport = (text: string): string => {
  const report = JSON.parse(text) as { run?: { events?: number }; files?: unknown }
  if (report.run !== undefined) delete report.run.events
  delete report.files
  return JSON.stringify(report, null, 1)
}

export const compareRuns = (oneWorld: string, parts: string): Array<string> => {
  const differences: Array<string> = []
  for (const file of ["trace.ndjson", "report.json", "affected.csv", "evidence.csv"]) {
    const a = read(oneWorld, file)
    const b = read(parts, file)
    if (a === undefined || b === undefined) {
      if (a !== b) differences.push(`${file}: written by ${a === undefined ? "the parts only" : "one world only"}`)
      continue
    }
    if (file === "trace.ndjson") differences.push(...lineDifferences(file, byInstant(a), byInstant(b)))
    else if (file === "report.json") differences.push(...lineDifferences(file, comparableReport(a).split("\n"), comparableReport(b).split("\n")))
    else differences.push(...lineDifferences(file, a.split("\n"), b.split("\n")))
  }
  return differences
}

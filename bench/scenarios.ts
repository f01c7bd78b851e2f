/**
 * Scenario library benchmark: wall time and peak RSS of every library scenario run as `twin run` runs it
 * (load, resolve, simulate with every check folding the trace, write trace and reports to a temporary
 * folder), one after the other in one session, each in a fresh process (bench/scenario-one.ts), and the
 * whole library's total — in one world (`--threads 1`) and as run by default (`--threads 2`: in two parts),
 * the two side by side for each file. `scenarios [NAME] [--estate FILE]`: the files whose path contains
 * NAME, on another estate (a generated one of 6,000 participants: the memory of runs in parts). The slowest
 * must stay within the engine's whole-day target (60 s), which it shares with the full-day market rehearsal.
 */
import { execFileSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { TWIN_NODE_FLAGS } from "../twin/parallel/heap-flags.ts"
import { flag } from "./flag.ts"

const library = fileURLToPath(new URL("../scenarios/library/", import.meta.url))
const one = fileURLToPath(new URL("./scenario-one.ts", import.meta.url))

const scenarioFiles = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? scenarioFiles(join(dir, e.name)) : e.name.endsWith(".yaml") ? [join(dir, e.name)] : []
  ).sort()

interface Figures {
  readonly window: string
  readonly participants: number
  readonly verdict: string
  readonly seconds: number
  readonly events: number
  readonly lines: number
  /** Parts the world ran in (1: one world). */
  readonly parts: number
  /** The process's peak resident memory, every thread's. */
  readonly rssGb: number
}

export const renderScenarioBench = (args: ReadonlyArray<string>): string => {
  const estate = flag(args, "--estate")
  const only = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--estate")
  const lines = [
    `scenario library: each file as \`twin run\` runs it, each in a fresh process (wall time and peak RSS on this machine): in one world (\`--threads 1\`), then as run by default (\`--threads 2\`)${estate === undefined ? "" : `; estate ${estate}`}`,
    "| scenario | window | participants | verdict | wall s, one world | wall s, as run | peak RSS GB, one world | peak RSS GB, as run | ran in | engine events | trace lines |",
    "|---|---|---:|---|---:|---:|---:|---:|---|---:|---:|"
  ]
  const totals = { one: 0, run: 0 }
  let slowest = { name: "", seconds: 0 }
  const run = (file: string, threads: number): Figures => {
    const out = execFileSync(process.execPath, [...TWIN_NODE_FLAGS, one, file, String(threads), ...(estate === undefined ? [] : [estate])], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 })
    return JSON.parse(out.trim().split("\n").at(-1)!) as Figures
  }
  for (const file of scenarioFiles(library).filter((f) => only === undefined || f.includes(only))) {
    const [r, asRun] = [run(file, 1), run(file, 2)]
    const name = relative(library, file)
    totals.one += r.seconds
    totals.run += asRun.seconds
    const worst = Math.max(r.seconds, asRun.seconds)
    if (worst > slowest.seconds) slowest = { name, seconds: worst }
    lines.push(`| ${name} | ${r.window} | ${r.participants} | ${r.verdict} | ${r.seconds.toFixed(1)} | ${asRun.seconds.toFixed(1)} | ${r.rssGb.toFixed(2)} | ${asRun.rssGb.toFixed(2)} | ${asRun.parts === 1 ? "one world" : `${asRun.parts} parts`} | ${r.events.toLocaleString("en")} | ${r.lines.toLocaleString("en")} |`)
  }
  lines.push(`whole library: ${totals.one.toFixed(0)} s in one world, ${totals.run.toFixed(0)} s as run; slowest ${slowest.name} ${slowest.seconds.toFixed(1)} s (engine target for a whole day: 60 s → ${slowest.seconds < 60 ? "within" : "NOT within"})`)
  return lines.join("\n")
}

/**
 * Scenario library benchmark: wall time of every library scenario run as `twin run` runs it (load, resolve,
 * simulate with every check folding the trace, write trace and reports to a temporary folder), side by side
 * in one process, and the whole library's total. The slowest must stay within the engine's whole-day
 * target (60 s), which it shares with the full-day market rehearsal.
 */
import { NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { catalogues } from "../scenarios/catalogues.ts"
import { executeScenario } from "../scenarios/execute.ts"
import { loadScenario } from "../scenarios/load.ts"
import { formatClock } from "../twin/engine/time.ts"

const library = fileURLToPath(new URL("../scenarios/library/", import.meta.url))

const scenarioFiles = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? scenarioFiles(join(dir, e.name)) : e.name.endsWith(".yaml") ? [join(dir, e.name)] : []
  ).sort()

export const renderScenarioBench = async (only?: string): Promise<string> => {
  const lines = [
    "scenario library: each file as `twin run` runs it (wall time on this machine, one process, one after the other)",
    "| scenario | window | participants | verdict | wall s | engine events | trace lines |",
    "|---|---|---:|---|---:|---:|---:|"
  ]
  let total = 0
  let slowest = { name: "", seconds: 0 }
  for (const file of scenarioFiles(library).filter((f) => only === undefined || f.includes(only))) {
    const t0 = performance.now()
    const scenario = await Effect.runPromise(loadScenario(file, { catalogues }).pipe(Effect.provide(NodeServices.layer)))
    const dir = mkdtempSync(join(tmpdir(), "bench-scenario-"))
    const { report } = await executeScenario(scenario, dir)
    rmSync(dir, { recursive: true, force: true })
    const seconds = (performance.now() - t0) / 1000
    total += seconds
    const name = relative(library, file)
    if (seconds > slowest.seconds) slowest = { name, seconds }
    const window = `${formatClock(scenario.window.from).slice(0, 5)}–${formatClock(scenario.window.to).slice(0, 5)}`
    lines.push(`| ${name} | ${window} | ${report.estate.participants} | ${report.verdict} | ${seconds.toFixed(1)} | ${report.run.events.toLocaleString("en")} | ${report.run.traceLines.toLocaleString("en")} |`)
  }
  lines.push(`whole library: ${total.toFixed(0)} s; slowest ${slowest.name} ${slowest.seconds.toFixed(1)} s (engine target for a whole day: 60 s → ${slowest.seconds < 60 ? "within" : "NOT within"})`)
  return lines.join("\n")
}

/**
 * One library scenario as `twin run --threads N` runs it (N the second argument, default 2 as `twin run`;
 * a third, an estate file in place of the scenario's, as `--estate`), timed, in a process of its own
 * (bench/scenarios.ts spawns it): prints one JSON line with the figures, the process's peak RSS (every
 * thread's) and how the world ran. A fresh process per scenario keeps one run's heap and compiled
 * code from slowing the next (measured: the full day took 162 s after twenty runs in one process, 116 s alone).
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { catalogues } from "../scenarios/catalogues.ts"
import { runScenarioFiles } from "../scenarios/execute.ts"
import { loadScenario } from "../scenarios/load.ts"
import { formatClock } from "../twin/engine/time.ts"

const file = process.argv[2]!
const threads = Number(process.argv[3] ?? 2)
const estate = process.argv[4]
const t0 = performance.now()
const scenario = await Effect.runPromise(loadScenario(file, { catalogues, estate }).pipe(Effect.provide(NodeServices.layer)))
const dir = mkdtempSync(join(tmpdir(), "bench-scenario-"))
const { report, ran } = await Effect.runPromise(runScenarioFiles(scenario, dir, { threads }).pipe(Effect.provide(NodeServices.layer)))
rmSync(dir, { recursive: true, force: true })
console.log(JSON.stringify({
  window: `${formatClock(scenario.window.from).slice(0, 5)}–${formatClock(scenario.window.to).slice(0, 5)}`,
  participants: report.estate.participants,
  verdict: report.verdict,
  seconds: (performance.now() - t0) / 1000,
  events: report.run.events,
  lines: report.run.traceLines,
  parts: "parts" in ran ? ran.parts.length : 1,
  // maxRSS: kilobytes, the peak of the whole process
  rssGb: process.resourceUsage().maxRSS / 1024 / 1024
}))

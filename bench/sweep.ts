/**
 * Sweep benchmark: the N-1 sweep of the shipped plan (scenarios/library/cutover, 7 phases) on the default
 * estate with 1 and 2 workers side by side (target: under 10 s), and how the cost grows with the plan's
 * states (1, 3 and 7 phases) and with participants (phase 1 on generated estates of 640 and 6,000
 * participants). Each run in a fresh process (bench/sweep-one.ts).
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { dump } from "js-yaml"
import { defaultSeed, generateEstate } from "../topology/generate/default-estate.ts"
import { TWIN_NODE_FLAGS } from "../twin/parallel/heap-flags.ts"

const one = fileURLToPath(new URL("./sweep-one.ts", import.meta.url))
const plan = fileURLToPath(new URL("../scenarios/library/cutover/", import.meta.url))
const phases = readdirSync(plan).filter((f) => f.endsWith(".yaml")).sort().map((f) => join(plan, f))

interface Figures {
  readonly seconds: number
  readonly faults: number
  readonly columns: number
  readonly states: number
  readonly participants: number
}

export const timeSweep = (workers: number, estate: string, scenarios: ReadonlyArray<string>): Figures => {
  const out = execFileSync(process.execPath, [...TWIN_NODE_FLAGS, one, "sweep", String(workers), estate, ...scenarios], { encoding: "utf8" })
  return JSON.parse(out.trim().split("\n").at(-1)!) as Figures
}

export const renderSweepBench = (): string => {
  const lines = [
    "sweep: N-1 (every core node, core link and circuit) through every phase, wall time on this machine, each run in a fresh process",
    "| run | participants | phases | states analysed | faults | 1 worker s | 2 workers s | speed-up |",
    "|---|---:|---:|---:|---:|---:|---:|---:|"
  ]
  const row = (label: string, estate: string, scenarios: ReadonlyArray<string>) => {
    const a = timeSweep(1, estate, scenarios)
    const b = timeSweep(2, estate, scenarios)
    lines.push(`| ${label} | ${a.participants} | ${a.columns} | ${a.states} | ${a.faults} | ${a.seconds.toFixed(1)} | ${b.seconds.toFixed(1)} | ${(a.seconds / b.seconds).toFixed(2)}× |`)
    return b
  }
  const full = row("shipped plan (7 phases)", "default", phases)
  row("phases 1–3", "default", phases.slice(0, 3))
  row("phase 1", "default", phases.slice(0, 1))
  const dir = mkdtempSync(join(tmpdir(), "sweep-bench-"))
  const big = join(dir, "estate-6000.yaml")
  writeFileSync(big, dump(generateEstate({ participants: 6000, seed: defaultSeed }), { flowLevel: 3, lineWidth: -1 }))
  row("phase 1, generated estate", big, phases.slice(0, 1))
  lines.push(`target: the shipped plan's N-1 sweep under 10 s → ${full.seconds < 10 ? "within" : "NOT within"} on 2 workers (${full.seconds.toFixed(1)} s)`)
  return lines.join("\n")
}

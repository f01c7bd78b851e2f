/**
 * Plan benchmark: `twin plan` exhaustively over 4, 6 and 8 cutover units of the default estate (target for
 * 8: under 60 s) with 1 and 2 workers side by side, and (plan-all) the swap descent over all 26 units. Each run in a
 * fresh process (bench/sweep-one.ts).
 */
import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { TWIN_NODE_FLAGS } from "../twin/parallel/heap-flags.ts"

const one = fileURLToPath(new URL("./sweep-one.ts", import.meta.url))
const eight = ["access-dc2-b", "omdc-dc2-line-b", "omdcc-dc2-line-b", "access-dc2-a", "omdc-dc2-line-a", "omdcc-dc2-line-a", "inter-dc-b", "inter-dc-a"]

interface Figures {
  readonly seconds: number
  readonly method: string
  readonly orders: number
  readonly states: number
  readonly participants: number
}

const timePlan = (workers: number, units: ReadonlyArray<string>): Figures => {
  const out = execFileSync(process.execPath, [...TWIN_NODE_FLAGS, one, "plan", String(workers), "default", ...units], { encoding: "utf8" })
  return JSON.parse(out.trim().split("\n").at(-1)!) as Figures
}

export const renderPlanBench = (withBeam: boolean): string => {
  const lines = [
    "plan: orders and groupings of cutover units on the default estate, wall time on this machine, each run in a fresh process",
    "| units | search | orders scored | states analysed | 1 worker s | 2 workers s | speed-up |",
    "|---:|---|---:|---:|---:|---:|---:|"
  ]
  let eightSeconds = Infinity
  for (const n of [4, 6, 8]) {
    const a = timePlan(1, eight.slice(0, n))
    const b = timePlan(2, eight.slice(0, n))
    if (n === 8) eightSeconds = b.seconds
    lines.push(`| ${n} | ${a.method} | ${a.orders} | ${a.states} | ${a.seconds.toFixed(1)} | ${b.seconds.toFixed(1)} | ${(a.seconds / b.seconds).toFixed(2)}× |`)
  }
  if (withBeam) {
    const b = timePlan(2, [])
    lines.push(`| 26 | ${b.method} | ${b.orders} | ${b.states} | — | ${b.seconds.toFixed(1)} | — |`)
  }
  lines.push(`target: 8 units exhaustively under 60 s → ${eightSeconds < 60 ? "within" : "NOT within"} on 2 workers (${eightSeconds.toFixed(1)} s)`)
  return lines.join("\n")
}

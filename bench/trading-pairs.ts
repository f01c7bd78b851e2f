/**
 * `npm run bench -- trading-pairs --before DIR [--participants 640|N] [--from HH:MM] [--to HH:MM] [--pairs N]`:
 * the trading path's part over one window (trading-window.ts) in this tree and in checkout DIR, run as pairs
 * AT THE SAME TIME, one process pinned to each core (`taskset`, alternating the cores pair by pair), and
 * the CPU ratio of each pair. On a shared 2-core machine, runs one after another drifted by more than a
 * lever's few per cent (2026-12-06: −12 % in one batch, nothing in the next); a pair sees one moment of the
 * machine, so its ratio holds where single runs do not. Figures, never assertions: one row per pair, and
 * the median ratio. Without `taskset` the two run unpinned, still at once.
 */
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { flag } from "./flag.ts"
import { launchFlagsOf } from "./launch-flags.ts"
import { quantile } from "./quantile.ts"

interface Window {
  readonly events: number
  readonly cpuMs: number
  readonly wallMs: number
}

const CHILD = join(import.meta.dirname, "trading-window.ts")
const TASKSET = "/usr/bin/taskset"

/** One tree's window on `core` (when pinning), as the JSON line the child prints. */
const runWindow = (root: string, core: number | undefined, args: ReadonlyArray<string>): Promise<Window> =>
  new Promise((resolve, reject) => {
    const node = [process.execPath, ...launchFlagsOf(root), CHILD, root, ...args]
    const child = core === undefined ? spawn(node[0]!, node.slice(1)) : spawn(TASKSET, ["-c", String(core), ...node])
    let out = ""
    let err = ""
    child.stdout.on("data", (d: Buffer) => (out += d.toString()))
    child.stderr.on("data", (d: Buffer) => (err += d.toString()))
    child.once("error", reject)
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`trading-window in ${root} exited ${code}: ${err.trim().split("\n").slice(-3).join(" | ")}`))
      resolve(JSON.parse(out.trim().split("\n").at(-1)!) as Window)
    })
  })

export const renderTradingPairs = async (args: ReadonlyArray<string>): Promise<string> => {
  const before = flag(args, "--before")
  if (before === undefined) return "trading-pairs: --before DIR is required (a checkout to compare this tree with)"
  const participants = flag(args, "--participants") ?? "640"
  const from = flag(args, "--from") ?? "09:31"
  const to = flag(args, "--to") ?? (participants === "640" ? "10:31" : "09:36")
  const pairs = Number(flag(args, "--pairs") ?? 6)
  const here = join(import.meta.dirname, "..")
  const pin = existsSync(TASKSET)
  const rows: Array<string> = []
  const ratios: Array<number> = []
  for (let i = 0; i < pairs; i++) {
    // The cores alternate pair by pair: one core of a VM may be slower than the other.
    const [b, h] = await Promise.all([
      runWindow(before, pin ? i % 2 : undefined, [participants, from, to]),
      runWindow(here, pin ? 1 - (i % 2) : undefined, [participants, from, to])
    ])
    const ratio = h.cpuMs / b.cpuMs
    ratios.push(ratio)
    rows.push(`| ${i + 1} | ${pin ? `${i % 2} / ${1 - (i % 2)}` : "unpinned"} | ${b.events} | ${b.cpuMs.toFixed(0)} | ${h.events} | ${h.cpuMs.toFixed(0)} | ${ratio.toFixed(3)} |`)
  }
  return [
    `trading-pairs: the trading path's part, ${from}–${to} after a run from 06:00, ${participants} participants; DIR = ${before}; each pair at the same time`,
    "| pair | cores (DIR / this tree) | DIR events | DIR CPU ms | this tree's events | this tree's CPU ms | CPU ratio |",
    "|---|---|---:|---:|---:|---:|---:|",
    ...rows,
    `median CPU ratio ${quantile(ratios, 0.5).toFixed(3)} (range ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`
  ].join("\n")
}

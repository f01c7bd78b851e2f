/**
 * How the engine grows with the estate (issue 22 item 3, docs/scaling.md): `npm run bench -- scale [640|6000|60000]`
 * — the whole day of the default estate (640 participants) and of a generated estate of 6,000, and one
 * trading hour (09:30–10:30) of a generated estate of 60,000, each as `twin simulate` runs it (two parts on
 * two threads). Only by name: the 6,000-participant day and the 60,000-participant hour take minutes. A
 * number after `scale` runs that row alone; `--trading-parts 1,3` runs each row with the trading path in
 * one part and in three by participants (`twin simulate --trading-parts`), one after the other.
 *
 * Each row runs in a child process (scale-row.ts) so that its peak memory is its own; the child gets an
 * old generation large enough for 60,000 participants and the young generation the CLI gives a run.
 */
import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { TWIN_NODE_FLAGS } from "../twin/parallel/heap-flags.ts"
import type { ScaleRow } from "./scale-row.ts"

interface Window {
  readonly participants: number
  readonly from: string
  readonly to: string
}

const windows: ReadonlyArray<Window> = [
  { participants: 640, from: "06:00", to: "18:30" },
  { participants: 6_000, from: "06:00", to: "18:30" },
  { participants: 60_000, from: "09:30", to: "10:30" }
]

/** Heap room for the child (MB): a 60,000-participant hour needs more than Node's default old generation. */
const OLD_SPACE_MB = 16_384

const runRow = (w: Window, tradingParts: number): ScaleRow => {
  const script = fileURLToPath(new URL("./scale-row.ts", import.meta.url))
  const out = execFileSync(
    process.execPath,
    [...TWIN_NODE_FLAGS, `--max-old-space-size=${OLD_SPACE_MB}`, script, String(w.participants), w.from, w.to, String(tradingParts)],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }
  )
  const last = out.trim().split("\n").at(-1) ?? ""
  return JSON.parse(last) as ScaleRow
}

export const renderScaleBench = (args: ReadonlyArray<string>): string => {
  const at = args.indexOf("--trading-parts")
  const partsArg = at >= 0 ? args[at + 1] ?? "" : "1"
  const counts = partsArg.split(",").map(Number)
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 64)) return `scale: --trading-parts: expected numbers from 1 to 64 (e.g. 3,12), got ${partsArg}`
  const only = args.find((a, i) => !a.startsWith("--") && (at < 0 || i !== at + 1))
  const chosen = only === undefined ? windows : windows.filter((w) => String(w.participants) === only)
  if (chosen.length === 0) return `scale: no row for ${only} participants (rows: ${windows.map((w) => w.participants).join(", ")})`
  const lines = [
    "scale: simulated windows as `twin simulate` runs them (2 parts on 2 threads; with N trading parts, N + 1 threads), each row in a process of its own",
    "| participants | window | trading parts | wall s | engine events | events/s | main-thread heap peak GB | process RSS peak GB |",
    "|---:|---|---:|---:|---:|---:|---:|---:|"
  ]
  // Each row at each trading-part count in turn, side by side.
  for (const w of chosen) for (const n of counts) {
    const r = runRow(w, n)
    lines.push(
      `| ${r.participants.toLocaleString("en")} | ${r.from}–${r.to} | ${n} | ${r.seconds.toFixed(1)} | ${r.events.toLocaleString("en")} | ` +
        `${Math.round(r.events / r.seconds).toLocaleString("en")} | ${r.heapPeakGb.toFixed(2)} | ${r.rssPeakGb.toFixed(2)} |`
    )
  }
  return lines.join("\n")
}

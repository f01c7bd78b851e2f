/** A message-engine sweep as the table `twin sweep --engine message` prints. */
import { formatTimeOfDay } from "../../engine/time.ts"
import type { MessageSweepResult } from "./message-sweep.ts"

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`

export const renderMessageTable = (result: MessageSweepResult): ReadonlyArray<string> => {
  // A bar of at most 50 marks: one per run up to 50 runs in the fullest bin, scaled down beyond.
  const perMark = Math.max(1, Math.ceil(Math.max(...result.histogram.map((b) => b.runs)) / 50))
  const width = Math.max(10, ...result.checks.map((c) => c.check.length))
  const rate = (c: MessageSweepResult["checks"][number]) =>
    `${c.check.padEnd(width)}  ${`${c.passes}/${c.runs}`.padStart(7)}  ${pct(c.rate).padStart(7)}  [${pct(c.low)}, ${pct(c.high)}]`
  return [
    "Fault draws:",
    ...result.draws.map((d) => `  ${d.id.padEnd(8)} ${d.faultId} (${d.kind}) ${formatTimeOfDay(d.start)}–${formatTimeOfDay(d.end)}`),
    "",
    `Pass rate per check (95 % Wilson interval), ${result.runs.length} runs:`,
    `  ${rate(result.overall)}`,
    ...result.checks.map((c) => `  ${rate(c)}`),
    "",
    "Worst participants (runs down, minutes down in all, worst run):",
    ...(result.worst.length === 0
      ? ["  nobody was down in any run"]
      : result.worst.map((w) => `  ${w.participant.padEnd(12)} ${String(w.runsDown).padStart(4)}  ${w.minutesDown.toFixed(1).padStart(8)} min  ${w.worstRunMinutes.toFixed(1).padStart(7)} min`)),
    "",
    "Outage minutes per run (participant-minutes down):",
    ...result.histogram.map((b) => `  ${b.label.padStart(7)}  ${String(b.runs).padStart(4)}  ${"#".repeat(Math.ceil(b.runs / perMark))}`)
  ]
}

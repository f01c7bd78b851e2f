/** A message-engine sweep as the table `twin sweep --engine message` prints. */
import { formatTimeOfDay } from "../../engine/time.ts"
import { type MessageSweepResult, shownMinutes } from "./message-sweep.ts"

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`

export const renderMessageTable = (result: MessageSweepResult): ReadonlyArray<string> => {
  // A bar of at most 50 marks: one per run up to 50 runs in the fullest bin, scaled down beyond.
  const perMark = Math.max(1, Math.ceil(Math.max(...result.histogram.map((b) => b.runs)) / 50))
  const width = Math.max(10, ...result.checks.map((c) => c.check.length))
  const rate = (c: MessageSweepResult["checks"][number]) =>
    `${c.check.padEnd(width)}  ${`${c.passes}/${c.runs}`.padStart(7)} runs  ${pct(c.rate).padStart(7)}  [${pct(c.low)}, ${pct(c.high)}] over ${c.draws} draw${c.draws === 1 ? "" : "s"}, ${c.drawsDisagreeing} of ${c.draws} split`
  const tenth = result.worst[result.worst.length - 1]
  const seeds = result.seeds.length
  return [
    "Fault draws:",
    ...result.draws.map((d) => `  ${d.id.padEnd(8)} ${d.faultId} (${d.kind}) ${formatTimeOfDay(d.start)}–${formatTimeOfDay(d.end)}`),
    "",
    // The draws are the independent trials: a draw's runs share its fault and differ only in the seed.
    `Pass rate per check, ${result.runs.length} runs (${result.draws.length} draw${result.draws.length === 1 ? "" : "s"} × ${seeds} seed${seeds === 1 ? "" : "s"}): the mean of each draw's pass fraction,`,
    `95 % Wilson interval over the draws; split: draws whose runs disagree:`,
    `  ${rate(result.overall)}`,
    ...result.checks.map((c) => `  ${rate(c)}`),
    "",
    `Worst participants of ${result.participants.length} down in some run (runs down, minutes down in all, worst run: minutes, draw, seed):`,
    ...(result.worst.length === 0
      ? ["  nobody was down in any run"]
      : result.worst.map((w) => `  ${w.participant.padEnd(12)} ${String(w.runsDown).padStart(4)}  ${shownMinutes(w.minutesDown).padStart(8)} min  ${shownMinutes(w.worstRunMinutes).padStart(7)} min  ${w.worstRunDraw} seed ${w.worstRunSeed}`)),
    ...(tenth === undefined || result.worstTied === 0
      ? []
      : [`  … and ${result.worstTied} more with ${tenth.runsDown} run${tenth.runsDown === 1 ? "" : "s"} down, ${shownMinutes(tenth.minutesDown)} min in all, as the last above (ties in participant order; everyone in participants.csv)`]),
    "",
    "Outage minutes per run (participant-minutes down):",
    ...result.histogram.map((b) => `  ${b.label.padStart(7)}  ${String(b.runs).padStart(4)}  ${"#".repeat(Math.ceil(b.runs / perMark))}`)
  ]
}

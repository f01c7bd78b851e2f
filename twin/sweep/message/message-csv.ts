/**
 * A message-engine sweep as CSV: `sweep.csv` (and `twin sweep --engine message --csv`) one row per run —
 * the draw, its fault and window, the engine seed, the verdict, the checks that failed, the outage minutes
 * and the participants down — `checks.csv` one row per check with its pass rate and 95 % interval over
 * the draws, and `participants.csv` one row per participant down in some run, worst first, with the draw
 * and seed of their worst run.
 */
import { renderCsv } from "../../contract/csv.ts"
import { formatTimeOfDay } from "../../engine/time.ts"
import type { MessageSweepResult } from "./message-sweep.ts"

export const MESSAGE_RUNS_HEADER = ["draw", "fault", "kind", "from", "to", "seed", "verdict", "failed_checks", "outage_minutes", "participants_down"] as const

export const renderMessageRunsCsv = (result: MessageSweepResult): string => {
  const draws = new Map(result.draws.map((d) => [d.id, d]))
  return renderCsv(MESSAGE_RUNS_HEADER, result.runs.map((r) => {
    const d = draws.get(r.draw)!
    return [r.draw, d.faultId, d.kind, formatTimeOfDay(d.start), formatTimeOfDay(d.end), r.seed, r.verdict, r.failed.join(" "), round(r.outageMinutes), r.down.map(([p]) => p).join(" ")]
  }))
}

export const MESSAGE_CHECKS_HEADER = ["check", "runs", "passes", "draws", "draws_disagreeing", "pass_rate", "low_95", "high_95"] as const

export const renderMessageChecksCsv = (result: MessageSweepResult): string =>
  renderCsv(MESSAGE_CHECKS_HEADER, [result.overall, ...result.checks].map((c) => [c.check, c.runs, c.passes, c.draws, c.drawsDisagreeing, round(c.rate), round(c.low), round(c.high)]))

export const MESSAGE_PARTICIPANTS_HEADER = ["participant", "runs_down", "minutes_down", "worst_run_minutes", "worst_run_draw", "worst_run_seed"] as const

export const renderMessageParticipantsCsv = (result: MessageSweepResult): string =>
  renderCsv(MESSAGE_PARTICIPANTS_HEADER, result.participants.map((w) => [w.participant, w.runsDown, round(w.minutesDown), round(w.worstRunMinutes), w.worstRunDraw, w.worstRunSeed]))

/** Four decimals: rates and minutes to a fraction of a second, without a float's tail. */
export const round = (x: number): number => Math.round(x * 10_000) / 10_000

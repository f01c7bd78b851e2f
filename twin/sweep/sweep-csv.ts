/**
 * A sweep's impact matrix as CSV (`sweep.csv`, `twin sweep --csv`): one row per fault and column — the
 * faults with an effect, worst first, each through every column in order — with the same fault through the
 * same window with nothing moved beside it, and the difference: what the plan itself adds (docs/planner.md).
 */
import { renderCsv } from "../contract/csv.ts"
import type { SweepResult } from "./sweep.ts"

export const SWEEP_CSV_HEADER = [
  "fault", "kind", "elements", "column", "scenario", "moves",
  "down", "down_minutes", "without_redundancy", "without_redundancy_minutes",
  "unmoved_down", "unmoved_down_minutes", "unmoved_without_redundancy", "unmoved_without_redundancy_minutes",
  "added_down", "added_without_redundancy", "examples"
] as const

/** `added_*`: participants down (without redundancy) here minus with nothing moved (what the plan adds) — negative when the moves make it milder. */
export const renderSweepCsv = (result: SweepResult): string =>
  renderCsv(SWEEP_CSV_HEADER, result.faults.flatMap((f, i) =>
    result.columns.map((c, j) => {
      const cell = result.cells[i]![j]!
      const base = result.baseline[i]![j]!
      return [
        f.id, f.kind, f.elements.join(" "), c.id, result.scenarios[c.scenario]!.id, c.moves.join(" "),
        cell.participantsDown, cell.minutesDown, cell.participantsWeak, cell.minutesWeak,
        base.participantsDown, base.minutesDown, base.participantsWeak, base.minutesWeak,
        cell.participantsDown - base.participantsDown, cell.participantsWeak - base.participantsWeak,
        cell.examples.join(" ")
      ]
    })
  ))

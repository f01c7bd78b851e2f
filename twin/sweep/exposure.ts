/**
 * The plan's own exposure, row by row: each fault's cells minus the same fault through the same windows
 * with nothing moved (sweep.ts's baseline). The sweep's heat map shows these differences by default, so
 * that what the plan adds stands out from the estate's standing weaknesses: a fault that hurts the same as
 * with nothing moved in every column (a gateway, a single-circuit participant's PoP) is the estate's, not
 * the plan's, and is folded into one summary line instead of a row per fault.
 *
 * Gotcha: "the same in every column" alone would not do — a fault can hurt alike in every phase because
 * the first phase's moves exposed it — so a row collapses only when every column equals its baseline.
 */
import type { CellImpact } from "./cell.ts"
import type { SweepResult } from "./sweep.ts"

/** A cell minus its baseline: participants and participant-service minutes, down and without redundancy (negative: milder). */
export interface CellDifference {
  readonly down: number
  readonly weak: number
  readonly minutesDown: number
  readonly minutesWeak: number
}

export interface ExposureRow {
  /** Index into `result.faults` (and `cells`, `baseline`). */
  readonly fault: number
  /** Per column: this fault's cell minus the same fault with nothing moved. */
  readonly differences: ReadonlyArray<CellDifference>
}

export interface Exposure {
  /** Faults that differ from nothing moved in some column, the plan's worst addition first. */
  readonly changed: ReadonlyArray<ExposureRow>
  /** Faults that hurt exactly as with nothing moved in every column (indices, in the sweep's order: worst first). */
  readonly standing: ReadonlyArray<number>
}

const round = (x: number) => Math.round(x * 100) / 100

export const difference = (cell: CellImpact, base: CellImpact): CellDifference => ({
  down: cell.participantsDown - base.participantsDown,
  weak: cell.participantsWeak - base.participantsWeak,
  minutesDown: round(cell.minutesDown - base.minutesDown),
  minutesWeak: round(cell.minutesWeak - base.minutesWeak)
})

export const isZero = (d: CellDifference): boolean => d.down === 0 && d.weak === 0 && d.minutesDown === 0 && d.minutesWeak === 0

/** The largest addition of a row over its columns, for ordering: down, then minutes down, then without redundancy, then its minutes. */
const peak = (row: ExposureRow): CellDifference => ({
  down: Math.max(...row.differences.map((d) => d.down)),
  weak: Math.max(...row.differences.map((d) => d.weak)),
  minutesDown: Math.max(...row.differences.map((d) => d.minutesDown)),
  minutesWeak: Math.max(...row.differences.map((d) => d.minutesWeak))
})

export const exposureOf = (result: SweepResult): Exposure => {
  const changed: Array<ExposureRow> = []
  const standing: Array<number> = []
  result.faults.forEach((_, f) => {
    const differences = result.cells[f]!.map((cell, c) => difference(cell, result.baseline[f]![c]!))
    if (differences.every(isZero)) standing.push(f)
    else changed.push({ fault: f, differences })
  })
  const peaks = new Map(changed.map((r) => [r, peak(r)]))
  changed.sort((a, b) => {
    const pa = peaks.get(a)!
    const pb = peaks.get(b)!
    return pb.down - pa.down || pb.minutesDown - pa.minutesDown || pb.weak - pa.weak || pb.minutesWeak - pa.minutesWeak || a.fault - b.fault
  })
  return { changed, standing }
}

/**
 * The one line standing for the collapsed rows: `12 faults hurt exactly as with nothing moved in every
 * column — standing weaknesses of the estate, not of the plan (the worst: ocg-gateway ocg-dc1-01, 82 down)`.
 * `subject` is what the columns add: "the plan" or, when no column moves anything, "the units already moved".
 */
export const standingSummary = (result: SweepResult, standing: ReadonlyArray<number>, subject: string): string => {
  if (standing.length === 0) return "No fault hurts exactly as with nothing moved in every column."
  const worst = standing[0]!
  const cell = [...result.cells[worst]!].sort((a, b) => b.participantsDown - a.participantsDown || b.participantsWeak - a.participantsWeak)[0]!
  const every = result.columns.length === 1 ? "" : " in every column"
  const who = cell.participantsDown > 0 ? `${cell.participantsDown} down` : `${cell.participantsWeak} without redundancy`
  return `${standing.length} fault${standing.length === 1 ? " hurts" : "s hurt"} exactly as with nothing moved${every} — ` +
    `${standing.length === 1 ? "a standing weakness" : "standing weaknesses"} of the estate, not of ${subject} ` +
    `(the worst: ${result.faults[worst]!.kind} ${result.faults[worst]!.id}, ${who}).`
}

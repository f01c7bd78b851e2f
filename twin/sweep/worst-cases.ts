/**
 * The sweep's worst cases — the cells (fault × column) that hurt most, worst first — each with a sentence
 * saying what happens and why: who loses which service for how long, who is left without redundancy, what
 * the column had in flight, and whether the fault hurts the same with nothing moved (a standing weakness of
 * the estate the plan does not cause) or differently (the plan's moves expose it, or make it worse or milder),
 * and how it compares with the fault's other columns.
 */
import { type CellImpact, isEmpty } from "./cell.ts"
import { compareCells, type SweepResult } from "./sweep.ts"

export interface WorstCase {
  readonly fault: string
  readonly kind: string
  readonly column: string
  readonly cell: CellImpact
  readonly explanation: string
}

const same = (a: CellImpact, b: CellImpact) =>
  a.participantsDown === b.participantsDown && a.participantsWeak === b.participantsWeak && a.minutesDown === b.minutesDown

const describeServices = (cell: CellImpact, which: "down" | "weak") =>
  Object.entries(cell.services).filter(([, v]) => v[which] > 0).map(([s, v]) => `${s} (${v[which]})`).join(", ")

/** Participants down and without redundancy, for a comparison: `2 down, 1 without redundancy` or `no one`. */
const whoText = (cell: CellImpact): string =>
  isEmpty(cell) ? "no one" : [
    ...(cell.participantsDown > 0 ? [`${cell.participantsDown} down`] : []),
    ...(cell.participantsWeak > 0 ? [`${cell.participantsWeak} without redundancy`] : [])
  ].join(", ")

/**
 * Whose weakness the cell shows, against `base` — the same fault through the same window with nothing moved
 * (sweep.ts's baseline) — and the fault's other columns. "A standing weakness of the estate, not of the
 * plan" only when it hurts the same with nothing moved: the other columns alone cannot say so (one column
 * is always "the same in every column", and a fault can hurt alike in every phase because of the first one's moves).
 */
const compared = (cell: CellImpact, base: CellImpact, cells: ReadonlyArray<CellImpact>, words: ExposureWords): string => {
  if (same(cell, base)) return `the same with nothing moved: a standing weakness of the estate, not of ${words.subject}`
  const columns = cells.length === 1
    ? ""
    : cells.every((x) => same(x, cell))
    ? "; the same in every column"
    : cells.filter((x) => !isEmpty(x)).length === 1
    ? "; only in this column"
    : `; worse here than in ${cells.filter((x) => compareCells(cell, x) < 0).length} of ${cells.length} columns`
  if (isEmpty(base)) return `not with nothing moved: ${words.moves} expose it${columns}`
  const than = compareCells(cell, base) < 0 ? "worse" : "milder"
  return `${than} than with nothing moved (${whoText(base)}, ${base.minutesDown} participant-service minutes down): ${words.moves} change it${columns}`
}

/**
 * What a sweep's columns add to the estate, in words: a plan's phases move units ("the plan", "the plan's
 * moves"); a scenario without phases moves nothing during its window, so what differs from nothing moved
 * is the units already on the new backbone when it starts (its `moved:`), and with none of those it is
 * the estate as it stands.
 */
export interface ExposureWords {
  /** `the plan` / `the units already moved` / `the moves` (when nothing is moved) */
  readonly subject: string
  /** `the plan's moves` / `the units already moved` */
  readonly moves: string
  /** Some column moves units (a plan), so comparing columns means something. */
  readonly plan: boolean
  /** No column moves anything and nothing is moved at any column's start: the cells are the baseline. */
  readonly nothingMoved: boolean
}

export const exposureWords = (result: Pick<SweepResult, "columns">): ExposureWords => {
  const plan = result.columns.some((c) => c.moves.length > 0)
  const nothingMoved = !plan && result.columns.every((c) => c.movedAtStart === 0)
  return plan
    ? { subject: "the plan", moves: "the plan's moves", plan, nothingMoved }
    : nothingMoved
    ? { subject: "the moves", moves: "the moves", plan, nothingMoved }
    : { subject: "the units already moved", moves: "the units already moved", plan, nothingMoved }
}

/**
 * The heading of the "plan-caused" list, and the line said when it is empty — worded for what the sweep
 * holds: several columns of a plan, one column, or a scenario that moves nothing.
 */
export const planCausedHeading = (result: SweepResult, found: boolean): string => {
  const words = exposureWords(result)
  const one = result.columns.length === 1
  if (words.nothingMoved) {
    return "Nothing is moved in this sweep (no phase moves a unit, no unit is moved at the start): every fault hurts exactly as with nothing moved, so nothing here is the plan's doing."
  }
  if (!words.plan) {
    return found
      ? `Where the units already moved (${Math.max(...result.columns.map((c) => c.movedAtStart))} on the new backbone at the start) add exposure (a fault worse than with nothing moved):`
      : "No fault hurts more than with nothing moved: the units already moved add no exposure of their own."
  }
  if (found) return one ? "Where the plan itself adds exposure (a fault worse in this column than with nothing moved):" : "Where the plan itself adds exposure (a fault worse in this column than in its mildest column or with nothing moved):"
  return one ? "No fault hurts more in this column than with nothing moved: the plan adds no exposure of its own." : "No fault hurts more in one column than in another or than with nothing moved: the plan adds no exposure of its own."
}

export const explainCell = (result: SweepResult, f: number, c: number): string => {
  const fault = result.faults[f]!
  const column = result.columns[c]!
  const cell = result.cells[f]![c]!
  const cells = result.cells[f]!
  const parts: Array<string> = []
  const what = fault.kind === "pair" || fault.kind === "compound" ? `${fault.elements.join(" and ")} failing together` : `${fault.kind} ${fault.id} failing`
  parts.push(`${what} through ${column.id}${column.moves.length > 0 ? ` (moving ${column.moves.join(", ")})` : ""}`)
  if (cell.participantsDown > 0) {
    const one = cell.participantsDown === 1
    parts.push(`${cell.participantsDown} participant${one ? " loses" : "s lose"} ${describeServices(cell, "down")}: ${cell.minutesDown} participant-service minutes down`)
  }
  if (cell.participantsWeak > 0 || describeServices(cell, "weak") !== "") {
    parts.push(`${cell.participantsWeak} more keep service without redundancy (${describeServices(cell, "weak")}; ${cell.minutesWeak} participant-service minutes)`)
  }
  if (cell.examples.length > 0) parts.push(`e.g. ${cell.examples.join(", ")}`)
  parts.push(compared(cell, result.baseline[f]![c]!, cells, exposureWords(result)))
  return `${parts.join("; ")}.`
}

/**
 * The `count` worst cells, one per fault (its worst column; the explanation says if every column is the
 * same), so that one bad element does not fill the list.
 */
export const worstCases = (result: SweepResult, count = 10): ReadonlyArray<WorstCase> => {
  const all: Array<{ f: number; c: number }> = []
  result.cells.forEach((row, f) => {
    let best = -1
    row.forEach((cell, c) => {
      if (!isEmpty(cell) && (best < 0 || compareCells(cell, row[best]!) < 0)) best = c
    })
    if (best >= 0) all.push({ f, c: best })
  })
  return pick(result, all, count)
}

/**
 * The `count` cells where the plan itself does the most harm: a fault's cell minus the same fault at its
 * mildest — its mildest column, or the same window with nothing moved if milder (participants down, then
 * without redundancy) — one per fault, only where that is above zero. The unmoved baseline makes this true
 * of a one-column sweep too, where the mildest column is the cell itself. A cell that hurts exactly as with
 * nothing moved is never the plan's (its sentence says so), though it may be worse than the fault's mildest
 * column: that column is where the plan made it milder.
 */
export const planCausedCases = (result: SweepResult, count = 10): ReadonlyArray<WorstCase> => {
  const all: Array<{ f: number; c: number; excess: number; excessWeak: number }> = []
  result.cells.forEach((row, f) => {
    const mildest = [...row, ...result.baseline[f]!].sort((a, b) => compareCells(b, a))[0]!
    let best: { c: number; excess: number; excessWeak: number } | undefined
    row.forEach((cell, c) => {
      if (same(cell, result.baseline[f]![c]!)) return
      const excess = cell.participantsDown - mildest.participantsDown
      const excessWeak = cell.participantsWeak - mildest.participantsWeak
      if ((excess > 0 || excessWeak > 0) && (best === undefined || excess > best.excess || (excess === best.excess && excessWeak > best.excessWeak))) best = { c, excess, excessWeak }
    })
    if (best !== undefined) all.push({ f, ...best })
  })
  all.sort((a, b) => b.excess - a.excess || b.excessWeak - a.excessWeak || a.f - b.f)
  return all.slice(0, count).map(({ f, c }) => caseOf(result, f, c))
}

const caseOf = (result: SweepResult, f: number, c: number): WorstCase => ({
  fault: result.faults[f]!.id,
  kind: result.faults[f]!.kind,
  column: result.columns[c]!.id,
  cell: result.cells[f]![c]!,
  explanation: explainCell(result, f, c)
})

const pick = (result: SweepResult, all: Array<{ f: number; c: number }>, count: number): ReadonlyArray<WorstCase> => {
  all.sort((a, b) => compareCells(result.cells[a.f]![a.c]!, result.cells[b.f]![b.c]!) || a.f - b.f || a.c - b.c)
  return all.slice(0, count).map(({ f, c }) => ({
    fault: result.faults[f]!.id,
    kind: result.faults[f]!.kind,
    column: result.columns[c]!.id,
    cell: result.cells[f]![c]!,
    explanation: explainCell(result, f, c)
  }))
}

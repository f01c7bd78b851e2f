/**
 * The sweep's worst cases — the cells (fault × column) that hurt most, worst first — each with a sentence
 * saying what happens and why: who loses which service for how long, who is left without redundancy, what
 * the column had in flight, and whether the fault hurts the same in every column (a standing single point
 * of failure the plan does not cause) or more in this one (the plan's moves make it worse).
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

export const explainCell = (result: SweepResult, f: number, c: number): string => {
  const fault = result.faults[f]!
  const column = result.columns[c]!
  const cell = result.cells[f]![c]!
  const cells = result.cells[f]!
  const parts: Array<string> = []
  const what = fault.kind === "pair" || fault.kind === "compound" ? `${fault.elements.join(" and ")} failing together` : `${fault.kind} ${fault.id} failing`
  parts.push(`${what} through ${column.id}${column.moves.length > 0 ? ` (moving ${column.moves.join(", ")})` : ""}`)
  if (cell.participantsDown > 0) {
    parts.push(`${cell.participantsDown} participant${cell.participantsDown === 1 ? "" : "s"} lose ${describeServices(cell, "down")}: ${cell.minutesDown} participant-minutes down`)
  }
  if (cell.participantsWeak > 0 || describeServices(cell, "weak") !== "") {
    parts.push(`${cell.participantsWeak} more keep service without redundancy (${describeServices(cell, "weak")}; ${cell.minutesWeak} participant-minutes)`)
  }
  if (cell.examples.length > 0) parts.push(`e.g. ${cell.examples.join(", ")}`)
  const hit = cells.filter((x) => !isEmpty(x)).length
  if (cells.every((x) => same(x, cell))) parts.push("the same in every column: a standing weakness of the estate, not of the plan")
  else if (hit === 1) parts.push("only in this column: the plan's state here exposes it")
  else parts.push(`worse here than in ${cells.filter((x) => compareCells(cell, x) < 0).length} of ${cells.length} columns`)
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
 * The `count` cells where the plan itself does the most harm: a fault's cell minus the same fault in its
 * mildest column (participants down, then without redundancy), one per fault, only where that is above zero.
 */
export const planCausedCases = (result: SweepResult, count = 10): ReadonlyArray<WorstCase> => {
  const all: Array<{ f: number; c: number; excess: number; excessWeak: number }> = []
  result.cells.forEach((row, f) => {
    const mildest = [...row].sort((a, b) => compareCells(b, a))[0]!
    let best: { c: number; excess: number; excessWeak: number } | undefined
    row.forEach((cell, c) => {
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

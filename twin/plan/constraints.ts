/**
 * The planner's inputs besides the estate: which units to plan (`--units FILE`) and the rules a plan must
 * keep (`--constraints FILE`), decoded (constraints-file.ts) and checked against the estate, then compiled into
 * what the search needs — pairs that must not share a phase, and units that must come in an earlier
 * phase than others — with every rule remembered for messages.
 *
 * The shipped domain rules (shipped-rules.ts) come first, restricted to the units of the plan; a rule
 * from them is named with their file (`shipped-constraints.yaml:constraints[2] (apart)`).
 *
 * Infeasible rules are caught before the search: a cycle of "before" rules (the secondary site first
 * counts as one) is named rule by rule; too few phases for the longest chain of rules, or for the units at
 * the allowed number per phase, is reported with the numbers.
 */
import { Result } from "effect"
import { type InputIssue, InputInvalid, issue } from "../../topology/input-issue.ts"
import type { EstateModel } from "../../topology/model.ts"
import type { Constraint, ConstraintsFile, UnitsFile } from "./constraints-file.ts"

export { Constraint, ConstraintsFile, parseConstraintsFile, parseUnitsFile, UnitsFile } from "./constraints-file.ts"

/** One step every 5 minutes from 06:20, the PRT at 07:00: at most eight steps in a window. */
export const STEPS_PER_WINDOW = 8

export interface Precedence {
  readonly first: string
  readonly then: string
  /** The rule, for messages: `constraints[2] (before/after)` or `constraints[0] (secondary site first)`. */
  readonly rule: string
}

export interface PlanProblem {
  readonly units: ReadonlyArray<string>
  readonly base: ReadonlyArray<string>
  readonly apart: ReadonlyArray<{ readonly a: string; readonly b: string; readonly rule: string }>
  readonly precedence: ReadonlyArray<Precedence>
  readonly maxPhases: number
  readonly maxPerPhase: number
}

/** `primary`, `secondary` or `both`: the data centres a unit's links touch. */
export const unitSite = (model: EstateModel, unit: string): "primary" | "secondary" | "both" | "none" => {
  const u = model.file.cutoverUnits.find((x) => x.id === unit)
  const kinds = new Set<string>()
  for (const l of [...(u?.old ?? []), ...(u?.new ?? [])]) {
    const link = model.linkById.get(l)
    for (const end of link === undefined ? [] : [link.from, link.to]) {
      const site = model.file.sites.find((s) => s.id === model.nodeById.get(end)?.site)
      if (site?.kind === "primary-dc") kinds.add("primary")
      if (site?.kind === "secondary-dc") kinds.add("secondary")
    }
  }
  return kinds.size === 2 ? "both" : kinds.size === 0 ? "none" : ([...kinds][0] as "primary" | "secondary")
}

export interface ProblemInput {
  readonly model: EstateModel
  readonly unitsFile: { readonly name: string; readonly value: UnitsFile } | undefined
  readonly constraintsFile: { readonly name: string; readonly value: ConstraintsFile } | undefined
  readonly maxPhases: number | undefined
  /**
   * The shipped domain rules (twin/plan/shipped-constraints.yaml), kept before `constraintsFile`'s: each
   * restricted to the units of the plan (a rule about a unit the plan does not move says nothing about it).
   */
  readonly shipped?: { readonly name: string; readonly value: ConstraintsFile }
}

/** `file`'s rules about the units in `inPlan` only: members outside dropped, a rule left empty dropped. */
export const restrictToUnits = (file: ConstraintsFile, inPlan: ReadonlySet<string>): ConstraintsFile => ({
  ...file,
  constraints: file.constraints.flatMap((c): ReadonlyArray<Constraint> => {
    if ("apart" in c) {
      const apart = c.apart.filter((u) => inPlan.has(u))
      return apart.length >= 2 ? [{ apart }] : []
    }
    if ("before" in c) {
      const before = c.before.filter((u) => inPlan.has(u))
      const after = c.after.filter((u) => inPlan.has(u))
      return before.length > 0 && after.length > 0 ? [{ before, after }] : []
    }
    return [c]
  })
})

export const buildProblem = ({ model, unitsFile, constraintsFile, maxPhases, shipped }: ProblemInput): Result.Result<PlanProblem, InputInvalid> => {
  const known = new Set(model.file.cutoverUnits.map((u) => u.id))
  const unitIssues: Array<InputIssue> = []
  const checkUnits = (ids: ReadonlyArray<string>, path: string, among: ReadonlySet<string>, what: string) =>
    ids.forEach((id, i) => {
      if (!among.has(id)) unitIssues.push(issue(`${path}[${i}]`, what, JSON.stringify(id)))
    })
  const base = unitsFile?.value.moved ?? []
  if (unitsFile !== undefined) {
    checkUnits(unitsFile.value.units, "units", known, "a cutover unit id of the estate")
    checkUnits(base, "moved", known, "a cutover unit id of the estate")
    const dup = unitsFile.value.units.find((u, i) => unitsFile.value.units.indexOf(u) !== i || base.includes(u))
    if (dup !== undefined) unitIssues.push(issue("units", "each unit once, and not also under moved", JSON.stringify(dup)))
    if (unitIssues.length > 0) return Result.fail(new InputInvalid({ file: unitsFile.name, issues: unitIssues }))
  }
  const units = unitsFile?.value.units ?? model.file.cutoverUnits.map((u) => u.id)
  const inPlan = new Set(units)
  const apart: Array<{ a: string; b: string; rule: string }> = []
  const precedence: Array<Precedence> = []
  const shippedRules = shipped === undefined ? [] : restrictToUnits(shipped.value, inPlan).constraints.map((c, i) => ({ c, at: `${shipped.name}:constraints[${i}]` }))
  const rules = [...shippedRules, ...(constraintsFile?.value.constraints ?? []).map((c, i) => ({ c, at: `constraints[${i}]` }))]
  rules.forEach(({ c, at }) => {
    if ("apart" in c) {
      checkUnits(c.apart, `${at}.apart`, inPlan, "a unit of the plan")
      for (let x = 0; x < c.apart.length; x++) for (let y = x + 1; y < c.apart.length; y++) apart.push({ a: c.apart[x]!, b: c.apart[y]!, rule: `${at} (apart)` })
    } else if ("before" in c) {
      checkUnits(c.before, `${at}.before`, inPlan, "a unit of the plan")
      checkUnits(c.after, `${at}.after`, inPlan, "a unit of the plan")
      for (const first of c.before) for (const then of c.after) precedence.push({ first, then, rule: `${at} (before/after)` })
    } else {
      const secondary = units.filter((u) => unitSite(model, u) === "secondary")
      const rest = units.filter((u) => unitSite(model, u) !== "secondary")
      for (const first of secondary) for (const then of rest) precedence.push({ first, then, rule: `${at} (secondary site first)` })
    }
  })
  const file = constraintsFile?.name ?? shipped?.name ?? "--constraints"
  if (unitIssues.length > 0) return Result.fail(new InputInvalid({ file, issues: unitIssues }))
  const maxPerPhase = constraintsFile?.value.maxUnitsPerPhase ?? shipped?.value.maxUnitsPerPhase ?? STEPS_PER_WINDOW
  const cycle = findCycle(units, precedence)
  if (cycle !== undefined) {
    const text = cycle.map((p) => `${p.first} before ${p.then} by ${p.rule}`).join(", ")
    return Result.fail(new InputInvalid({ file, issues: [issue("constraints", "rules some order of the units satisfies", `a cycle: ${text}`)] }))
  }
  const phases = maxPhases ?? units.length
  const chain = longestChain(units, precedence)
  if (chain.length > phases) {
    return Result.fail(new InputInvalid({ file: "--max-phases", issues: [issue("", `at least ${chain.length} phases for the chain ${chain.join(" → ")} (${file})`, String(phases))] }))
  }
  if (Math.ceil(units.length / maxPerPhase) > phases) {
    return Result.fail(new InputInvalid({ file: "--max-phases", issues: [issue("", `at least ${Math.ceil(units.length / maxPerPhase)} phases for ${units.length} units at ${maxPerPhase} per phase`, String(phases))] }))
  }
  return Result.succeed({ units, base, apart, precedence, maxPhases: phases, maxPerPhase })
}

/** A cycle of precedence rules, as the rules that form it, or undefined. */
const findCycle = (units: ReadonlyArray<string>, precedence: ReadonlyArray<Precedence>): ReadonlyArray<Precedence> | undefined => {
  const out = new Map<string, Array<Precedence>>()
  for (const p of precedence) (out.get(p.first) ?? out.set(p.first, []).get(p.first)!).push(p)
  const state = new Map<string, 1 | 2>()
  const path: Array<Precedence> = []
  const visit = (u: string): ReadonlyArray<Precedence> | undefined => {
    state.set(u, 1)
    for (const p of out.get(u) ?? []) {
      if (state.get(p.then) === 1) {
        const start = path.findIndex((q) => q.first === p.then)
        return [...path.slice(start < 0 ? path.length : start), p]
      }
      if (state.get(p.then) === undefined) {
        path.push(p)
        const found = visit(p.then)
        if (found !== undefined) return found
        path.pop()
      }
    }
    state.set(u, 2)
    return undefined
  }
  for (const u of units) {
    if (state.get(u) === undefined) {
      const found = visit(u)
      if (found !== undefined) return found
    }
  }
  return undefined
}

/** The longest chain of units each in a later phase than the one before (the fewest phases possible). */
const longestChain = (units: ReadonlyArray<string>, precedence: ReadonlyArray<Precedence>): ReadonlyArray<string> => {
  const memo = new Map<string, ReadonlyArray<string>>()
  const after = (u: string): ReadonlyArray<string> => {
    const hit = memo.get(u)
    if (hit !== undefined) return hit
    let best: ReadonlyArray<string> = [u]
    for (const p of precedence) {
      if (p.first !== u) continue
      const rest = after(p.then)
      if (rest.length + 1 > best.length) best = [u, ...rest]
    }
    memo.set(u, best)
    return best
  }
  return units.reduce<ReadonlyArray<string>>((best, u) => (after(u).length > best.length ? after(u) : best), [])
}

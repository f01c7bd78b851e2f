/**
 * How a plan is scored, and the best grouping of a given unit order into phases.
 *
 * A phase is one maintenance window: its units move one per step, a step every 5 minutes from 06:20, the
 * PRT at 07:00. Units are "in flight" from the phase's first step to the PRT. The cost of a plan adds up:
 * - exposure: participant-service hours worse than before the plan started, while units are in flight
 *   (a participant-service down counts ten times: losing service is worse than losing redundancy);
 * - the worst N-1 outcome of each phase: participants the worst single fault would take down in the
 *   phase's in-flight states beyond what it takes down before the plan, times `n1Weight`;
 * - windows: `windowWeight` per phase (each is a weekend of the operations team and a change freeze).
 * Weights (docs/planner.md): exposure 1 per participant-service-hour, N-1 10 per participant, window 25.
 *
 * For a fixed order every state a plan passes through is a prefix of the order, so the best grouping is a
 * dynamic programme over (prefix length, phases used) with each phase a contiguous block of the order.
 */
import type { PlanProblem } from "./constraints.ts"
import type { StateMetrics } from "./state-metrics.ts"

export const STEP_MINUTES = 5
/** From the first step (06:20) to the PRT (07:00). */
export const IN_FLIGHT_MINUTES = 40

export interface Weights {
  readonly downFactor: number
  readonly n1Weight: number
  readonly windowWeight: number
}

export const defaultWeights: Weights = { downFactor: 10, n1Weight: 10, windowWeight: 25 }

export interface PhaseScore {
  readonly units: ReadonlyArray<string>
  /** Participant-service hours worse than at the start, while in flight (down counted `downFactor` times). */
  readonly exposureHours: number
  readonly downHours: number
  readonly worstN1: { readonly element: string; readonly participants: number }
}

export interface ScoredPlan {
  readonly phases: ReadonlyArray<PhaseScore>
  readonly cost: number
}

/** The in-flight minutes of the state after step `s` (0-based) of a phase of `size` steps. */
export const stepMinutes = (s: number, size: number): number =>
  s < size - 1 ? STEP_MINUTES : IN_FLIGHT_MINUTES - STEP_MINUTES * (size - 1)

export const scorePhase = (units: ReadonlyArray<string>, states: ReadonlyArray<StateMetrics>, weights: Weights): PhaseScore & { cost: number } => {
  let exposure = 0
  let down = 0
  let worst = { element: "", participants: 0 }
  states.forEach((m, s) => {
    const hours = stepMinutes(s, states.length) / 60
    exposure += (m.worseSlots - m.downSlots + weights.downFactor * m.downSlots) * hours
    down += m.downSlots * hours
    if (m.worstN1.participants > worst.participants) worst = m.worstN1
  })
  return {
    units,
    exposureHours: exposure,
    downHours: down,
    worstN1: worst,
    cost: exposure + weights.n1Weight * worst.participants + weights.windowWeight
  }
}

/** Whether `units` may share a phase: size, apart rules and before/after rules. */
export const phaseAllowed = (problem: PlanProblem, units: ReadonlyArray<string>): boolean => {
  if (units.length > problem.maxPerPhase) return false
  const inside = new Set(units)
  if (problem.apart.some((r) => inside.has(r.a) && inside.has(r.b))) return false
  return !problem.precedence.some((p) => inside.has(p.first) && inside.has(p.then))
}

/**
 * The best grouping of `order` into k contiguous phases, for every k up to `problem.maxPhases` that some
 * grouping keeping the rules allows (empty if none). `prefix(k)` is the metrics of the state with the
 * first k units moved.
 */
export const bestGrouping = (
  problem: PlanProblem,
  order: ReadonlyArray<string>,
  prefix: (k: number) => StateMetrics,
  weights: Weights = defaultWeights
): ReadonlyArray<ScoredPlan> => {
  const n = order.length
  const maxK = Math.min(problem.maxPhases, n)
  // best[k][j]: cheapest grouping of the first j units into exactly k phases.
  const best: Array<Array<{ cost: number; from: number; phase: (PhaseScore & { cost: number }) | undefined }>> = []
  for (let k = 0; k <= maxK; k++) best.push(Array.from({ length: n + 1 }, () => ({ cost: Infinity, from: -1, phase: undefined })))
  best[0]![0] = { cost: 0, from: -1, phase: undefined }
  const phaseCache = new Map<number, (PhaseScore & { cost: number }) | null>()
  const phaseOf = (i: number, j: number) => {
    const key = i * (n + 1) + j
    let found = phaseCache.get(key)
    if (found === undefined) {
      const units = order.slice(i, j)
      found = phaseAllowed(problem, units) ? scorePhase(units, units.map((_, s) => prefix(i + s + 1)), weights) : null
      phaseCache.set(key, found)
    }
    return found
  }
  for (let k = 1; k <= maxK; k++) {
    for (let j = 1; j <= n; j++) {
      for (let i = Math.max(0, j - problem.maxPerPhase); i < j; i++) {
        const before = best[k - 1]![i]!
        if (before.cost === Infinity) continue
        const phase = phaseOf(i, j)
        if (phase === null) continue
        const cost = before.cost + phase.cost
        if (cost < best[k]![j]!.cost - 1e-9) best[k]![j] = { cost, from: i, phase }
      }
    }
  }
  const plans: Array<ScoredPlan> = []
  for (let k = 1; k <= maxK; k++) {
    if (best[k]![n]!.cost === Infinity) continue
    const phases: Array<PhaseScore> = []
    for (let kk = k, j = n; kk > 0; kk--) {
      const cell = best[kk]![j]!
      const { cost: _cost, ...phase } = cell.phase!
      phases.unshift(phase)
      j = cell.from
    }
    plans.push({ phases, cost: best[k]![n]!.cost })
  }
  return plans
}

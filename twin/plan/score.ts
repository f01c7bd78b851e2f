/**
 * How a plan is scored, and the best grouping of a given unit order into phases.
 *
 * A phase is one maintenance window: its units move one per step, a step every 5 minutes from 06:20, the
 * PRT at 07:00. Units are "in flight" from the phase's first step to the PRT. The cost of a plan adds up:
 * - exposure: participant-service hours worse than before the plan started, while units are in flight
 *   (a participant-service down counts ten times: losing service is worse than losing redundancy);
 * - the worst N-1 outcome of each phase: participants the worst single fault would take down in the
 *   phase's in-flight states beyond what it takes down before the plan, times `n1Weight`;
 * - windows: `windowWeight` per phase (each is a weekend of the operations team and a change freeze);
 * - convergence (transit.ts): each step's units are out of service for the convergence delay after their
 *   move — the participant-services that takes down (and the settled state after it does not) add to the
 *   exposure for the delay, counted as down; and a rollback moves every unit of the phase back at one
 *   instant: every participant-service down while they converge together (the runbook names its
 *   participants) counts like the worst N-1 outcome, `n1Weight` each — which teaches the A/B rule (line A
 *   and line B of a channel group rolled back together are a dual-line outage).
 * Weights (docs/planner.md): exposure 1 per participant-service-hour, N-1 10 per participant, rollback 10
 * per participant-service, window 25.
 *
 * Ties (costs within 1e-9) are broken by exposure, then by participant-time at risk (`atRiskHours`: the
 * participants the worst single fault takes down beyond the worst before the plan × the hours), then by fewer windows.
 *
 * For a fixed order every state a plan passes through is a prefix of the order, so the best grouping is a
 * dynamic programme over (prefix length, phases used) with each phase a contiguous block of the order.
 */
import type { PlanProblem } from "./constraints.ts"
import type { StateMetrics } from "./state-metrics.ts"
import type { RollbackCost } from "./transit.ts"

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
  /** Participant-hours one fault (the worst) away from a loss they were not exposed to before the plan. */
  readonly atRiskHours: number
  /** Participant-services a rollback of the whole phase takes down while its units converge together (transit.ts). */
  readonly rollbackDown: number
  /** The participants of `rollbackDown`, sorted: whom the runbook names for the rollback. */
  readonly rollbackParticipants: ReadonlyArray<string>
  /**
   * Whether the phase can be rolled back: it has a rollback rule and something can trigger it
   * (scenarios/phases.ts `canRollBack`). Without, it is never rolled back and its `rollbackDown` is 0:
   * cheaper on paper, not safer — the reasons say so (reasons.ts), lest a plan rank first for lacking one.
   */
  readonly rollbackRule: boolean
  /**
   * Its rollback rule is written but nothing can trigger it (`when: never` and no watched check, or every
   * PRT step after the cut-off): the reasons say that rather than "no rollback rule".
   */
  readonly rollbackUntriggered?: boolean
  /** Participant-service seconds down while the steps' units converge (part of `downHours`). */
  readonly convergingSeconds: number
  /**
   * A written phase's steps and rollback inside a trading session of its day, one line each
   * (scenarios/trading-hours.ts; absent: none — never in a searched plan, whose windows are Saturday mornings).
   */
  readonly tradingHours?: ReadonlyArray<string>
}

/**
 * The convergence of moves (transit.ts), for the plan being scored: `before` is the plan's units moved
 * before the step or phase. Without it, moves are instantaneous (the settled states only).
 */
export interface ConvergenceCost {
  /** The convergence delay, in hours. */
  readonly hours: number
  readonly step: (before: ReadonlyArray<string>, units: ReadonlyArray<string>) => number
  readonly rollback: (before: ReadonlyArray<string>, units: ReadonlyArray<string>) => RollbackCost
}

export interface ScoredPlan {
  readonly phases: ReadonlyArray<PhaseScore>
  readonly cost: number
}

/** The in-flight minutes of the state after step `s` (0-based) of a phase of `size` steps. */
export const stepMinutes = (s: number, size: number): number =>
  s < size - 1 ? STEP_MINUTES : IN_FLIGHT_MINUTES - STEP_MINUTES * (size - 1)

/**
 * A phase that moves `units` one per step, `states` the settled state after each step; `stepDown[s]` the
 * participant-services step s's convergence takes down, `rollback` what its rollback takes down
 * (ConvergenceCost), `convergenceHours` the delay. `minutes(s)`: how long the state after
 * step s lasts in flight (default: the planner's phase model, stepMinutes).
 */
export const scorePhase = (
  units: ReadonlyArray<string>,
  states: ReadonlyArray<StateMetrics>,
  weights: Weights,
  convergence: {
    readonly hours: number
    readonly stepDown: ReadonlyArray<number>
    readonly rollback: RollbackCost
    readonly rollbackRule?: boolean
    readonly rollbackUntriggered?: boolean
  } = { hours: 0, stepDown: [], rollback: { down: 0, participants: [] } },
  minutes: (s: number) => number = (s) => stepMinutes(s, states.length)
): PhaseScore & { cost: number } => {
  let exposure = 0
  let down = 0
  let atRisk = 0
  let converging = 0
  let worst = { element: "", participants: 0 }
  states.forEach((m, s) => {
    const hours = minutes(s) / 60
    const transitDown = (convergence.stepDown[s] ?? 0) * convergence.hours
    exposure += (m.worseSlots - m.downSlots + weights.downFactor * m.downSlots) * hours + weights.downFactor * transitDown
    down += m.downSlots * hours + transitDown
    converging += transitDown * 3600
    atRisk += m.worstN1.participants * hours
    if (m.worstN1.participants > worst.participants) worst = m.worstN1
  })
  return {
    units,
    exposureHours: exposure,
    downHours: down,
    worstN1: worst,
    atRiskHours: atRisk,
    rollbackDown: convergence.rollback.down,
    rollbackParticipants: convergence.rollback.participants,
    rollbackRule: convergence.rollbackRule ?? true,
    ...(convergence.rollbackUntriggered === true ? { rollbackUntriggered: true } : {}),
    convergingSeconds: converging,
    cost: exposure + weights.n1Weight * (worst.participants + convergence.rollback.down) + weights.windowWeight
  }
}

const EPSILON = 1e-9

/** What plans are ranked by: steps in trading hours or none, then cost, exposure, participant-time at risk (`compareScores`). */
export interface Ranked {
  readonly cost: number
  readonly exposureHours: number
  readonly atRiskHours: number
  /** Steps and rollbacks inside a trading session (`PhaseScore.tradingHours`; absent: none). */
  readonly inTradingHours?: number
}

/** The steps and rollbacks of `plan` inside a trading session. */
export const inTradingHours = (plan: ScoredPlan): number => plan.phases.reduce((s, p) => s + (p.tradingHours?.length ?? 0), 0)

export const rankOf = (plan: ScoredPlan): Ranked => ({
  cost: plan.cost,
  exposureHours: plan.phases.reduce((s, p) => s + p.exposureHours, 0),
  atRiskHours: plan.phases.reduce((s, p) => s + p.atRiskHours, 0),
  inTradingHours: inTradingHours(plan)
})

/**
 * Negative when `a` ranks before `b`. A plan that moves units (or would roll back) while the market trades
 * ranks after every plan that does not, whatever their costs: the cost prices what the twin measures of a
 * Saturday-morning window (participant-services down for seconds of convergence), not orders refused and
 * sessions dropped in front of live trading, so no weight would make it honest (docs/planner.md). Then:
 * lower cost; at the same cost less exposure, then less time at risk.
 */
export const compareScores = (a: Ranked, b: Ranked): number => {
  const trading = Number((a.inTradingHours ?? 0) > 0) - Number((b.inTradingHours ?? 0) > 0)
  if (trading !== 0) return trading
  if (Math.abs(a.cost - b.cost) > EPSILON) return a.cost - b.cost
  if (Math.abs(a.exposureHours - b.exposureHours) > EPSILON) return a.exposureHours - b.exposureHours
  if (Math.abs(a.atRiskHours - b.atRiskHours) > EPSILON) return a.atRiskHours - b.atRiskHours
  return 0
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
  weights: Weights = defaultWeights,
  convergence?: ConvergenceCost
): ReadonlyArray<ScoredPlan> => {
  const n = order.length
  const maxK = Math.min(problem.maxPhases, n)
  // best[k][j]: cheapest grouping of the first j units into exactly k phases (ties: less exposure, then less time at risk).
  type Cell = { cost: number; exposureHours: number; atRiskHours: number; from: number; phase: (PhaseScore & { cost: number }) | undefined }
  const best: Array<Array<Cell>> = []
  for (let k = 0; k <= maxK; k++) best.push(Array.from({ length: n + 1 }, () => ({ cost: Infinity, exposureHours: 0, atRiskHours: 0, from: -1, phase: undefined })))
  best[0]![0] = { cost: 0, exposureHours: 0, atRiskHours: 0, from: -1, phase: undefined }
  const phaseCache = new Map<number, (PhaseScore & { cost: number }) | null>()
  const phaseOf = (i: number, j: number) => {
    const key = i * (n + 1) + j
    let found = phaseCache.get(key)
    if (found === undefined) {
      const units = order.slice(i, j)
      const before = order.slice(0, i)
      found = phaseAllowed(problem, units)
        ? scorePhase(
          units,
          units.map((_, s) => prefix(i + s + 1)),
          weights,
          convergence === undefined ? undefined : {
            hours: convergence.hours,
            stepDown: units.map((u, s) => convergence.step([...before, ...units.slice(0, s)], [u])),
            rollback: convergence.rollback(before, units)
          }
        )
        : null
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
        const cell = { cost: before.cost + phase.cost, exposureHours: before.exposureHours + phase.exposureHours, atRiskHours: before.atRiskHours + phase.atRiskHours, from: i, phase }
        if (compareScores(cell, best[k]![j]!) < 0) best[k]![j] = cell
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

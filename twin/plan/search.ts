/**
 * Searching orders of the units (the grouping of each order is exact: score.ts).
 *
 * - Exhaustive (up to `EXHAUSTIVE_UNITS` units): every order that keeps the before/after rules. Every state
 *   such an order passes through is a set of units closed under the rules, so those sets are evaluated
 *   first (in parallel, through TaskExecutor), then every order is scored from the cache.
 * - Beyond, by default, swap descent: from a packed start (phases filled greedily, in input order, with
 *   units the rules let share a phase), repeatedly take the
 *   adjacent swap that lowers the cost most, until none does. Swapping units k and k+1 changes one state
 *   only (the prefix of length k+1), so a pass costs at most one new analysis per position, all in one
 *   parallel batch. A local optimum: it can miss plans that need a unit to travel far.
 * - Beam search (`beamWidth`): orders are grown one unit at a time; at each length the `beamWidth` prefixes
 *   whose best grouping costs least are kept. Wider, but each level analyses a state per candidate.
 *
 * Plans of the same cost rank by exposure, then by participant-time at risk (score.ts `compareScores`);
 * remaining ties are broken by the units' order in the input, so the result never depends on the workers.
 *
 * The convergence of each move (transit.ts: a step's units out of service for the delay, a phase's
 * rollback moving all its units back at once) is judged in this thread, a reach pass per state (~5 ms on
 * the default estate), cached; the settled states go to the task executor (an N-1 analysis each).
 */
import { Effect, Result } from "effect"
import { readFileSync } from "node:fs"
import { displayPath, parseEstate } from "../../topology/load.ts"
import { buildModel, type EstateModel } from "../../topology/model.ts"
import { MICROS_PER_SECOND, type Micros, seconds } from "../engine/time.ts"
import { type Progress, TaskExecutor } from "../parallel/executor.ts"
import type { PlanProblem } from "./constraints.ts"
import { bestGrouping, compareScores, type ConvergenceCost, defaultWeights, phaseAllowed, type Ranked, rankOf, type ScoredPlan, scorePhase, type Weights } from "./score.ts"
import type { StateMetrics } from "./state-metrics.ts"
import { Transit } from "./transit.ts"

export const EXHAUSTIVE_UNITS = 8
/** Swap descent stops after this many passes even if a swap still helps. */
export const MAX_PASSES = 60
/** Plans listed. */
export const RANKED = 5
/** Phases up to this size get the best order of their units (5! = 120 orders). */
export const POLISH_UNITS = 5

const permutations = <T>(items: ReadonlyArray<T>): Array<Array<T>> =>
  items.length <= 1 ? [[...items]] : items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]))

export interface SearchOptions {
  readonly estate: string
  /** The model of `estate`, validated by the caller: the calling thread's tasks use it instead of parsing the file. */
  readonly model?: EstateModel
  /** Beyond `EXHAUSTIVE_UNITS`: beam search of this width instead of swap descent. */
  readonly beamWidth?: number
  readonly weights?: Weights
  readonly onProgress?: Progress
  /** How long a moved unit is out of service (default 1 s, a scenario's default `engine.convergence`; 0: never). */
  readonly convergence?: Micros
}

/** The engine's default convergence delay (scenarios/resolve.ts), which the written phases run with. */
export const DEFAULT_CONVERGENCE: Micros = seconds(1)

/** The planner's view of convergence on `model` from `base`: a Transit judged in this thread. */
export const convergenceCost = (model: EstateModel, base: ReadonlyArray<string>, delay: Micros): ConvergenceCost | undefined => {
  if (delay <= 0) return undefined
  const transit = new Transit(model, base)
  return { hours: delay / MICROS_PER_SECOND / 3600, step: (b, u) => transit.step([...base, ...b, ...u], u), rollback: (b, u) => transit.rollback([...base, ...b, ...u], u) }
}

/** The caller's model, or the estate file (validated by the caller) parsed once for this search. */
const modelOf = (options: SearchOptions): EstateModel => {
  if (options.model !== undefined) return options.model
  const parsed = parseEstate(displayPath(options.estate), readFileSync(options.estate, "utf8"))
  if (Result.isFailure(parsed)) throw parsed.failure
  return buildModel(parsed.success)
}

export interface SearchResult {
  readonly method: "exhaustive" | "beam" | "swap descent"
  readonly plans: ReadonlyArray<ScoredPlan>
  readonly ordersScored: number
  readonly statesEvaluated: number
}

const setKey = (units: Iterable<string>) => [...units].sort().join(",")

export const searchPlans = Effect.fn("Plan.search")(function*(problem: PlanProblem, options: SearchOptions) {
  const executor = yield* TaskExecutor
  if (options.model !== undefined) yield* executor.trust(options.estate, options.model)
  const weights = options.weights ?? defaultWeights
  const delay = options.convergence ?? DEFAULT_CONVERGENCE
  const convergence = delay > 0 ? convergenceCost(modelOf(options), problem.base, delay) : undefined
  const metrics = new Map<string, StateMetrics>()
  const evaluate = (sets: ReadonlyArray<ReadonlyArray<string>>) =>
    Effect.gen(function*() {
      const missing = [...new Map(sets.map((s) => [setKey(s), [...s].sort()])).entries()].filter(([k]) => !metrics.has(k))
      const inputs = missing.map(([, moved]) => ({ estate: options.estate, base: [...problem.base], moved }))
      const out = yield* executor.run("plan.state", inputs, options.onProgress)
      missing.forEach(([k], i) => metrics.set(k, out[i]!))
    })
  const predecessors = new Map(problem.units.map((u) => [u, new Set(problem.precedence.filter((p) => p.then === u).map((p) => p.first))]))
  const allowedNext = (placed: ReadonlySet<string>) => problem.units.filter((u) => !placed.has(u) && [...predecessors.get(u)!].every((p) => placed.has(p)))
  const scoreOrder = (order: ReadonlyArray<string>) =>
    bestGrouping(problem, order, (k) => metrics.get(setKey(order.slice(0, k)))!, weights, convergence)
  // The cheapest plan per grouping (phases as sets: the order inside a phase is the plan's to choose).
  const bySignature = new Map<string, ScoredPlan>()
  const offer = (plans: ReadonlyArray<ScoredPlan>) => {
    for (const plan of plans) {
      const sig = plan.phases.map((p) => setKey(p.units)).join(" | ")
      const known = bySignature.get(sig)
      if (known === undefined || compareScores(rankOf(plan), rankOf(known)) < 0) bySignature.set(sig, plan)
    }
  }
  const rankedPlans = () =>
    [...bySignature.values()].map(polish).sort((a, b) => compareScores(rankOf(a), rankOf(b)) || a.phases.length - b.phases.length).slice(0, RANKED)

  /**
   * A grouping reached from one order may do better with its phases' units in another order: try every
   * order inside each phase of up to `POLISH_UNITS` units whose states are known.
   */
  const polish = (plan: ScoredPlan): ScoredPlan => {
    const before: Array<string> = []
    const transit = (units: ReadonlyArray<string>) =>
      convergence === undefined ? undefined : {
        hours: convergence.hours,
        stepDown: units.map((u, s) => convergence.step([...before, ...units.slice(0, s)], [u])),
        rollback: convergence.rollback(before, units)
      }
    const phases = plan.phases.map((phase) => {
      let best = { ...scorePhase(phase.units, phase.units.map((_, s) => metrics.get(setKey([...before, ...phase.units.slice(0, s + 1)]))!), weights, transit(phase.units)) }
      if (phase.units.length <= POLISH_UNITS) {
        for (const order of permutations(phase.units)) {
          const states = order.map((_, s) => metrics.get(setKey([...before, ...order.slice(0, s + 1)])))
          if (states.some((m) => m === undefined)) continue
          if (problem.precedence.some((p) => order.includes(p.first) && order.includes(p.then))) continue
          const scored = scorePhase(order, states as ReadonlyArray<StateMetrics>, weights, transit(order))
          if (compareScores(scored, best) < 0) best = scored
        }
      }
      before.push(...phase.units)
      return best
    })
    return { phases: phases.map(({ cost: _c, ...p }) => p), cost: phases.reduce((s, p) => s + p.cost, 0) }
  }

  if (problem.units.length <= EXHAUSTIVE_UNITS) {
    // Every rule-closed set of units: the states any valid order passes through.
    const closed: Array<ReadonlyArray<string>> = []
    const grow = (placed: Set<string>, from: number) => {
      closed.push([...placed])
      for (let i = from; i < problem.units.length; i++) {
        const u = problem.units[i]!
        if (placed.has(u)) continue
        placed.add(u)
        grow(placed, i + 1)
        placed.delete(u)
      }
    }
    grow(new Set(), 0)
    const valid = closed.filter((s) => s.length > 0 && s.every((u) => [...predecessors.get(u)!].every((p) => s.includes(p))))
    yield* evaluate(valid)
    let orders = 0
    const order: Array<string> = []
    const placed = new Set<string>()
    const walk = () => {
      if (order.length === problem.units.length) {
        orders++
        return offer(scoreOrder(order))
      }
      for (const u of allowedNext(placed)) {
        order.push(u)
        placed.add(u)
        walk()
        placed.delete(u)
        order.pop()
      }
    }
    walk()
    return { method: "exhaustive", plans: rankedPlans(), ordersScored: orders, statesEvaluated: metrics.size } satisfies SearchResult
  }

  if (options.beamWidth === undefined) {
    // Swap descent from a packed start: phases filled greedily in input order with units the rules let
    // share the phase (so the grouping can use full windows), concatenated.
    let order: Array<string> = []
    while (order.length < problem.units.length) {
      const phase: Array<string> = []
      for (const u of allowedNext(new Set(order))) {
        if (phase.length < problem.maxPerPhase && phaseAllowed(problem, [...phase, u])) phase.push(u)
      }
      order.push(...phase)
    }
    const bestOf = (plans: ReadonlyArray<ScoredPlan>) => plans.map(rankOf).reduce((a, b) => (compareScores(b, a) < 0 ? b : a))
    yield* evaluate(order.map((_, k) => order.slice(0, k + 1)))
    offer(scoreOrder(order))
    let current = bestOf(scoreOrder(order))
    let scored = 1
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const swaps: Array<Array<string>> = []
      for (let i = 0; i + 1 < order.length; i++) {
        const a = order[i]!
        const b = order[i + 1]!
        if (predecessors.get(b)!.has(a)) continue
        const next = [...order]
        next[i] = b
        next[i + 1] = a
        swaps.push(next)
      }
      yield* evaluate(swaps.map((o) => o.slice(0, o.findIndex((u, k) => u !== order[k]) + 1)))
      let best: { order: Array<string>; rank: Ranked } | undefined
      for (const o of swaps) {
        const plans = scoreOrder(o)
        scored++
        offer(plans)
        if (plans.length === 0) continue
        const r = bestOf(plans)
        if (compareScores(r, best?.rank ?? current) < 0) best = { order: o, rank: r }
      }
      if (best === undefined) break
      order = best.order
      current = best.rank
    }
    return { method: "swap descent", plans: rankedPlans(), ordersScored: scored, statesEvaluated: metrics.size } satisfies SearchResult
  }
  const width = options.beamWidth
  let beam: Array<ReadonlyArray<string>> = [[]]
  let scored = 0
  for (let length = 1; length <= problem.units.length; length++) {
    const candidates = beam.flatMap((prefix) => allowedNext(new Set(prefix)).map((u) => [...prefix, u]))
    yield* evaluate(candidates)
    const withCost = candidates
      .map((order) => ({ order, plans: bestGrouping(problem, order, (k) => metrics.get(setKey(order.slice(0, k)))!, weights, convergence) }))
      .filter((c) => c.plans.length > 0)
      .map((c) => ({ ...c, plan: [...c.plans].sort((a, b) => compareScores(rankOf(a), rankOf(b)))[0]! }))
    scored += withCost.length
    withCost.sort((a, b) => compareScores(rankOf(a.plan), rankOf(b.plan)))
    const kept: Array<ReadonlyArray<string>> = []
    const keptSets = new Set<string>()
    for (const c of withCost) {
      // Two prefixes with the same units and the same last phase lead to the same futures: keep the cheaper.
      const sig = `${setKey(c.order)}|${c.plan.phases[c.plan.phases.length - 1]!.units.join(",")}`
      if (keptSets.has(sig)) continue
      keptSets.add(sig)
      kept.push(c.order)
      if (length === problem.units.length) offer(c.plans)
      if (kept.length === width) break
    }
    beam = kept
    if (beam.length === 0) break
  }
  return { method: "beam", plans: rankedPlans(), ordersScored: scored, statesEvaluated: metrics.size } satisfies SearchResult
})

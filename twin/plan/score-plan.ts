/**
 * Scoring a plan that is already written — scenario files with cutover phases, such as the shipped seven
 * (scenarios/library/cutover) or `twin plan`'s own output — by the planner's score (score.ts), so that a
 * hand-made plan and a searched one compare on the same terms (`twin plan --score`, `--compare`).
 *
 * Each phase is taken as written: its steps at their times — moves and planned fall-backs alike, each
 * changing the units scenarios/step-changes.ts says, which converge together — in flight from its first
 * step to its PRT (the first post-check; without one, the phase's end), its rollback moving back at once
 * every unit it moved that is still on the new backbone — if anything can trigger it (phases.ts
 * `canRollBack`: a rule with `when: never` and no watch is never carried out). The plan starts from the
 * first scenario's `moved`; each phase from its own scenario's `moved` and the earlier phases of that scenario.
 *
 * A step or rollback inside a trading session of its scenario's day (scenarios/trading-hours.ts) is named
 * on the phase's score (`tradingHours`), which ranks the plan after every plan without one (score.ts
 * `compareScores`).
 *
 * Beyond the score it says who: per step the participants at risk — worse off than at the plan's start
 * once the step has settled, down while its units converge, or taken down by the state's worst single
 * fault when that is worse than the worst before the plan — which the runbook lists as whom to notify.
 */
import type { EstateModel } from "../../topology/model.ts"
import { nMinusOne } from "../../topology/n-minus-one.ts"
import { serviceStatus } from "../../topology/service-health.ts"
import { services } from "../../topology/schema.ts"
import { canRollBack } from "../../scenarios/phases.ts"
import type { Scenario } from "../../scenarios/scenario.ts"
import { stepChanges } from "../../scenarios/step-changes.ts"
import { inTradingHoursText, phaseInTradingHours } from "../../scenarios/trading-hours.ts"
import { MICROS_PER_SECOND, type Micros } from "../engine/time.ts"
import { healthVector, NOT_USED } from "../impact/health-vector.ts"
import { defaultWeights, type PhaseScore, scorePhase, type ScoredPlan, type Weights } from "./score.ts"
import { stateMetrics } from "./state-metrics.ts"
import { downVector, Transit } from "./transit.ts"

export interface StepRisk {
  readonly at: Micros
  /** The units the step changes (scenarios/step-changes.ts): `moved` onto the new backbone, then `back`. */
  readonly units: ReadonlyArray<string>
  readonly moved: ReadonlyArray<string>
  readonly back: ReadonlyArray<string>
  /** Participants at risk from this step until the next (or the PRT), sorted. */
  readonly atRisk: ReadonlyArray<string>
  /** Participant-services down while the step's units converge (not down once settled). */
  readonly convergingDown: number
  /** Participants worse off than at the plan's start once the step has settled. */
  readonly worseOff: number
  /** The worst single fault in the settled state, if it takes down more than the worst before the plan. */
  readonly worstFault: { readonly element: string; readonly participants: number } | undefined
}

export interface ScoredPhase {
  readonly scenario: string
  readonly id: string
  readonly name: string
  readonly date: string | undefined
  readonly score: PhaseScore
  readonly steps: ReadonlyArray<StepRisk>
  /** The units its rollback moves back (those it moved still on the new backbone after its steps), in the order they go back. */
  readonly rollbackUnits: ReadonlyArray<string>
  /** Participants the phase's rollback takes down while its units converge together (`score.rollbackParticipants`). */
  readonly rollbackAtRisk: ReadonlyArray<string>
  /** Participants at risk at some step of the phase, or in its rollback, sorted. */
  readonly atRisk: ReadonlyArray<string>
}

export interface ScoredScenarios {
  readonly plan: ScoredPlan
  readonly phases: ReadonlyArray<ScoredPhase>
  readonly convergence: Micros
}

interface Analysed {
  readonly health: Uint8Array
  /** Element → participants (sorted ids) losing a service (a primary flow) when it fails. */
  readonly downBy: ReadonlyMap<string, ReadonlyArray<string>>
}

const analyseWho = (model: EstateModel, moved: ReadonlyArray<string>): Analysed => {
  const analysis = nMinusOne(model, { moved: new Set(moved), drFailover: false }, undefined, { pathRedundancy: false })
  const downBy = new Map<string, ReadonlyArray<string>>()
  for (const row of analysis.rows) {
    const participants = [...new Set(row.losesService.map((i) => i.participant))].sort()
    if (participants.length > 0) downBy.set(row.element, participants)
  }
  return { health: healthVector(model, serviceStatus(analysis.flows)), downBy }
}

const counts = (a: Analysed) => ({ health: a.health, downBy: new Map([...a.downBy].map(([e, ps]) => [e, ps.length])) })

const participantsOf = (model: EstateModel, slots: (slot: number) => boolean): Array<string> => {
  const out = new Set<string>()
  const n = services.length
  for (let pi = 0; pi < model.file.participants.length; pi++) {
    for (let s = 0; s < n; s++) if (slots(pi * n + s)) out.add(model.file.participants[pi]!.id)
  }
  return [...out]
}

/**
 * The plan the scenarios make, scored. `convergence`: the delay each move is out of service for (default:
 * the first scenario's `engine.convergence`, as its run would use; twin/cli/plan-files.ts refuses a plan
 * whose scenarios say different ones).
 */
export const scoreScenarios = (
  scenarios: ReadonlyArray<Scenario>,
  options: { readonly convergence?: Micros; readonly weights?: Weights } = {}
): ScoredScenarios => {
  const first = scenarios[0]
  if (first === undefined) return { plan: { phases: [], cost: 0 }, phases: [], convergence: 0 }
  const model = first.model
  const weights = options.weights ?? defaultWeights
  const convergence = options.convergence ?? first.engine.convergence
  const hours = convergence / MICROS_PER_SECOND / 3600
  // With no delay a move is never out of service (every state settled at once, as the search takes it:
  // search.ts has no convergence cost then): nobody is down while units converge, in a step or a rollback.
  const converges = convergence > 0
  const base = [...first.moved]
  const cache = new Map<string, Analysed>()
  const analysed = (moved: ReadonlyArray<string>) => {
    const key = [...new Set(moved)].sort().join(",")
    let found = cache.get(key)
    if (found === undefined) cache.set(key, (found = analyseWho(model, [...new Set(moved)])))
    return found
  }
  const start = analysed(base)
  const startWorst = Math.max(0, ...[...start.downBy.values()].map((ps) => ps.length))
  const transit = new Transit(model, base)
  const startDown = downVector(model, base, [])
  const phases: Array<ScoredPhase> = []
  for (const scenario of scenarios) {
    // The units on the new backbone as the scenario's phases go: its `moved`, then each step's changes.
    let onNew: ReadonlySet<string> = new Set(scenario.moved)
    for (const phase of scenario.phases) {
      const prt = phase.postChecks.length > 0 ? Math.min(...phase.postChecks.map((c) => c.window.to)) : phase.window.to
      // Every step, a move or a planned fall-back (or both): each is a change of the world at its time whose
      // units converge together (scenarios/step-changes.ts, as the message engine and the impact engine take it).
      const steps = phase.steps
      const units: Array<string> = []
      const movedHere: Array<string> = []
      const stepRisks: Array<StepRisk> = []
      const metrics = []
      const stepDown: Array<number> = []
      for (const [k, step] of steps.entries()) {
        const change = stepChanges(onNew, step)
        onNew = change.after
        const now = [...onNew]
        for (const u of change.changed) if (!units.includes(u)) units.push(u)
        movedHere.push(...change.moved)
        const settled = analysed(now)
        const m = stateMetrics(counts(start), counts(settled))
        metrics.push(m)
        stepDown.push(converges ? transit.step(now, change.changed) : 0)
        // Who: worse than at the start once settled; down while converging (not before the plan, not once settled).
        const worse = participantsOf(model, (i) => start.health[i] !== NOT_USED && settled.health[i]! > start.health[i]!)
        const converging = downVector(model, now, change.changed)
        const settledDown = downVector(model, now, [])
        const convergingWho = converges && change.changed.length > 0 ? participantsOf(model, (i) => converging[i] === 1 && settledDown[i] === 0 && startDown[i] === 0) : []
        const worstFault = m.worstN1.participants > 0 ? { element: m.worstN1.element, participants: m.worstN1.participants + startWorst } : undefined
        const faultWho = worstFault === undefined ? [] : [...(settled.downBy.get(worstFault.element) ?? [])]
        stepRisks.push({
          at: step.at,
          units: change.changed,
          moved: change.moved,
          back: change.back,
          atRisk: [...new Set([...worse, ...convergingWho, ...faultWho])].sort(),
          convergingDown: stepDown[k]!,
          worseOff: worse.length,
          worstFault
        })
      }
      const minutes = (s: number) => ((steps[s + 1]?.at ?? prt) - steps[s]!.at) / (60 * MICROS_PER_SECOND)
      // A phase nothing can roll back — no rollback rule, or one nothing triggers (`when: never` and no
      // watch) — never converges together at its end. Who a rollback takes down (transit.ts) is both the
      // score's rollback term and the runbook's list for it. It moves back what the phase moved and is still
      // on the new backbone when it comes (after every step: the PRT follows the last), as the phase
      // controller does: a unit fallen back already by a planned step is not moved, nor converges, again.
      const rollsBack = canRollBack(phase)
      const rollbackUnits = [...new Set(movedHere)].filter((u) => onNew.has(u))
      const rollback = rollsBack && converges ? transit.rollback([...onNew], rollbackUnits) : { down: 0, participants: [] }
      const untriggered = phase.rollback !== undefined && !rollsBack
      const tradingHours = phaseInTradingHours(scenario, phase).map((x) => inTradingHoursText(x, scenario.date))
      const { cost: _cost, ...score } = scorePhase(units, metrics, weights, { hours, stepDown, rollback, rollbackRule: rollsBack, ...(untriggered ? { rollbackUntriggered: true } : {}) }, minutes)
      phases.push({
        scenario: scenario.id,
        id: phase.id,
        name: phase.name,
        date: scenario.date,
        score: tradingHours.length > 0 ? { ...score, tradingHours } : score,
        steps: stepRisks,
        rollbackUnits: rollsBack ? rollbackUnits.reverse() : [],
        rollbackAtRisk: rollback.participants,
        atRisk: [...new Set([...stepRisks.flatMap((s) => s.atRisk), ...rollback.participants])].sort()
      })
    }
  }
  const cost = phases.reduce((s, p) => s + p.score.exposureHours + weights.n1Weight * (p.score.worstN1.participants + p.score.rollbackDown) + weights.windowWeight, 0)
  return { plan: { phases: phases.map((p) => p.score), cost }, phases, convergence }
}

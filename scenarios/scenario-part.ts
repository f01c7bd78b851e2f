/**
 * What a scenario adds to each part of a run in parts (run-in-parts.ts), after the part's systems, as a
 * one-world scenario run adds it after every system (run.ts): built here and, from the same plain data, in
 * the worker that runs the other part (the `scenario.part` task).
 *
 * - The trading path's part (the first, in the calling thread: its world-level lines are the ones the merged
 *   trace keeps) runs the execution ledger (it reads the OTP-C hosts' logs and the BSSs' counts) and writes
 *   the scenario's lines: `scenario.start` at the opening, each fault's `scenario.fault` start and end around
 *   its effect, and its cutover phases' decisions.
 * - The other systems' part runs the route-latency sampler (the estate's structure and the world's state,
 *   which every part holds alike).
 * - Both apply every fault to their world at its times, and both run the cutover phases (a replica of the
 *   phase controller each), so each part's world is the one world's. Every check a phase judges is a
 *   rendezvous of the parts (twin/simulate/part-rendezvous.ts): the calling thread merges both parts' lines so
 *   far into the trace the checks fold, takes the verdict and hands it to the worker's replica, so both
 *   decide alike (a step, a no-go, a rollback).
 */
import type { ScenarioStartData } from "../twin/contract/kinds-scenario.ts"
import type { Micros } from "../twin/engine/time.ts"
import { executionLedger } from "../twin/simulate/instruments/execution-ledger.ts"
import { latencySampler } from "../twin/simulate/instruments/latency-sampler.ts"
import { type PartTaskInput, runPart } from "../twin/simulate/part-task.ts"
import type { Rendezvous } from "../twin/simulate/part-rendezvous.ts"
import type { Part, PartOutput } from "../twin/simulate/parts.ts"
import type { Wiring } from "../twin/simulate/wiring.ts"
import type { CheckRun, JudgedResult } from "./checks/check.ts"
import { catalogues } from "./catalogues.ts"
import { type Judge, judgeBy, PhaseController } from "./phases.ts"
import { type FaultToSchedule, scenarioStart, scheduleFaults } from "./run.ts"
import type { Scenario, ScheduledCheck, ScheduledPhase } from "./scenario.ts"

declare module "../twin/parallel/task.ts" {
  interface TaskMap {
    readonly "scenario.part": { readonly input: ScenarioPartInput; readonly output: PartOutput }
  }
}

/** A scenario as its parts need it: plain data (fault kinds by name, from the shipped catalogue). */
export interface ScenarioPartData {
  readonly id: string
  readonly start: ScenarioStartData
  readonly faults: ReadonlyArray<{ readonly id: string; readonly kind: string; readonly params: unknown; readonly start: Micros; readonly end: Micros | undefined }>
  readonly phases: ReadonlyArray<ScheduledPhase<PlainCheck>>
}

/** A check as sent to a worker: its kind by name. */
type PlainCheck = Omit<ScheduledCheck, "kind"> & { readonly kind: string }

/**
 * What the calling thread's part has that the worker's has not: the scenario's own phases (whose checks
 * key the runs and the report's verdicts), the checks' runs folding the merged trace, and where to hand the
 * phase controller that the report reads.
 */
export interface PartHere {
  readonly phases: ReadonlyArray<ScheduledPhase>
  readonly runs: ReadonlyMap<ScheduledCheck, CheckRun<JudgedResult>>
  readonly controlled: (controller: PhaseController) => void
}

export interface ScenarioPartInput extends PartTaskInput {
  readonly scenario: ScenarioPartData
}

/** `scenario`'s plain data for its parts (`allChecks`: its checks' order, as its fold holds them). */
export const scenarioPartData = (scenario: Scenario, allChecks: ReadonlyArray<ScheduledCheck>): ScenarioPartData => ({
  id: scenario.id,
  start: scenarioStart(scenario, allChecks),
  faults: scenario.faults.map((f) => ({ id: f.id, kind: f.kind.kind, params: f.params, start: f.start, end: f.end })),
  phases: scenario.phases.map((p) => withChecks(p, (c) => ({ ...c, kind: c.kind.kind })))
})

const withChecks = <A, B>(phase: ScheduledPhase<A>, f: (check: A) => B): ScheduledPhase<B> => ({
  ...phase,
  preChecks: phase.preChecks.map(f),
  postChecks: phase.postChecks.map(f),
  rollback: phase.rollback === undefined ? undefined : { ...phase.rollback, watch: phase.rollback.watch.map(f) }
})

/** The phases of `data` with their checks' kinds from the shipped catalogue (run-in-parts.ts runs no other kind in parts). */
const phasesOf = (data: ScenarioPartData): ReadonlyArray<ScheduledPhase> =>
  data.phases.map((p) =>
    withChecks(p, (c) => {
      const kind = catalogues.checks.get(c.kind)
      if (kind === undefined) throw new Error(`check ${c.id}: no check kind ${c.kind} in the catalogue`)
      return { ...c, kind }
    })
  )

/**
 * A verdict taken at a rendezvous: the calling thread judges over both parts' lines so far and hands the
 * worker's replica what it decides on (its evidence stays here: that replica writes and reports nothing).
 */
const judgeAcross = (meet: Rendezvous, judge: Judge): Judge => (check) => {
  let verdict: JudgedResult | undefined
  meet(check.id, (): JudgedResult => {
    verdict = judge(check)
    return { ...verdict, evidence: [] }
  })
  return verdict!
}

/** The worker's replica: the verdict the calling thread took at the rendezvous. */
const judgedThere = (meet: Rendezvous): Judge => (check) =>
  meet(check.id, (): JudgedResult => {
    throw new Error(`check ${check.id} is judged in the calling thread`)
  })

/** The faults of `data` with their kinds from the shipped catalogue (run-in-parts.ts runs no other kind in parts). */
const faultsOf = (data: ScenarioPartData): ReadonlyArray<FaultToSchedule> =>
  data.faults.map((f) => {
    const kind = catalogues.faults.get(f.kind)
    if (kind === undefined) throw new Error(`fault ${f.id}: no fault kind ${f.kind} in the catalogue`)
    return { id: f.id, kind, params: f.params, start: f.start, end: f.end }
  })

/** `here`: the calling thread's part (the trading path's); undefined in the worker. */
export const scenarioPartWirings = (part: Part, data: ScenarioPartData, meet: Rendezvous, here?: PartHere): ReadonlyArray<Wiring> => {
  const faults = faultsOf(data)
  const trading = part.services.includes("otp-c")
  const scenario: Wiring = {
    system: "scenario",
    wire: ({ model, runtime, world, seed }) => {
      if (trading) runtime.record("scenario.start", data.id, data.start)
      scheduleFaults(faults, { model, world, runtime, seed }, trading)
      if (data.phases.length === 0) return
      const judge = here === undefined ? judgedThere(meet) : judgeAcross(meet, judgeBy(here.runs, runtime))
      const controller = new PhaseController(runtime, world, judge, { record: trading })
      controller.schedule(here?.phases ?? phasesOf(data))
      here?.controlled(controller)
    }
  }
  return trading ? [executionLedger, scenario] : [latencySampler, scenario]
}

/** The `scenario.part` task: a part of a scenario run in parts, in a worker. */
export const runScenarioPartTask = (input: ScenarioPartInput): PartOutput => runPart(input, (part, meet) => scenarioPartWirings(part, input.scenario, meet))

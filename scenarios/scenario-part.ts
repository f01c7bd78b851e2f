/**
 * What a scenario adds to each part of a run in parts (run-in-parts.ts), after the part's systems, as a
 * one-world scenario run adds it after every system (run.ts): built here and, from the same plain data, in
 * the worker that runs the other part (the `scenario.part` task).
 *
 * - The trading path's part (the first: its world-level lines are the ones the merged trace keeps) runs the
 *   execution ledger (it reads the OTP-C hosts' logs and the BSSs' counts) and writes the scenario's lines:
 *   `scenario.start` at the opening, each fault's `scenario.fault` start and end around its effect.
 * - The other systems' part runs the route-latency sampler (the estate's structure and the world's state,
 *   which every part holds alike).
 * - Both apply every fault to their world at its times, so each part's world is the one world's.
 */
import type { ScenarioStartData } from "../twin/contract/kinds-scenario.ts"
import type { Micros } from "../twin/engine/time.ts"
import { executionLedger } from "../twin/simulate/instruments/execution-ledger.ts"
import { latencySampler } from "../twin/simulate/instruments/latency-sampler.ts"
import { type PartTaskInput, runPart } from "../twin/simulate/part-task.ts"
import type { Part, PartOutput } from "../twin/simulate/parts.ts"
import type { Wiring } from "../twin/simulate/wiring.ts"
import { catalogues } from "./catalogues.ts"
import { type FaultToSchedule, scenarioStart, scheduleFaults } from "./run.ts"
import type { Scenario, ScheduledCheck } from "./scenario.ts"

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
}

export interface ScenarioPartInput extends PartTaskInput {
  readonly scenario: ScenarioPartData
}

/** `scenario`'s plain data for its parts (`allChecks`: its checks' order, as its fold holds them). */
export const scenarioPartData = (scenario: Scenario, allChecks: ReadonlyArray<ScheduledCheck>): ScenarioPartData => ({
  id: scenario.id,
  start: scenarioStart(scenario, allChecks),
  faults: scenario.faults.map((f) => ({ id: f.id, kind: f.kind.kind, params: f.params, start: f.start, end: f.end }))
})

/** The faults of `data` with their kinds from the shipped catalogue (run-in-parts.ts runs no other kind in parts). */
const faultsOf = (data: ScenarioPartData): ReadonlyArray<FaultToSchedule> =>
  data.faults.map((f) => {
    const kind = catalogues.faults.get(f.kind)
    if (kind === undefined) throw new Error(`fault ${f.id}: no fault kind ${f.kind} in the catalogue`)
    return { id: f.id, kind, params: f.params, start: f.start, end: f.end }
  })

export const scenarioPartWirings = (part: Part, data: ScenarioPartData): ReadonlyArray<Wiring> => {
  const faults = faultsOf(data)
  const trading = part.services.includes("otp-c")
  const scenario: Wiring = {
    system: "scenario",
    wire: ({ model, runtime, world, seed }) => {
      if (trading) runtime.record("scenario.start", data.id, data.start)
      scheduleFaults(faults, { model, world, runtime, seed }, trading)
    }
  }
  return trading ? [executionLedger, scenario] : [latencySampler, scenario]
}

/** The `scenario.part` task: a part of a scenario run in parts, in a worker. */
export const runScenarioPartTask = (input: ScenarioPartInput): PartOutput => runPart(input, (part) => scenarioPartWirings(part, input.scenario))

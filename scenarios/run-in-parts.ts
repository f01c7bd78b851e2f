/**
 * A scenario without cutover phases — a market rehearsal, a post-release baseline, a failure drill — run in
 * two parts on two threads as `twin simulate` runs a day (twin/simulate/parts.ts, simulate-in-parts.ts): the
 * OCG-C/OTP-C trading path with the execution ledger and the scenario's own lines, and the other systems with
 * the route-latency sampler (scenario-part.ts). Both parts apply every fault to their own copy of the world at
 * its times, so each sees the one world's changes; what the world writes (`world.change`, …) is kept from the
 * first. The checks, the report's collector and the cause index fold the merged trace (run.ts
 * `foldScenario`): without phases nothing is judged before the end of the run, so folding the merged lines
 * gives the verdicts that folding them as they are written would.
 *
 * What differs from the one-world run: what `twin simulate` in parts differs by — lines of the two parts at
 * the same microsecond grouped by part (the trading path's first), and the engine's event counts (`metrics`
 * `events`, the report's `run.events`: each part runs its own hooks). Every line, its instant and each part's
 * order are the one world's (test/scenarios/run-in-parts.test.ts, with faults of every kind).
 *
 * In one world instead: a scenario with phases (its gates and rollback watches decide on every system's
 * checks as the run goes: `oneWorldReason`); and, found after the parts ran, one whose parts met where one
 * world orders what they do — both drew from the run's one random stream (a lossy or jittery link both
 * parts' traffic crossed) or queued on one capped link — or whose estate puts two parts' machines on a node
 * (parts.ts `partsMet`, `sharedNodes`). The run then says why (`SplitSummary.oneWorld`).
 */
import { Effect } from "effect"
import type { Micros } from "../twin/engine/time.ts"
import type { TraceSink } from "../twin/engine/trace.ts"
import { systemParts } from "../twin/simulate/parts.ts"
import { type PartProgress, splitRun, type SplitSummary } from "../twin/simulate/simulate-in-parts.ts"
import { task } from "../twin/parallel/task.ts"
import { catalogues } from "./catalogues.ts"
import { scenarioPartData, scenarioPartWirings } from "./scenario-part.ts"
import { foldScenario, type ReportAndEvidence, simulationOf, startScenario } from "./run.ts"
import type { Scenario } from "./scenario.ts"

/**
 * Why `scenario` runs in one world whatever the threads, or undefined when it can run in parts (which may
 * still end in one world: `runScenarioInParts`). Fault kinds must be the shipped catalogue's: the worker
 * builds its part's faults from their names.
 */
export const oneWorldReason = (scenario: Scenario): string | undefined =>
  scenario.phases.length > 0 ? "its phases change the world and decide on checks of every system as the run goes"
  : scenario.faults.some((f) => catalogues.faults.get(f.kind.kind) !== f.kind) ? "its fault kinds are not all the shipped catalogue's (a worker builds its part from that)"
  : undefined

export interface InPartsOptions {
  readonly trace: TraceSink
  /** Threads: 1 runs the two parts one after the other here (the same trace), 2 side by side. */
  readonly workers: number
  readonly onProgress?: (parts: ReadonlyArray<PartProgress>) => void
  readonly onStep?: (now: Micros) => void
}

export interface InParts extends ReportAndEvidence {
  readonly summary: SplitSummary
}

/**
 * `scenario` (one `oneWorldReason` lets through) in parts, pausing every few simulated seconds of this
 * thread's part and between pieces of the merge (`between` runs at each pause: execute.ts flushes the trace
 * file there). Where the parts met or share a node, the scenario runs again in one world (the summary's
 * `oneWorld` says why): the parts' trace, never written, is dropped.
 */
export const runScenarioInParts = <E, R>(scenario: Scenario, options: InPartsOptions, between: Effect.Effect<void, E, R>): Effect.Effect<InParts, E, R> =>
  Effect.gen(function*() {
    const reason = oneWorldReason(scenario)
    if (reason !== undefined) return yield* Effect.die(new Error(`${scenario.id} cannot run in parts: ${reason}`))
    const fold = foldScenario(scenario, options.trace)
    const data = scenarioPartData(scenario, fold.allChecks)
    let oneWorld: ReturnType<typeof startScenario> | undefined
    const summary = yield* splitRun({
      ...simulationOf(scenario),
      trace: fold.sink,
      workers: options.workers,
      extend: {
        wirings: (part) => scenarioPartWirings(part, data),
        task: (input) => task("scenario.part", { ...input, scenario: data })
      },
      oneWorld: () => {
        const onProgress = options.onProgress
        oneWorld = startScenario(scenario, {
          trace: options.trace,
          ...(onProgress === undefined ? {} : { onProgress: (now, events) => onProgress([{ services: systemParts.flatMap((p) => p.services), now, events }]) })
        })
        return oneWorld.simulation
      },
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.onStep === undefined ? {} : { onStep: options.onStep })
    }, between)
    return { ...(oneWorld === undefined ? fold.reportAndEvidence(summary, undefined) : oneWorld.reportAndEvidence(summary)), summary }
  })

/**
 * A scenario whose world nothing changes — no fault, no cutover phase: a market rehearsal, a baseline — run
 * in two parts on two threads as `twin simulate` runs a day (twin/simulate/parts.ts, simulate-in-parts.ts):
 * the OCG-C/OTP-C trading path with the execution ledger, and the other systems with the route-latency
 * sampler and the scenario's opening line. The checks, the report's collector and the cause index fold the
 * merged trace (run.ts `foldScenario`); nothing is judged before the end of the run (the scenario's checks
 * are taken at their windows' ends with nothing to decide on the way), so folding the merged lines gives the
 * verdicts that folding them as they are written would.
 *
 * What differs from the one-world run: what `twin simulate` in parts differs by — lines of the two parts at
 * the same microsecond grouped by part (the trading path's first), and the engine's event counts (`metrics`
 * `events`, the report's `run.events`: each part runs its own hooks). Every line, its instant and each part's
 * order are the one world's (test/scenarios/run-in-parts.test.ts). A fault or a phase changes the world for
 * every system at once and its decisions fold over all of them as they happen: such a scenario runs in one
 * world (`oneWorldReason`), as does one whose estate puts two parts' machines on a node.
 */
import { Effect } from "effect"
import type { Micros } from "../twin/engine/time.ts"
import type { TraceSink } from "../twin/engine/trace.ts"
import { systemParts } from "../twin/simulate/parts.ts"
import { type PartProgress, splitRun, type SplitSummary } from "../twin/simulate/simulate-in-parts.ts"
import { foldScenario, type ReportAndEvidence, scenarioStart, startScenario } from "./run.ts"
import type { Scenario } from "./scenario.ts"

/** Why `scenario` runs in one world whatever the threads, or undefined when it can run in parts. */
export const oneWorldReason = (scenario: Scenario): string | undefined =>
  scenario.faults.length > 0 ? "its faults change the world for every system at once"
  : scenario.phases.length > 0 ? "its phases change the world and decide on checks of every system as the run goes"
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
 * file there). Where the estate puts two parts' machines on one node, the scenario runs in one world instead
 * (the summary's `oneWorld` says why).
 */
export const runScenarioInParts = <E, R>(scenario: Scenario, options: InPartsOptions, between: Effect.Effect<void, E, R>): Effect.Effect<InParts, E, R> =>
  Effect.gen(function*() {
    const reason = oneWorldReason(scenario)
    if (reason !== undefined) return yield* Effect.die(new Error(`${scenario.id} cannot run in parts: ${reason}`))
    const fold = foldScenario(scenario, options.trace)
    let oneWorld: ReturnType<typeof startScenario> | undefined
    const summary = yield* splitRun({
      model: scenario.model,
      seed: scenario.seed,
      window: scenario.window,
      trace: fold.sink,
      moved: scenario.moved,
      metricsEvery: scenario.engine.metricsEvery,
      convergenceDelay: scenario.engine.convergence,
      startupGrace: scenario.engine.startupGrace,
      settings: scenario.settings,
      workers: options.workers,
      scenario: { id: scenario.id, start: scenarioStart(scenario, fold.allChecks) },
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

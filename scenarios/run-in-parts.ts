/**
 * A scenario run in two parts on two threads as `twin simulate` runs a day (twin/simulate/parts.ts,
 * simulate-in-parts.ts): the OCG-C/OTP-C trading path with the execution ledger and the scenario's own lines,
 * and the other systems with the route-latency sampler (scenario-part.ts). Both parts apply every fault and
 * run every cutover step to their own copy of the world at its times, so each sees the one world's changes;
 * what the world writes (`world.change`, …) is kept from the first. The checks, the report's collector and
 * the cause index fold the merged trace (run.ts `foldScenario`).
 *
 * When is a check judged on what one world would show it? A scenario without phases judges only at the end,
 * over the whole merged trace. A cutover phase judges as the run goes (its go/no-go, its post-checks, its
 * rollback watches) and decides on the verdict: each of those judgments is a rendezvous of the two parts
 * (twin/simulate/part-rendezvous.ts), an event both run at the same point of their own order. There the
 * calling thread merges what both parts wrote before it — exactly the lines one world writes before it, since
 * each part's order is the one world's — takes the verdict and hands it to the worker's replica of the phase
 * controller, so both parts take the same steps and rollbacks. Parts that meet run side by side: a
 * scenario with phases needs two threads.
 *
 * What differs from the one-world run: what `twin simulate` in parts differs by — lines of the two parts at
 * the same microsecond grouped by part (the trading path's first; at a rendezvous, those written before it,
 * then those after), and the engine's event counts (`metrics` `events`, the report's `run.events`: each part
 * runs its own hooks). Every line, its instant and each part's order are the one world's
 * (test/scenarios/run-in-parts.test.ts, with faults of every kind and with phases that roll back).
 *
 * In one world instead, found as the parts run: a run whose parts met where one world orders what they do
 * — both drew from the run's one random stream (a lossy or jittery link both parts' traffic crossed) or
 * queued on one capped link (twin/simulate/meeting-board.ts: the parts stop where this thread sees it) —
 * or, after they ran, whose estate puts two parts' machines on a node (parts.ts `sharedNodes`). The run
 * then says why (`SplitSummary.oneWorld`); the trace the parts wrote so far is emptied first. And from the
 * start, a scenario whose fault or check kinds are not the shipped catalogue's (`oneWorldReason`).
 */
import { Effect } from "effect"
import type { Micros } from "../twin/engine/time.ts"
import type { TraceSink } from "../twin/engine/trace.ts"
import { systemParts } from "../twin/simulate/parts.ts"
import { type PartProgress, splitRun, type SplitSummary } from "../twin/simulate/simulate-in-parts.ts"
import { task } from "../twin/parallel/task.ts"
import { catalogues } from "./catalogues.ts"
import type { PhaseController } from "./phases.ts"
import { type PartHere, scenarioPartData, scenarioPartWirings } from "./scenario-part.ts"
import { foldScenario, type ReportAndEvidence, simulationOf, startScenario } from "./run.ts"
import type { Scenario, ScheduledCheck, ScheduledPhase } from "./scenario.ts"

/**
 * Why `scenario` runs in one world whatever the threads, or undefined when it can run in parts (which may
 * still end in one world: `runScenarioInParts`). Fault and check kinds must be the shipped catalogue's: the
 * worker builds its part's faults and phases from their names.
 */
export const oneWorldReason = (scenario: Scenario): string | undefined =>
  scenario.faults.some((f) => catalogues.faults.get(f.kind.kind) !== f.kind) ? "its fault kinds are not all the shipped catalogue's (a worker builds its part from that)"
  : scenario.phases.some((p) => phaseChecks(p).some((c) => catalogues.checks.get(c.kind.kind) !== c.kind)) ? "its phases' check kinds are not all the shipped catalogue's (a worker builds its part from that)"
  : undefined

const phaseChecks = (p: ScheduledPhase): ReadonlyArray<ScheduledCheck> => [...p.preChecks, ...p.postChecks, ...(p.rollback?.watch ?? [])]

export interface InPartsOptions {
  /** Where the trace goes as it is merged, while the parts run. */
  readonly trace: TraceSink
  /**
   * Threads: 1 runs the two parts one after the other here (the same trace; a scenario without phases only:
   * parts that meet at rendezvous must run side by side), 2 side by side.
   */
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
 * `oneWorld` says why): `restart` first empties the trace of what the parts merged so far.
 */
export const runScenarioInParts = <E, R>(
  scenario: Scenario,
  options: InPartsOptions,
  between: Effect.Effect<void, E, R>,
  restart: Effect.Effect<void, E, R>
): Effect.Effect<InParts, E, R> =>
  Effect.gen(function*() {
    const reason = oneWorldReason(scenario) ?? (scenario.phases.length > 0 && options.workers < 2 ? "its phases meet across the parts, which must run on two threads" : undefined)
    if (reason !== undefined) return yield* Effect.die(new Error(`${scenario.id} cannot run in parts: ${reason}`))
    // The merged trace goes out as it is merged — at this thread's pauses, the rendezvous and the end
    // (simulate-in-parts.ts), not held to the end — and a run that goes to one world restarts it.
    const fold = foldScenario(scenario, options.trace)
    const data = scenarioPartData(scenario, fold.allChecks)
    let controller: PhaseController | undefined
    const here: PartHere = { phases: scenario.phases, runs: fold.runs, controlled: (c) => void (controller = c) }
    let oneWorld: ReturnType<typeof startScenario> | undefined
    const summary = yield* splitRun({
      ...simulationOf(scenario),
      trace: fold.sink,
      workers: options.workers,
      extend: {
        // The trading path's part runs in this thread (splitRun's first part): its controller is the report's.
        wirings: (part, meet) => scenarioPartWirings(part, data, meet, part.services.includes("otp-c") ? here : undefined),
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
    }, between, restart)
    if (oneWorld !== undefined) return { ...oneWorld.reportAndEvidence(summary), summary }
    return { ...fold.reportAndEvidence(summary, controller), summary }
  })

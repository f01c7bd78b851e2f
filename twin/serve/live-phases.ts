/**
 * A served scenario's phases in live mode: each starts at its time, unless the instructor starts it early.
 * Starting a phase early shifts its whole timeline — steps, post-checks, rollback watch and cut-off — so
 * that its first step is now; its pre-checks judge the minute before now. The other phases keep their
 * times. A phase that has started (at its time or early) cannot be started again.
 *
 * The shifted phase's checks are new check runs: they are fed the trace so far (a check's window only
 * says what it judges; earlier events set up its state), then every event as the run goes.
 */
import { Result } from "effect"
import { type CheckRun, type JudgedResult, startCheck } from "../../scenarios/checks/check.ts"
import type { PhaseController } from "../../scenarios/phases.ts"
import type { ScheduledCheck, ScheduledPhase, Window } from "../../scenarios/scenario.ts"
import { formatDuration } from "../../scenarios/format/duration.ts"
import type { EstateModel } from "../../topology/model.ts"
import type { Runtime } from "../engine/runtime.ts"
import { formatTimeOfDay, type Micros } from "../engine/time.ts"
import type { TraceEvent } from "../engine/trace.ts"

export interface PhaseRunParts {
  readonly runtime: Runtime
  readonly controller: PhaseController
  readonly runs: Map<ScheduledCheck, CheckRun<JudgedResult>>
  readonly observe: (run: CheckRun<JudgedResult>) => void
  readonly model: EstateModel
  readonly day: Window
  /** The trace so far, for a check made now. */
  readonly log: () => ReadonlyArray<TraceEvent>
}

/** `phase` with every time moved by `delta` µs (windows kept inside the day). */
export const shiftPhase = (phase: ScheduledPhase, delta: Micros, day: Window): ScheduledPhase => {
  const clampWindow = (w: Window): Window => ({ from: Math.max(day.from, w.from + delta), to: Math.max(day.from, w.to + delta) })
  const shiftCheck = (c: ScheduledCheck): ScheduledCheck => ({ ...c, window: clampWindow(c.window) })
  return {
    ...phase,
    steps: phase.steps.map((s) => ({ ...s, at: s.at + delta })),
    preChecks: phase.preChecks.map(shiftCheck),
    postChecks: phase.postChecks.map(shiftCheck),
    rollback: phase.rollback === undefined
      ? undefined
      : { ...phase.rollback, cutoff: phase.rollback.cutoff + delta, watch: phase.rollback.watch.map(shiftCheck) },
    window: clampWindow(phase.window)
  }
}

export class LivePhases {
  private readonly started = new Map<string, Micros>()
  private phases: ReadonlyArray<ScheduledPhase> = []
  private parts: PhaseRunParts | undefined

  /** For `startScenario`'s `startPhases`: each phase gated at its time. */
  readonly gate = (controller: PhaseController, phases: ReadonlyArray<ScheduledPhase>, runtime: Runtime): void => {
    this.phases = phases
    for (const phase of phases) {
      runtime.at(phase.window.from, () => {
        if (this.started.has(phase.id)) return
        this.started.set(phase.id, phase.window.from)
        controller.schedule([phase])
      })
    }
  }

  attach(parts: PhaseRunParts): void {
    this.parts = parts
  }

  /** Starts phase `id` at `at` (now); the ack's detail, or why not. */
  startNow(id: string, at: Micros): Result.Result<string, string> {
    const parts = this.parts
    const phase = this.phases.find((p) => p.id === id)
    if (parts === undefined || phase === undefined) {
      const ids = this.phases.map((p) => p.id)
      return Result.fail(`phase: expected a phase of the served scenario (${ids.length === 0 ? "none" : ids.join(", ")}), got ${JSON.stringify(id)}`)
    }
    const began = this.started.get(id)
    if (began !== undefined) return Result.fail(`phase: expected a phase not started yet, got ${JSON.stringify(id)} (started ${formatTimeOfDay(began)})`)
    if (at >= phase.window.from) return Result.fail(`phase: expected a phase not started yet, got ${JSON.stringify(id)} (due at ${formatTimeOfDay(phase.window.from)})`)
    const shifted = shiftPhase(phase, at - phase.window.from, parts.day)
    const checks = [...shifted.preChecks, ...shifted.postChecks, ...(shifted.rollback?.watch ?? [])]
    for (const check of checks) {
      const run = startCheck(check.kind, check.params, { model: parts.model, window: check.window }, check.require)
      for (const e of parts.log()) run.observe(e)
      parts.runs.set(check, run)
      parts.observe(run)
    }
    this.started.set(id, at)
    parts.controller.schedule([shifted]) // its start is due at `at`, the next instant the run reaches
    return Result.succeed(`phase ${id} starts now, ${formatDuration(phase.window.from - at)} early`)
  }
}

/**
 * A scenario ready to run: every reference checked against its estate, every time in microseconds, every
 * fault and check bound to its catalogue module with decoded parameters, random faults drawn. Built by
 * resolve.ts from a decoded `ScenarioFile`; run by run.ts.
 */
import type { EstateModel } from "../topology/model.ts"
import type { Micros } from "../twin/engine/time.ts"
import type { Settings } from "../twin/settings/settings.ts"
import type { SimulationWindow } from "../twin/simulate/wiring.ts"
import type { AnyCheckKind } from "./checks/check.ts"
import type { AnyFaultKind, StepMoves } from "./faults/fault.ts"

export interface Catalogues {
  readonly faults: ReadonlyMap<string, AnyFaultKind>
  readonly checks: ReadonlyMap<string, AnyCheckKind>
}

export interface Window {
  readonly from: Micros
  readonly to: Micros
}

export interface ScheduledFault {
  readonly id: string
  readonly kind: AnyFaultKind
  readonly params: unknown
  /** The parameters as written (after a random draw), for reports. */
  readonly written: Readonly<Record<string, unknown>>
  readonly start: Micros
  readonly end: Micros | undefined
}

export type CheckRole = "scenario" | "pre-check" | "post-check" | "watch"

export interface ScheduledCheck {
  readonly id: string
  readonly kind: AnyCheckKind
  readonly params: unknown
  readonly role: CheckRole
  readonly phase?: string
  /** The window it judges; its verdict is taken at `window.to`. */
  readonly window: Window
  /** `evidence`: judging nothing in the window fails the check (docs/checks.md, "Nothing to check"). */
  readonly require?: "evidence"
}

/** A step of a phase: the units it moves to the new backbone and back, at its instant (what a fault reads of it too). */
export type PhaseStep = StepMoves

/** `C`: how its checks are held (a run in parts sends them to a worker with their kinds by name). */
export interface ScheduledPhase<C = ScheduledCheck> {
  readonly id: string
  readonly name: string
  readonly steps: ReadonlyArray<PhaseStep>
  readonly preChecks: ReadonlyArray<C>
  readonly postChecks: ReadonlyArray<C>
  readonly rollback: {
    readonly onPostCheck: boolean
    readonly watch: ReadonlyArray<C>
    readonly cutoff: Micros
    readonly takes: Micros
  } | undefined
  /** From its first step to its last step, post-check or cut-off. */
  readonly window: Window
  /**
   * The phase's gate: `default` — it does not start after an earlier phase was rolled back or did not
   * start; otherwise the ids of the earlier phases that must each have passed (none for an ungated phase).
   */
  readonly requires: "default" | ReadonlyArray<string>
}

export interface Scenario {
  /** The file's name without folder and extension, e.g. `drill-core-router-fails`. */
  readonly id: string
  readonly file: string
  readonly name: string
  readonly purpose: string
  readonly estateFile: string
  readonly model: EstateModel
  readonly seed: number
  readonly date: string | undefined
  readonly day: "trading-day" | "rehearsal"
  /** The day simulated, and its timetable (`timetable` absent: a full trading day). */
  readonly window: SimulationWindow
  readonly moved: ReadonlyArray<string>
  readonly phases: ReadonlyArray<ScheduledPhase>
  readonly faults: ReadonlyArray<ScheduledFault>
  readonly checks: ReadonlyArray<ScheduledCheck>
  readonly write: { readonly trace: boolean; readonly markdown: boolean; readonly html: boolean }
  readonly engine: { readonly convergence: Micros; readonly startupGrace: Micros; readonly metricsEvery: Micros }
  /** The assumptions set for the run: the scenario's `settings` over the estate's (`{}`: the models' defaults). */
  readonly settings: Settings
}

/**
 * The contract of a fault in the catalogue: its parameters (decoded with Schema from the scenario file),
 * the estate elements they must name (checked against the estate, so a fault on a link that does not exist
 * is a clear input error), and its effect on the world between its start and its end.
 *
 * A fault changes the world only through `WorldPort.apply` (twin/world/world-port.ts, the changes are
 * twin/world/world-change.ts's union), so every effect is recorded in the trace as `world.change` events
 * (or, for the impact engine, noted by its recording world); the scenario runner writes `scenario.fault`
 * (start/end) around it.
 */
import type { Schema } from "effect"
import type { EstateModel } from "../../topology/model.ts"
import type { InputIssue } from "../../topology/input-issue.ts"
import type { Runtime } from "../../twin/engine/runtime.ts"
import type { Micros } from "../../twin/engine/time.ts"
import type { WorldPort } from "../../twin/world/world-port.ts"

export interface FaultContext {
  readonly model: EstateModel
  readonly world: WorldPort
  readonly runtime: Runtime
  readonly seed: number
  /** This fault's id in the scenario (for keyed random draws and trace subjects). */
  readonly id: string
}

export interface FaultWindow {
  readonly start: Micros
  /** Undefined: the fault lasts to the end of the run. */
  readonly end: Micros | undefined
}

/** A cut-over step as a fault sees it: its instant and the units it moves to the new backbone and back. */
export interface StepMoves {
  readonly at: Micros
  readonly move: ReadonlyArray<string>
  readonly back: ReadonlyArray<string>
}

export interface FaultKind<P> {
  /** The `kind:` written in scenarios, e.g. `link-down`. */
  readonly kind: string
  /** One line for the scenario-format reference. */
  readonly description: string
  readonly params: Schema.Decoder<P>
  /** Estate references in `params` that do not exist; paths relative to the fault's `params`. */
  readonly validate: (params: P, model: EstateModel) => ReadonlyArray<InputIssue>
  /** The estate elements the fault touches (links, nodes, units, participants), for reports. */
  readonly targets: (params: P, model: EstateModel) => ReadonlyArray<string>
  /** Schedules the effect on the runtime (`runtime.at`) for `window`; called before the run starts. */
  readonly schedule: (params: P, ctx: FaultContext, window: FaultWindow) => void
  /**
   * When the fault first changes what the network does, if not at its start, given the scenario's
   * cut-over steps (a drill's time targets count from it): a fault that holds routing harms nothing until
   * a step moves its unit. Undefined: it harms nothing in its window. Absent: it harms from its start.
   */
  readonly harmsFrom?: (params: P, window: FaultWindow, steps: ReadonlyArray<StepMoves>) => Micros | undefined
}

/** Erases `P` so kinds of different parameters sit in one catalogue. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFaultKind = FaultKind<any>

type Placed = { readonly kind: AnyFaultKind; readonly params: unknown } & FaultWindow

/** The first instant `fault` changes what the network does given the scenario's steps, if it ever does. */
export const harmBegins = (fault: Placed, steps: ReadonlyArray<StepMoves>): Micros | undefined =>
  fault.kind.harmsFrom === undefined ? fault.start : fault.kind.harmsFrom(fault.params, fault, steps)

/** When `fault` starts to harm, or its start if it never does (nothing better to count from). */
export const harmStart = (fault: Placed, steps: ReadonlyArray<StepMoves>): Micros => harmBegins(fault, steps) ?? fault.start

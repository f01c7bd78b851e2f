/**
 * What a real endpoint (twin/rig) sees of a live world — a served drill (`LiveSession`) or a training drill
 * (`DrillWorld`): the estate, the seed and settings its files and content derive from, the instant reached,
 * the trace so far and each step's new events, the physical state and the live judgement of a path, the
 * taps that tell what the trace does not carry, and one way to write what a participant did on the wire.
 */
import type { TraceKind, TraceKinds } from "../contract/trace-kinds.ts"
import type { Micros } from "../engine/time.ts"
import type { TraceEvent } from "../engine/trace.ts"
import type { Settings } from "../settings/settings.ts"
import type { SimulationTaps } from "../simulate/taps.ts"
import type { SimulationWindow } from "../simulate/wiring.ts"
import type { PathNow } from "../world/sim-network.ts"
import type { WorldStateView } from "../world/world-state.ts"
import type { EstateModel } from "../../topology/model.ts"

export interface LiveWorldView {
  readonly model: EstateModel
  readonly seed: number
  readonly window: SimulationWindow
  /** The assumptions the world runs with (a scenario's own over the estate's). */
  readonly settings: Settings
  /** Observers of the models (twin/simulate/taps.ts), set by an endpoint before the world first runs. */
  readonly taps: SimulationTaps
  /** The instant the world has been run to. */
  readonly now: Micros
  /** Whether the world has reached the end of its window (its clock moves no more). */
  readonly over: boolean
  /** Every trace event so far. */
  readonly log: ReadonlyArray<TraceEvent>
  /** The physical state now (read-only). */
  readonly state: WorldStateView
  /** What a message from `from` to `to` would meet now (no draw, no queue). */
  pathNow(from: string, to: string): PathNow | undefined
  /** Calls `listener` after every step of the world with the events it recorded and the instant reached. */
  onAdvanced(listener: (fresh: ReadonlyArray<TraceEvent>, now: Micros) => void): void
  /**
   * As `onAdvanced`, for an endpoint that follows only China Connect, market data or ECP. A world on two
   * threads (`twin serve --threads 2`) calls it as soon as this thread's part has run, with that part's
   * events, so its work overlaps the trading path's thread finishing the step; a world on one thread calls
   * it as `onAdvanced`, with everything.
   */
  onPartAdvanced(listener: (fresh: ReadonlyArray<TraceEvent>, now: Micros) => void): void
  /** The OCG-C Comp IDs whose BSS is a real FIX client (twin serve --real-sessions): the model runs a stand-in. */
  readonly realOcgSessions: ReadonlySet<string>
  /** Delivers `message` now to machine `id`: how a real session tells its stand-in what happened. */
  tell<M>(id: string, message: M): void
  /** Writes `kind` at `at` (at least now), on the next step: what a participant did over the wire. */
  recordAt<K extends TraceKind>(at: Micros, kind: K, subject: string, data: TraceKinds[K]): void
}

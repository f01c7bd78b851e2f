/**
 * One live world: the default estate's day (or a served scenario) built steppable, its trace kept in
 * memory (for clients that join late or reconnect), and the instructor's world controls — inject and end
 * faults, start a phase, move units — applied at the instant the world has reached (`now`).
 *
 * Each control is written to the trace as `live.control` before its effects (docs/trace.md), so a trace of
 * a live drill says what the instructor did and when.
 *
 * `threads: 2` (a day without a scenario, no real FIX sessions): the world runs in two parts as `twin
 * simulate` splits it (twin/simulate/parts.ts) — the OCG-C/OTP-C trading path in a worker thread, China
 * Connect, market data and ECP here, where the rig reads them — stepped side by side and merged
 * (parted/two-parts.ts); every control is applied to both at the same instant, after the step the trading
 * part may be running ahead (`runAhead`, `settle`). The trace is the one-thread
 * trace with each step's lines grouped by part at each instant (the trading part's first), metrics' engine
 * event counts aside (each part counts its own hooks); a lossy or jittery link draws from each part's own
 * stream (docs/live.md "Two threads").
 */
import { Result } from "effect"
import { catalogues } from "../../scenarios/catalogues.ts"
import { startScenario } from "../../scenarios/run.ts"
import type { Scenario } from "../../scenarios/scenario.ts"
import type { EstateModel } from "../../topology/model.ts"
import type { TraceKind, TraceKinds } from "../contract/trace-kinds.ts"
import type { Runtime } from "../engine/runtime.ts"
import type { Micros } from "../engine/time.ts"
import { encodeTraceEvent, type TraceEvent, type TraceSink } from "../engine/trace.ts"
import { partSimulation, partsFor, systemParts } from "../simulate/parts.ts"
import { startSimulation, writeTraceHeader } from "../simulate/simulate.ts"
import { SimulationTaps } from "../simulate/taps.ts"
import { systemsWithRealSessions } from "../simulate/systems.ts"
import type { SimulationWindow } from "../simulate/wiring.ts"
import { noSettings, type Settings } from "../settings/settings.ts"
import type { WorldPort } from "../world/world-port.ts"
import type { PathNow } from "../world/sim-network.ts"
import type { WorldStateView } from "../world/world-state.ts"
import { LiveFaults } from "./live-faults.ts"
import type { LiveWorldView } from "./live-world-view.ts"
import { LivePhases } from "./live-phases.ts"
import { tradingShare } from "./parted/trading-share.ts"
import { TwoParts } from "./parted/two-parts.ts"
import type { FaultKindInfo, ScenarioInfo } from "./protocol.ts"
import { applyWorldControl, type ControlledWorld, type WorldControl } from "./world-controls.ts"

export type LiveWorldSpec = (
  | { readonly scenario: Scenario }
  | {
    readonly model: EstateModel
    readonly seed: number
    readonly window: SimulationWindow
    readonly moved: ReadonlyArray<string>
    /** The estate's own settings (a scenario carries its own, resolved over the estate's). */
    readonly settings?: Settings
  }
) & {
  /**
   * OCG-C Comp IDs whose BSS is a real FIX client (twin/wire/ocg/, issue 20 item 3): the model runs no BSS
   * of its own for them and the trace shows what the real session does (`tell`). Default none.
   */
  readonly realOcgSessions?: ReadonlyArray<string>
  /**
   * 2: a day without a scenario runs in two parts on two threads (see the header); 1 (default): one world.
   * Two threads with a scenario or real sessions is refused (the CLI says so before it gets here).
   */
  readonly threads?: 1 | 2
  /**
   * With `threads: 2`: the trading path in this many parts by participants (parts.ts `partsFor`), the worker
   * running all but the last and this thread the last beside its own part — both cores carry the trading
   * path. Not one world: `twin simulate --trading-parts` (docs/live.md "Two threads"). Default 1.
   */
  readonly tradingParts?: number
}

export type { WorldControl } from "./world-controls.ts"

const paramNames = (params: unknown): ReadonlyArray<string> => {
  const fields = (params as { fields?: Record<string, unknown> }).fields
  return fields === undefined ? [] : Object.keys(fields)
}

export const faultKindInfo = (): ReadonlyArray<FaultKindInfo> =>
  [...catalogues.faults.values()].map((k) => ({ kind: k.kind, params: paramNames(k.params), summary: k.description }))

export class LiveSession implements LiveWorldView {
  /** Every trace event so far, and each one's NDJSON line (encoded once, sent to every client). */
  readonly log: Array<TraceEvent> = []
  readonly lines: Array<string> = []
  readonly window: SimulationWindow
  readonly model: EstateModel
  readonly scenario: ScenarioInfo | null
  readonly units: ReadonlyArray<string>
  private readonly runtime: Runtime
  private readonly world: WorldPort
  private readonly runTo: (t: Micros) => number
  /** A served scenario's own checks judged and written (run.ts `closeChecks`), once the world reaches its end. */
  private readonly closeChecks: (() => unknown) | undefined
  private readonly faults: LiveFaults
  private readonly controlled: ControlledWorld
  private readonly phases = new LivePhases()
  /** With `threads: 2`: the trading path's part in its thread, stepped and merged with this one's. */
  private readonly parts: TwoParts | undefined
  private readonly paths: { pathNow(from: string, to: string): PathNow | undefined }
  private readonly advancedListeners: Array<(fresh: ReadonlyArray<TraceEvent>, now: Micros) => void> = []
  readonly seed: number
  /** The rig's observers of the world (twin/simulate/taps.ts): unset until an endpoint sets one. */
  readonly taps = new SimulationTaps()
  /** The assumptions the world runs with (a scenario's own over the estate's; `{}`: the models' defaults). */
  readonly settings: Settings
  /** The OCG-C Comp IDs real FIX clients drive (LiveWorldSpec `realOcgSessions`). */
  readonly realOcgSessions: ReadonlySet<string>
  /** The trading path's parts by participants (LiveWorldSpec `tradingParts`; 1: the whole path in one part). */
  readonly tradingParts: number
  /** The instant the world has been run to (every event at or before it has run). */
  now: Micros

  constructor(spec: LiveWorldSpec) {
    this.realOcgSessions = new Set(spec.realOcgSessions ?? [])
    this.tradingParts = "scenario" in spec ? 1 : spec.tradingParts ?? 1
    const systems = systemsWithRealSessions(this.realOcgSessions)
    const sink: TraceSink = {
      write: (e) => {
        this.log.push(e)
        this.lines.push(encodeTraceEvent(e))
      }
    }
    if ("scenario" in spec) {
      const s = spec.scenario
      const run = startScenario(s, { trace: sink, startPhases: this.phases.gate, taps: this.taps, systems })
      this.phases.attach({
        runtime: run.simulation.runtime,
        controller: run.controller,
        runs: run.runs,
        observe: run.observe,
        model: s.model,
        day: s.window,
        log: () => this.log
      })
      this.model = s.model
      this.window = s.window
      this.runtime = run.simulation.runtime
      this.world = run.simulation.world
      this.paths = run.simulation.world.network
      this.seed = s.seed
      this.settings = s.settings
      this.runTo = run.simulation.runTo
      this.closeChecks = run.closeChecks
      this.scenario = { id: s.id, name: s.name, phases: s.phases.map((p) => ({ id: p.id, name: p.name })) }
      this.faults = new LiveFaults({ runtime: this.runtime, world: this.world, model: s.model, seed: s.seed, taken: new Set(s.faults.map((f) => f.id)) })
    } else {
      const parted = spec.threads === 2
      if (parted && this.realOcgSessions.size > 0) throw new Error("LiveSession: two threads with real OCG-C sessions (their stand-ins run in the trading part)")
      const settings = { seed: spec.seed, window: spec.window, moved: spec.moved, ...(spec.settings === undefined ? {} : { settings: spec.settings }) }
      if (parted) {
        const k = spec.tradingParts ?? 1
        writeTraceHeader(sink, spec.model, spec.seed, spec.window, spec.moved, spec.settings, { tradingParts: k })
        const shares = k > 1 ? { of: k, parts: Array.from({ length: k - 1 }, (_, i) => i) } : undefined
        const share = k > 1 ? tradingShare(spec.model, partsFor(k)[k - 1]!, settings) : undefined
        this.parts = new TwoParts({ estate: spec.model.file, ...settings, settings: spec.settings, ...(shares === undefined ? {} : { shares }) }, sink, share)
      } else if ((spec.tradingParts ?? 1) > 1) throw new Error("LiveSession: trading parts without two threads")
      // Two threads: this thread runs the second part (twin/simulate/parts.ts), the trading path the other.
      const sim = this.parts === undefined
        ? startSimulation({ model: spec.model, ...settings, wirings: systems, trace: sink, taps: this.taps })
        : partSimulation(spec.model, systemParts[1]!, settings, this.parts.sink, { taps: this.taps })
      this.model = spec.model
      this.window = spec.window
      this.runtime = sim.runtime
      this.world = sim.world
      this.paths = sim.world.network
      this.seed = spec.seed
      this.settings = spec.settings ?? noSettings
      this.runTo = sim.runTo
      this.closeChecks = undefined
      this.scenario = null
      this.faults = new LiveFaults({ runtime: this.runtime, world: this.world, model: spec.model, seed: spec.seed, taken: new Set() })
    }
    this.units = this.model.file.cutoverUnits.map((u) => u.id)
    this.now = this.window.from
    this.controlled = {
      runtime: this.runtime,
      world: this.world,
      faults: this.faults,
      model: this.model,
      window: this.window,
      units: this.units,
      startPhase: this.scenario === null ? undefined : (phase, at) => this.phases.startNow(phase, at)
    }
  }

  /** Whether the world runs in two parts on two threads. */
  get threads(): 1 | 2 {
    return this.parts === undefined ? 1 : 2
  }

  /** Two threads: where its steps' wall time went (bench/live.ts); one thread: undefined. */
  get partTimes(): TwoParts["times"] | undefined {
    return this.parts?.times
  }

  /** Ends the trading part's thread, if any (the process does not wait for it otherwise). */
  close(): Promise<void> {
    return this.parts?.close() ?? Promise.resolve()
  }

  /** Whether the world has reached the end of its window. */
  get over(): boolean {
    return this.now >= this.window.to
  }

  /**
   * Runs the world to `t` (capped at the window's end); returns the number of kernel events run. A step the
   * trading part runs ahead (`runAhead`) is taken first: the world may end beyond `t`, at that step's target.
   */
  advance(t: Micros): number {
    const ahead = this.parts?.ahead
    const target = Math.min(this.window.to, Math.max(this.now, Math.floor(t)))
    if (ahead === undefined) return this.stepTo(target)
    const ran = this.stepTo(ahead)
    return target <= ahead ? ran : ran + this.stepTo(target)
  }

  /**
   * Two threads: the trading part starts its step to `t` now, while this thread does other work (the
   * hub's sockets, the rig) before it asks for it (`advance`); nothing changes what the world shows until
   * then. One thread, or `t` not beyond `now`: nothing. The live hub calls it at the end of every tick
   * (run-toward.ts: behind, the next slice; on time, the next tick's instant).
   */
  runAhead(t: Micros): void {
    const target = Math.min(this.window.to, Math.floor(t))
    if (this.parts !== undefined && target > this.now) this.parts.runAhead(target)
  }

  /** Where the trading part runs ahead to (`runAhead`), until the step is taken; undefined: it does not. */
  get ahead(): Micros | undefined {
    return this.parts?.ahead
  }

  /**
   * Takes the step the trading part runs ahead, if any: after it, `now` is the instant the whole world has
   * reached. Whatever acts at `now` on both parts (a world control, a pause) settles first.
   */
  settle(): void {
    if (this.ahead !== undefined) this.advance(this.now)
  }

  private stepTo(target: Micros): number {
    const before = this.log.length
    const n = this.parts === undefined ? this.runTo(target) : this.parts.step(target, this.runTo, (t) => (this.now = t))
    this.now = target
    // No report in live mode: the trace alone carries the scenario's checks, as `twin run` writes them.
    if (target >= this.window.to) this.closeChecks?.()
    if (this.advancedListeners.length > 0) {
      const fresh = this.log.slice(before)
      for (const listener of this.advancedListeners) listener(fresh, target)
    }
    return n
  }

  /**
   * Calls `listener` after every `advance` with the events it recorded (possibly none) and the instant
   * reached: how the real endpoints (twin/rig) follow the world without a second simulation.
   */
  onAdvanced(listener: (fresh: ReadonlyArray<TraceEvent>, now: Micros) => void): void {
    this.advancedListeners.push(listener)
  }

  /**
   * As `onAdvanced`, for a follower of China Connect, market data or ECP only (the OMD-C and ECP endpoints):
   * on two threads it is called with this thread's part's events as soon as that part has run, before the
   * step waits for the trading part (whose thread it then overlaps); on one thread, as `onAdvanced`.
   */
  onPartAdvanced(listener: (fresh: ReadonlyArray<TraceEvent>, now: Micros) => void): void {
    if (this.parts === undefined) this.advancedListeners.push(listener)
    else this.parts.follow(listener)
  }

  /**
   * Hands `message` to machine `id` at `now` (it runs on the next `advance`): how a real endpoint that
   * stands for a modelled machine (a real FIX session, twin/wire/ocg/) tells the world what happened.
   */
  tell<M>(id: string, message: M): void {
    this.runtime.inject(this.now, id, { _tag: "receive", from: "rig", message })
  }

  /** The physical state now (read-only). */
  get state(): WorldStateView {
    return this.world.state
  }

  /** What a message from `from` to `to` would meet now (no draw, no queue): the endpoints' gate. */
  pathNow(from: string, to: string): PathNow | undefined {
    return this.paths.pathNow(from, to)
  }

  /**
   * Writes `kind` at `at` (at least `now`; it runs on the next `advance`, after what is already due then):
   * how a real endpoint puts what a participant did over the wire into the trace (`ecp.wire`). Never
   * called without the rig, so a run without it keeps its trace byte for byte.
   */
  recordAt<K extends TraceKind>(at: Micros, kind: K, subject: string, data: TraceKinds[K]): void {
    this.runtime.at(Math.max(at, this.now), () => this.runtime.record(kind, subject, data))
  }

  /**
   * Applies a world control at `now` (after the step run ahead, if any: `settle`); the ack's detail or the
   * error's message. Its effects run on the next `advance`.
   */
  apply(control: WorldControl): Result.Result<string, string> {
    this.settle()
    if (this.over) return Result.fail("the simulated day is over")
    const result = applyWorldControl(this.controlled, control, this.now)
    this.parts?.control(control, this.now, result)
    return result
  }
}

/**
 * One live world: the default estate's day (or a served scenario) built steppable, its trace kept in
 * memory (for clients that join late or reconnect), and the instructor's world controls — inject and end
 * faults, start a phase, move units — applied at the instant the world has reached (`now`).
 *
 * Each control is written to the trace as `live.control` before its effects (docs/trace.md), so a trace of
 * a live drill says what the instructor did and when.
 *
 * `threads: 2` (a day without a scenario, no real FIX sessions): the world runs in two parts as `twin
 * simulate` splits it (twin/simulate/parts.ts) — the OCG-C/OTP-C trading path in a worker thread
 * (parted/trading-part.ts), China Connect, market data and ECP here, where the rig reads them — advanced
 * to the same target every step and their traces merged (twin/simulate/merge-parts.ts); every control is
 * applied to both at the same instant, and what the world writes rather than a system (`world.change`,
 * `world.converged`, `live.control`, `scenario.fault`) is kept once, the trading part's. Without controls
 * the trace is the one-world trace (metrics' engine event counts aside: each part counts its own hooks);
 * with them, lines both parts write at one microsecond come the trading part's first, and a lossy or
 * jittery link draws from each part's own stream (docs/live.md "Two threads").
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
import { startMerge } from "../simulate/merge-parts.ts"
import { systemParts } from "../simulate/parts.ts"
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
import { type ControlAnswer, TradingPart } from "./parted/trading-part.ts"
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
}

export type { WorldControl } from "./world-controls.ts"

/** What the world writes rather than a system: both parts write it, the merged trace keeps the trading part's. */
const WORLD_LEVEL: ReadonlySet<string> = new Set(["world.change", "world.converged", "live.control", "scenario.fault"])

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
  private readonly faults: LiveFaults
  private readonly controlled: ControlledWorld
  private readonly phases = new LivePhases()
  /** With `threads: 2`: the trading path's part, its events merged with this thread's at every step. */
  private readonly trading: TradingPart | undefined
  /** This thread's part's events of the step under way (two parts only). */
  private readonly local: Array<TraceEvent> = []
  /** What this thread's part answered to the controls since the last step, to check the other's against. */
  private readonly answered: Array<ControlAnswer> = []
  /**
   * Two parts only: wall ms this thread spent running its part and that part's followers
   * (`onPartAdvanced`), waiting for the trading part after that, and merging — what bounds the pace
   * (bench/live.ts prints it).
   */
  readonly partTimes = { ownMs: 0, waitMs: 0, mergeMs: 0 }
  private readonly paths: { pathNow(from: string, to: string): PathNow | undefined }
  private readonly advancedListeners: Array<(fresh: ReadonlyArray<TraceEvent>, now: Micros) => void> = []
  /** Two parts only: called with this thread's part's events before waiting for the trading part. */
  private readonly partListeners: Array<(fresh: ReadonlyArray<TraceEvent>, now: Micros) => void> = []
  readonly seed: number
  /** The rig's observers of the world (twin/simulate/taps.ts): unset until an endpoint sets one. */
  readonly taps = new SimulationTaps()
  /** The assumptions the world runs with (a scenario's own over the estate's; `{}`: the models' defaults). */
  readonly settings: Settings
  /** The OCG-C Comp IDs real FIX clients drive (LiveWorldSpec `realOcgSessions`). */
  readonly realOcgSessions: ReadonlySet<string>
  /** The instant the world has been run to (every event at or before it has run). */
  now: Micros

  constructor(spec: LiveWorldSpec) {
    this.realOcgSessions = new Set(spec.realOcgSessions ?? [])
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
      this.scenario = { id: s.id, name: s.name, phases: s.phases.map((p) => ({ id: p.id, name: p.name })) }
      this.faults = new LiveFaults({ runtime: this.runtime, world: this.world, model: s.model, seed: s.seed, taken: new Set(s.faults.map((f) => f.id)) })
    } else {
      const parted = spec.threads === 2
      if (parted && this.realOcgSessions.size > 0) throw new Error("LiveSession: two threads with real OCG-C sessions (their stand-ins run in the trading part)")
      const part = systemParts[1]!
      const sim = startSimulation({
        model: spec.model,
        seed: spec.seed,
        window: spec.window,
        wirings: parted ? part.wirings : systems,
        trace: parted ? { write: (e) => void this.local.push(e) } : sink,
        moved: spec.moved,
        taps: this.taps,
        ...(parted ? { services: part.services, header: false } : {}),
        ...(spec.settings === undefined ? {} : { settings: spec.settings })
      })
      if (parted) {
        writeTraceHeader(sink, spec.model, spec.seed, spec.window, spec.moved, spec.settings)
        this.trading = new TradingPart({ estate: spec.model.file, seed: spec.seed, window: spec.window, moved: spec.moved, settings: spec.settings })
        this.merged = sink
      }
      this.model = spec.model
      this.window = spec.window
      this.runtime = sim.runtime
      this.world = sim.world
      this.paths = sim.world.network
      this.seed = spec.seed
      this.settings = spec.settings ?? noSettings
      this.runTo = sim.runTo
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

  /** Where the merged trace of two parts goes (the log). */
  private merged: TraceSink | undefined

  /** Whether the world runs in two parts on two threads. */
  get threads(): 1 | 2 {
    return this.trading === undefined ? 1 : 2
  }

  /** Ends the trading part's thread, if any (the process does not wait for it otherwise). */
  close(): Promise<void> {
    return this.trading === undefined ? Promise.resolve() : this.trading.close().then(() => undefined)
  }

  /** Whether the world has reached the end of its window. */
  get over(): boolean {
    return this.now >= this.window.to
  }

  /** Runs the world to `t` (capped at the window's end); returns the number of kernel events run. */
  advance(t: Micros): number {
    const target = Math.min(this.window.to, Math.max(this.now, Math.floor(t)))
    const before = this.log.length
    const n = this.trading === undefined ? this.runTo(target) : this.runParts(target)
    this.now = target
    if (this.advancedListeners.length > 0) {
      const fresh = this.log.slice(before)
      for (const listener of this.advancedListeners) listener(fresh, target)
    }
    return n
  }

  /** Both parts to `target`, side by side; their events merged into the log (see the header). */
  private runParts(target: Micros): number {
    const trading = this.trading!
    const t0 = performance.now()
    trading.begin(target)
    const n = this.runTo(target)
    const local = this.local.splice(0)
    // This part is at the target: its followers work while the trading part's thread finishes the step.
    this.now = target
    let t1 = t0
    let remote: ReturnType<TradingPart["finish"]>
    try {
      for (const listener of this.partListeners) listener(local, target)
    } finally {
      t1 = performance.now()
      remote = trading.finish()
    }
    const t2 = performance.now()
    const expected = this.answered.splice(0)
    if (JSON.stringify(remote.controls) !== JSON.stringify(expected)) {
      throw new Error(`the trading part answered the controls ${JSON.stringify(remote.controls)}, this part ${JSON.stringify(expected)}`)
    }
    startMerge([remote.events, local.filter((e) => !WORLD_LEVEL.has(e.kind))], this.merged!)(Number.POSITIVE_INFINITY)
    this.partTimes.ownMs += t1 - t0
    this.partTimes.waitMs += t2 - t1
    this.partTimes.mergeMs += performance.now() - t2
    return n + remote.ran
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
    if (this.trading === undefined) this.advancedListeners.push(listener)
    else this.partListeners.push(listener)
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

  /** Applies a world control at `now`; the ack's detail or the error's message. Its effects run on the next `advance`. */
  apply(control: WorldControl): Result.Result<string, string> {
    if (this.over) return Result.fail("the simulated day is over")
    const result = applyWorldControl(this.controlled, control, this.now)
    if (this.trading !== undefined && Result.isSuccess(result)) {
      this.trading.control(control, this.now)
      this.answered.push({ ok: result.success })
    }
    return result
  }
}

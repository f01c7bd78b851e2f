/**
 * One drill's world: the drill's scenario run steppable (its phases at their times, its checks folding),
 * the hidden script started as faults that can be ended early (a carrier repairing what it was told
 * about), the instructor's injected faults, and the trainee's actions applied with their real effects.
 * Everything the world writes goes to the trace (kept whole, saved at the end) and to the `Monitor`, which
 * keeps only what support staff would see. The ideal response runs through this same class
 * (ideal-run.ts), so the two runs differ only by what was done in them.
 *
 * Scripted faults are started at their time through `LiveFaults` (twin/serve/live-faults.ts) rather than
 * by the scenario runner, so that an action can end one early; they are written as a scenario's are
 * (`scenario.fault` start/end with kind and targets).
 */
import { Result } from "effect"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { actionKind } from "../../../scenarios/drill/actions.ts"
import type { Drill } from "../../../scenarios/drill/drill.ts"
import { startScenario } from "../../../scenarios/run.ts"
import type { ActiveFault, DrillActionKind, ScriptFault } from "../../contract/drill-protocol.ts"
import type { LiveControlData } from "../../contract/kinds-scenario.ts"
import { isKind } from "../../contract/trace-event.ts"
import type { TraceData } from "../../contract/trace-value.ts"
import type { Runtime } from "../../engine/runtime.ts"
import type { Micros } from "../../engine/time.ts"
import { encodeTraceEvent, type TraceEvent, type TraceSink } from "../../engine/trace.ts"
import type { WorldPort } from "../../world/world-port.ts"
import type { TraceKind, TraceKinds } from "../../contract/trace-kinds.ts"
import type { Settings } from "../../settings/settings.ts"
import { SimulationTaps } from "../../simulate/taps.ts"
import type { PathNow } from "../../world/sim-network.ts"
import type { WorldStateView } from "../../world/world-state.ts"
import type { EstateModel } from "../../../topology/model.ts"
import { LiveFaults, type LiveFaultSpec, resolveLiveFault } from "../live-faults.ts"
import type { LiveWorldView } from "../live-world-view.ts"
import { Monitor } from "./monitor.ts"

interface KnownFault {
  readonly id: string
  readonly kind: string
  readonly targets: ReadonlyArray<string>
  readonly source: "script" | "instructor"
  since: Micros | undefined
  ended: boolean
}

/** A trainee action the world accepted: when, and when its effect is due. */
export interface DoneAction {
  readonly at: Micros
  readonly action: DrillActionKind
  readonly target: string
}

export class DrillWorld implements LiveWorldView {
  readonly drill: Drill
  /** Every trace event so far, and each one's NDJSON line. */
  readonly log: Array<TraceEvent> = []
  readonly lines: Array<string> = []
  readonly monitor: Monitor
  readonly actions: Array<DoneAction> = []
  readonly hints: Array<{ at: Micros; text: string }> = []
  readonly script: ReadonlyArray<ScriptFault>
  private readonly runtime: Runtime
  private readonly world: WorldPort
  private readonly runTo: (t: Micros) => number
  /** The drill scenario's own checks judged and written (run.ts `closeChecks`), once the world reaches its end. */
  private readonly closeChecks: () => unknown
  private readonly faults: LiveFaults
  private readonly known = new Map<string, KnownFault>()
  private readonly paths: { pathNow(from: string, to: string): PathNow | undefined }
  private readonly advancedListeners: Array<(fresh: ReadonlyArray<TraceEvent>, now: Micros) => void> = []
  /** The real endpoints' observers of the models (twin/rig): the trainee's real feeds and sessions. */
  readonly taps = new SimulationTaps()
  now: Micros

  constructor(drill: Drill) {
    this.drill = drill
    const s = drill.scenario
    this.monitor = new Monitor(s.moved)
    const sink: TraceSink = {
      write: (e) => {
        this.log.push(e)
        this.lines.push(encodeTraceEvent(e))
        this.monitor.observe(e)
        this.follow(e)
      }
    }
    const run = startScenario({ ...s, faults: [] }, { trace: sink, taps: this.taps })
    this.runtime = run.simulation.runtime
    this.world = run.simulation.world
    this.paths = run.simulation.world.network
    this.runTo = run.simulation.runTo
    this.closeChecks = run.closeChecks
    this.now = s.window.from
    this.faults = new LiveFaults({ runtime: this.runtime, world: this.world, model: s.model, seed: s.seed, taken: new Set(s.faults.map((f) => f.id)) })
    this.script = s.faults.map((f) => ({
      id: f.id,
      kind: f.kind.kind,
      at: f.start,
      lasts: f.end === undefined ? null : f.end - f.start,
      targets: [...f.kind.targets(f.params, s.model)],
      params: f.written
    }))
    for (const f of s.faults) {
      const spec: LiveFaultSpec = {
        kind: f.kind,
        params: f.params,
        written: f.written,
        targets: [...f.kind.targets(f.params, s.model)],
        lasts: f.end === undefined ? undefined : f.end - f.start
      }
      this.known.set(f.id, { id: f.id, kind: f.kind.kind, targets: spec.targets, source: "script", since: undefined, ended: false })
      // Started at its time unless an action ended it before (the carrier repaired it first).
      this.runtime.at(f.start, () => {
        if (!this.known.get(f.id)!.ended) this.faults.start(f.id, spec, f.start, s.window.to)
      })
    }
  }

  get window() {
    return this.drill.scenario.window
  }

  get model(): EstateModel {
    return this.drill.scenario.model
  }

  get seed(): number {
    return this.drill.scenario.seed
  }

  get settings(): Settings {
    return this.drill.scenario.settings
  }

  get state(): WorldStateView {
    return this.world.state
  }

  pathNow(from: string, to: string): PathNow | undefined {
    return this.paths.pathNow(from, to)
  }

  onAdvanced(listener: (fresh: ReadonlyArray<TraceEvent>, now: Micros) => void): void {
    this.advancedListeners.push(listener)
  }

  /** One world: as `onAdvanced`. */
  onPartAdvanced(listener: (fresh: ReadonlyArray<TraceEvent>, now: Micros) => void): void {
    this.advancedListeners.push(listener)
  }

  /** A training drill's sessions are all the model's (real FIX clients watch, they do not replace a BSS). */
  readonly realOcgSessions: ReadonlySet<string> = new Set()

  tell<M>(id: string, message: M): void {
    this.runtime.inject(this.now, id, { _tag: "receive", from: "rig", message })
  }

  recordAt<K extends TraceKind>(at: Micros, kind: K, subject: string, data: TraceKinds[K]): void {
    this.runtime.at(Math.max(at, this.now), () => this.runtime.record(kind, subject, data))
  }

  get over(): boolean {
    return this.now >= this.window.to
  }

  /** Runs the world to `t` (capped at the window's end); calls falling due become tickets. */
  advance(t: Micros): void {
    const target = Math.min(this.window.to, Math.max(this.now, Math.floor(t)))
    const before = this.log.length
    this.runTo(target)
    this.now = target
    if (target >= this.window.to) this.closeChecks()
    this.monitor.tick(target)
    if (this.advancedListeners.length > 0) {
      const fresh = this.log.slice(before)
      for (const listener of this.advancedListeners) listener(fresh, target)
    }
  }

  /** Faults on now (started, not ended), oldest first. */
  activeFaults(): ReadonlyArray<ActiveFault> {
    return [...this.known.values()]
      .filter((f) => f.since !== undefined && !f.ended)
      .sort((a, b) => a.since! - b.since!)
      .map((f) => ({ id: f.id, kind: f.kind, targets: f.targets, since: f.since!, source: f.source }))
  }

  /** A trainee action now: refused (why, at `target`) or scheduled with its effect. */
  act(action: DrillActionKind, target: string): Result.Result<string, string> {
    if (this.over) return Result.fail("the drill is over")
    const kind = actionKind(action)
    const refused = kind.refuse(this.drill.scenario.model, this.world, target)
    if (refused !== undefined) return Result.fail(`${refused.path}: expected ${refused.expected}, got ${refused.got}`)
    const at = this.now
    this.note(at, "trainee", { control: "action", action, target })
    kind.apply({ model: this.drill.scenario.model, runtime: this.runtime, world: this.world, endFaultsTouching: (els) => this.endTouching(els) }, target, at)
    this.actions.push({ at, action, target })
    return Result.succeed(`${action} ${target}: done in ${Math.round(kind.delay / 60_000_000)} min`)
  }

  /** An instructor's fault now (a scenario `faults:` entry without `at`). */
  inject(fault: TraceData, forText: string | undefined, id: string | undefined): Result.Result<string, string> {
    if (this.over) return Result.fail("the drill is over")
    const at = this.now
    const spec = resolveLiveFault(fault, forText, { model: this.drill.scenario.model, catalogues, window: this.window, now: at })
    if (Result.isFailure(spec)) return Result.fail(spec.failure)
    const claimed = this.faults.claim(id)
    if (Result.isFailure(claimed)) return claimed
    const fid = claimed.success
    this.note(at, "instructor", { control: "inject", id: fid, fault, ...(forText === undefined ? {} : { for: forText }) })
    this.known.set(fid, { id: fid, kind: spec.success.kind.kind, targets: spec.success.targets, source: "instructor", since: undefined, ended: false })
    this.faults.start(fid, spec.success, at, this.window.to)
    return Result.succeed(`injected ${this.faults.describe(fid)}`)
  }

  /** Ends a fault on now (scripted or injected). */
  endFault(id: string): Result.Result<string, string> {
    const f = this.known.get(id)
    if (f === undefined || f.since === undefined || f.ended) {
      const active = this.activeFaults().map((a) => a.id)
      return Result.fail(`id: expected a fault on now (${active.length === 0 ? "none" : active.join(", ")}), got ${JSON.stringify(id)}`)
    }
    this.note(this.now, "instructor", { control: "end-fault", id })
    this.faults.end(id, this.now)
    return Result.succeed(`${f.kind} ${id} ends`)
  }

  hint(text: string): void {
    this.hints.push({ at: this.now, text })
    this.note(this.now, "instructor", { control: "hint", text })
  }

  /** Runs what is due at the instant reached (a control's effects), without moving the clock. */
  settle(): void {
    if (!this.over) this.advance(this.now)
  }

  private endTouching(elements: ReadonlySet<string>): ReadonlyArray<string> {
    const ended: Array<string> = []
    for (const f of this.known.values()) {
      if (f.ended || !f.targets.some((t) => elements.has(t))) continue
      if (f.since === undefined) f.ended = true // not started yet: it never will
      else this.faults.end(f.id, this.runtime.now)
      ended.push(f.id)
    }
    return ended
  }

  /** Keeps the fault list in step with the trace (a fault's `for:` elapsing ends it too). */
  private follow(e: TraceEvent): void {
    if (!isKind(e, "scenario.fault")) return
    const f = this.known.get(e.subject)
    if (f === undefined) return
    if (e.data.status === "start") f.since = e.t
    else f.ended = true
  }

  private note(at: Micros, subject: string, control: LiveControlData): void {
    this.runtime.at(at, () => this.runtime.record("live.control", subject, control))
  }
}

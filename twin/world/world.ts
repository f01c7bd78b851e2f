/**
 * The simulated estate as a whole: its physical state, the routing that lags it by the convergence
 * delay, the network messages travel through, and the health tracker that turns observations into
 * per-participant service status. Scenario steps and faults change the world only through `apply`
 * (world-port.ts: the changes are world-change.ts's union), so every change is recorded in the trace
 * (`world.change`, then `world.converged`).
 *
 * Changes made together (a site lost: every node of it at once) go through `batch`, so that the live
 * reach is judged once and routing converges once for all of them; each change is still recorded.
 */
import type { EstateModel } from "../../topology/model.ts"
import { seededRandom } from "../engine/random.ts"
import type { Runtime } from "../engine/runtime.ts"
import type { Micros } from "../engine/time.ts"
import type { HealthTracker } from "./health.ts"
import { cutoverOf, liveFlowHealth, routesMatter, unnoticedOf } from "./live-reach.ts"
import type { FlowHealth } from "../../topology/n-minus-one.ts"
import { Router, type RoutingState } from "../../topology/routes.ts"
import { SimNetwork } from "./sim-network.ts"
import { applyChange, type ChangeWhat, traceOf, type WorldChange } from "./world-change.ts"
import type { WorldPort } from "./world-port.ts"
import { WorldState } from "./world-state.ts"

export interface WorldOptions {
  readonly seed: number
  /** Time routing takes to settle after a change (an assumption: OSPF/BFD-class, sub-second to seconds). */
  readonly convergenceDelayUs: Micros
  /** Cutover units already on the new backbone at the start. */
  readonly moved?: ReadonlyArray<string>
  /**
   * The participants whose flows' live reach is judged (default all): a part of a run split by participants
   * judges only its share's health, and the N-1 analysis behind it is most of such a part's start at scale.
   */
  readonly judgedParticipants?: ReadonlySet<string>
}

/** A change routing has yet to converge on, as `world.converged` names it. */
interface Converging {
  readonly what: ChangeWhat
  readonly subject: string
}

export class World implements WorldPort {
  readonly model: EstateModel
  readonly state = new WorldState()
  readonly router: Router
  readonly network: SimNetwork
  private readonly options: WorldOptions
  private runtime: Runtime | undefined
  private health: HealthTracker | undefined
  private readonly listeners: Array<(change: WorldChange) => void> = []
  /** Subjects changed inside the current `batch` (undefined: not batching). */
  private batched: Array<Converging> | undefined
  private converging = 0
  /** The live reach as last judged, and the world's version then: judged again only after a change. */
  private judged: { readonly version: number; readonly reach: ReadonlyMap<string, FlowHealth> } | undefined

  constructor(model: EstateModel, options: WorldOptions) {
    this.model = model
    this.options = options
    for (const unit of options.moved ?? []) this.state.moved.add(unit)
    this.router = new Router(model, this.routingState())
    this.network = new SimNetwork(model, this.router, this.state, seededRandom(options.seed), options.seed)
  }

  /** Connects the runtime that schedules convergence and the tracker that is told of reach changes. */
  attach(runtime: Runtime, health: HealthTracker): void {
    this.runtime = runtime
    this.health = health
    health.updateLive(this.liveReach(), runtime.now)
  }

  /** The live reach of every flow now (the N-1 analysis on the live state: ~0.5 s at 6,000 participants). */
  private liveReach(): ReadonlyMap<string, FlowHealth> {
    const version = this.state.version
    if (this.judged?.version !== version) this.judged = { version, reach: liveFlowHealth(this.model, this.state, () => this.router, this.options.judgedParticipants) }
    return this.judged.reach
  }

  /** How long routing takes to catch up with a change (after it, `world.converged` is written). */
  get convergenceDelayUs(): Micros {
    return this.options.convergenceDelayUs
  }

  /** Called after every change is applied and recorded (wirings switch on its tag, e.g. splitting cohorts). */
  onChange(listener: (change: WorldChange) => void): void {
    this.listeners.push(listener)
  }

  /** No change is waiting for routing to converge: routes stay as they are until the next change. */
  get settled(): boolean {
    return this.converging === 0
  }

  /** Re-judges every participant's health against the live network (no change to the world). */
  rejudge(): void {
    if (this.runtime !== undefined) this.health?.updateLive(this.liveReach(), this.runtime.now)
  }

  /**
   * Applies `change` now: work elided on the assumption that the world stays as it is catches up first
   * (under the old state), then the change is recorded (`world.change`), the wirings are told, and
   * routing converges after the convergence delay.
   */
  apply(change: WorldChange): void {
    const runtime = this.runtime
    if (runtime === undefined) throw new Error("World.attach must be called before changes")
    runtime.catchUpElided()
    const { subject, data } = traceOf(change, this.state)
    const what = data.what
    applyChange(this.state, change)
    this.state.version++
    runtime.record("world.change", subject, data)
    for (const listener of this.listeners) listener(change)
    if (this.batched !== undefined) this.batched.push({ what, subject })
    else this.settle([{ what, subject }])
  }

  /** Runs `changes` as one: live reach judged once at the end, routing converging once for all of them. */
  batch(changes: () => void): void {
    if (this.batched !== undefined) return changes()
    const batched: Array<Converging> = (this.batched = [])
    try {
      changes()
    } finally {
      this.batched = undefined
    }
    if (batched.length > 0) this.settle(batched)
  }

  private routingState(): RoutingState {
    const cutover = cutoverOf(this.state)
    if (this.state.heldUnits.size > 0) {
      const moved = new Set(cutover.moved)
      for (const [unit, wasMoved] of this.state.heldUnits) {
        if (wasMoved) moved.add(unit)
        else moved.delete(unit)
      }
      return { cutover: { ...cutover, moved }, linksDown: this.state.linksDown(), nodesDown: new Set(this.state.nodesDown) }
    }
    return { cutover, linksDown: this.state.linksDown(), nodesDown: new Set(this.state.nodesDown) }
  }

  /** After changes: the live reach now, routing after the convergence delay. */
  private settle(changes: ReadonlyArray<Converging>): void {
    const runtime = this.runtime!
    this.health?.updateLive(this.liveReach(), runtime.now)
    const at = runtime.now + this.options.convergenceDelayUs
    this.converging++
    runtime.at(at, () => {
      this.converging--
      this.router.converge(this.routingState())
      for (const c of changes) runtime.record("world.converged", c.subject, { what: c.what })
      // An impairment routing does not notice (a port blocked, a blackhole, an MTU cut…) on the old routes
      // may not be on the new ones (or the reverse): judged by routes (live-reach.ts).
      if (routesMatter(this.model, unnoticedOf(this.state))) {
        this.judged = undefined
        this.health?.updateLive(this.liveReach(), runtime.now)
      }
    })
  }
}

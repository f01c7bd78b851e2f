/**
 * The simulated estate as a whole: its physical state, the routing that lags it by the convergence
 * delay, the network messages travel through, and the health tracker that turns observations into
 * per-participant service status. Scenario steps and faults change the world only through this class, so
 * every change is recorded in the trace (`world.change`, then `world.converged`).
 */
import type { EstateModel } from "../../topology/model.ts"
import type { TraceData } from "../engine/machine.ts"
import { seededRandom } from "../engine/random.ts"
import type { Runtime } from "../engine/runtime.ts"
import type { Micros } from "../engine/time.ts"
import type { HealthTracker } from "./health.ts"
import { cutoverOf, liveFlowHealth } from "./live-reach.ts"
import { Router, type RoutingState } from "../../topology/routes.ts"
import { SimNetwork } from "./sim-network.ts"
import { type LinkImpairment, WorldState } from "./world-state.ts"

export interface WorldOptions {
  readonly seed: number
  /** Time routing takes to settle after a change (an assumption: OSPF/BFD-class, sub-second to seconds). */
  readonly convergenceDelayUs: Micros
  /** Cutover units already on the new backbone at the start. */
  readonly moved?: ReadonlyArray<string>
}

export class World {
  readonly model: EstateModel
  readonly state = new WorldState()
  readonly router: Router
  readonly network: SimNetwork
  private readonly options: WorldOptions
  private runtime: Runtime | undefined
  private health: HealthTracker | undefined
  private readonly listeners: Array<(what: string, subject: string) => void> = []
  private readonly beforeListeners: Array<() => void> = []
  private converging = 0

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
    health.updateLive(liveFlowHealth(this.model, this.state), runtime.now)
  }

  /** Called after every change, with what changed and its subject (wirings react, e.g. splitting cohorts). */
  onChange(listener: (what: string, subject: string) => void): void {
    this.listeners.push(listener)
  }

  /**
   * Called just before every change is applied: for work elided on the assumption that the world stays
   * as it is (twin/simulate/ocg-elision.ts), which must catch up under the old state.
   */
  onBeforeChange(listener: () => void): void {
    this.beforeListeners.push(listener)
  }

  /** No change is waiting for routing to converge: routes stay as they are until the next change. */
  get settled(): boolean {
    return this.converging === 0
  }

  /** Re-judges every participant's health against the live network (no change to the world). */
  rejudge(): void {
    if (this.runtime !== undefined) this.health?.updateLive(liveFlowHealth(this.model, this.state), this.runtime.now)
  }

  moveUnit(unit: string, back = false): void {
    this.change("unit", unit, { moved: !back }, (s) => (back ? s.moved.delete(unit) : s.moved.add(unit)))
  }

  impairLink(link: string, change: Partial<LinkImpairment>): void {
    this.change("link", link, change as TraceData, (s) => s.impair(link, change))
  }

  setNodeDown(node: string, down: boolean): void {
    this.change("node", node, { down }, (s) => (down ? s.nodesDown.add(node) : s.nodesDown.delete(node)))
  }

  setDrFailover(on: boolean): void {
    this.change("dr-failover", "hkex", { on }, (s) => {
      s.drFailover = on
    })
  }

  private routingState(): RoutingState {
    return { cutover: cutoverOf(this.state), linksDown: this.state.linksDown(), nodesDown: new Set(this.state.nodesDown) }
  }

  private change(what: string, subject: string, data: TraceData, apply: (s: WorldState) => void): void {
    const runtime = this.runtime
    if (runtime === undefined) throw new Error("World.attach must be called before changes")
    for (const listener of this.beforeListeners) listener()
    apply(this.state)
    this.state.version++
    runtime.record("world.change", subject, { what, ...data })
    for (const listener of this.listeners) listener(what, subject)
    this.health?.updateLive(liveFlowHealth(this.model, this.state), runtime.now)
    const at = runtime.now + this.options.convergenceDelayUs
    this.converging++
    runtime.at(at, () => {
      this.converging--
      this.router.converge(this.routingState())
      runtime.record("world.converged", subject, { what })
    })
  }
}

/**
 * The simulated estate as a whole: its physical state, the routing that lags it by the convergence
 * delay, the network messages travel through, and the health tracker that turns observations into
 * per-participant service status. Scenario steps and faults change the world only through this class, so
 * every change is recorded in the trace (`world.change`, then `world.converged`).
 *
 * Changes made together (a site lost: every node of it at once) go through `batch`, so that the live
 * reach is judged once and routing converges once for all of them; each change is still recorded.
 */
import type { EstateModel } from "../../topology/model.ts"
import type { LinkChangeFields, NodeImpairmentFields, WorldChangeData, WorldChangeWhat } from "../contract/kinds-world.ts"
import { seededRandom } from "../engine/random.ts"
import type { Runtime } from "../engine/runtime.ts"
import type { Micros } from "../engine/time.ts"
import type { HealthTracker } from "./health.ts"
import { cutoverOf, liveFlowHealth } from "./live-reach.ts"
import { Router, type RoutingState } from "../../topology/routes.ts"
import { SimNetwork } from "./sim-network.ts"
import { type LinkImpairment, type NodeImpairment, WorldState } from "./world-state.ts"

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
  /** Subjects changed inside the current `batch` (undefined: not batching). */
  private batched: Array<{ readonly what: WorldChangeWhat; readonly subject: string }> | undefined
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

  /** How long routing takes to catch up with a change (after it, `world.converged` is written). */
  get convergenceDelayUs(): Micros {
    return this.options.convergenceDelayUs
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
    this.change(unit, { what: "unit", moved: !back }, (s) => (back ? s.moved.delete(unit) : s.moved.add(unit)))
  }

  impairLink(link: string, change: Partial<LinkImpairment>): void {
    this.change(link, { what: "link", ...traced(change) }, (s) => s.impair(link, change))
  }

  setNodeDown(node: string, down: boolean): void {
    this.change(node, { what: "node", down }, (s) => (down ? s.nodesDown.add(node) : s.nodesDown.delete(node)))
  }

  setDrFailover(on: boolean): void {
    this.change("hkex", { what: "dr-failover", on }, (s) => {
      s.drFailover = on
    })
  }

  /** Impairments of a node short of down: multicast not forwarded, service ports blocked. */
  impairNode(node: string, change: Partial<NodeImpairment>): void {
    this.change(node, { what: "node-impairment", ...traced(change) }, (s) => s.impairNode(node, change))
  }

  /** A publisher node's clock runs `skewUs` ahead (negative: behind); 0 puts it right. */
  setClockSkew(node: string, skewUs: number): void {
    this.change(node, { what: "clock", skewUs }, (s) => (skewUs === 0 ? s.clockSkew.delete(node) : s.clockSkew.set(node, skewUs)))
  }

  /**
   * Holds routing's view of `unit` at the side it is on now (`held`), or lets it follow the unit again:
   * while held, moving the unit changes the physical network but routing keeps sending traffic the old way.
   */
  holdRouting(unit: string, held: boolean): void {
    const moved = this.state.heldUnits.get(unit) ?? this.state.moved.has(unit)
    this.change(unit, { what: "routing-hold", held, moved }, (s) => (held ? s.heldUnits.set(unit, moved) : s.heldUnits.delete(unit)))
  }

  /** Runs `changes` as one: live reach judged once at the end, routing converging once for all of them. */
  batch(changes: () => void): void {
    if (this.batched !== undefined) return changes()
    const batched: Array<{ what: WorldChangeWhat; subject: string }> = (this.batched = [])
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

  /** `change` is written as the `world.change` data: `what` first, then its fields. */
  private change(subject: string, change: WorldChangeData, apply: (s: WorldState) => void): void {
    const what = change.what
    const runtime = this.runtime
    if (runtime === undefined) throw new Error("World.attach must be called before changes")
    for (const listener of this.beforeListeners) listener()
    apply(this.state)
    this.state.version++
    runtime.record("world.change", subject, change)
    for (const listener of this.listeners) listener(what, subject)
    if (this.batched !== undefined) this.batched.push({ what, subject })
    else this.settle([{ what, subject }])
  }

  /** After changes: the live reach now, routing after the convergence delay. */
  private settle(changes: ReadonlyArray<{ readonly what: WorldChangeWhat; readonly subject: string }>): void {
    const runtime = this.runtime!
    this.health?.updateLive(liveFlowHealth(this.model, this.state), runtime.now)
    const at = runtime.now + this.options.convergenceDelayUs
    this.converging++
    runtime.at(at, () => {
      this.converging--
      this.router.converge(this.routingState())
      for (const c of changes) runtime.record("world.converged", c.subject, { what: c.what })
    })
  }
}

/**
 * A change as trace data: a field cleared (undefined: no MTU cut, no blackhole, no cap) is written as null;
 * the fields stay in the order the change gave them.
 */
const traced = (change: Partial<LinkImpairment> | Partial<NodeImpairment>): LinkChangeFields & NodeImpairmentFields =>
  Object.fromEntries(Object.entries(change).map(([k, v]) => [k, v === undefined ? null : v]))

/**
 * A stand-in for `World` (twin/world/world.ts) that only records the physical state: the fault catalogue's
 * modules and the cutover steps change the world through World's methods, so the impact engine replays
 * them against this recorder instead of the simulated network. Every change notes its instant; no routing,
 * no messages, no health tracker.
 *
 * It carries exactly the methods faults call (scenarios/faults/*: impairLink, impairNode, setNodeDown,
 * setDrFailover, setClockSkew, holdRouting, batch, moveUnit, state); `asWorld` is the one place it is
 * handed over as a `World`.
 */
import type { Runtime } from "../engine/runtime.ts"
import type { World } from "../world/world.ts"
import { type LinkImpairment, type NodeImpairment, WorldState } from "../world/world-state.ts"
import { type PhysicalState, physicalStateOf } from "./physical-state.ts"

export interface RecordedChange {
  readonly t: number
  /** The physical state after every change made at `t` so far. */
  readonly state: PhysicalState
}

export class RecordingWorld {
  readonly state = new WorldState()
  readonly changes: Array<RecordedChange> = []
  private readonly runtime: Runtime
  private batching = false

  constructor(runtime: Runtime, moved: ReadonlyArray<string>) {
    this.runtime = runtime
    for (const unit of moved) this.state.moved.add(unit)
  }

  /** What faults see: World's surface, backed by this recorder. */
  asWorld(): World {
    return this as unknown as World
  }

  moveUnit(unit: string, back = false): void {
    this.change(() => (back ? this.state.moved.delete(unit) : this.state.moved.add(unit)))
  }

  impairLink(link: string, change: Partial<LinkImpairment>): void {
    this.change(() => this.state.impair(link, change))
  }

  impairNode(node: string, change: Partial<NodeImpairment>): void {
    this.change(() => this.state.impairNode(node, change))
  }

  setNodeDown(node: string, down: boolean): void {
    this.change(() => (down ? this.state.nodesDown.add(node) : this.state.nodesDown.delete(node)))
  }

  setDrFailover(on: boolean): void {
    this.change(() => {
      this.state.drFailover = on
    })
  }

  setClockSkew(node: string, skewUs: number): void {
    this.change(() => (skewUs === 0 ? this.state.clockSkew.delete(node) : this.state.clockSkew.set(node, skewUs)))
  }

  holdRouting(unit: string, held: boolean): void {
    const moved = this.state.heldUnits.get(unit) ?? this.state.moved.has(unit)
    this.change(() => (held ? this.state.heldUnits.set(unit, moved) : this.state.heldUnits.delete(unit)))
  }

  batch(changes: () => void): void {
    if (this.batching) return changes()
    this.batching = true
    try {
      changes()
    } finally {
      this.batching = false
    }
    this.note()
  }

  private change(apply: () => void): void {
    apply()
    this.state.version++
    if (!this.batching) this.note()
  }

  private note(): void {
    this.changes.push({ t: this.runtime.now, state: physicalStateOf(this.state) })
  }
}

/**
 * A world (twin/world/world-port.ts) that only records the physical state: the fault catalogue's modules
 * and the cutover steps change a world through `WorldPort`, so the impact engine replays them against this
 * recorder instead of the simulated network. Every change notes its instant; no routing, no messages, no
 * health tracker, no trace.
 */
import type { Runtime } from "../engine/runtime.ts"
import { applyChange, type WorldChange } from "../world/world-change.ts"
import type { WorldPort } from "../world/world-port.ts"
import { WorldState } from "../world/world-state.ts"
import { type PhysicalState, physicalStateOf } from "./physical-state.ts"

export interface RecordedChange {
  readonly t: number
  /** The physical state after every change made at `t` so far. */
  readonly state: PhysicalState
}

export class RecordingWorld implements WorldPort {
  readonly state = new WorldState()
  readonly changes: Array<RecordedChange> = []
  private readonly runtime: Runtime
  private batching = false

  constructor(runtime: Runtime, moved: ReadonlyArray<string>) {
    this.runtime = runtime
    for (const unit of moved) this.state.moved.add(unit)
  }

  apply(change: WorldChange): void {
    applyChange(this.state, change)
    this.state.version++
    if (!this.batching) this.note()
  }

  /** Changes made together are one entry (the state after all of them). */
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

  private note(): void {
    this.changes.push({ t: this.runtime.now, state: physicalStateOf(this.state) })
  }
}

/**
 * A world (twin/world/world-port.ts) that only records the physical state: the fault catalogue's modules
 * and the cutover steps change a world through `WorldPort`, so the impact engine replays them against this
 * recorder instead of the simulated network. Every change notes its instant; no routing, no messages, no
 * health tracker, no trace.
 *
 * A moved unit (either way; a "move" to the side it is on already changes nothing) is converging for the
 * convergence delay after the move: its old and new links out of service (physical-state.ts
 * `linksConverging`), as the message engine's traffic finds them until routing catches up
 * (twin/world/world.ts). Without `converging` (or with a delay of 0) every state is
 * judged settled at once.
 */
import type { Runtime } from "../engine/runtime.ts"
import type { Micros } from "../engine/time.ts"
import { applyChange, type WorldChange } from "../world/world-change.ts"
import type { WorldPort } from "../world/world-port.ts"
import { WorldState } from "../world/world-state.ts"
import { type PhysicalState, physicalStateOf } from "./physical-state.ts"

export interface RecordedChange {
  readonly t: number
  /** The physical state after every change made at `t` so far. */
  readonly state: PhysicalState
}

/** How long a moved unit is out of service, and which links it takes out. */
export interface Converging {
  readonly delay: Micros
  /** The unit's old and new links. */
  readonly linksOf: (unit: string) => ReadonlyArray<string>
}

export class RecordingWorld implements WorldPort {
  readonly state = new WorldState()
  readonly changes: Array<RecordedChange> = []
  private readonly runtime: Runtime
  private batching = false
  private readonly convergingSetup: Converging | undefined
  /** Unit → moves of it whose convergence is still pending. */
  private readonly converging = new Map<string, number>()

  constructor(runtime: Runtime, moved: ReadonlyArray<string>, converging?: Converging) {
    this.runtime = runtime
    this.convergingSetup = converging
    for (const unit of moved) this.state.moved.add(unit)
  }

  apply(change: WorldChange): void {
    const wasMoved = change._tag === "UnitMoved" && this.state.moved.has(change.unit)
    applyChange(this.state, change)
    // Only a unit that changes side converges: routing catching up with the state it had moves no traffic.
    if (change._tag === "UnitMoved" && this.state.moved.has(change.unit) !== wasMoved) this.beginConverging(change.unit)
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

  /** The unit is out of service until `delay` after its latest move (a move within the delay extends it). */
  private beginConverging(unit: string): void {
    const setup = this.convergingSetup
    if (setup === undefined || setup.delay <= 0) return
    this.converging.set(unit, (this.converging.get(unit) ?? 0) + 1)
    this.runtime.at(this.runtime.now + setup.delay, () => {
      const pending = this.converging.get(unit)! - 1
      if (pending > 0) return void this.converging.set(unit, pending)
      this.converging.delete(unit)
      this.note()
    })
  }

  private note(): void {
    const links = [...this.converging.keys()].flatMap((u) => this.convergingSetup!.linksOf(u))
    this.changes.push({ t: this.runtime.now, state: physicalStateOf(this.state, links) })
  }
}

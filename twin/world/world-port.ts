/**
 * What a world is to those who change it — scenario steps (scenarios/phases.ts), faults
 * (scenarios/faults/*), the instructor's live faults and moves (twin/serve): its physical state to read,
 * and one way in for every change. The simulated world (world.ts) records each change in the trace and
 * tells the wirings; the impact engine's recorder (twin/impact/recording-world.ts) notes the physical
 * state after it. Whoever changes the world depends on this interface only, so the same fault code drives
 * both.
 */
import type { WorldChange } from "./world-change.ts"
import type { WorldStateView } from "./world-state.ts"

export interface WorldPort {
  /** The physical state now (read-only: change it through `apply`). */
  readonly state: WorldStateView
  /** Applies one change now. */
  apply(change: WorldChange): void
  /** Runs `changes` as one (a site lost: every node at once); each change is still applied and recorded. */
  batch(changes: () => void): void
}

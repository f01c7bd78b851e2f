/**
 * Whether a step of the live world changed what the rig's endpoints gate their sockets on. `pathNow` and
 * `state` answer from the physical state (changed only by `World.apply`, which writes `world.change`) and
 * the routes (changed only when routing converges, which writes `world.converged`); so a step without
 * either event leaves every answer as it was, and re-judging the gates then changes nothing.
 *
 * Why it matters: the endpoints judged every gate after every step (RTS 4 paths per watched participant,
 * ECP 4, the OCG-C gateways and connections), and at ×1000 a live world makes thousands of steps a
 * virtual hour; judged on a change only, a fault still reaches the wire at the end of the step in which it
 * happened, the same virtual instant as before (test/twin/rig/world-changes.test.ts).
 */
import { WORLD_CHANGE, WORLD_CONVERGED } from "../contract/trace-kinds.ts"
import type { TraceEvent } from "../engine/trace.ts"

/** Whether `fresh` (one step's events) holds a change of the physical state or of the routes. */
export const changesTheWorld = (fresh: ReadonlyArray<TraceEvent>): boolean => {
  for (const e of fresh) if (e.kind === WORLD_CHANGE || e.kind === WORLD_CONVERGED) return true
  return false
}

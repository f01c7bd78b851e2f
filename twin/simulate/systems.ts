/** The wirings of every system the twin simulates, in the order they are added to a world. */
import { cscWiring } from "./wire-csc.ts"
import { ecpWiring } from "./wire-ecp.ts"
import { ocgWiring, ocgWiringOf } from "./wire-ocg.ts"
import { omdWiring } from "./wire-omd.ts"
import type { Wiring } from "./wiring.ts"

export const allSystems: ReadonlyArray<Wiring> = [ocgWiring, cscWiring, omdWiring, ecpWiring]

/**
 * `allSystems` with the OCG-C sessions of `realSessions` driven by real FIX clients (wire-ocg.ts); none:
 * `allSystems` itself.
 */
export const systemsWithRealSessions = (realSessions: ReadonlySet<string>): ReadonlyArray<Wiring> =>
  realSessions.size === 0 ? allSystems : allSystems.map((w) => (w === ocgWiring ? ocgWiringOf({ elideHeartbeats: true, realSessions }) : w))

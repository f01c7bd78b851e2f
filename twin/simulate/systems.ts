/** The wirings of every system the twin simulates, in the order they are added to a world. */
import { cscWiring } from "./wire-csc.ts"
import { ecpWiring } from "./wire-ecp.ts"
import { ocgWiring } from "./wire-ocg.ts"
import { omdWiring } from "./wire-omd.ts"
import type { Wiring } from "./wiring.ts"

export const allSystems: ReadonlyArray<Wiring> = [ocgWiring, cscWiring, omdWiring, ecpWiring]

/** The wirings of every system the twin simulates, in the order they are added to a world. */
import type { Wiring } from "./wiring.ts"

export const allSystems: ReadonlyArray<Wiring> = []

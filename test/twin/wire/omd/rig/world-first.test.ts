import { describe, expect, it } from "vitest"
import { BEHIND_MS, BEHIND_WHILE_SHEDDING_MS, SHEDDING_MS, worldBehind } from "../../../../../twin/wire/omd/rig/world-first.ts"

describe("when the rig counts the world as behind the clock", () => {
  it("a rig keeping up is capped only past a second late: a loaded 1× world a few hundred ms late keeps its packets", () => {
    expect(worldBehind(400, Number.POSITIVE_INFINITY)).toBe(false)
    expect(worldBehind(BEHIND_MS, Number.POSITIVE_INFINITY)).toBe(false)
    expect(worldBehind(BEHIND_MS + 1, Number.POSITIVE_INFINITY)).toBe(true)
  })

  it("a rig that dropped packets within the last few seconds yields from two ticks late", () => {
    expect(worldBehind(BEHIND_WHILE_SHEDDING_MS + 1, 0)).toBe(true)
    expect(worldBehind(BEHIND_WHILE_SHEDDING_MS + 1, SHEDDING_MS - 1)).toBe(true)
    expect(worldBehind(BEHIND_WHILE_SHEDDING_MS, 0)).toBe(false)
    // A world on time is never capped, shedding or not.
    expect(worldBehind(40, 0)).toBe(false)
  })

  it("once it has not dropped for the shedding window, the second applies again", () => {
    expect(worldBehind(400, SHEDDING_MS)).toBe(false)
    expect(worldBehind(400, SHEDDING_MS - 1)).toBe(true)
  })
})

import { describe, expect, it } from "vitest"
import { BEHIND_MS, BEHIND_WHILE_SHEDDING_MS, SHEDDING_MS, SHEDDING_PACKETS, Shedding, worldBehind } from "../../../../../twin/wire/omd/rig/world-first.ts"

describe("when the rig counts the world as behind the clock", () => {
  it("a rig keeping up is capped only past a second late: a loaded 1× world a few hundred ms late keeps its packets", () => {
    expect(worldBehind(400, false)).toBe(false)
    expect(worldBehind(BEHIND_MS, false)).toBe(false)
    expect(worldBehind(BEHIND_MS + 1, false)).toBe(true)
  })

  it("a shedding rig yields from two ticks late; a world on time is never capped", () => {
    expect(worldBehind(BEHIND_WHILE_SHEDDING_MS + 1, true)).toBe(true)
    expect(worldBehind(BEHIND_WHILE_SHEDDING_MS, true)).toBe(false)
    expect(worldBehind(40, true)).toBe(false)
  })
})

describe("whether the rig is shedding", () => {
  it("a few packets dropped (one at start-up) is not shedding; the threshold within the window is", () => {
    const s = new Shedding()
    expect(s.now(0)).toBe(false)
    s.dropped(1, 100)
    expect(s.now(100)).toBe(false)
    // Running totals: 1, then SHEDDING_PACKETS − 1 more within the window.
    s.dropped(SHEDDING_PACKETS - 1, 2_000)
    expect(s.now(2_000)).toBe(false)
    s.dropped(SHEDDING_PACKETS, 3_000)
    expect(s.now(3_000)).toBe(true)
  })

  it("drops older than the window stop counting", () => {
    const s = new Shedding()
    s.dropped(SHEDDING_PACKETS, 1_000)
    expect(s.now(1_000 + SHEDDING_MS - 1)).toBe(true)
    expect(s.now(1_000 + SHEDDING_MS)).toBe(false)
    // A report of the same total is no new drop.
    s.dropped(SHEDDING_PACKETS, 1_000 + SHEDDING_MS)
    expect(s.now(1_000 + SHEDDING_MS)).toBe(false)
    s.dropped(3 * SHEDDING_PACKETS, 1_000 + SHEDDING_MS + 10)
    expect(s.now(1_000 + SHEDDING_MS + 10)).toBe(true)
  })
})

/**
 * `epochWallAt` (twin/cli/rig-start.ts): the live hub's pacer gives due times on performance.now()'s clock;
 * the rig's endpoints compare them with Date.now() (RigContext.wallAt: epoch ms). Issue 18: unconverted, an
 * OMD packet due at hub time 3,303 ms read as long past, so the rig sent everything at once and dropped it
 * 2 s after queuing.
 */
import { describe, expect, it } from "vitest"
import { epochWallAt } from "../../../twin/cli/rig-start.ts"

describe("epochWallAt", () => {
  it("moves the hub's due time onto the epoch clock: hub 3,303 ms when the hub reads 1,500 and the epoch 1,796,436,193,575 → 1,796,436,195,378", () => {
    // 3,303 is 1,803 ms after the hub's now (1,500), so 1,796,436,193,575 + 1,803 = 1,796,436,195,378.
    const wallAt = epochWallAt((t) => (t === 7 ? 3_303 : undefined), () => 1_500, () => 1_796_436_193_575)
    expect(wallAt(7)).toBe(1_796_436_195_378)
    // Paused (the pacer gives undefined): still nothing due.
    expect(wallAt(8)).toBeUndefined()
  })
})

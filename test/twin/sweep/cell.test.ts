/**
 * How a sweep cell is folded from per-state slots (twin/sweep/cell.ts): each participant once, in its worst
 * class over the column, and each class's per-service counts and minutes its own participants' — so that a
 * cell never says "0 without redundancy" beside minutes without redundancy (docs/planner.md).
 */
import { describe, expect, it } from "vitest"
import { slotOf } from "../../../twin/impact/health-vector.ts"
import { MICROS_PER_SECOND } from "../../../twin/engine/time.ts"
import { CellFolder } from "../../../twin/sweep/cell.ts"

const minute = 60 * MICROS_PER_SECOND
const participants = [{ id: "P0" }, { id: "P1" }, { id: "P2" }]

describe("CellFolder", () => {
  it("a participant down in one service and without redundancy in another counts as down only", () => {
    // 10 minutes: P0 loses omd-c and keeps otp-c without redundancy; P1 keeps otp-c without redundancy.
    // Then 5 minutes: P2 without redundancy on omd-c, then down on it for 5 more.
    const f = new CellFolder()
    f.add([slotOf(0, "omd-c")], [slotOf(0, "otp-c"), slotOf(1, "otp-c")], 0, 10 * minute)
    f.add([], [slotOf(2, "omd-c")], 10 * minute, 15 * minute)
    f.add([slotOf(2, "omd-c")], [], 15 * minute, 20 * minute)
    // Down: P0 (10 min of omd-c) and P2 (5 min); without redundancy: P1 alone, its 10 minutes of otp-c —
    // P0's otp-c and P2's first 5 minutes are in no figure (before the fix: 25 minutes, otp-c weak 2).
    expect(f.result(participants)).toEqual({
      participantsDown: 2,
      participantsWeak: 1,
      services: { "otp-c": { down: 0, weak: 1 }, "omd-c": { down: 2, weak: 0 } },
      minutesDown: 15,
      minutesWeak: 10,
      examples: ["P0", "P2"]
    })
  })
})

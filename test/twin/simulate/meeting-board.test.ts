/**
 * The board where parts mark their meetings in the network (twin/simulate/meeting-board.ts): one part that
 * drew is no meeting, two are; capped links count where two parts used the same one (across the bitmap's
 * words); a board rebuilt from its buffer (another thread's view) reads the same marks.
 */
import { describe, expect, it } from "vitest"
import { MeetingBoard } from "../../../twin/simulate/meeting-board.ts"

const id = (link: number) => `link-${String(link).padStart(3, "0")}`

describe("the meeting board", () => {
  it("says where two parts met: both drew from the run's stream, or both queued on one capped link", () => {
    const board = new MeetingBoard({ parts: 2, links: 70 })
    const [trading, other] = [board.watcher(0), board.watcher(1)]
    expect(board.met(id)).toBeUndefined()
    trading.drew()
    trading.drew()
    trading.capped(3)
    trading.capped(64)
    other.capped(33)
    expect(board.met(id)).toBeUndefined()
    other.capped(64)
    other.capped(3)
    expect(board.met(id)).toBe("parts queued on the capped links link-003, link-064")
    other.drew()
    expect(new MeetingBoard(board.buffer).met(id)).toBe("2 parts drew at random from the run's one stream (lossy or jittery links)")
  })
})

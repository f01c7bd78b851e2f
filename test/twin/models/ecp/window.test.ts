import { describe, expect, it } from "vitest"
import { ack, chunkCount, chunkSize, complete, doneBytes, fill, openWindow } from "../../../../twin/models/ecp/window.ts"

describe("SFTP window", () => {
  it("cuts a file into 32 KiB chunks, the last one short", () => {
    // 100 000 bytes = 3 × 32 768 (98 304) + 1 696.
    expect(chunkCount(100_000, 32_768)).toBe(4)
    expect([0, 1, 2, 3].map((c) => chunkSize(100_000, 32_768, c))).toEqual([32_768, 32_768, 32_768, 1_696])
    expect(chunkCount(0, 32_768)).toBe(0)
    expect(complete(openWindow(0))).toBe(true)
  })

  it("keeps at most `window` chunks outstanding, counted from the lowest unacknowledged one", () => {
    const [w1, first] = fill(openWindow(6), 3)
    expect(first).toEqual([0, 1, 2])
    // Chunk 1 acked before chunk 0 (a server may answer out of order): it does not open the window.
    const r1 = ack(w1, 1)
    expect(r1.progress).toBe(true)
    expect(fill(r1.window, 3)[1]).toEqual([])
    expect(doneBytes(r1.window, 100_000, 20_000)).toBe(20_000)
    // Chunk 0 now: base jumps over the already-acked 1 to 2, and the window admits 3 and 4.
    const r0 = ack(r1.window, 0)
    expect(r0.window).toEqual({ chunks: 6, base: 2, next: 3, ahead: [] })
    expect(fill(r0.window, 3)[1]).toEqual([3, 4])
    // Duplicates and never-sent chunks are not progress.
    expect(ack(r0.window, 1).progress).toBe(false)
    expect(ack(r0.window, 5).progress).toBe(false)
  })
})

/** The rig's send queue (twin/wire/omd/rig/send-queue.ts): due at wallAt(at), in virtual-time order, nothing while paused. */
import { describe, expect, it } from "vitest"
import { SendQueue } from "../../../../../twin/wire/omd/rig/send-queue.ts"

describe("SendQueue", () => {
  it("sends what is due at the wall clock, in virtual order (ties in queue order), holds the rest and everything while paused", async () => {
    let wall = 1_000
    let paused = false
    // 1 µs virtual = 1 ms wall from virtual 0 at wall 1,000.
    const q = new SendQueue((t) => (paused ? undefined : 1_000 + t), () => wall)
    const sent: Array<string> = []
    const push = (at: number, name: string) => q.push({ at, send: () => sent.push(name) })
    push(30, "c")
    push(10, "a")
    push(10, "b")
    push(5_000, "late")
    wall = 1_020 // 10 is due (1,010), 30 is not (1,030)
    q.drain()
    expect(sent).toEqual(["a", "b"])
    paused = true
    wall = 1_040
    q.drain()
    expect(sent).toEqual(["a", "b"])
    paused = false
    q.drain()
    expect(sent).toEqual(["a", "b", "c"])
    expect(q.size).toBe(1)
    q.close()
  })

  it("sends at most 32 packets a turn of the event loop, the rest on the next turns", async () => {
    const many = new SendQueue(() => 0, () => 1)
    let items = 0
    // Items of 20 packets each (a reference-data run): 20 (12 left of 32), 20 (−8): two items a turn.
    for (let i = 0; i < 5; i++) many.push({ at: i, send: () => { items++; return 20 } })
    many.drain()
    expect(items).toBe(2)
    await new Promise((r) => setImmediate(r))
    expect(items).toBe(4)
    many.close()
    const q = new SendQueue(() => 0, () => 1)
    let sent = 0
    for (let i = 0; i < 100; i++) q.push({ at: i, send: () => { sent++ } })
    q.drain()
    expect(sent).toBe(32)
    await new Promise((r) => setImmediate(r))
    expect(sent).toBe(64)
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r))
    expect(sent).toBe(100)
    q.close()
  })

  it("a turn long after the previous one sends 32 a millisecond since, up to 1,024 (the live hub's ticks between turns)", async () => {
    let wall = 1
    const q = new SendQueue(() => 0, () => wall)
    let sent = 0
    for (let i = 0; i < 3_000; i++) q.push({ at: i, send: () => { sent++ } })
    q.drain() // first turn: 32
    expect(sent).toBe(32)
    wall = 11 // 10 ms later: 32 × 10 = 320
    await new Promise((r) => setImmediate(r))
    expect(sent).toBe(32 + 320)
    wall = 61 // 50 ms later: 32 × 50 = 1,600, capped at 1,024
    await new Promise((r) => setImmediate(r))
    expect(sent).toBe(32 + 320 + 1_024)
    await new Promise((r) => setImmediate(r)) // same instant: back to 32
    expect(sent).toBe(32 + 320 + 1_024 + 32)
    q.close()
  })

  it("drops what waited more than maxLagMs past its due time, counts it and says so; what was queued late is sent", () => {
    const drops: Array<number> = []
    let wall = 6_000
    // 1 µs virtual = 1 ms wall from 0: `at` is its own due wall time.
    const q = new SendQueue((t) => t, () => wall, { maxLagMs: 2_000, onDrop: (n) => drops.push(n) })
    const sent: Array<number> = []
    for (const at of [7_000, 7_999, 8_000, 9_500]) q.push({ at, send: () => { sent.push(at) } })
    wall = 9_900
    // Queued at 9,900 though due at 1,000 (the world's step ran late): it waited 100 ms, not 8,900.
    q.push({ at: 1_000, send: () => { sent.push(1_000) } })
    wall = 10_000
    // Waited past due: 7,000 → 3,000 and 7,999 → 2,001 (dropped), 8,000 → 2,000 (sent), 9,500 → 500.
    q.drain()
    expect(drops).toEqual([1, 2])
    expect(sent).toEqual([1_000, 8_000, 9_500])
    expect(q.dropped).toBe(2)
    q.close()
  })
})

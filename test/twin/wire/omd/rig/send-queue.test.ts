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
    // onDrop once a turn, with the count so far (not once a packet: at ×1000 millions are shed).
    q.drain()
    expect(drops).toEqual([2])
    expect(sent).toEqual([1_000, 8_000, 9_500])
    expect(q.dropped).toBe(2)
    q.close()
  })

  it("a series sends its packets at their instants, in the place one push each would give them (ties in queue order)", () => {
    let wall = 0
    // 1 µs virtual = 1 ms wall from 0.
    const q = new SendQueue((t) => t, () => wall)
    const sent: Array<string> = []
    const times = [10, 20, 20, 30]
    q.pushSeries({ count: 4, atOf: (j) => times[j]!, send: (j) => void sent.push(`x${j}`) })
    q.push({ at: 20, send: () => sent.push("y") })
    q.push({ at: 5, send: () => sent.push("z") })
    expect(q.size).toBe(3)
    wall = 20
    q.drain()
    // x queued before y: its two packets at 20 go first, as x0 … x3 pushed one by one before y would.
    expect(sent).toEqual(["z", "x0", "x1", "x2", "y"])
    wall = 30
    q.drain()
    expect(sent).toEqual(["z", "x0", "x1", "x2", "y", "x3"])
    expect(q.size).toBe(0)
    q.close()
  })

  it("sheds a series' late stretch in one step: the packets over maxLagMs late, counted, the rest sent", () => {
    const drops: Array<number> = []
    let wall = 0
    let asked = 0
    const q = new SendQueue((t) => (asked++, t), () => wall, { maxLagMs: 2_000, onDrop: (n) => drops.push(n) })
    const sent: Array<number> = []
    // A million packets due at 0, 10, 20 … 9,999,990 ms, all queued at 0.
    q.pushSeries({ count: 1_000_000, atOf: (j) => j * 10, send: (j) => void sent.push(j) })
    wall = 10_000_000 + 1_000
    asked = 0
    q.drain()
    // Over 2,000 ms late: due before 9,999,000 → j < 999,900 (shed: 999,900); j = 999,900 … 999,999 are due
    // from 9,999,000 (at most 2,000 ms late: kept), and the first turn sends 32 of them (BURST).
    expect(q.dropped).toBe(999_900)
    expect(drops).toEqual([999_900])
    expect(sent).toEqual(Array.from({ length: 32 }, (_, i) => 999_900 + i))
    // Due times asked: the head's (1), the bisection over 999,999 packets (⌈log2⌉ = 20), then one per packet
    // sent and one more that meets the spent budget (33): not one per packet shed.
    expect(asked).toBeLessThanOrEqual(1 + 20 + 33)
    q.close()
  })

  it("sheds a series useful only whole (a snapshot) to its end once any of it is late, the packets still in time too", () => {
    let wall = 0
    const q = new SendQueue((t) => t, () => wall, { maxLagMs: 2_000 })
    const sent: Array<string> = []
    q.pushSeries({ count: 100, atOf: (j) => j * 10, send: (j) => void sent.push(`snapshot ${j}`), key: "P1|SS|refresh-A", whole: true })
    q.pushSeries({ count: 100, atOf: (j) => j * 10, send: (j) => void sent.push(`line ${j}`), key: "P1|SS|line-A" })
    wall = 2_500
    q.drain()
    // At 2,500 the packets due before 500 are over 2,000 ms late: the line sheds those (50) and sends the rest
    // due by now (its first turn's 32); the snapshot sheds all 100 and sends none.
    expect([q.shedOf("P1|SS|refresh-A"), q.shedOf("P1|SS|line-A")]).toEqual([100, 50])
    expect(sent.some((x) => x.startsWith("snapshot"))).toBe(false)
    expect(sent[0]).toBe("line 50")
    q.close()
  })

  it("counts what it sheds per key (a line's series and single packets), for /rig to tell the line's listeners", () => {
    let wall = 0
    const q = new SendQueue((t) => t, () => wall, { maxLagMs: 2_000 })
    q.pushSeries({ count: 100, atOf: (j) => j * 10, send: () => undefined, key: "P1|SS|line-A" })
    q.push({ at: 0, send: () => undefined, key: "P1|SS|line-B" })
    q.pushSeries({ count: 10, atOf: (j) => j, send: () => undefined })
    wall = 2_500
    q.drain()
    // Over 2,000 ms late at 2,500: line A's packets due before 500 (j < 50), line B's one, the unkeyed 10.
    expect([q.shedOf("P1|SS|line-A"), q.shedOf("P1|SS|line-B"), q.shedOf("P1|SS|refresh-A"), q.dropped]).toEqual([50, 1, 0, 61])
    q.close()
  })

  it("while the world is behind, a turn sends for at most 1 ms of wall time (looked at every 16 packets), the rest on the next turns; drainSoon waits for the next turn", async () => {
    let wall = 100
    let behind = true
    const q = new SendQueue(() => 0, () => wall, { behind: () => behind })
    let sent = 0
    // Each packet takes 0.05 ms: at the 16th look the turn has spent 15 × 0.05 = 0.75 ms (on), at the 32nd
    // 31 × 0.05 = 1.55 ms ≥ 1: it stops there with 31 sent (under the turn's 32 packets). The next turn
    // (1.55 ms later: 49 packets allowed) stops at 31 again.
    for (let i = 0; i < 100; i++) q.push({ at: i, send: () => { sent++; wall += 0.05 } })
    q.drainSoon()
    expect(sent).toBe(0)
    await new Promise((r) => setImmediate(r))
    expect(sent).toBe(31)
    await new Promise((r) => setImmediate(r))
    expect(sent).toBe(62)
    // On time again: the packet budget alone (the turn 1.55 ms after the last: 32 × 1.55 → 49 packets).
    behind = false
    await new Promise((r) => setImmediate(r))
    expect(sent).toBe(62 + 38)
    q.close()
  })
})

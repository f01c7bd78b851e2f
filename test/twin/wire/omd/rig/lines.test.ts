/**
 * The rig's multicast lines on loopback (tiny estate, participant P2: one circuit, to cb-pop): a raw UDP
 * receiver joined to P2's line A and line B of channel SS gets exactly the numbers the twin's tap says
 * reached P2 on that line; a loss on line A's path only leaves line B whole; a loss on P2's own circuit
 * takes both lines and opens a real gap — the same numbers as the trace's `omd.gap` for P2.
 *
 * Groups and ports (address-plan.ts): watched ["P2"] is index 0, SS is channel 0, so line A is
 * 239.{octet}.0.0 : port + 0 and line B 239.{octet}.0.1 : port + 1. Each test file has its own octet/port.
 */
import { afterEach, describe, expect, it } from "vitest"
import { minutes, NINE, joinLine, listed, type Received, type RigWorld, seconds, startRigWorld, tapSeqs, tiny } from "./support.ts"

const ADDRESSES = { octet: 201, port: 42_000 }
const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close()
})

const world = async (): Promise<RigWorld> => {
  const w = await startRigWorld({ model: tiny, watched: ["P2"], window: { from: NINE, to: NINE + minutes(2) }, rig: { addresses: ADDRESSES } })
  open.push(w)
  return w
}
const receiver = async (w: RigWorld, role: string): Promise<Received> => {
  const r = await joinLine(listed(w, "P2", "SS", role))
  open.push(r)
  return r
}
const missing = (have: ReadonlyArray<number>, upTo: number): Array<number> => {
  const set = new Set(have)
  const out: Array<number> = []
  for (let s = 1; s <= upTo; s++) if (!set.has(s)) out.push(s)
  return out
}

describe("P2's lines A and B on the wire", () => {
  it("are listed at the scheme's groups and ports", async () => {
    const w = await world()
    expect(listed(w, "P2", "SS", "line-A")).toMatchObject({ service: "omd-c", transport: "udp-multicast", address: "239.201.0.0", port: 42_000 })
    expect(listed(w, "P2", "SS", "line-B")).toMatchObject({ address: "239.201.0.1", port: 42_001 })
    expect(listed(w, "P2", "SS", "refresh-A")).toMatchObject({ address: "239.201.0.2", port: 42_002 })
    // DR is channel 3: 4 × 3 + 0 = 12.
    expect(listed(w, "P2", "DR", "line-A")).toMatchObject({ address: "239.201.0.12", port: 42_012 })
  })

  it("carry exactly the numbers the tap says reached P2, each line, all of 1 … highest", async () => {
    const w = await world()
    const a = await receiver(w, "line-A")
    const b = await receiver(w, "line-B")
    await w.runTo(NINE + seconds(12))
    const tapA = tapSeqs(w.arrivals, "P2", "omdc/SS", "A")
    const tapB = tapSeqs(w.arrivals, "P2", "omdc/SS", "B")
    expect(a.errors).toEqual([])
    // The day starts at the window's opening: 20,000 reference data numbers and then the book.
    expect(tapA.length).toBeGreaterThan(20_000)
    expect(a.seqs()).toEqual(tapA)
    expect(b.seqs()).toEqual(tapB)
    expect(missing(a.seqs(), Math.max(...tapA))).toEqual([])
    // The first packet on each line is the Sequence Reset (NewSeqNo 1), SeqNum 1.
    expect(a.packets[0]!.messages[0]).toEqual({ msgType: 100, newSeqNo: 1 })
  })

  it("loss on line A's path only: A misses what the tap says, B carries every number", async () => {
    const w = await world()
    const a = await receiver(w, "line-A")
    const b = await receiver(w, "line-B")
    await w.runTo(NINE + seconds(5))
    // Plane A's access link from cb-pop: P2's line A only (line B rides plane B).
    w.live.apply({ type: "inject", fault: { kind: "link-loss", link: "cb-pop--ar-dc1-a", percent: 50 }, for: "4s" })
    await w.runTo(NINE + seconds(12))
    const tapA = tapSeqs(w.arrivals, "P2", "omdc/SS", "A")
    const top = Math.max(...tapSeqs(w.arrivals, "P2", "omdc/SS", "B"))
    // What the rig shed or still held, and its log, if a line comes up short (CI twice, under load: a block
    // of ~1,000–2,000 numbers missing on one line).
    const rigState = `rig shed ${w.omd.queue.dropped}, still queued ${w.omd.queue.size}; log: ${w.logs.join(" | ")}`
    expect(a.seqs(), rigState).toEqual(tapA)
    expect(missing(a.seqs(), top).length).toBeGreaterThan(0)
    expect(missing(a.seqs(), top)).toEqual(missing(tapA, top))
    expect(missing(b.seqs(), top), rigState).toEqual([])
  })

  it("multicast not forwarded on line A's path: line A stops (nothing sent, as nothing arrives in the twin), B goes on", async () => {
    const w = await world()
    const a = await receiver(w, "line-A")
    const b = await receiver(w, "line-B")
    await w.runTo(NINE + seconds(5))
    w.live.apply({ type: "inject", fault: { kind: "multicast-not-forwarded", link: "cb-pop--ar-dc1-a" }, for: "4s" })
    // The twin delivers nothing on line A from the fault on (what arrived before it is still spread over
    // its 1 s slice, feed.ts SLICE_SPREAD, so count from 09:00:06.5 on): line A stops.
    await w.runTo(NINE + seconds(6.5))
    const before = a.packets.length
    await w.runTo(NINE + seconds(8.5))
    expect(w.arrivals.filter((x) => "line" in x.message && x.message.line === "A" && x.message.channel === "omdc/SS" && x.at > NINE + seconds(5.5) && x.at <= NINE + seconds(8.5))).toEqual([])
    expect(a.packets.length).toBe(before)
    const tapA = tapSeqs(w.arrivals, "P2", "omdc/SS", "A")
    await w.runTo(NINE + seconds(12))
    expect(a.packets.length).toBeGreaterThan(before) // forwarded again after the fault
    const tapAll = tapSeqs(w.arrivals, "P2", "omdc/SS", "A")
    expect(a.seqs()).toEqual(tapAll)
    const top = Math.max(...tapSeqs(w.arrivals, "P2", "omdc/SS", "B"))
    expect(missing(b.seqs(), top)).toEqual([])
    expect(missing(tapA, Math.max(...tapA))).toEqual([]) // before the stop nothing was missing on A
  })

  it("loss on both lines (P2's only circuit): the gap on the wire is the trace's omd.gap for P2", async () => {
    const w = await world()
    const a = await receiver(w, "line-A")
    const b = await receiver(w, "line-B")
    await w.runTo(NINE + seconds(5))
    w.live.apply({ type: "inject", fault: { kind: "link-loss", link: "P2-c1", percent: 30 }, for: "3s" })
    await w.runTo(NINE + seconds(12))
    const top = Math.max(...tapSeqs(w.arrivals, "P2", "omdc/SS", "A"), ...tapSeqs(w.arrivals, "P2", "omdc/SS", "B"))
    const both = new Set([...a.seqs(), ...b.seqs()])
    const gapOnWire = missing([...both], top)
    const traced = w.live.log
      .filter((e) => e.kind === "omd.gap" && e.subject === "P2" && (e.data as { channel?: string }).channel === "omdc/SS")
      .flatMap((e) => {
        const d = e.data as { first: number; last: number }
        return Array.from({ length: d.last - d.first + 1 }, (_, i) => d.first + i)
      })
    expect(gapOnWire.length).toBeGreaterThan(0)
    expect(gapOnWire).toEqual(traced.filter((s) => s <= top))
  })
})

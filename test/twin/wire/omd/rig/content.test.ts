/**
 * The rig's market-data content (twin/wire/omd/content) and how it is packed (twin/wire/omd/rig/packets.ts):
 * the message at each number, the lives of four, broken lives, snapshots, and packets of exactly the
 * model's numbers.
 */
import { describe, expect, it } from "vitest"
import { messagesPerPacket } from "../../../../../twin/models/omd/stream.ts"
import { ChannelContent } from "../../../../../twin/wire/omd/content/channel-content.ts"
import { UNIVERSE_SIZE } from "../../../../../twin/wire/omd/content/universe.ts"
import { decodePacket, isOmdDecodeError } from "../../../../../twin/wire/omd/index.ts"
import { blockRuns, PacketComposer, type Runs, runsOf, sendTimeOf } from "../../../../../twin/wire/omd/rig/packets.ts"

const sf = () => new ChannelContent(7, "omdc/SF", "SF")
const decoded = (p: Uint8Array) => {
  const d = decodePacket(p)
  if (isOmdDecodeError(d)) throw new Error(`${d.reason} at ${d.offset}`)
  return d
}

describe("reference data", () => {
  it("number 1 is the Market Definition of MAIN, 2 … 20,000 one Security Definition each (codes 1 … 19,999)", () => {
    const c = sf()
    expect(c.messageAt(1)).toEqual({ msgType: 10, marketCode: "MAIN", marketName: "Main Board", currencyCode: "HKD", numberOfSecurities: 19_999 })
    expect(UNIVERSE_SIZE).toBe(19_999) // START_OF_DAY_MESSAGES (20,000) less the Market Definition
    const second = c.messageAt(2)
    const last = c.messageAt(20_000)
    expect(second.msgType === 11 && second.securityCode).toBe(1)
    expect(last.msgType === 11 && last.securityCode).toBe(19_999)
  })
  it("is the same for the same seed and differs with another", () => {
    expect(sf().messageAt(500)).toEqual(sf().messageAt(500))
    const other = new ChannelContent(8, "omdc/SF", "SF")
    const codes = Array.from({ length: 50 }, (_, i) => i + 2)
    expect(codes.some((s) => JSON.stringify(other.messageAt(s), (_, v) => (typeof v === "bigint" ? String(v) : v)) !== JSON.stringify(sf().messageAt(s), (_, v) => (typeof v === "bigint" ? String(v) : v)))).toBe(true)
  })
})

describe("book lives of four (SF order by order)", () => {
  it("20,004 … 20,007: Add, Modify (one lot less), Trade (the rest), Delete — the same order", () => {
    const c = sf()
    const [add, modify, trade, del] = [20_004, 20_005, 20_006, 20_007].map((s) => c.messageAt(s))
    if (add?.msgType !== 30 || modify?.msgType !== 31 || trade?.msgType !== 50 || del?.msgType !== 32) throw new Error("not a life")
    expect(add.orderId).toBe(20_004n)
    expect(modify.orderId).toBe(20_004n)
    expect(del.orderId).toBe(20_004n)
    expect([modify.securityCode, trade.securityCode, del.securityCode]).toEqual([add.securityCode, add.securityCode, add.securityCode])
    expect(trade.quantity).toBe(modify.quantity)
    expect(trade.price).toBe(add.price)
    expect(add.quantity - modify.quantity).toBeGreaterThan(0) // one board lot
  })
  it("a life whose base is reference data (20,000) or a session status is broken: Add Orders that stay, own ids", () => {
    const c = sf()
    for (const s of [20_001, 20_002, 20_003]) {
      const m = c.messageAt(s)
      expect(m.msgType === 30 && m.orderId).toBe(BigInt(s))
    }
    c.session(20_100, 9 * 3_600_000_000, 3, 30) // 20,100 = 4 × 5,025: a base taken by Trading Session Status
    expect(c.messageAt(20_100)).toMatchObject({ msgType: 20, tradingSessionSubId: 3, tradingSesStatus: 30 })
    const next = c.messageAt(20_101)
    expect(next.msgType === 30 && next.orderId).toBe(20_101n)
  })
})

describe("packets as the model composes them", () => {
  it("SF: 52 numbers a model packet (⌊(1500 − 28 − 16) / 28⌋); 13 lives × 112 bytes = 1,456 + 16 = 1,472 bytes", () => {
    expect(messagesPerPacket(28)).toBe(52)
    const packets = new PacketComposer().block(sf(), 20_004, 20_055, 52, [], sendTimeOf(0))
    expect(packets.map((p) => p.length)).toEqual([1_472])
    expect(decoded(packets[0]!).header).toMatchObject({ pktSize: 1_472, msgCount: 52, seqNum: 20_004 })
  })
  it("lost numbers are left out a whole model packet at a time: 20,004 … 20,159 less 20,056 … 20,107", () => {
    const lost = Array.from({ length: 52 }, (_, i) => 20_056 + i)
    const packets = new PacketComposer().block(sf(), 20_004, 20_159, 52, lost, sendTimeOf(0))
    expect(packets.map((p) => [decoded(p).header.seqNum, decoded(p).header.msgCount])).toEqual([[20_004, 52], [20_108, 52]])
  })
  it("reference data is split by size: no packet over 1,472 bytes, the numbers 1 … 52 all there in order", () => {
    const packets = new PacketComposer().block(sf(), 1, 52, 52, [], sendTimeOf(0))
    const seqs = packets.flatMap((p) => {
      const d = decoded(p)
      return Array.from({ length: d.header.msgCount }, (_, i) => d.header.seqNum + i)
    })
    expect(seqs).toEqual(Array.from({ length: 52 }, (_, i) => i + 1))
    expect(Math.max(...packets.map((p) => p.length))).toBeLessThanOrEqual(1_472)
    expect(packets.length).toBeGreaterThan(1)
  })
})

describe("snapshots", () => {
  it("Market Definition, every Security Definition, the latest session status, the open order of the life in progress", () => {
    const c = sf()
    c.session(20_100, 9 * 3_600_000_000, 3, 30)
    expect(c.snapshotMessage(20_205, 0).msgType).toBe(10)
    expect(c.snapshotMessage(20_205, 19_999)).toMatchObject({ msgType: 11, securityCode: 19_999 })
    expect(c.snapshotMessage(20_205, 20_000)).toMatchObject({ msgType: 20, tradingSesStatus: 30 })
    // Broken-life orders that stay: 20,001 … 20,003 and 20,101 … 20,103 (bases 20,000 and 20,100).
    const stay = [1, 2, 3, 4, 5, 6].map((k) => c.snapshotMessage(20_205, 20_000 + k))
    expect(stay.map((m) => m.msgType === 30 && m.orderId)).toEqual([20_001n, 20_002n, 20_003n, 20_101n, 20_102n, 20_103n])
    // 20,205 = 20,204 + 1: the life of 20,204 modified, not yet traded: its order with the modified quantity.
    const open = c.snapshotMessage(20_205, 20_007)
    const modify = c.messageAt(20_205)
    expect(open.msgType === 30 && modify.msgType === 31 && [open.orderId, open.quantity]).toEqual([20_204n, modify.msgType === 31 ? modify.quantity : -1])
    expect(c.snapshotMessage(20_205, 20_008).msgType).toBe(60) // then Statistics
  })
})

describe("a slice's runs (blockRuns)", () => {
  const list = (r: Runs) => Array.from({ length: r.count }, (_, j) => [r.from(j), r.to(j)])
  it("without loss: model packets of perPacket from first, the last one short, computed not listed", () => {
    // 101 … 200 in packets of 36: 101–136, 137–172, 173–200 (28).
    const r = blockRuns(101, 200, 36, [])
    expect(list(r)).toEqual([[101, 136], [137, 172], [173, 200]])
    expect(r.messages).toBe(100)
    expect(list(r)).toEqual(runsOf(101, 200, 36, []))
    expect(blockRuns(5, 4, 36, []).count).toBe(0)
  })
  it("with loss: runsOf's runs (the lost numbers left out)", () => {
    // 140 and 141 lost in the second packet (137–172): 137–139 and 142–172 remain of it.
    const r = blockRuns(101, 200, 36, [140, 141])
    expect(list(r)).toEqual([[101, 136], [137, 139], [142, 172], [173, 200]])
    expect(r.messages).toBe(98)
  })
})

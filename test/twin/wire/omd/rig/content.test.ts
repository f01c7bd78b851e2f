/**
 * The rig's market-data content (twin/wire/omd/content) and how it is packed (twin/wire/omd/rig/packets.ts):
 * the message at each number, the lives of four, broken lives, snapshots, and packets of exactly the
 * model's numbers.
 */
import { describe, expect, it } from "vitest"
import { parseClock } from "../../../../../twin/engine/time.ts"
import { messagesPerPacket } from "../../../../../twin/models/omd/stream.ts"
import { halfDayTimetable } from "../../../../../twin/models/trading-day.ts"
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
  it("WarrantType (§3.7.2 offset 464: N normal, X exotic, '0' not available): a warrant 'N', an equity '0', never a blank", () => {
    // Numbers 2 and 5,002 are codes 1 (≤ 5,000: an equity) and 5,001 (the first warrant); each packet holds one.
    const [equity, warrant] = [2, 5_002].map((s) => new PacketComposer().block(sf(), s, s, 1, [], sendTimeOf(0))[0]!)
    // The message starts after the 16-byte packet header.
    expect([equity![16 + 464], warrant![16 + 464]]).toEqual([0x30, 0x4e])
    expect(decoded(equity!).messages[0]).toMatchObject({ securityCode: 1, instrumentType: "EQTY", warrantType: "0" })
    expect(decoded(warrant!).messages[0]).toMatchObject({ securityCode: 5_001, instrumentType: "WRNT", productType: 3, callPutFlag: "C", warrantType: "N" })
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
    // Spec §3.9.1/§3.9.2: for Securities instruments the OrderBookPosition is always zero.
    expect([add.orderBookPosition, modify.orderBookPosition]).toEqual([0, 0])
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
    expect(next.msgType === 30 && next.orderBookPosition).toBe(0)
  })
})

describe("trade reports by product (spec §3.10.1: Trade 50 on SP and SF; §3.10.3: Trade Ticker 52 on SS only)", () => {
  const typesOf = (group: string, from: number, to: number) => {
    const c = new ChannelContent(7, `omdc/${group}`, group)
    return Array.from({ length: to - from + 1 }, (_, i) => c.messageAt(from + i).msgType)
  }
  it("the life at 20,004: SS 53, 53, 53, 52; SP 53, 53, 53, 50; SF 30, 31, 50, 32", () => {
    expect(typesOf("SS", 20_004, 20_007)).toEqual([53, 53, 53, 52])
    expect(typesOf("SP", 20_004, 20_007)).toEqual([53, 53, 53, 50])
    expect(typesOf("SF", 20_004, 20_007)).toEqual([30, 31, 50, 32])
  })
  it("a broken life's numbers (20,001 … 20,003) are Trade Tickers on SS, Trades on SP", () => {
    expect(typesOf("SS", 20_001, 20_003)).toEqual([52, 52, 52])
    expect(typesOf("SP", 20_001, 20_003)).toEqual([50, 50, 50])
  })
  it("SS's ticker carries what SP's Trade does: same security, price, quantity, time; TickerID 1; not cancelled; 36 bytes", () => {
    const ss = new ChannelContent(7, "omdc/SS", "SS").messageAt(20_007)
    const sp = new ChannelContent(7, "omdc/SP", "SP").messageAt(20_007)
    if (ss.msgType !== 52 || sp.msgType !== 50) throw new Error("not a trade report")
    // Channels differ in content (each its own hash key), so compare with SS's own level change at 20,005.
    const level = new ChannelContent(7, "omdc/SS", "SS").messageAt(20_005)
    if (level.msgType !== 53) throw new Error("not a level")
    expect(ss).toMatchObject({ securityCode: level.securityCode, tickerId: 1, price: level.entries[0]!.price, aggregateQuantity: level.entries[0]!.aggregateQuantity, trdType: 0, trdCancelFlag: "N" })
    expect(sp.tradeId).toBe(1)
    const packet = decoded(new PacketComposer().block(new ChannelContent(7, "omdc/SS", "SS"), 20_007, 20_007, 1, [], sendTimeOf(0))[0]!)
    expect(packet.header.pktSize).toBe(16 + 36)
    expect(packet.messages[0]).toEqual(ss)
  })
})

describe("TradeID (spec §3.10.1: per security, from 1, up by 1 each trade)", () => {
  /** TradeIDs (SS: TickerIDs) per security of the Trades (SS: Trade Tickers) of numbers 20,001 … `to`, in order. */
  const idsOf = (c: ChannelContent, to: number) => {
    const ids = new Map<number, Array<number>>()
    for (let s = 20_001; s <= to; s++) {
      const m = c.messageAt(s)
      if (m.msgType === 50) ids.set(m.securityCode, [...(ids.get(m.securityCode) ?? []), m.tradeId])
      if (m.msgType === 52) ids.set(m.securityCode, [...(ids.get(m.securityCode) ?? []), m.tickerId])
    }
    return ids
  }
  // 20,100 takes an SF base (its life has no Trade), 20,206 the Trade number of SF's life at 20,204 and
  // 20,207 SS/SP's; on SS/SP a broken life's numbers are Trades of their own (20,001 … 20,003, 20,101 … 20,103).
  const withSessions = (group: string) => {
    const c = new ChannelContent(7, `omdc/${group}`, group)
    for (const s of [20_100, 20_206, 20_207]) c.session(s, 9 * 3_600_000_000, 3, 30)
    return c
  }
  for (const group of ["SF", "SP", "SS"]) {
    it(`${group}: every active security's Trades over four rounds of lives are numbered 1, 2, 3, … with no gap`, () => {
      const ids = idsOf(withSessions(group), 28_000) // lives 5,001 … 6,999: four rounds of 500 and then some
      expect(ids.size).toBe(500)
      for (const [, list] of ids) expect(list).toEqual(list.map((_, i) => i + 1))
      expect(Math.min(...[...ids.values()].map((l) => l.length))).toBeGreaterThanOrEqual(3)
    })
  }
  it("the day's first SF Trade (20,006, life 20,004) is its security's TradeID 1", () => {
    const trade = sf().messageAt(20_006)
    expect(trade.msgType === 50 && trade.tradeId).toBe(1)
  })
  it("a retransmission of a late number, asked cold, carries the TradeID of the copy sent in sequence", () => {
    const inSequence = withSessions("SP")
    idsOf(inSequence, 40_000)
    const cold = withSessions("SP")
    for (const s of [39_999, 39_995, 30_003]) expect(cold.messageAt(s)).toEqual(inSequence.messageAt(s))
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
    expect(open.msgType === 30 && modify.msgType === 31 && [open.orderId, open.quantity, open.orderBookPosition]).toEqual([20_204n, modify.msgType === 31 ? modify.quantity : -1, 0])
    // Then one message per security code from 1 (20,000 + 8 market-state messages before it: code 1 at 20,008,
    // 9,992 at 29,999): SF has no Statistics (spec §3.11.1, SS and SP only).
    expect([20_008, 20_009, 29_999].map((k) => c.snapshotMessage(20_205, k))).toEqual([
      { msgType: 21, securityCode: 1, suspensionIndicator: 3 },
      { msgType: 21, securityCode: 2, suspensionIndicator: 3 },
      { msgType: 21, securityCode: 9_992, suspensionIndicator: 3 }
    ])
  })
  for (const group of ["SP", "SS"]) {
    it(`${group}: Statistics are the Trades of numbers up to LastSeqNum, one per security; VWAP ${group === "SP" ? "= Turnover / SharesTraded" : "not populated (§3.11.1)"}`, () => {
      const c = new ChannelContent(7, `omdc/${group}`, group)
      const last = 24_001
      // The fold by hand, from the real-time messages themselves.
      const traded = new Map<number, { shares: number; turnover: number; high: number; low: number; last: number }>()
      for (let s = 20_001; s <= last; s++) {
        const m = c.messageAt(s)
        // SS reports its trades as Trade Tickers (§3.10.3), SP as Trades (§3.10.1).
        if (m.msgType !== 50 && m.msgType !== 52) continue
        const quantity = m.msgType === 50 ? m.quantity : Number(m.aggregateQuantity)
        const t = traded.get(m.securityCode) ?? { shares: 0, turnover: 0, high: 0, low: Infinity, last: 0 }
        traded.set(m.securityCode, { shares: t.shares + quantity, turnover: t.turnover + quantity * m.price, high: Math.max(t.high, m.price), low: Math.min(t.low, m.price), last: m.price })
      }
      // 20,000 numbers of reference data, the book: SS/SP's life at 24,000 has its level after 24,001.
      const first = UNIVERSE_SIZE + 1 + 1
      expect(c.snapshotMessage(last, first - 1).msgType).toBe(53)
      const stats = Array.from({ length: 600 }, (_, k) => c.snapshotMessage(last, first + k))
      expect(stats.map((m) => m.msgType === 60 && m.securityCode)).toEqual(stats.map((_, k) => k + 1))
      for (const m of stats) {
        if (m.msgType !== 60) throw new Error("not Statistics")
        const t = traded.get(m.securityCode)
        expect([m.sharesTraded, m.turnover, m.highPrice, m.lowPrice, m.lastPrice, m.vwap, m.shortSellSharesTraded]).toEqual(
          t === undefined
            ? [0n, 0n, 0, 0, 0, 0, 0]
            : [BigInt(t.shares), BigInt(t.turnover), t.high, t.low, t.last, group === "SP" ? Math.round(t.turnover / t.shares) : 0, 0]
        )
      }
      expect(traded.size).toBeGreaterThan(400) // ~1,000 lives: most active codes traded, codes 501 … 600 never
    })
  }
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

describe("the day the content's times follow", () => {
  it("a number's time is where the model's rates put it: on a half day the closing auction at noon, on a full day lunch", () => {
    // SS peaks at 5,000 a second (GROUP_ASSUMPTIONS): from 06:00, 09:00–09:30 at 1,500/s, 09:30–10:30 at 5,000/s,
    // 10:30–12:00 at 2,500/s; then a half day's auction at 4,000/s. Number 20,000 + 2,700,000 + 18,000,000 +
    // 13,500,000 + 4,000 × 300 is published at 12:05 on a half day; a full day has nothing at lunch, its
    // afternoon at 2,500/s, so the same number falls at 13:08.
    const seq = 20_000 + 2_700_000 + 18_000_000 + 13_500_000 + 4_000 * 300
    const half = new ChannelContent(7, "omdc/SS", "SS", halfDayTimetable).timeOf(seq)
    const full = new ChannelContent(7, "omdc/SS", "SS").timeOf(seq)
    expect(Math.abs(half - parseClock("12:05")!)).toBeLessThanOrEqual(1_000_000)
    expect(Math.abs(full - parseClock("13:08")!)).toBeLessThanOrEqual(1_000_000)
  })
})

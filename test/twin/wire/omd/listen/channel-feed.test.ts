/**
 * The feed handler's channel logic without sockets: packets in (line, time), actions out. Packets here are
 * decoded objects: `pkt(seq, n)` is a packet whose n Add Orders are numbers seq..seq+n-1 (order id = number).
 */
import { describe, expect, it } from "vitest"
import type { AddOrder, DecodedPacket, OmdMessage } from "../../../../../twin/wire/omd/index.ts"
import { ChannelFeed } from "../../../../../twin/wire/omd/listen/channel-feed.ts"

const order = (seq: number): AddOrder => ({ msgType: 30, securityCode: 5, orderId: BigInt(seq), price: 1000, quantity: 100, side: 0, orderType: "2", orderBookPosition: 0 })
const packetOf = (seq: number, messages: ReadonlyArray<OmdMessage>): DecodedPacket => ({ header: { pktSize: 16 + 32 * messages.length, msgCount: messages.length, seqNum: seq, sendTime: 0n }, messages })
const pkt = (seq: number, n: number): DecodedPacket => packetOf(seq, Array.from({ length: n }, (_, i) => order(seq + i)))
const heartbeat = (seq: number): DecodedPacket => packetOf(seq, [])
const reset = packetOf(1, [{ msgType: 100, newSeqNo: 1 }])

const started = (refreshAvailable = true) => {
  const feed = new ChannelFeed({ channel: "SS", arbitrationTimeoutMs: 50, refreshAvailable })
  feed.start(0)
  feed.packet("A", reset, 0)
  feed.packet("B", reset, 0)
  return feed
}

describe("ChannelFeed", () => {
  it("takes each number once from whichever line brings it first: both lines whole → 20 processed, 20 duplicates, no gap", () => {
    const feed = started()
    for (let p = 0; p < 4; p++) {
      expect(feed.packet("A", pkt(1 + 5 * p, 5), 10 + p)).toEqual([])
      expect(feed.packet("B", pkt(1 + 5 * p, 5), 10 + p)).toEqual([])
    }
    const s = feed.statistics(20)
    expect([s.processed, s.duplicates, s.gaps, s.lines.A.firstCome, s.lines.B.firstCome, s.sequenceResets, s.nextExpected]).toEqual([20, 20, 0, 20, 0, 1, 21])
    expect(s.books.orders).toBe(20)
  })

  it("fills a number line A lost from line B (B later and earlier), no gap", () => {
    const feed = started()
    feed.packet("A", pkt(1, 5), 1)
    feed.packet("A", pkt(11, 5), 2) // A lost 6..10: hole, only A passed it
    feed.packet("B", pkt(1, 5), 3)
    feed.packet("B", pkt(6, 5), 4) // B fills 6..10
    feed.packet("B", pkt(11, 5), 5)
    const s = feed.statistics(5)
    expect([s.processed, s.gaps, s.lines.B.firstCome, s.nextExpected]).toEqual([15, 0, 5, 16])
  })

  it("asks the RTS for exactly the numbers both lines lost (41..50), then processes them and what waited", () => {
    const feed = started()
    for (const line of ["A", "B"] as const) for (let p = 0; p < 4; p++) feed.packet(line, pkt(1 + 10 * p, 10), 1)
    expect(feed.packet("A", pkt(51, 10), 2)).toEqual([]) // only A passed 41..50: waits for B
    expect(feed.packet("B", pkt(51, 10), 3)).toEqual([{ _tag: "retransmit", range: { first: 41, last: 50 } }])
    expect(feed.state).toBe("recovering")
    expect(feed.tick(1000)).toEqual([]) // one recovery at a time
    const actions = feed.retransmitted({ first: 41, last: 50 }, Array.from({ length: 10 }, (_, i) => [41 + i, order(41 + i)] as const), 1001)
    expect(actions).toEqual([{ _tag: "note", text: "SS: gap 41-50 recovered from RTS (10 messages)" }])
    const s = feed.statistics(1001)
    expect([s.processed, s.gaps, s.gapMessages, s.recovered, s.unrecovered, s.rtsRequests, s.nextExpected, s.state]).toEqual([60, 1, 10, 10, 0, 1, 61, "synced"])
  })

  it("declares a gap after the arbitration timeout when the other line is silent (B down, A lost 6..10)", () => {
    const feed = started()
    feed.packet("A", pkt(1, 5), 100)
    expect(feed.packet("A", pkt(11, 5), 110)).toEqual([])
    expect(feed.tick(159)).toEqual([]) // 49 ms after the hole appeared
    expect(feed.tick(160)).toEqual([{ _tag: "retransmit", range: { first: 6, last: 10 } }])
  })

  it("counts a heartbeat's SeqNum as its line's last number: both lines' heartbeats at 12 after 1..10 → gap 11..12", () => {
    const feed = started()
    feed.packet("A", pkt(1, 10), 1)
    feed.packet("B", pkt(1, 10), 1)
    expect(feed.packet("A", heartbeat(12), 2)).toEqual([])
    expect(feed.packet("B", heartbeat(12), 2)).toEqual([{ _tag: "retransmit", range: { first: 11, last: 12 } }])
    expect(feed.statistics(2).lines.A.heartbeats).toBe(1)
  })

  it("falls back to refresh when the RTS cannot serve, takes the first whole snapshot reaching the gap, counts the lost as unrecovered", () => {
    const feed = started()
    for (const line of ["A", "B"] as const) {
      feed.packet(line, pkt(1, 10), 1)
      feed.packet(line, pkt(21, 10), 2) // 11..20 lost on both
    }
    expect(feed.retransmitFailed({ first: 11, last: 20 }, "connection refused", 3)).toEqual([
      { _tag: "note", text: "SS: RTS cannot serve 11-20 (connection refused): refresh" },
      { _tag: "join-refresh", reason: "RTS: connection refused" }
    ])
    for (const line of ["A", "B"] as const) feed.packet(line, pkt(31, 10), 4) // live data keeps coming: cached
    // Refresh line: the tail of a snapshot (discarded), Refresh Complete, a whole snapshot at 25, Refresh Complete.
    expect(feed.refreshPacket(packetOf(7, [order(3), { msgType: 203, lastSeqNum: 12 }]), 5)).toEqual([])
    const snapshot = Array.from({ length: 25 }, (_, i) => order(i + 1))
    expect(feed.refreshPacket(packetOf(9, snapshot), 6)).toEqual([])
    expect(feed.refreshPacket(packetOf(9, snapshot), 6)).toEqual([]) // refresh line B's copy: ignored
    expect(feed.refreshPacket(packetOf(34, [{ msgType: 203, lastSeqNum: 25 }]), 7)).toEqual([
      { _tag: "leave-refresh" },
      { _tag: "note", text: "SS: refresh (RTS: connection refused) synchronised at 25, 25 snapshot messages, 10 lost messages unrecovered" }
    ])
    const s = feed.statistics(7)
    // Processed: 1..10 live, then 26..40 from the cache (21..25 superseded by the snapshot) = 25.
    expect([s.processed, s.unrecovered, s.refreshes, s.nextExpected, s.books.orders, s.state]).toEqual([25, 10, 1, 41, 40, "synced"])
  })

  it("arbitrates refresh lines A and B by number: a snapshot packet one line missed is taken from the other, even after that line's next; a number neither brought spoils it", () => {
    const feed = started()
    for (const line of ["A", "B"] as const) {
      feed.packet(line, pkt(1, 10), 1)
      feed.packet(line, pkt(21, 10), 2) // 11..20 lost on both
    }
    feed.retransmitFailed({ first: 11, last: 20 }, "connection refused", 3)
    // Snapshot on refresh numbers 2..31 (30 orders), its Refresh Complete at 32; the previous cycle's at 1.
    const part = (from: number, to: number) => packetOf(from + 1, Array.from({ length: to - from + 1 }, (_, i) => order(from + i)))
    const complete = (seq: number, lastSeqNum: number) => packetOf(seq, [{ msgType: 203, lastSeqNum }])
    expect(feed.refreshPacket(complete(1, 12), 4)).toEqual([])
    // A spoiled cycle first: numbers 12..21 (orders 11..20) on neither line.
    feed.refreshPacket(part(1, 10), 5)
    feed.refreshPacket(part(21, 30), 5)
    expect(feed.refreshPacket(complete(32, 30), 5)).toEqual([])
    expect(feed.refreshPacket(complete(32, 30), 5)).toEqual([]) // line B's copy of the Refresh Complete: nothing more
    // The next cycle, 33..62 and Complete 63: line A lacks 43..52, which line B brings after A's 53..62.
    const next = (from: number, to: number) => packetOf(32 + from, Array.from({ length: to - from + 1 }, (_, i) => order(from + i)))
    feed.refreshPacket(next(1, 10), 6) // A
    feed.refreshPacket(next(21, 30), 6) // A, past its own loss
    feed.refreshPacket(next(1, 10), 6) // B's copy
    feed.refreshPacket(next(11, 20), 6) // B: the packet A missed
    expect(feed.refreshPacket(complete(63, 30), 7)).toEqual([
      { _tag: "leave-refresh" },
      { _tag: "note", text: "SS: refresh (RTS: connection refused) synchronised at 30, 30 snapshot messages, 10 lost messages unrecovered" }
    ])
    expect(feed.statistics(7).nextExpected).toBe(31)
  })

  it("waits for the next snapshot when one is older than the numbers it lacks", () => {
    const feed = started()
    for (const line of ["A", "B"] as const) feed.packet(line, pkt(1, 10), 1)
    for (const line of ["A", "B"] as const) feed.packet(line, pkt(21, 10), 2)
    feed.retransmitFailed({ first: 11, last: 20 }, "request rejected (RetransStatus 2)", 3)
    feed.refreshPacket(packetOf(1, [{ msgType: 203, lastSeqNum: 5 }]), 4)
    expect(feed.refreshPacket(packetOf(2, [order(1), { msgType: 203, lastSeqNum: 8 }]), 5)).toEqual([]) // 8 < 10: too old
    expect(feed.refreshPacket(packetOf(4, [order(1), { msgType: 203, lastSeqNum: 30 }]), 6)[0]).toEqual({ _tag: "leave-refresh" })
    expect(feed.statistics(6).nextExpected).toBe(31)
  })

  it("applies a Sequence Reset once although both lines carry it", () => {
    const feed = started()
    feed.packet("A", pkt(1, 3), 1)
    feed.packet("B", pkt(1, 3), 1)
    feed.packet("A", reset, 2) // an intraday reset: the first copy resets
    expect(feed.statistics(2).books.orders).toBe(0)
    feed.packet("A", pkt(1, 2), 3)
    feed.packet("B", reset, 4) // the other line's copy, late: only line B restarts
    feed.packet("B", pkt(1, 2), 4)
    const s = feed.statistics(4)
    expect([s.sequenceResets, s.processed, s.books.orders, s.duplicates, s.nextExpected]).toEqual([2, 5, 2, 5, 3])
  })

  it("without a refresh service, gives up a range the RTS cannot serve and goes on after it", () => {
    const feed = started(false)
    for (const line of ["A", "B"] as const) {
      feed.packet(line, pkt(1, 2), 1)
      feed.packet(line, pkt(6, 2), 1)
    }
    feed.retransmitFailed({ first: 3, last: 5 }, "no RTS listed", 2)
    const s = feed.statistics(2)
    expect([s.processed, s.unrecovered, s.nextExpected, s.state]).toEqual([4, 3, 8, "synced"])
  })

  it("counts the slower line's copy of processed numbers from its header alone, never a one-message packet", () => {
    const feed = started()
    feed.packet("A", pkt(1, 10), 1)
    expect([feed.isStale(1, 10), feed.isStale(5, 6), feed.isStale(5, 7), feed.isStale(1, 1)]).toEqual([true, true, false, false])
    feed.stalePacket("B", 336, 1, 10, 2)
    const s = feed.statistics(2)
    // Line B: the reset (pktSize 16 + 32·1 = 48 as pkt() sizes packets) and the stale copy (336).
    expect([s.duplicates, s.lines.B.packets, s.lines.B.messages, s.lines.B.bytes, s.processed]).toEqual([10, 2, 11, 48 + 336, 10])
  })

  it("leaves a refresh under way when a Sequence Reset starts the numbers again", () => {
    const feed = new ChannelFeed({ channel: "SS" })
    feed.start(0)
    expect(feed.packet("A", pkt(500, 2), 1)).toEqual([{ _tag: "join-refresh", reason: "late start" }])
    expect(feed.packet("A", reset, 2)).toEqual([{ _tag: "note", text: "SS: Sequence Reset on line A" }, { _tag: "leave-refresh" }])
    expect([feed.state, feed.statistics(2).nextExpected]).toEqual(["synced", 1])
  })

  it("keeps at most maxPending messages while waiting for a refresh, dropping the oldest", () => {
    const feed = new ChannelFeed({ channel: "SS", maxPending: 15 })
    feed.start(0)
    feed.packet("A", pkt(101, 10), 1) // late start at 101: 101..110 wait for the refresh
    feed.packet("A", pkt(111, 10), 2) // 20 waiting > 15: 101..105 go
    // A snapshot at 103 reaches the expected 101 and is taken; 104..105 were dropped: a hole; 106..120 wait.
    feed.refreshPacket(packetOf(1, [{ msgType: 203, lastSeqNum: 90 }]), 3)
    const actions = feed.refreshPacket(packetOf(2, [order(1), { msgType: 203, lastSeqNum: 103 }]), 4)
    expect(actions.filter((a) => a._tag === "retransmit")).toEqual([])
    expect(feed.statistics(4).nextExpected).toBe(104)
    // Only line A has passed 104..105: after the arbitration timeout they are asked of the RTS.
    expect(feed.tick(4 + 100)).toEqual([{ _tag: "retransmit", range: { first: 104, last: 105 } }])
  })
})

/**
 * Defect 9 of issue 13: the RTS limits apply per real channel. A modelled channel group of k real channels
 * (its messages spread over them in turn: stream.ts) keeps the last 50,000 × k of its numbers, takes a
 * range of up to 10,000 × k in one request (one real request per channel touched), and a request for n of
 * its numbers — ⌈n/P⌉ packets of P messages, each packet one real channel's — counts min(⌈n/P⌉, k) real
 * requests against the user's 1,000 a day (P = 36 for 40-byte messages: stream.ts `messagesPerPacket`). And the RTS server's own feed
 * is HKEX's, not the participants' paths (rts-server.ts).
 */
import { describe, expect, it } from "vitest"
import type { OmdMessage } from "../../../../twin/models/omd/index.ts"
import type { RtsServerState } from "../../../../twin/models/omd/rts-server.ts"
import { at, deliver, LATENCY, recorder, world, type Seen } from "./world.ts"

const channel = "omdc/SS"
const request = (first: number, last: number): OmdMessage => ({ _tag: "rts-request", conn: 1, channel, first, last })

describe("RTS limits per real channel (k = 4 real channels in the group)", () => {
  // 10,000 a second from 09:30 in 1 s slices: at 09:31:00.5 the channel's highest is 600,000. Each real
  // channel keeps its last 50,000, i.e. the group's last 200,000: 400,001 … 600,000.
  const T = at("09:31") + 500_000

  it("takes 40,000 numbers (10,000 per real channel) in one request, 40,001 is too many; keeps the last 200,000; counts min(⌈n/36⌉, 4) requests", () => {
    const w = world({
      publisher: { rates: [{ from: at("09:30"), perSecond: 10_000 }] },
      refresh: false,
      feedHandler: false,
      rts: { channels: [{ channel, meanMessageBytes: 40, realChannels: 4 }] }
    })
    w.rt.add("client", "client", recorder(), [], at("06:00"))
    const server = "rts-dc1-1"
    deliver(w.rt, T, "client", server, { _tag: "rts-connect", conn: 1 })
    deliver(w.rt, T, "client", server, { _tag: "rts-logon", conn: 1, user: "U1" })
    deliver(w.rt, T + 1000, "client", server, request(560_001, 600_001)) // not yet published, but first: 10,001 on one channel → 100; counts 4
    deliver(w.rt, T + 2000, "client", server, request(560_001, 600_000)) // 10,000 on each of 4 → accepted; 8
    deliver(w.rt, T + 3000, "client", server, request(400_000, 400_000)) // 600,000 − 200,000: just out → 2; 9
    deliver(w.rt, T + 4000, "client", server, request(400_001, 400_001)) // oldest kept → accepted; 10
    // 988 one-number requests (11 … 998); one for 36 numbers (one packet) → 999; then one for 73 numbers:
    // ⌈73/36⌉ = 3 packets, 3 real channels: 999 + 3 = 1,002 > 1,000 → 101, closed.
    for (let i = 0; i < 988; i++) deliver(w.rt, T + 10_000 + i * 10, "client", server, request(600_000, 600_000))
    deliver(w.rt, T + 40_000, "client", server, request(599_965, 600_000))
    deliver(w.rt, T + 50_000, "client", server, request(599_928, 600_000))
    w.rt.run(T + 100_000)

    const served = w.kinds("omd.rts.served").map((e) => [e.t, e.data["first"], e.data["last"], e.data["status"], e.data["request"]])
    expect(served.slice(0, 4)).toEqual([
      [T + 1000, 560_001, 600_001, 100, 4],
      [T + 2000, 560_001, 600_000, 0, 8],
      [T + 3000, 400_000, 400_000, 2, 9],
      [T + 4000, 400_001, 400_001, 0, 10]
    ])
    expect(served.at(-3)).toEqual([T + 10_000 + 987 * 10, 600_000, 600_000, 0, 998])
    expect(served.at(-2)).toEqual([T + 40_000, 599_965, 600_000, 0, 999])
    expect(served.at(-1)).toEqual([T + 50_000, 599_928, 600_000, 101, 1_002])
    const got = w.rt.stateOf<ReadonlyArray<Seen>>("client").at(-1)!
    expect([got.t, got.message]).toEqual([T + 50_000 + LATENCY, { _tag: "rts-close", conn: 1, reason: "daily request limit" }])
    // The refused request is not counted (as with one real channel: rts.test.ts).
    expect(w.rt.stateOf<RtsServerState>(server).requests.toRecord()).toEqual({ U1: 999 })
  })
})

describe("a long gap goes to refresh only when its share of each real channel is past retention", () => {
  // 10,000 a second from 09:30; both lines are cut off from the feed handler for what leaves 09:30:10.5 …
  // 09:30:17.5: the slices of 09:30:11 … 09:30:17 (seqs 100,001 … 170,000) never arrive. The 09:30:18 slice
  // (170,001 … 180,000) arrives at 09:30:18.000100 and the 70,000 are a gap on both lines; highest 180,000.
  const cut = (from: string, to: string, now: number) =>
    (from === "pub-a" || from === "pub-b") && to === "P0001.fh" && now > at("09:30:10") + 500_000 && now < at("09:30:17") + 500_000
  const run = (realChannels: number) => {
    const w = world({
      publisher: { rates: [{ from: at("09:30"), perSecond: 10_000 }] },
      blocked: cut,
      rts: { channels: [{ channel, meanMessageBytes: 40, realChannels }] },
      feedHandler: { realChannels }
    })
    w.rt.run(at("09:30:32"))
    return {
      requests: w.kinds("omd.rts.request").map((e) => [e.data["first"], e.data["last"], e.data["request"]]),
      recovered: w.kinds("omd.recovered").map((e) => [e.data["first"], e.data["last"], e.data["via"]])
    }
  }
  it("one real channel: 100,001 ≤ 180,000 − 50,000, past retention → refresh (the 09:30:30 snapshot, complete at 09:30:31)", () => {
    const r = run(1)
    expect(r.requests).toEqual([])
    expect(r.recovered).toEqual([[100_001, 170_000, "refresh"]])
  })

  it("two real channels: 35,000 per channel, within the 50,000 each keeps (100,001 > 180,000 − 100,000) → RTS, 20,000 numbers a request, 2 real requests each", () => {
    const r = run(2)
    expect(r.requests).toEqual([
      [100_001, 120_000, 2],
      [120_001, 140_000, 4],
      [140_001, 160_000, 6],
      [160_001, 170_000, 8]
    ])
    expect(r.recovered).toEqual([
      [100_001, 120_000, "rts"],
      [120_001, 140_000, "rts"],
      [140_001, 160_000, "rts"],
      [160_001, 170_000, "rts"]
    ])
  })
})

describe("the RTS server is fed inside HKEX", () => {
  it("serves a request inside retention although every multicast to it on the network is lost", () => {
    // 10 a second: seqs 23 … 25 (slice of 09:30:03) lost on both lines to the feed handler; nothing the
    // publishers multicast reaches any RTS server over the network. The server still knows the channel
    // (highest 30 at 09:30:03) and answers 0, not 2 "not available".
    const w = world({
      lost: (to, _stream, seq) => to === "P0001.fh" && seq >= 23 && seq <= 25,
      blocked: (from, to) => (from === "pub-a" || from === "pub-b") && to.startsWith("rts-")
    })
    w.rt.run(at("09:31"))
    const t0 = at("09:30:03") + LATENCY
    expect(w.kinds("omd.rts.served").map((e) => [e.t, e.data["first"], e.data["last"], e.data["status"]])).toEqual([[t0 + 300, 23, 25, 0]])
    expect(w.kinds("omd.recovered").map((e) => [e.t, e.data["first"], e.data["last"], e.data["via"]])).toEqual([[t0 + 400, 23, 25, "rts"]])
  })
})

describe("a lost packet is one gap and one real request, whatever the real channels", () => {
  it("SS's 40-byte messages, 36 to a packet: the 09:30:01 slice's first packet (10,001 … 10,036) lost on both lines → one gap of 36, recovered by one RTS request counted once (not min(36, 4) = 4)", () => {
    // 10,000 a second from 09:30 in 1 s slices: the 09:30:01 slice is 10,001 … 20,000, packed from 10,001
    // into packets of ⌊(1,500 − 28 − 16) / 40⌋ = 36 (stream.ts). k = 4 real channels; the packet is one
    // real channel's, so the feed handler asks for 36 numbers and that costs 1 of the day's 1,000.
    const w = world({
      publisher: { rates: [{ from: at("09:30"), perSecond: 10_000 }] },
      lost: (to, _stream, seq) => to === "P0001.fh" && seq >= 10_001 && seq <= 10_036,
      rts: { channels: [{ channel, meanMessageBytes: 40, realChannels: 4 }] },
      feedHandler: { realChannels: 4 }
    })
    w.rt.run(at("09:30:05"))
    expect(w.kinds("omd.gap").map((e) => [e.data["first"], e.data["last"], e.data["size"]])).toEqual([[10_001, 10_036, 36]])
    expect(w.kinds("omd.rts.request").map((e) => [e.data["first"], e.data["last"], e.data["request"]])).toEqual([[10_001, 10_036, 1]])
    expect(w.kinds("omd.rts.served").map((e) => [e.data["status"], e.data["request"]])).toEqual([[0, 1]])
    expect(w.kinds("omd.recovered").map((e) => [e.data["first"], e.data["last"], e.data["via"]])).toEqual([[10_001, 10_036, "rts"]])
  })
})

/**
 * A feed handler with no refresh path (OMD-CC as modelled: the estate gives its product no refresh server;
 * or a handler that does not use refresh): nothing may wait for a refresh that cannot come. A gap past the
 * RTS retention is asked of the RTS for the part it still keeps and the rest is lost at once; what the RTS
 * cannot serve is lost; a late start and DR Signal 2 sync on real time (gaps.ts, feed-handler.ts).
 */
import { describe, expect, it } from "vitest"
import type { FeedHandlerState } from "../../../../twin/models/omd/feed-handler.ts"
import { RTS_LIMITS } from "../../../../twin/models/omd/index.ts"
import { at, drChannel, LATENCY, world } from "./world.ts"

const flow = "P0001/omdc-ss"
const channel = "omdc/SS"
const noRefresh = { refresh: false, feedHandler: { refreshChannel: false } } as const
const lostBoth = (seqs: (seq: number) => boolean) => (to: string, stream: string, seq: number) =>
  to === "P0001.fh" && (stream === "omdc/SS/A" || stream === "omdc/SS/B") && seqs(seq)
const stats = (w: ReturnType<typeof world>) => w.rt.stateOf<FeedHandlerState>("P0001.fh").stats
const degraded = (w: ReturnType<typeof world>, from: number) =>
  w.kinds("flow.status").filter((e) => e.t >= from).map((e) => [e.t, e.data["up"], e.data["degraded"]])

describe("a gap reaching past the RTS retention, without refresh", () => {
  // As real-channels.test.ts: 10,000 a second from 09:30; both lines cut off from the handler for the slices
  // of 09:30:11 … 09:30:17, so the 09:30:18 slice (170,001 … 180,000) finds 100,001 … 170,000 lost on both,
  // at t0. Highest 180,000: the RTS keeps 130,001 on (the last 50,000). With refresh that whole gap waits
  // for the 09:30:30 snapshot (real-channels.test.ts); without, 130,001 … 170,000 is asked of the RTS in
  // 4 requests of 10,000 and 100,001 … 130,000 (30,000) is lost at once.
  const cut = (from: string, to: string, now: number) =>
    (from === "pub-a" || from === "pub-b") && to === "P0001.fh" && now > at("09:30:10") + 500_000 && now < at("09:30:17") + 500_000
  const t0 = at("09:30:18") + LATENCY
  const run = (feedHandler: { readonly refreshChannel?: boolean; readonly useRefresh?: boolean }, refresh: boolean) => {
    const w = world({ publisher: { rates: [{ from: at("09:30"), perSecond: 10_000 }] }, blocked: cut, feedHandler, ...(refresh ? {} : { refresh: false }) })
    w.rt.run(at("09:30:32"))
    return w
  }

  it.each([
    ["the channel has no refresh", { refreshChannel: false }, false, "no refresh on the channel"],
    ["the handler does not use refresh", { useRefresh: false }, true, "refresh not used"]
  ] as const)("%s: the RTS's part recovered, the older part lost at once, and the flow is degraded only until then", (_, feedHandler, refresh, why) => {
    const w = run(feedHandler, refresh)
    expect(w.kinds("omd.loss.unrecovered").map((e) => [e.t, e.data])).toEqual([
      [t0, { flow, channel, first: 100_001, last: 130_000, size: 30_000, reason: `older than RTS retention; ${why}` }]
    ])
    // Logon at t0 + 200 µs, then each request answered and its messages in by 200 µs after it is sent.
    expect(w.kinds("omd.rts.request").map((e) => [e.t - t0, e.data["first"], e.data["last"]])).toEqual([
      [200, 130_001, 140_000],
      [400, 140_001, 150_000],
      [600, 150_001, 160_000],
      [800, 160_001, 170_000]
    ])
    expect(w.kinds("omd.recovered").map((e) => [e.t - t0, e.data["first"], e.data["last"], e.data["via"]])).toEqual([
      [400, 130_001, 140_000, "rts"],
      [600, 140_001, 150_000, "rts"],
      [800, 150_001, 160_000, "rts"],
      [1_000, 160_001, 170_000, "rts"]
    ])
    expect(w.kinds("omd.refresh")).toEqual([])
    // Line A's slice brings line A back (up 1 after 6 s of silence), line B's both back and the gap.
    expect(degraded(w, t0)).toEqual([[t0, 1, false], [t0, 2, true], [t0 + 1_000, 2, false]])
    expect(stats(w)).toEqual({ gaps: 70_000, recoveredRts: 40_000, recoveredRefresh: 0, unrecovered: 30_000 })
  })
})

describe("what the RTS cannot serve is lost, without refresh", () => {
  it("the daily request limit reached, then retransmission exhausted: each later gap is lost when found", () => {
    // 10 a second: seqs 15, 25 and 35 (slices of 09:30:02, :03, :04) lost on both lines; one request a day.
    const w = world({
      ...noRefresh,
      lost: lostBoth((seq) => seq === 15 || seq === 25 || seq === 35),
      feedHandler: { refreshChannel: false, rtsLimits: { ...RTS_LIMITS, dailyRequests: 1 } }
    })
    w.rt.run(at("09:31"))
    expect(w.kinds("omd.recovered").map((e) => [e.t, e.data["first"], e.data["via"]])).toEqual([[at("09:30:02") + LATENCY + 400, 15, "rts"]])
    expect(w.kinds("omd.loss.unrecovered").map((e) => [e.t, e.data["first"], e.data["last"], e.data["reason"]])).toEqual([
      [at("09:30:03") + LATENCY, 25, 25, "daily request limit reached (client count); no refresh on the channel"],
      [at("09:30:04") + LATENCY, 35, 35, "retransmission exhausted; no refresh on the channel"]
    ])
    expect(w.rt.stateOf<FeedHandlerState>("P0001.fh").gaps).toEqual([])
    expect(stats(w)).toEqual({ gaps: 3, recoveredRts: 1, recoveredRefresh: 0, unrecovered: 2 })
  })

  it("a request the server refuses (2: it keeps only the last 5) is lost", () => {
    // Seqs 23 … 25 found at 09:30:03 (highest 30): the client asks, the server keeps 26 … 30 only.
    const w = world({ ...noRefresh, lost: lostBoth((seq) => seq >= 23 && seq <= 25), rts: { limits: { ...RTS_LIMITS, retention: 5 } } })
    w.rt.run(at("09:31"))
    const t0 = at("09:30:03") + LATENCY
    expect(w.kinds("omd.loss.unrecovered").map((e) => [e.t - t0, e.data["first"], e.data["last"], e.data["reason"]])).toEqual([
      [400, 23, 25, "reject 2: not available; no refresh on the channel"]
    ])
    expect(degraded(w, at("09:00"))).toEqual([[t0, 2, true], [t0 + 400, 2, false]])
  })
})

describe("sync without refresh", () => {
  it("a late start syncs on the first number seen; the day's numbers before it are a gap, recovered from the RTS", () => {
    // Started at 09:30:05.5: the first thing heard is the 09:30:06 slice, 51 … 60, with no Sequence Reset
    // before it. With refresh it would wait for a snapshot (refresh.test.ts); here 1 … 50 is a gap.
    const w = world({ ...noRefresh, feedHandlerStart: at("09:30:05") + 500_000 })
    w.rt.run(at("09:30:10"))
    const t = at("09:30:06") + LATENCY
    expect(w.kinds("omd.sync", "omd.gap", "omd.recovered").map((e) => [e.t - t, e.kind, e.data])).toEqual([
      [0, "omd.sync", { flow, channel, state: "synced", reason: "late start; no refresh on the channel" }],
      [0, "omd.gap", { flow, channel, first: 1, last: 50, size: 50, reason: "late start: before the first number seen" }],
      [400, "omd.recovered", { flow, channel, first: 1, last: 50, size: 50, via: "rts", after: 400, replayed: true, endpoint: "rts-dc1-1" }]
    ])
    expect(degraded(w, t)).toEqual([[t, 2, true], [t + 400, 2, false]])
    const fh = w.rt.stateOf<FeedHandlerState>("P0001.fh")
    // Real time follows as normal: the 09:30:09 slice was the last in by 09:30:10.
    expect([fh.sync, fh.arb.highest, fh.arb.lineHighest]).toEqual(["synced", 90, { A: 90, B: 90 }])
  })

  it("DR Signal 2 syncs on real time and releases the gap held during DR to the RTS", () => {
    // 10 a second: seq 18,005 (slice of 10:00:01) lost on both lines while in DR (Signal 1 at 10:00:00.5);
    // Signal 2 at 10:01:30.5 releases it (highest 19,150, well inside the last 50,000).
    const w = world({ ...noRefresh, lost: lostBoth((seq) => seq === 18_005), feedHandler: { refreshChannel: false, drChannel: "omdc/DR" } })
    const dr = drChannel(w)
    const one = at("10:00") + 500_000
    const two = at("10:01:30") + 500_000
    dr(one, 1)
    dr(two, 2)
    w.rt.run(at("10:02:05"))
    const found = at("10:00:01") + LATENCY
    expect(w.kinds("omd.sync", "omd.gap", "omd.recovered", "omd.refresh").filter((e) => e.t > at("09:00")).map((e) => [e.t, e.kind, e.data["state"] ?? e.data["first"], e.data["reason"] ?? e.data["via"]])).toEqual([
      [one + LATENCY, "omd.sync", "dr", "DR in progress: caches cleared"],
      [found, "omd.gap", 18_005, "lost on both lines"],
      [two + LATENCY, "omd.sync", "synced", "DR completed; no refresh on the channel: real time only"],
      [two + LATENCY + 400, "omd.recovered", 18_005, "rts"]
    ])
    expect(degraded(w, at("09:00"))).toEqual([[one + LATENCY, 2, true], [two + LATENCY + 400, 2, false]])
  })
})

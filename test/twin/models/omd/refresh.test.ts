import { describe, expect, it } from "vitest"
import type { FeedHandlerState } from "../../../../twin/models/omd/feed-handler.ts"
import { at, drChannel, LATENCY, world } from "./world.ts"

// 10 messages a second from 09:30 in 1 s slices: the slice leaving at 09:30:00 + n s carries 10(n−1)+1 … 10n.
// Refresh: a snapshot starts every 30 s from 06:00:30 (100 messages), its Refresh Complete 1 s later.
// At a whole 30 s the snapshot leaves before that second's slice (its timer was armed 30 s earlier, the
// publisher's 1 s earlier), so LastSeqNum is the seq of the previous second's slice.

const flowEvents = (w: ReturnType<typeof world>, from: number) =>
  w.kinds("flow.status", "omd.sync", "omd.refresh", "omd.gap", "omd.recovered")
    .filter((e) => e.t >= from)
    .map((e) => [e.t, e.kind, e.kind === "flow.status" ? [e.data["up"], e.data["degraded"], e.data["detail"]] : e.data])

describe("refresh recovery (DOMAIN §3 Refresh, spec §4.4)", () => {
  it("a feed handler starting at 10:00 caches real time, skips the snapshot already under way, and syncs on the next Refresh Complete, dropping cached seqs ≤ LastSeqNum", () => {
    const w = world({ feedHandlerStart: at("10:00") })
    w.rt.run(at("10:00:32"))
    const flow = "P0001/omdc-ss"
    const channel = "omdc/SS"
    // 10:00:00 + 100 µs: the 10:00:00 snapshot arrives first (not wanted yet: no sign of a late start), then
    // slice 17,991 … 18,000 without a Sequence Reset before it → late start, cache from 17,991. The
    // 10:00:01 Refresh Complete belongs to a snapshot whose start was not taken: ignored (spec §4.4 "if a
    // client starts listening during the middle of a snapshot, it must wait for the next snapshot").
    // The 10:00:30 snapshot has LastSeqNum 18,290 (slice of 10:00:29); its Refresh Complete arrives at
    // 10:00:31 + 100 µs before that second's slice, when the cache holds 17,991 … 18,300: 300 dropped, 10 kept.
    const start = at("10:00")
    const late = start + LATENCY
    const applied = at("10:00:31") + LATENCY
    expect(flowEvents(w, start)).toEqual([
      [start, "flow.status", [2, false, "lines A and B live"]],
      [late, "omd.sync", { flow, channel, state: "awaiting-refresh", reason: "late start" }],
      [late, "flow.status", [2, true, "lines A and B live; late start"]],
      [applied, "omd.refresh", { flow, channel, line: "A", lastSeqNum: 18_290, reason: "late start", cachedFrom: 17_991, dropped: 300, kept: 10 }],
      [applied, "omd.sync", { flow, channel, state: "synced", reason: "refresh" }],
      [applied, "flow.status", [2, false, "lines A and B live"]]
    ])
    const fh = w.rt.stateOf<FeedHandlerState>("P0001.fh")
    // The slice of 10:00:31 (18,301 … 18,310) follows as normal real time.
    expect(fh.arb.highest).toBe(18_310)
    expect(fh.arb.lineHighest).toEqual({ A: 18_310, B: 18_310 })
    expect(fh.sync).toBe("synced")
    expect(fh.cacheFrom).toBeUndefined()
    expect(fh.gaps).toEqual([])
    expect(fh.resetNo).toBe(0)
  })

  it("takes a snapshot packet lost on one refresh line from the other line's copy (lines arbitrated by number), applied at the first Refresh Complete", () => {
    // Refresh seqs: each cycle takes 100 + 1 (snapshot, Refresh Complete). The 10:00:30 cycle is number
    // (10:00:30 − 06:00)/30 s = 481, so its snapshot is 480·101 + 1 … + 100 = 48,481 … 48,580.
    const w = world({ feedHandlerStart: at("10:00"), lost: (to, stream, seq) => to === "P0001.fh" && stream === "omdc/SS/refresh/A" && seq === 48_500 })
    w.rt.run(at("10:00:32"))
    expect(w.kinds("omd.refresh").map((e) => [e.t, e.data["line"], e.data["lastSeqNum"]])).toEqual([[at("10:00:31") + LATENCY, "A", 18_290]])
  })

  it("a snapshot whole only from both lines together serves (A lost one number, B another); one both lines lost does not: the next cycle serves", () => {
    const apart = world({
      feedHandlerStart: at("10:00"),
      lost: (to, stream, seq) => to === "P0001.fh" && ((stream === "omdc/SS/refresh/A" && seq === 48_500) || (stream === "omdc/SS/refresh/B" && seq === 48_510))
    })
    apart.rt.run(at("10:00:32"))
    expect(apart.kinds("omd.refresh").map((e) => [e.t, e.data["lastSeqNum"]])).toEqual([[at("10:00:31") + LATENCY, 18_290]])
    const both = world({
      feedHandlerStart: at("10:00"),
      lost: (to, stream, seq) => to === "P0001.fh" && stream.startsWith("omdc/SS/refresh/") && seq === 48_500
    })
    both.rt.run(at("10:01:02"))
    // The 10:00:30 cycle lacks 48,500 on both lines; the 10:01:00 cycle (LastSeqNum 18,590) serves.
    expect(both.kinds("omd.refresh").map((e) => [e.t, e.data["lastSeqNum"]])).toEqual([[at("10:01:01") + LATENCY, 18_590]])
  })

  it("on DR Signal 1 clears and waits; on 2 rebuilds from the next refresh (spec §3.4.3)", () => {
    const w = world({ feedHandler: { drChannel: "omdc/DR" } })
    const dr = drChannel(w)
    const one = at("10:00") + 500_000
    const two = at("10:01:30") + 500_000
    dr(one, 1)
    dr(two, 2)
    w.rt.run(at("10:02:05"))
    const flow = "P0001/omdc-ss"
    const channel = "omdc/SS"
    // DR 1 repeats at 10:01:00.5 (ignored: same status). After DR 2, the 10:02:00 snapshot has LastSeqNum
    // 19,190 (slice of 10:01:59 = 09:30:00 + 1,919 s); its Refresh Complete arrives 10:02:01 + 100 µs.
    const applied = at("10:02:01") + LATENCY
    expect(flowEvents(w, at("09:00"))).toEqual([
      [one + LATENCY, "omd.sync", { flow, channel, state: "dr", reason: "DR in progress: caches cleared" }],
      [one + LATENCY, "flow.status", [2, true, "lines A and B live; DR in progress: caches cleared"]],
      [two + LATENCY, "omd.sync", { flow, channel, state: "awaiting-refresh", reason: "DR completed: rebuild from refresh" }],
      [applied, "omd.refresh", { flow, channel, line: "A", lastSeqNum: 19_190, reason: "DR completed: rebuild from refresh" }],
      [applied, "omd.sync", { flow, channel, state: "synced", reason: "refresh" }],
      [applied, "flow.status", [2, false, "lines A and B live"]]
    ])
  })
})

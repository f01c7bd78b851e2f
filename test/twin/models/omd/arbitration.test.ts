import { describe, expect, it } from "vitest"
import { emptyArbitration, expire, observe, resetArbitration } from "../../../../twin/models/omd/arbitration.ts"
import type { FeedHandlerState } from "../../../../twin/models/omd/feed-handler.ts"
import { at, LATENCY, world } from "./world.ts"

// The world's publishers send 10 messages a second from 09:30 in 1 s slices: the slice leaving at
// 09:30:0k carries seqs 10(k-1)+1 … 10k, and reaches the feed handler LATENCY (100 µs) later, line A's
// copy first (pub-a's timers were armed first, and same-time events run in scheduling order).

describe("line arbitration (DOMAIN §3: first come, first served on sequence numbers)", () => {
  it("fills every seq line A lost from line B: no gap, every seq delivered exactly once", () => {
    const w = world({ lost: (to, stream, seq) => to === "P0001.fh" && stream === "omdc/SS/A" && seq % 7 === 0 })
    // Slices 09:30:01 … 09:31:00 arrive by 09:31:00.000100: seqs 1 … 600.
    w.rt.run(at("09:31") + LATENCY)
    const fh = w.rt.stateOf<FeedHandlerState>("P0001.fh")
    // Multiples of 7 in 1 … 600: ⌊600/7⌋ = 85, lost on A and taken from B; A was first for the other 515,
    // and B's copies of those 515 are duplicates.
    expect(fh.arb.firstCome).toEqual({ A: 515, B: 85 })
    expect(fh.arb.duplicates).toBe(515)
    expect(fh.arb.highest).toBe(600)
    expect(fh.arb.holes).toEqual([])
    expect(fh.stats).toEqual({ gaps: 0, recoveredRts: 0, recoveredRefresh: 0, unrecovered: 0 })
    expect(w.kinds("omd.gap", "omd.rts.request", "omd.loss.unrecovered")).toEqual([])
    // The only flow report is the one at start: both lines up, never degraded.
    expect(w.kinds("flow.status").map((e) => [e.t, e.data["up"], e.data["degraded"]])).toEqual([[at("05:00"), 2, false]])
  })

  it("turns seqs lost on both lines into a gap of exactly those seqs, asks the RTS for exactly that range, and recovers", () => {
    const w = world({ lost: (to, _stream, seq) => to === "P0001.fh" && seq >= 23 && seq <= 25 })
    w.rt.run(at("09:31"))
    // The slice with 21 … 30 leaves at 09:30:03 and arrives at t0; each hop after that adds 100 µs:
    // connect + logon reach rts-dc1-1 at t0+100, its Logon Response the handler at t0+200, the request
    // the server at t0+300, the response and the retransmitted messages the handler at t0+400.
    const t0 = at("09:30:03") + LATENCY
    const flow = "P0001/omdc-ss"
    const channel = "omdc/SS"
    const events = w.kinds("omd.gap", "flow.status", "omd.rts.session", "omd.rts.logon", "omd.rts.request", "omd.rts.served", "omd.rts.response", "omd.recovered")
      .filter((e) => e.t > at("06:00"))
      .map((e) => ({ t: e.t, kind: e.kind, subject: e.subject, data: e.data }))
    expect(events).toEqual([
      { t: t0, kind: "omd.gap", subject: "P0001", data: { flow, channel, first: 23, last: 25, size: 3, reason: "lost on both lines" } },
      {
        t: t0,
        kind: "flow.status",
        subject: "P0001",
        data: { flow, service: "omd-c", up: 2, of: 2, degraded: true, detail: "lines A and B live; 3 seqs outstanding from 23-25" }
      },
      { t: t0 + 100, kind: "omd.rts.session", subject: "rts-dc1-1", data: { client: "P0001.fh", user: "P0001-SS", state: "logged-on" } },
      { t: t0 + 200, kind: "omd.rts.logon", subject: "P0001", data: { flow, channel, endpoint: "rts-dc1-1", user: "P0001-SS", sessionStatus: 0 } },
      { t: t0 + 200, kind: "omd.rts.request", subject: "P0001", data: { flow, channel, endpoint: "rts-dc1-1", first: 23, last: 25, request: 1 } },
      {
        t: t0 + 300,
        kind: "omd.rts.served",
        subject: "rts-dc1-1",
        data: { client: "P0001.fh", user: "P0001-SS", channel, first: 23, last: 25, status: 0, request: 1 }
      },
      { t: t0 + 400, kind: "omd.rts.response", subject: "P0001", data: { flow, channel, endpoint: "rts-dc1-1", status: 0, first: 23, last: 25 } },
      {
        t: t0 + 400,
        kind: "omd.recovered",
        subject: "P0001",
        data: { flow, channel, first: 23, last: 25, size: 3, via: "rts", after: 400, replayed: true, endpoint: "rts-dc1-1" }
      },
      { t: t0 + 400, kind: "flow.status", subject: "P0001", data: { flow, service: "omd-c", up: 2, of: 2, degraded: false, detail: "lines A and B live" } }
    ])
    const fh = w.rt.stateOf<FeedHandlerState>("P0001.fh")
    // 09:30:01 … 09:30:59 delivered 590 seqs; A was first for all but the 3 that came from the RTS.
    expect(fh.arb.firstCome).toEqual({ A: 587, B: 0 })
    expect(fh.stats).toEqual({ gaps: 3, recoveredRts: 3, recoveredRefresh: 0, unrecovered: 0 })
    // One session, kept open (spec §4.3: keep it and answer heartbeats).
    expect(fh.rts.conn).toBe("ready")
  })

  it("waits the arbitration timeout for the other line before calling a one-line loss a gap", () => {
    // Line B never reaches the handler after 09:30:05.5; line A loses 61 … 63.
    const w = world({
      blocked: (from, to, now) => from === "pub-b" && to === "P0001.fh" && now > at("09:30:05") + 500_000,
      lost: (to, stream, seq) => to === "P0001.fh" && stream === "omdc/SS/A" && seq >= 61 && seq <= 63,
      feedHandler: { arbitrationTimeout: 200_000 }
    })
    w.rt.run(at("09:30:08"))
    // A's slice 61 … 70 (arriving 09:30:07 + 100 µs) leaves a hole waiting for B; 200 ms later it is a gap.
    expect(w.kinds("omd.gap").map((e) => [e.t, e.data["first"], e.data["last"], e.data["reason"]])).toEqual([
      [at("09:30:07") + LATENCY + 200_000, 61, 63, "arbitration timeout"]
    ])
    expect(w.kinds("omd.recovered").map((e) => [e.t, e.data["first"], e.data["last"], e.data["via"]])).toEqual([
      [at("09:30:07") + LATENCY + 200_000 + 400, 61, 63, "rts"]
    ])
  })
})

describe("observe (one line's data against the other's)", () => {
  it("keeps a hole on the line that skipped it and fills it from the other", () => {
    const base = resetArbitration(emptyArbitration)
    const a = observe(base, "A", 1, 10, [4, 5], 100)
    expect(a.arbitration.holes).toEqual([{ first: 4, last: 5, missingOn: "A", since: 100 }])
    const b = observe(a.arbitration, "B", 1, 10, [5], 150)
    expect(b.gaps).toEqual([{ first: 5, last: 5 }])
    expect(b.arbitration.holes).toEqual([])
    expect(b.arbitration.firstCome).toEqual({ A: 8, B: 1 })
    expect(b.arbitration.duplicates).toBe(8)
  })

  it("reads a heartbeat as 'everything up to its seq was sent': a line that skipped numbers owes them", () => {
    const base = resetArbitration(emptyArbitration)
    const a = observe(base, "A", 1, 10, [], 0)
    const hb = observe(a.arbitration, "B", 11, 10, [], 10) // heartbeat seq 10 on B: B skipped 1 … 10, A has them
    expect(hb.gaps).toEqual([])
    expect(hb.arbitration.lineHighest).toEqual({ A: 10, B: 10 })
    const later = observe(hb.arbitration, "A", 16, 15, [], 20) // heartbeat 15 on A: 11 … 15 skipped on A
    expect(later.arbitration.holes).toEqual([{ first: 11, last: 15, missingOn: "A", since: 20 }])
    expect(expire(later.arbitration, 69, 50).gaps).toEqual([])
    expect(expire(later.arbitration, 70, 50).gaps).toEqual([{ first: 11, last: 15 }])
  })

  it("takes a late starter's first message as its baseline", () => {
    const a = observe(emptyArbitration, "A", 5001, 5010, [], 0)
    expect(a.arbitration.highest).toBe(5010)
    expect(a.arbitration.firstCome).toEqual({ A: 10, B: 0 })
    expect(a.gaps).toEqual([])
  })
})

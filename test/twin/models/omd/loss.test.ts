import { describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import type { FeedHandlerState } from "../../../../twin/models/omd/feed-handler.ts"
import { at, LATENCY, RTS, world } from "./world.ts"

// Seqs 23 … 25 (in the slice leaving 09:30:03) are lost on both lines for the handler.
const lostBoth = (to: string, stream: string, seq: number) => to === "P0001.fh" && (stream === "omdc/SS/A" || stream === "omdc/SS/B") && seq >= 23 && seq <= 25
const noRts = (from: string, to: string) => (RTS as ReadonlyArray<string>).includes(from) || (RTS as ReadonlyArray<string>).includes(to)

describe("an RTS session on TCP across a short cut", () => {
  it("connects through a 1-second cut by retransmitting its SYN: the gap is recovered from the first endpoint, no failover", () => {
    const t0 = at("09:30:03") + LATENCY
    // P0001.fh → rts-dc1-1 cut from the gap (t0, when connect and logon are written) for 1 s: the connection's
    // first message is its SYN, retransmitted 1 s later, at t0 + 1 s, when the path is back; each hop 100 µs.
    const cut = (from: string, to: string, now: number) => from === "P0001.fh" && to === "rts-dc1-1" && now >= t0 && now < t0 + seconds(1)
    const w = world({ lost: lostBoth, blocked: cut, feedHandler: { useRefresh: false } })
    w.rt.run(at("09:31"))
    expect(w.kinds("omd.rts.failover")).toEqual([])
    expect(w.kinds("omd.rts.logon", "omd.rts.response", "omd.recovered").map((e) => [e.t - t0, e.kind, e.data["endpoint"] ?? null])).toEqual([
      [seconds(1) + 200, "omd.rts.logon", "rts-dc1-1"],
      [seconds(1) + 400, "omd.rts.response", "rts-dc1-1"],
      [seconds(1) + 400, "omd.recovered", "rts-dc1-1"]
    ])
    expect(w.rt.stateOf<FeedHandlerState>("P0001.fh").stats).toEqual({ gaps: 3, recoveredRts: 3, recoveredRefresh: 0, unrecovered: 0 })
  })
})

describe("unrecovered loss is recorded with its exact range", () => {
  it("tries all four RTS endpoints in order, one at a time, and without refresh records the loss", () => {
    const w = world({ lost: lostBoth, blocked: noRts, feedHandler: { useRefresh: false } })
    w.rt.run(at("09:31"))
    const t0 = at("09:30:03") + LATENCY
    // Each endpoint gets 5 s to answer the logon; after the fourth, the work is given back.
    expect(w.kinds("omd.rts.failover").map((e) => [e.t, e.data["from"], e.data["to"]])).toEqual([
      [t0 + seconds(5), "rts-dc1-1", "rts-dc1-2"],
      [t0 + seconds(10), "rts-dc1-2", "rts-dc2-1"],
      [t0 + seconds(15), "rts-dc2-1", "rts-dc2-2"],
      [t0 + seconds(20), "rts-dc2-2", "rts-dc1-1"]
    ])
    expect(w.kinds("omd.loss.unrecovered").map((e) => [e.t, e.subject, e.data])).toEqual([
      [t0 + seconds(20), "P0001", {
        flow: "P0001/omdc-ss",
        channel: "omdc/SS",
        first: 23,
        last: 25,
        size: 3,
        reason: "no retransmission server answered; refresh not used"
      }]
    ])
    expect(w.kinds("flow.status").filter((e) => e.t > at("09:00")).map((e) => [e.t, e.data["degraded"]])).toEqual([[t0, true], [t0 + seconds(20), false]])
    expect(w.rt.stateOf<FeedHandlerState>("P0001.fh").stats).toEqual({ gaps: 3, recoveredRts: 0, recoveredRefresh: 0, unrecovered: 3 })
  })

  it("records a gap still waiting for a refresh that never comes as lost at close", () => {
    const w = world({ lost: lostBoth, blocked: noRts, refresh: false, feedHandler: { closeAt: at("12:00") } })
    w.rt.run(at("12:30"))
    expect(w.kinds("omd.loss.unrecovered").map((e) => [e.t, e.data["first"], e.data["last"], e.data["reason"]])).toEqual([[at("12:00"), 23, 25, "end of day"]])
    const fh = w.rt.stateOf<FeedHandlerState>("P0001.fh")
    expect(fh.sync).toBe("closed")
    expect(fh.stats).toEqual({ gaps: 3, recoveredRts: 0, recoveredRefresh: 0, unrecovered: 3 })
  })
})

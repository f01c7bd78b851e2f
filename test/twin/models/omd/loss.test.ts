import { describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import type { FeedHandlerState } from "../../../../twin/models/omd/feed-handler.ts"
import { at, LATENCY, RTS, world } from "./world.ts"

// Seqs 23 … 25 (in the slice leaving 09:30:03) are lost on both lines for the handler.
const lostBoth = (to: string, stream: string, seq: number) => to === "P0001.fh" && (stream === "omdc/SS/A" || stream === "omdc/SS/B") && seq >= 23 && seq <= 25
const noRts = (from: string, to: string) => (RTS as ReadonlyArray<string>).includes(from) || (RTS as ReadonlyArray<string>).includes(to)

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

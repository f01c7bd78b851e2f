import { describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import { CLIENT, G1, TRADING, world } from "./fixture.ts"

describe("throttle (DOMAIN §1 Throttle)", () => {
  it("orders above the Comp ID's messages per second get a Business Message Reject with the time left", () => {
    // 600 orders a minute from 10 s to 11 s: 10 orders, 100 ms apart, at the gateway at
    // 10 000 500 + k × 100 000 — all in the throttle interval [10 s, 11 s). MPS 2: the first two pass.
    const w = world({ session: { throttleMps: 2 }, orders: [{ from: seconds(10), to: seconds(11), perMinute: 600 }] })
    w.rt.run(seconds(12))
    const rejects = w.sends(G1, CLIENT, "BusinessMessageReject")
    // Orders k = 2..9 are rejected as they arrive, numbered after the two reports (2, 3): 4 … 11. The time
    // left in the interval is 11 000 000 − arrival: 799 500 µs for the first, 99 500 µs for the last.
    expect(rejects.map((s) => [s.t, s.seq, s.message._tag === "BusinessMessageReject" ? s.message.usLeft : null])).toEqual(
      [2, 3, 4, 5, 6, 7, 8, 9].map((k) => [10_000_500 + k * 100_000, k + 2, 1_000_000 - 500 - k * 100_000])
    )
    const session = w.gateway(G1).sessions.get(TRADING)!
    expect([session.forwarded, session.throttled]).toEqual([2, 8])
    expect(w.host().orders).toBe(2)
    expect(w.client().counts).toMatchObject({ ordersSent: 10, rejected: 8 })
  })

  it("a reject waits its turn behind the host's acknowledgements of the orders before it (docs/ocg-fix.md In turn)", () => {
    // Five windows of one order a minute from 10 s: five New Orders at 10 000 000 (ClOrdID 1–5, MsgSeqNum 2–6),
    // at the gateway at 10 000 500. MPS 2: orders 1 and 2 go to the host (there at 10 001 000), whose acks are
    // back at 10 001 500; orders 3–5 are refused at 10 000 500 (traced then), their rejects written after the
    // acks (2, 3): 4, 5, 6 at 10 001 500. Written at once, they would be 2–4 and overtake the acks (5, 6): the
    // BSS took orders 1–2 for never answered.
    const burst = { from: seconds(10), to: seconds(11), perMinute: 60 }
    const w = world({ session: { throttleMps: 2 }, orders: [burst, burst, burst, burst, burst] })
    w.rt.run(seconds(10.5))
    const answers = w.sent.filter((s) => s.from === G1 && s.to === CLIENT && (s.tag === "ExecutionReport" || s.tag === "BusinessMessageReject"))
    expect(answers.map((s) => [s.t, s.seq, s.message._tag === "ExecutionReport" ? s.message.report.clOrdId : s.message._tag === "BusinessMessageReject" ? s.message.refSeq : null])).toEqual([
      [10_001_500, 2, 1],
      [10_001_500, 3, 2],
      [10_001_500, 4, 4],
      [10_001_500, 5, 5],
      [10_001_500, 6, 6]
    ])
    const refused = w.trace.ofKind("ocg.gateway").filter((e) => e.data["event"] === "throttle-reject")
    expect(refused.map((e) => [e.t, e.data["clOrdId"]])).toEqual([[10_000_500, 3], [10_000_500, 4], [10_000_500, 5]])
    expect(w.sessionEvents().filter(([, event]) => event === "unanswered" || event === "late-ack")).toEqual([])
    expect(w.client().counts).toMatchObject({ ordersSent: 5, rejected: 3 })
    expect([w.client().pending.size, w.gateway(G1).sessions.get(TRADING)!.turns]).toEqual([0, []])
  })

  it("the count starts again in the next whole second [U]", () => {
    // Every 250 ms from 10.5 s to 11.5 s: two orders in [10 s, 11 s), two in [11 s, 12 s); MPS 2: all pass.
    const w = world({ session: { throttleMps: 2 }, orders: [{ from: seconds(10.5), to: seconds(11.5), perMinute: 240 }] })
    w.rt.run(seconds(12))
    expect(w.host().orders).toBe(4)
    expect(w.client().counts.rejected).toBe(0)
  })
})

import { describe, expect, it } from "vitest"
import { ocgOrderAcks } from "../../../scenarios/checks/ocg-order-acks.ts"
import { at, ev, judge, rows } from "./support.ts"

const session = (participant: string, compId: string, data: Record<string, string | number | boolean>) =>
  ({ compId, flow: `${participant}/${compId}`, ...data })

const events = [
  ev("09:30:00", "ocg.session", "P1", session("P1", "P1T01", { event: "logon", gateway: "gw1", role: "primary" })),
  ev("09:30:00", "ocg.session", "P2", session("P2", "P2T01", { event: "logon", gateway: "gw1", role: "primary" })),
  // P1: a spell of late answers, traced at its first and at a worse one; the worst is 3.2 s.
  ev("09:31:02.5", "ocg.session", "P1", session("P1", "P1T01", { event: "late-ack", clOrdId: 7, sentAt: at("09:31:00"), latencyUs: 2_500_000 })),
  ev("09:31:03.2", "ocg.session", "P1", session("P1", "P1T01", { event: "late-ack", clOrdId: 9, sentAt: at("09:31:00"), latencyUs: 3_200_000 })),
  // P2: one answer 400 ms late, under any `max` of a second.
  ev("09:32:00.4", "ocg.session", "P2", session("P2", "P2T01", { event: "late-ack", clOrdId: 3, sentAt: at("09:32:00"), latencyUs: 400_000 })),
  // P2: five orders died with a gateway; a later answer overtook them.
  ev("09:36:00", "ocg.session", "P2", session("P2", "P2T01", { event: "unanswered", orders: 5, firstClOrdId: 10, lastClOrdId: 14, firstSentAt: at("09:33:00") }))
]
const window = { from: "09:30", to: "09:40" }

describe("ocg-order-acks", () => {
  it("fails on answers later than `max` — the worst per session — and on unanswered orders", () => {
    const r = judge(ocgOrderAcks, { max: "1s" }, window, events)
    expect(r.verdict).toBe("fail")
    expect(r.summary).toBe("1 session with New Orders answered later than 1s, the longest 3.2s; 5 New Orders never answered (max 0)")
    expect(rows(r)).toEqual([
      ["P1", "P1T01", at("09:31:00"), at("09:31:03.2"), "New Order 9 from P1T01 answered after 3.2s (sent 09:31:00, answered 09:31:03.200)"],
      ["P2", "P2T01", at("09:33:00"), at("09:36:00"), "5 New Orders from P2T01 never answered (ClOrdID 10–14, the first sent 09:33:00); a later order's answer came first at 09:36:00"]
    ])
    expect(r.judged).toBe(2)
  })

  it("passes when every answer is within `max` and the unanswered within their allowance", () => {
    const r = judge(ocgOrderAcks, { max: "4s", unanswered: 5 }, window, events)
    expect([r.verdict, r.summary]).toEqual(["pass", "every answered New Order within 4s (the longest 3.2s); 5 New Orders never answered (max 5)"])
  })

  it("judges only its participants, and only what happened in its window", () => {
    expect(judge(ocgOrderAcks, { participants: ["P2"], unanswered: 5 }, window, events).summary)
      .toBe("every answered New Order within 1s (the longest 400ms); 5 New Orders never answered (max 5)")
    expect(judge(ocgOrderAcks, {}, { from: "09:31:03", to: "09:35" }, events).summary)
      .toBe("1 session with New Orders answered later than 1s, the longest 3.2s; 0 New Orders never answered (max 0)")
  })

  it("an early verdict sees only the answers so far", () => {
    expect(judge(ocgOrderAcks, {}, window, events, "09:31:02.6").summary)
      .toBe("1 session with New Orders answered later than 1s, the longest 2.5s; 0 New Orders never answered (max 0)")
  })

  describe("orders a BSS found still waiting (`awaiting`)", () => {
    const found = [
      ev("09:30:00", "ocg.session", "P3", session("P3", "P3T01", { event: "logon", gateway: "gw1", role: "primary" })),
      // P3 lost its session at 09:37 with 3 orders out, the oldest (ClOrdID 20) sent at 09:36:50.
      ev("09:37:00", "ocg.session", "P3", session("P3", "P3T01", { event: "awaiting", orders: 3, clOrdId: 20, sentAt: at("09:36:50") }))
    ]

    it("count as unanswered when neither answered nor overtaken by the verdict, older than `max`", () => {
      const r = judge(ocgOrderAcks, {}, window, found)
      expect(r.summary).toBe("every answered New Order within 1s; 3 New Orders never answered (max 0)")
      expect(rows(r)).toEqual([
        ["P3", "P3T01", at("09:36:50"), at("09:40"), "3 New Orders from P3T01 not answered by 09:40:00 (the first, ClOrdID 20, sent 09:36:50; found waiting at 09:37:00)"]
      ])
      // A verdict 15 s after the oldest was sent does not judge it yet against a `max` of 20 s.
      expect(judge(ocgOrderAcks, { max: "20s" }, window, found, "09:37:05").verdict).toBe("pass")
    })

    it("traced again when the session is lost, with more orders out: counted once, with the later count", () => {
      const again = [...found, ev("09:37:30", "ocg.session", "P3", session("P3", "P3T01", { event: "awaiting", orders: 5, clOrdId: 20, sentAt: at("09:36:50") }))]
      expect(judge(ocgOrderAcks, {}, window, again).summary).toBe("every answered New Order within 1s; 5 New Orders never answered (max 0)")
      expect(rows(judge(ocgOrderAcks, {}, window, again)).length).toBe(1)
    })

    it("not when the oldest was answered (its late-ack) or overtaken (then counted once, as never answered)", () => {
      const answered = [...found, ev("09:38:00", "ocg.session", "P3", session("P3", "P3T01", { event: "late-ack", clOrdId: 20, sentAt: at("09:36:50"), latencyUs: 70_000_000 }))]
      expect(judge(ocgOrderAcks, { max: "2m" }, window, answered).summary).toBe("every answered New Order within 2m (the longest 1m10s); 0 New Orders never answered (max 0)")
      // Before the answer, 40 s after the sending: still waiting, past a `max` of 20 s.
      expect(judge(ocgOrderAcks, { max: "20s" }, window, answered, "09:37:30").summary).toBe("every answered New Order within 20s; 3 New Orders never answered (max 0)")
      const overtaken = [...found, ev("09:38:00", "ocg.session", "P3", session("P3", "P3T01", { event: "unanswered", orders: 3, firstClOrdId: 20, lastClOrdId: 22, firstSentAt: at("09:36:50") }))]
      expect(judge(ocgOrderAcks, {}, window, overtaken).summary).toBe("every answered New Order within 1s; 3 New Orders never answered (max 0)")
      expect(rows(judge(ocgOrderAcks, {}, window, overtaken)).length).toBe(1)
    })
  })
})

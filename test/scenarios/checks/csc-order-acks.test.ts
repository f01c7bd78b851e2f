import { describe, expect, it } from "vitest"
import { cscOrderAcks } from "../../../scenarios/checks/csc-order-acks.ts"
import { at, ev, judge, rows } from "./support.ts"

const order = (session: string, id: string, event: string) =>
  ({ event, session, order: id, market: "SSE", side: "buy", amount: 1_000_000 })

const events = [
  // P1: one order answered in 2 ms, one after 3.5 s (a cut on the way), one replayed 40 s later.
  ev("09:31:00", "csc.order", "P1", order("P1N01", "A", "submitted")),
  ev("09:31:00.002", "csc.order", "P1", order("P1N01", "A", "accepted")),
  ev("09:32:00", "csc.order", "P1", order("P1N01", "B", "submitted")),
  ev("09:32:03.5", "csc.order", "P1", order("P1N01", "B", "accepted")),
  ev("09:33:00", "csc.order", "P1", order("P1N01", "C", "submitted")),
  ev("09:33:40", "csc.order", "P1", { ...order("P1N01", "C", "accepted"), replayed: true }),
  // P2: a rejection in time, then two orders into a dead CCCG: never answered.
  ev("09:34:00", "csc.order", "P2", order("P2N01", "D", "submitted")),
  ev("09:34:00.003", "csc.order", "P2", order("P2N01", "D", "rejected")),
  ev("09:35:00", "csc.order", "P2", order("P2N01", "E", "submitted")),
  ev("09:35:01", "csc.order", "P2", order("P2N01", "F", "submitted"))
]
const window = { from: "09:30", to: "09:40" }

describe("csc-order-acks", () => {
  it("fails on answers later than `max` — the worst per session — and on orders never answered", () => {
    const r = judge(cscOrderAcks, { max: "1s" }, window, events)
    expect(r.verdict).toBe("fail")
    expect(r.summary).toBe("1 session with China Connect orders answered later than 1s, the longest 40s; 2 China Connect orders not answered (max 0)")
    expect(rows(r)).toEqual([
      ["P1", "P1N01", at("09:33:00"), at("09:33:40"), "order C answered after 40s (submitted 09:33:00, answered 09:33:40)"],
      ["P2", "P2N01", at("09:35:00"), undefined, "2 orders of P2N01 not answered (E … F, the first submitted 09:35:00)"]
    ])
    expect(r.judged).toBe(2)
  })

  it("passes within a wider `max` and allowance, and says the longest wait", () => {
    const r = judge(cscOrderAcks, { max: "1m", unanswered: 2 }, window, events)
    expect([r.verdict, r.summary]).toEqual(["pass", "every answered China Connect order within 1m (the longest 40s); 2 China Connect orders not answered (max 2)"])
  })

  it("an order younger than `max` at the verdict is not judged yet; an answer after the verdict is not heard", () => {
    // At 09:33:30: C has waited 30 s, over 1s: unanswered as of then; at 09:35:00.5, E has waited 0.5 s: not yet.
    expect(judge(cscOrderAcks, {}, window, events, "09:33:30").summary)
      .toBe("1 session with China Connect orders answered later than 1s, the longest 3.5s; 1 China Connect order not answered (max 0)")
    expect(judge(cscOrderAcks, { participants: ["P2"] }, window, events, "09:35:00.5").summary)
      .toBe("every answered China Connect order within 1s (the longest 3ms); 0 China Connect orders not answered (max 0)")
  })
})

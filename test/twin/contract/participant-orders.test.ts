import { describe, expect, it } from "vitest"
import { participantOrders } from "../../../twin/contract/participant-orders.ts"
import type { TraceEvent } from "../../../twin/contract/trace-event.ts"

const at = (h: number, m: number, s = 0) => Math.round(((h * 60 + m) * 60 + s) * 1_000_000)
const ocg = (t: number, participant: string, compId: string, data: Record<string, unknown>): TraceEvent =>
  ({ t, kind: "ocg.session", subject: participant, data: { compId, flow: `${participant}/${compId}`, ...data } as TraceEvent["data"] })
const csc = (t: number, participant: string, session: string, order: string, event: string): TraceEvent =>
  ({ t, kind: "csc.order", subject: participant, data: { event, session, order, market: "SSE", side: "buy", amount: 100_000 } as TraceEvent["data"] })
const texts = (events: ReadonlyArray<TraceEvent>, participant = "P1") => participantOrders(events, participant).map((n) => [n.t, n.session, n.kind, n.text, n.until ?? null])

describe("participantOrders: what a participant saw of its orders' answers", () => {
  it("an OTP-C spell of late answers at its worst, until an answer in time", () => {
    expect(texts([
      ocg(at(9, 31, 2.5), "P1", "P1T01", { event: "late-ack", clOrdId: 7, sentAt: at(9, 31), latencyUs: 2_500_000 }),
      ocg(at(9, 31, 3.2), "P1", "P1T01", { event: "late-ack", clOrdId: 9, sentAt: at(9, 31), latencyUs: 3_200_000 }),
      ocg(at(9, 31, 4), "P1", "P1T01", { event: "late-acks-ended", clOrdId: 12, worstUs: 3_200_000 }),
      // another participant's is not P1's
      ocg(at(9, 32), "P2", "P2T01", { event: "late-ack", clOrdId: 3, sentAt: at(9, 31, 59), latencyUs: 1_000_000 })
    ])).toEqual([
      [at(9, 31, 2.5), "P1T01", "late", "New Orders answered late, the longest 3.2s (New Order 9, sent 09:31:00); in time again at 09:31:04", at(9, 31, 4)]
    ])
  })

  it("orders found waiting: answered at last, or overtaken (then also never answered), or still waiting", () => {
    expect(texts([
      ocg(at(9, 32), "P1", "P1T01", { event: "awaiting", orders: 2, clOrdId: 30, sentAt: at(9, 31, 50) }),
      ocg(at(9, 40), "P1", "P1T01", { event: "late-ack", clOrdId: 30, sentAt: at(9, 31, 50), latencyUs: at(9, 40) - at(9, 31, 50) }),
      ocg(at(9, 33), "P1", "P1T02", { event: "awaiting", orders: 1, clOrdId: 5, sentAt: at(9, 32, 59.5) }),
      ocg(at(9, 35), "P1", "P1T02", { event: "unanswered", orders: 3, firstClOrdId: 5, lastClOrdId: 7, firstSentAt: at(9, 32, 59.5) }),
      ocg(at(9, 36), "P1", "P1T03", { event: "awaiting", orders: 4, clOrdId: 11, sentAt: at(9, 35, 58) }),
      // traced again when its session was lost, with more out: one note, the later count
      ocg(at(9, 36, 30), "P1", "P1T03", { event: "awaiting", orders: 6, clOrdId: 11, sentAt: at(9, 35, 58) })
    ])).toEqual([
      [at(9, 32), "P1T01", "waiting", "2 New Orders waiting for an answer (the first, ClOrdID 30, sent 09:31:50): answered after 8m10s at 09:40:00", at(9, 40)],
      [at(9, 33), "P1T02", "waiting", "1 New Order waiting for an answer (the first, ClOrdID 5, sent 09:32:59.500): never answered at 09:35:00", at(9, 35)],
      [at(9, 35), "P1T02", "unanswered", "3 New Orders never answered (ClOrdID 5–7, the first sent 09:32:59.500): a later order's answer came first", null],
      [at(9, 36), "P1T03", "waiting", "6 New Orders waiting for an answer (the first, ClOrdID 11, sent 09:35:58); not answered by the end of the trace", null],
      [at(9, 40), "P1T01", "late", "New Orders answered late, the longest 8m10s (New Order 30, sent 09:31:50)", null]
    ])
  })

  it("China Connect: a spell of answers over 100 ms until one within it; orders unanswered at the trace's end (over 1 s old)", () => {
    expect(texts([
      csc(at(9, 31), "P1", "P1N01", "A", "submitted"),
      csc(at(9, 31, 40), "P1", "P1N01", "A", "accepted"),
      // a replayed answer of the same order counts once
      csc(at(9, 31, 41), "P1", "P1N01", "A", "accepted"),
      csc(at(9, 32), "P1", "P1N01", "B", "submitted"),
      csc(at(9, 32, 0.004), "P1", "P1N01", "B", "accepted"),
      csc(at(9, 33), "P1", "P1N01", "C", "submitted"),
      csc(at(9, 34), "P1", "P1N01", "D", "submitted"),
      csc(at(9, 34, 59.5), "P1", "P1N01", "E", "submitted"),
      csc(at(9, 35), "P2", "P2N01", "Z", "submitted")
    ])).toEqual([
      [at(9, 31, 40), "P1N01", "late", "orders answered late, the longest 40s (order A, sent 09:31:00); in time again at 09:32:00.004", at(9, 32, 0.004)],
      [at(9, 33), "P1N01", "unanswered", "2 orders not answered by the end of the trace (C, D, the first submitted 09:33:00)", null]
    ])
  })
})

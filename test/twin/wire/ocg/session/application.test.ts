/**
 * The endpoint's OTP-C application: a market order (40=1) has no price, so its Execution Reports carry no
 * Price (44) — FIX gives Price to the OrdTypes that have one — while its fill still says LastPx (31). It
 * keeps the trading day's phases as the model's host does (order-hours.ts): an order outside order input
 * is an Execution Report rejected (OrdRejReason 99) saying why, a pre-opening order fills at 09:21, and a
 * cancel in the no-cancellation period is an Order Cancel Reject (CxlRejReason 99).
 */
import { describe, expect, it } from "vitest"
import { parseClock, seconds } from "../../../../../twin/engine/time.ts"
import type { Field } from "../../../../../twin/wire/ocg/codec/frame.ts"
import type { FixMessage } from "../../../../../twin/wire/ocg/codec/message.ts"
import { halfDayTimetable } from "../../../../../twin/models/trading-day.ts"
import { OtpcApplication } from "../../../../../twin/wire/ocg/session/application.ts"

const order = (seq: number, fields: ReadonlyArray<Field>): FixMessage => ({
  msgType: "D", seq, sender: "CO00001", target: "HKEXOCG", possDup: false, possResend: false, sendingTime: 0, fields: [[35, "D"], ...fields]
})
/** Continuous trading: orders taken and filled the fill delay later. */
const T = parseClock("10:00")!
const at = (t: string) => parseClock(t)!
const get = (body: ReadonlyArray<Field>, ...tags: Array<number>) => tags.map((t) => body.find(([x]) => x === t)?.[1])

describe("OtpcApplication", () => {
  it("a market order's acknowledgement and fill carry no Price (44); the fill carries LastPx (31) and LastQty (32)", () => {
    const app = new OtpcApplication(seconds(30), () => "20261205-01:30:00.000")
    // A market order sent with a price anyway: the price means nothing for it and is not echoed.
    const answer = app.onMessage("CO00001", order(2, [[11, "1"], [48, "700"], [54, "1"], [38, "1000"], [40, "1"], [44, "99"]]), T)
    const ack = answer._tag === "reports" ? answer.bodies[0]! : []
    expect(get(ack, 150, 39, 44, 6)).toEqual(["0", "0", undefined, "0"])
    const [fill] = app.due(T + seconds(30))
    // The twin's OTP-C has no market price: LastPx and AvgPx are 0.
    expect(get(fill!.body, 150, 39, 44, 31, 32, 6)).toEqual(["F", "2", undefined, "0", "1000", "0"])
  })

  it("a limit order's reports keep its Price", () => {
    const app = new OtpcApplication(seconds(30), () => "20261205-01:30:00.000")
    const answer = app.onMessage("CO00001", order(2, [[11, "1"], [48, "700"], [54, "1"], [38, "1000"], [40, "2"], [44, "100.5"]]), T)
    expect(get(answer._tag === "reports" ? answer.bodies[0]! : [], 150, 44)).toEqual(["0", "100.5"])
    expect(get(app.due(T + seconds(30))[0]!.body, 150, 44, 31, 6)).toEqual(["F", "100.5", "100.5", "100.5"])
  })

  it("refuses an order outside order input, fills a pre-opening one at 09:21, refuses a cancel in the no-cancellation period", () => {
    const app = new OtpcApplication(seconds(30), () => "20261205-01:30:00.000")
    const limit = (seq: number, clOrdId: string): FixMessage => order(seq, [[11, clOrdId], [48, "700"], [54, "1"], [38, "1000"], [40, "2"], [44, "100"]])
    const body = (a: ReturnType<OtpcApplication["onMessage"]>) => (a._tag === "reports" ? a.bodies[0]! : [])
    const early = body(app.onMessage("CO00001", limit(2, "1"), at("08:45")))
    expect(get(early, 35, 150, 39, 103, 151, 58)).toEqual(["8", "8", "8", "99", "0", "no order input in NO (from 06:00:00): again from 09:00:00"])
    expect(get(body(app.onMessage("CO00001", limit(3, "2"), at("09:10"))), 150, 39)).toEqual(["0", "0"])
    // The cancel at 09:16 is refused; the order stays and fills at the match, not 30 s after it came.
    const cancelOf2: FixMessage = { ...order(4, []), msgType: "F", fields: [[35, "F"], [41, "2"], [11, "3"], [54, "1"]] }
    const cancel = body(app.onMessage("CO00001", cancelOf2, at("09:16")))
    expect(get(cancel, 35, 41, 39, 102, 58)).toEqual(["9", "2", "0", "99", "no cancel or amend in POS NW (from 09:15:00): again from 09:30:00"])
    expect(app.due(at("09:10") + seconds(30))).toEqual([])
    expect(app.due(at("09:21")).map((f) => get(f.body, 11, 150))).toEqual([["2", "F"]])
    // Blocking: refused again.
    expect(get(body(app.onMessage("CO00001", limit(5, "4"), at("09:25"))), 150, 58)).toEqual(["8", "no order input in BL (from 09:22:00): again from 09:30:00"])
  })

  it("on a half day (`twin serve --timetable half-day`): a closing-auction order at noon fills at the 12:10 match; none is taken in the afternoon", () => {
    const app = new OtpcApplication(seconds(30), () => "20271224-04:03:00.000", halfDayTimetable)
    const limit = (seq: number, clOrdId: string): FixMessage => order(seq, [[11, clOrdId], [48, "700"], [54, "1"], [38, "1000"], [40, "2"], [44, "100"]])
    const body = (a: ReturnType<OtpcApplication["onMessage"]>) => (a._tag === "reports" ? a.bodies[0]! : [])
    expect(get(body(app.onMessage("CO00001", limit(2, "1"), at("12:03"))), 150, 39)).toEqual(["0", "0"])
    expect(app.due(at("12:03") + seconds(30))).toEqual([])
    expect(app.due(at("12:10")).map((f) => get(f.body, 11, 150))).toEqual([["1", "F"]])
    const late = body(app.onMessage("CO00001", limit(3, "2"), at("13:30")))
    expect(get(late, 150, 39, 103, 58)).toEqual(["8", "8", "99", "no order input in CL (from 12:15:00): none again today"])
  })

  describe("Order Mass Cancel Request (35=q)", () => {
    const limit = (clOrdId: string, security: ReadonlyArray<Field>, side: string): FixMessage =>
      order(Number(clOrdId) + 1, [[11, clOrdId], ...security, [54, side], [38, "1000"], [40, "2"], [44, "100"]])
    const massCancel = (fields: ReadonlyArray<Field>): FixMessage => ({ ...order(50, []), msgType: "q", fields: [[35, "q"], ...fields, [60, "20261205-02:00:00.000"]] })
    const bodies = (a: ReturnType<OtpcApplication["onMessage"]>) => (a._tag === "reports" ? a.bodies : [])
    /** Four open orders of CO00001 (700 buy, 700 sell, 5 buy by SecurityID; 0005.HK buy by Symbol), one of CO00002's, one filled. */
    const app4 = () => {
      const app = new OtpcApplication(seconds(30), () => "20261205-02:00:00.000")
      app.onMessage("CO00001", limit("1", [[48, "700"], [22, "8"]], "1"), T - seconds(60))
      app.due(T)
      app.onMessage("CO00001", limit("2", [[48, "700"], [22, "8"]], "1"), T)
      app.onMessage("CO00001", limit("3", [[48, "700"], [22, "8"]], "2"), T)
      app.onMessage("CO00001", limit("4", [[48, "5"], [22, "8"]], "1"), T)
      app.onMessage("CO00001", limit("5", [[55, "0005.HK"]], "1"), T)
      app.onMessage("CO00002", limit("1", [[48, "700"], [22, "8"]], "1"), T)
      return app
    }

    it("530=7 cancels every open order of the session's Comp ID, not a filled one, not another Comp ID's: the report, then an Execution Report each", () => {
      const app = app4()
      const out = bodies(app.onMessage("CO00001", massCancel([[11, "9"], [530, "7"]]), T + seconds(5)))
      expect(get(out[0]!, 35, 11, 530, 531, 532, 533)).toEqual(["r", "9", "7", "7", undefined, "4"])
      expect(out.slice(1).map((b) => get(b, 35, 11, 150, 39, 151))).toEqual([
        ["8", "2", "4", "4", "0"],
        ["8", "3", "4", "4", "0"],
        ["8", "4", "4", "4", "0"],
        ["8", "5", "4", "4", "0"]
      ])
      // Nothing of CO00001's is filled later; CO00002's order is.
      expect(app.due(T + seconds(60)).map((f) => [f.compId, get(f.body, 11, 150)[1]])).toEqual([["CO00002", "F"]])
    })

    it("530=1 with a side cancels that security's orders on that side only; by Symbol the orders named by Symbol", () => {
      const app = app4()
      const out = bodies(app.onMessage("CO00001", massCancel([[11, "9"], [530, "1"], [48, "700"], [22, "8"], [54, "1"]]), T + seconds(5)))
      expect(get(out[0]!, 35, 531, 533, 48, 22, 54)).toEqual(["r", "1", "1", "700", "8", "1"])
      expect(out.slice(1).map((b) => get(b, 11, 150))).toEqual([["2", "4"]])
      const bySymbol = bodies(app.onMessage("CO00001", massCancel([[11, "10"], [530, "1"], [55, "0005.HK"]]), T + seconds(6)))
      expect(get(bySymbol[0]!, 531, 533, 55)).toEqual(["1", "1", "0005.HK"])
      expect(bySymbol.slice(1).map((b) => get(b, 11, 150))).toEqual([["5", "4"]])
      // Nothing left to cancel of 700's buys: accepted, none affected.
      expect(get(bodies(app.onMessage("CO00001", massCancel([[11, "11"], [530, "1"], [48, "700"], [54, "1"]]), T + seconds(7)))[0]!, 531, 533)).toEqual(["1", "0"])
    })

    it("is refused whole — 531=0 with MassCancelRejectReason (532) and why — for a type not taken, no security, a bad side, a used ClOrdID, outside cancellation", () => {
      const app = app4()
      const refused = (fields: ReadonlyArray<Field>, t = T + seconds(5)) => {
        const out = bodies(app.onMessage("CO00001", massCancel(fields), t))
        expect(out).toHaveLength(1)
        return get(out[0]!, 35, 531, 532, 58)
      }
      expect(refused([[11, "20"], [530, "9"]])).toEqual(["r", "0", "0", "MassCancelRequestType (530): expected 1 (the orders of a security) or 7 (all orders)"])
      expect(refused([[11, "21"], [530, "1"]])).toEqual(["r", "0", "1", "SecurityID (48) or Symbol (55): expected the security whose orders to cancel (530=1)"])
      expect(refused([[11, "22"], [530, "7"], [54, "3"]])).toEqual(["r", "0", "99", "Side (54): expected 1 (buy) or 2 (sell), or none for both"])
      // An order's ClOrdID, then a request's own used twice.
      expect(refused([[11, "2"], [530, "7"]])).toEqual(["r", "0", "99", "ClOrdID (11): expected a new numeric ClOrdID"])
      expect(get(bodies(app.onMessage("CO00001", massCancel([[11, "23"], [530, "1"], [48, "5"]]), T + seconds(5)))[0]!, 531)).toEqual(["1"])
      expect(refused([[11, "23"], [530, "7"]])).toEqual(["r", "0", "99", "ClOrdID (11): expected a new numeric ClOrdID"])
      expect(refused([[11, "24"], [530, "7"]], at("12:10"))).toEqual(["r", "0", "99", "no cancel or amend in CL (from 12:00:00): again from 13:00:00"])
      // The refusals cancelled nothing: 2, 3 and 5 still fill (4 went with request 23).
      expect(app.due(T + seconds(60)).filter((f) => f.compId === "CO00001").map((f) => get(f.body, 11)[0])).toEqual(["2", "3", "5"])
    })

    it("a missing ClOrdID or MassCancelRequestType is a session-level Reject", () => {
      const answer = app4().onMessage("CO00001", massCancel([[11, "9"]]), T)
      expect(answer).toEqual({ _tag: "reject", refTag: 530, reason: 1, text: "required tag 530 missing" })
    })
  })
})

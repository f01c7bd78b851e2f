/**
 * The OTP-C host keeps the trading day's phases (otp-c.ts with order-hours.ts): an order outside order
 * input is refused (a `reject` entry, status `rejected`, saying why), a pre-opening order fills at the
 * auction's match (09:21) rather than the fill delay later, and a cancel in the no-cancellation period is
 * refused while its order stays open and fills. Every refusal is a log entry like any report (ExecID, drop
 * copy), so a BSS's proof of delivery counts it.
 */
import { describe, expect, it } from "vitest"
import type { Action, Input } from "../../../../twin/engine/machine.ts"
import { parseClock, seconds } from "../../../../twin/engine/time.ts"
import { entries, logOf, type OcgMessage, otpcHost, type OtpcState, otpcState } from "../../../../twin/models/ocg/index.ts"

const G = "gw"
const at = (t: string) => parseClock(t)!
const msg = (m: OcgMessage): Input<OcgMessage> => ({ _tag: "receive", from: G, message: m })
const reports = (actions: ReadonlyArray<Action<OcgMessage>>) =>
  actions.flatMap((a) => (a._tag === "send" && a.message._tag === "HostDeliver" ? [[a.message.report.execId, a.message.report.clOrdId, a.message.report.execType, a.message.report.status, a.message.report.text]] : []))
const timers = (actions: ReadonlyArray<Action<OcgMessage>>) => actions.flatMap((a) => (a._tag === "timer" ? [[a.name, a.after]] : []))

describe("the OTP-C host by phase of the day", () => {
  const start = otpcState({ sessions: [{ compId: "T1", participant: "P1", type: "trading" }, { compId: "D1", participant: "P1", type: "drop-copy" }], fillDelay: seconds(30) })
  const step = (s: OtpcState, input: Input<OcgMessage>, now: number) => otpcHost.step(s, input, now)
  const order = (clOrdId: number): Input<OcgMessage> => msg({ _tag: "HostOrder", compId: "T1", clOrdId, side: "buy", quantity: 1000, price: 100 })

  it("refuses an order before 09:00, fills a pre-opening one at 09:21, refuses a cancel in the no-cancellation period", () => {
    let [s] = step(start, msg({ _tag: "HostAttach", compId: "T1", logonSeq: 1, resume: undefined, clientHas: undefined }), at("08:30"))
    // 08:59: refused, no fill armed, not counted as an order.
    const [s1, early] = step(s, order(1), at("08:59"))
    expect(reports(early)).toEqual([[1, 1, "reject", "rejected", "no order input in NO (from 06:00:00): again from 09:00:00"]])
    expect([timers(early), s1.orders, s1.open.size]).toEqual([[], 0, 0])
    // 09:05: taken; its fill is armed for the pre-opening match at 09:21, 16 minutes on (not 30 s).
    const [s2, taken] = step(s1, order(2), at("09:05"))
    expect(reports(taken)).toEqual([[2, 2, "new", "new", undefined]])
    expect(timers(taken)).toEqual([["fill", at("09:21") - at("09:05")]])
    // 09:16, in the no-cancellation period: the cancel is refused, the order stays open (status new).
    const [s2b, refusedCancel] = step(s2, msg({ _tag: "HostAmend", compId: "T1", clOrdId: 3, origClOrdId: 2, replace: undefined }), at("09:16"))
    s = s2b
    expect(reports(refusedCancel)).toEqual([[3, 3, "reject", "new", "no cancel or amend in POS NW (from 09:15:00): again from 09:30:00"]])
    expect(s.open.size).toBe(1)
    // 09:21: the match fills it.
    const [s3, filled] = step(s, { _tag: "timer", name: "fill" }, at("09:21"))
    expect(reports(filled)).toEqual([[4, 2, "trade", "filled", undefined]])
    // 09:25 (blocking) refused; 09:30 taken and filled 30 s on.
    const [s4, blocked] = step(s3, order(5), at("09:25"))
    expect(reports(blocked)).toEqual([[5, 5, "reject", "rejected", "no order input in BL (from 09:22:00): again from 09:30:00"]])
    const [s5, open] = step(s4, order(6), at("09:30"))
    expect(timers(open)).toEqual([["fill", seconds(30)]])
    // The drop copy has every entry, refusals too, with their words.
    expect(entries(logOf(s5, "D1")!).map((e) => [e.execId, e.execType, e.status, e.text])).toEqual([
      [1, "reject", "rejected", "no order input in NO (from 06:00:00): again from 09:00:00"],
      [2, "new", "new", undefined],
      [3, "reject", "new", "no cancel or amend in POS NW (from 09:15:00): again from 09:30:00"],
      [4, "trade", "filled", undefined],
      [5, "reject", "rejected", "no order input in BL (from 09:22:00): again from 09:30:00"],
      [6, "new", "new", undefined]
    ])
    expect([s5.orders, s5.fills]).toEqual([2, 1])
  })

  it("with a fill delay longer than the close, a closing auction order that fills first is filled first", () => {
    const slow = otpcState({ sessions: [{ compId: "T1", participant: "P1", type: "trading" }], fillDelay: seconds(15 * 60) })
    let [s] = step(slow, msg({ _tag: "HostAttach", compId: "T1", logonSeq: 1, resume: undefined, clientHas: undefined }), at("15:50"))
    ;[s] = step(s, order(1), at("15:59"))
    // Order 1 fills at 16:14; order 2, taken at 16:02, at the closing match (16:10): the fill timer moves up.
    const [s1, auction] = step(s, order(2), at("16:02"))
    expect(timers(auction)).toEqual([["fill", at("16:10") - at("16:02")]])
    const [s2, first] = step(s1, { _tag: "timer", name: "fill" }, at("16:10"))
    expect(reports(first).map((r) => r.slice(1, 3))).toEqual([[2, "trade"]])
    expect(timers(first)).toEqual([["fill", at("16:14") - at("16:10")]])
    const [, second] = step(s2, { _tag: "timer", name: "fill" }, at("16:14"))
    expect(reports(second).map((r) => r.slice(1, 3))).toEqual([[1, "trade"]])
  })
})

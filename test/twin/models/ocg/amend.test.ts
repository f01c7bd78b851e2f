/**
 * Cancel and Cancel/Replace in the OTP-C host (otp-c.ts `amend`), which only a real FIX client sends
 * (real-client.ts): the open order is cancelled or amended in place under the new ClOrdID, keeping its
 * fill instant; an order that is not open gets a `reject` entry. Each answer is a host log entry with the
 * host's next ExecID, handed to the session's gateway (attached here) and copied to drop copies.
 */
import { describe, expect, it } from "vitest"
import type { Action, Input } from "../../../../twin/engine/machine.ts"
import { seconds } from "../../../../twin/engine/time.ts"
import { entries, logOf, type OcgMessage, otpcHost, type OtpcState, otpcState } from "../../../../twin/models/ocg/index.ts"
import { CONTINUOUS_ALL_DAY } from "./fixture.ts"

const G = "gw"
const msg = (m: OcgMessage): Input<OcgMessage> => ({ _tag: "receive", from: G, message: m })
const delivered = (actions: ReadonlyArray<Action<OcgMessage>>) =>
  actions.flatMap((a) => (a._tag === "send" && a.message._tag === "HostDeliver" ? [[a.to, a.message.index, a.message.report.execId, a.message.report.clOrdId, a.message.report.execType, a.message.report.status, a.message.report.quantity, a.message.report.price]] : []))

describe("the OTP-C host's cancel and amend", () => {
  const start = otpcState({ sessions: [{ compId: "T1", participant: "P1", type: "trading" }, { compId: "D1", participant: "P1", type: "drop-copy" }], fillDelay: seconds(30), day: CONTINUOUS_ALL_DAY })
  const step = (s: OtpcState, input: Input<OcgMessage>, now: number) => otpcHost.step(s, input, now)

  it("amends an open order in place, cancels it, and refuses what is no longer open", () => {
    let [s] = step(start, msg({ _tag: "HostAttach", compId: "T1", logonSeq: 1, resume: undefined, clientHas: undefined }), 0)
    ;[s] = step(s, msg({ _tag: "HostOrder", compId: "T1", clOrdId: 7, side: "buy", quantity: 1000, price: 100 }), 1)
    ;[s] = step(s, msg({ _tag: "HostOrder", compId: "T1", clOrdId: 8, side: "sell", quantity: 1000, price: 100 }), 2)
    // ExecIDs 1 and 2 were the acks; the replace of 8 under 9 is ExecID 3, an open order (status new).
    const [s3, replaced] = step(s, msg({ _tag: "HostAmend", compId: "T1", clOrdId: 9, origClOrdId: 8, replace: { quantity: 500, price: 101 } }), 3)
    expect(delivered(replaced)).toEqual([[G, 2, 3, 9, "replace", "new", 500, 101]])
    // Cancelling 9 (under 10): ExecID 4; the order leaves the fill queue, so only 7 fills, at 1 + 30 s.
    const [s4, cancelled] = step(s3, msg({ _tag: "HostAmend", compId: "T1", clOrdId: 10, origClOrdId: 9, replace: undefined }), 4)
    expect(delivered(cancelled)).toEqual([[G, 3, 4, 10, "cancel", "cancelled", 500, 101]])
    expect([s4.open.size, s4.orders]).toEqual([1, 2])
    const [s5, filled] = step(s4, { _tag: "timer", name: "fill" }, seconds(30) + 1)
    expect(delivered(filled)).toEqual([[G, 4, 5, 7, "trade", "filled", 1000, 100]])
    // 7 is filled and 8 replaced: neither is open, so cancelling either is refused (ExecIDs 6 and 7).
    const [s6, late] = step(s5, msg({ _tag: "HostAmend", compId: "T1", clOrdId: 11, origClOrdId: 7, replace: undefined }), seconds(31))
    const [s7, gone] = step(s6, msg({ _tag: "HostAmend", compId: "T1", clOrdId: 12, origClOrdId: 8, replace: { quantity: 1, price: 1 } }), seconds(32))
    expect([...delivered(late), ...delivered(gone)]).toEqual([[G, 5, 6, 11, "reject", "cancelled", 0, 0], [G, 6, 7, 12, "reject", "cancelled", 0, 0]])
    // Every answer is copied to the participant's drop copy (not attached: kept for its Logon).
    expect(entries(logOf(s7, "D1")!).map((e) => [e.execId, e.execType, e.dropCopyFor])).toEqual([
      [1, "new", "D1"], [2, "new", "D1"], [3, "replace", "D1"], [4, "cancel", "D1"], [5, "trade", "D1"], [6, "reject", "D1"], [7, "reject", "D1"]
    ])
  })

  it("a mass cancel cancels each listed order still open, under its own ClOrdID, once; a filled one, an unknown one and another session's are left alone", () => {
    const two = otpcState({ sessions: [{ compId: "T1", participant: "P1", type: "trading" }, { compId: "T2", participant: "P2", type: "trading" }], fillDelay: seconds(30), day: CONTINUOUS_ALL_DAY })
    let [s] = step(two, msg({ _tag: "HostAttach", compId: "T1", logonSeq: 1, resume: undefined, clientHas: undefined }), 0)
    ;[s] = step(s, msg({ _tag: "HostOrder", compId: "T1", clOrdId: 7, side: "buy", quantity: 1000, price: 100 }), 1)
    ;[s] = step(s, msg({ _tag: "HostOrder", compId: "T1", clOrdId: 8, side: "sell", quantity: 500, price: 101 }), seconds(20))
    ;[s] = step(s, msg({ _tag: "HostOrder", compId: "T2", clOrdId: 8, side: "buy", quantity: 300, price: 99 }), seconds(20))
    // 7 fills at 30 s; then 8 (listed twice), 7 (filled) and 99 (no such order) are asked for.
    ;[s] = step(s, { _tag: "timer", name: "fill" }, seconds(30) + 1)
    const [after, cancelled] = step(s, msg({ _tag: "HostMassCancel", compId: "T1", clOrdId: 20, orders: [8, 7, 99, 8] }), seconds(35))
    expect(delivered(cancelled)).toEqual([[G, 3, 5, 8, "cancel", "cancelled", 500, 101]])
    // T2's order 8 is still open (its session not attached here, so its fill goes to its log), and fills.
    expect(after.open.size).toBe(1)
    const [filled] = step(after, { _tag: "timer", name: "fill" }, seconds(50))
    expect(entries(logOf(filled, "T2")!).map((e) => [e.clOrdId, e.execType])).toEqual([[8, "new"], [8, "trade"]])
  })
})

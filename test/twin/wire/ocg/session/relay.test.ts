/**
 * The relay's book (`RelayBook`): the model's executions of a relayed market order (40=1) reach the client
 * without a Price (44), as the endpoint's own application writes them; LastPx (31) stays on a fill.
 */
import { describe, expect, it } from "vitest"
import type { Execution } from "../../../../../twin/models/ocg/messages.ts"
import type { Field } from "../../../../../twin/wire/ocg/codec/frame.ts"
import type { FixMessage } from "../../../../../twin/wire/ocg/codec/message.ts"
import { RelayBook } from "../../../../../twin/wire/ocg/session/relay.ts"

const order = (fields: ReadonlyArray<Field>): FixMessage => ({
  msgType: "D", seq: 2, sender: "CO00001", target: "HKEXOCG", possDup: false, possResend: false, sendingTime: 0, fields: [[35, "D"], ...fields]
})
const execution = (e: Partial<Execution>): Execution => ({
  execId: 11, compId: "CO00001", clOrdId: 1, execType: "new", status: "new", quantity: 1000, cumQty: 0, price: 0, cancelOnDisconnect: false, dropCopyFor: undefined, text: undefined, ...e
})
const get = (body: ReadonlyArray<Field>, ...tags: Array<number>) => tags.map((t) => body.find(([x]) => x === t)?.[1])

describe("RelayBook", () => {
  it("a market order's reports from the model carry no Price; its fill carries LastPx", () => {
    const book = new RelayBook()
    const sent = book.order("CO00001", order([[11, "1"], [48, "700"], [54, "1"], [38, "1000"], [40, "1"]]))
    expect(sent.price).toBe(0)
    const ack = book.report(execution({}), "20261205-01:30:00.000")
    const fill = book.report(execution({ execId: 12, execType: "trade", status: "filled", cumQty: 1000 }), "20261205-01:30:30.000")
    expect(get(ack, 150, 44)).toEqual(["0", undefined])
    expect(get(fill, 150, 44, 31, 32, 6)).toEqual(["F", undefined, "0", "1000", "0"])
  })

  it("a market order the endpoint rejects (no security) carries no Price either", () => {
    const rejected = new RelayBook().rejected(order([[11, "1"], [54, "1"], [38, "1000"], [40, "1"]]), "SecurityID (48) or Symbol (55): expected a security", "20261205-01:30:00.000")
    expect(get(rejected, 150, 44, 38)).toEqual(["8", undefined, "1000"])
  })

  it("the model's refusal of an order is an Execution Report rejected (OrdRejReason 99) with the host's words; of a cancel, an Order Cancel Reject (CxlRejReason 99)", () => {
    const book = new RelayBook()
    book.order("CO00001", order([[11, "1"], [48, "700"], [54, "1"], [38, "1000"], [40, "2"], [44, "100"]]))
    const text = "no order input in NO (from 06:00:00): again from 09:00:00"
    const refused = book.report(execution({ execType: "reject", status: "rejected", price: 100, text }), "20261205-00:45:00.000")
    expect(get(refused, 35, 37, 11, 150, 39, 103, 151, 14, 44, 58)).toEqual(["8", "NONE", "1", "8", "8", "99", "0", "0", "100", text])
    book.order("CO00001", order([[11, "2"], [48, "700"], [54, "1"], [38, "1000"], [40, "2"], [44, "100"]]))
    book.report(execution({ execId: 12, clOrdId: 2, price: 100 }), "20261205-01:10:00.000")
    book.amend("CO00001", { ...order([]), msgType: "F", fields: [[35, "F"], [41, "2"], [11, "3"], [54, "1"]] })
    const words = "no cancel or amend in POS NW (from 09:15:00): again from 09:30:00"
    const cancel = book.report(execution({ execId: 13, clOrdId: 3, execType: "reject", status: "new", text: words }), "20261205-01:16:00.000")
    expect(get(cancel, 35, 37, 11, 41, 39, 102, 58)).toEqual(["9", "12", "3", "2", "0", "99", words])
  })
})

/**
 * The relay's book (`RelayBook`): the model's executions of a relayed market order (40=1) reach the client
 * without a Price (44), as the endpoint's own application writes them; LastPx (31) stays on a fill. And the
 * core's relayed session without a socket: its answers in the order the client's messages came.
 */
import { describe, expect, it } from "vitest"
import { seconds } from "../../../../../twin/engine/time.ts"
import type { RelayedToClient } from "../../../../../twin/models/ocg/real-client.ts"
import type { Execution } from "../../../../../twin/models/ocg/messages.ts"
import type { Field } from "../../../../../twin/wire/ocg/codec/frame.ts"
import type { FixMessage } from "../../../../../twin/wire/ocg/codec/message.ts"
import { OcgCore } from "../../../../../twin/wire/ocg/session/core.ts"
import { RelayBook, type RelayPort } from "../../../../../twin/wire/ocg/session/relay.ts"
import { PASSWORD, testKeys, TRADING } from "../support/gateways.ts"
import { fakePort } from "../support/offline.ts"
import { clientMessage, logonMessage } from "../support/raw-client.ts"

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

/** A core whose TRADING session is relayed (the model told nothing back but what a test hands `fromModel`), at 10:00. */
const relayedCore = () => {
  const told: Array<number> = []
  const relay: RelayPort = {
    has: () => true,
    logon: () => undefined,
    order: (_compId, _conn, o) => told.push(o.ref),
    amend: (_compId, _conn, o) => told.push(o.ref),
    massCancel: () => undefined,
    logout: () => undefined,
    ended: () => undefined
  }
  const c = new OcgCore({
    sessions: [{ compId: TRADING, participant: "P0001", type: "trading", gateways: new Set(["gw"]), password: PASSWORD, throttleMps: 2 }],
    clock: { now: () => seconds(10 * 3600), wallMs: () => Date.now(), over: () => false },
    privateKey: testKeys().privateKey,
    log: () => undefined,
    relay
  })
  const client = fakePort()
  const conn = c.open("gw", client.port)
  conn.receive(logonMessage(TRADING, 1, PASSWORD, 1))
  conn.modelLoggedOn()
  const from = (...relayed: ReadonlyArray<RelayedToClient>) => c.fromModel({ at: seconds(10 * 3600), compId: TRADING, relayed })
  const ack = (execId: number, clOrdId: number): RelayedToClient => ({ _tag: "Execution", conn: conn.id, report: execution({ execId, compId: TRADING, clOrdId, price: 1 }), possResend: false })
  /** What the client got after the Logon answer: [MsgSeqNum, MsgType, ExecType or BusinessRejectReason, ClOrdID or BusinessRejectRefID]. */
  const got = () => client.messages().slice(1).map((m) => [34, 35, 150, 11].map((t) => m.find(([x]) => x === t)?.[1])).map(([seq, type, exec, cl], i) => [seq, type, exec ?? get(client.messages()[i + 1]!, 380)[0], cl ?? get(client.messages()[i + 1]!, 379)[0]])
  const send = (seq: number, clOrdId: string) => conn.receive(clientMessage(TRADING, seq, [[35, "D"], [11, clOrdId], [48, "700"], [54, "1"], [38, "100"], [40, "2"], [44, "1"]]))
  return { told, conn, from, ack, got, send }
}

describe("a relayed session's answers go out in the order the client's messages came (docs/ocg-fix.md \"Real sessions\")", () => {
  it("the model's throttle reject and the endpoint's own refusal of later messages wait for an earlier order's acknowledgement", () => {
    const { told, conn, from, ack, got, send } = relayedCore()
    send(2, "1")
    send(3, "2")
    send(4, "3")
    // A ClOrdID the OCG-C refuses: answered by the endpoint (ExecID R1), in its turn.
    send(5, "probe-1")
    expect(told).toEqual([2, 3, 4])
    // The model's gateway refused order 3 at once (its throttle); its host's acknowledgements come later.
    from({ _tag: "Rejected", conn: conn.id, ref: 4, clOrdId: 3, amend: undefined, mass: false, reason: "throttle", usLeft: 999_000 })
    expect(got()).toEqual([])
    from(ack(11, 1))
    expect(got()).toEqual([["2", "8", "0", "1"]])
    from(ack(12, 2))
    // Before: the reject (3) and the endpoint's refusal (probe-1) went out at once, before both acknowledgements.
    expect(got()).toEqual([["2", "8", "0", "1"], ["3", "8", "0", "2"], ["4", "j", "8", "3"], ["5", "8", "8", "probe-1"]])
  })

  it("the host answers in the order it took the orders: an older order it has not answered when it answers a newer one waits no more", () => {
    const { from, ack, got, send } = relayedCore()
    send(2, "1")
    send(3, "2")
    from(ack(11, 2))
    // A fill of order 2 and anything else after it go out as they come.
    expect(got()).toEqual([["2", "8", "0", "2"]])
  })
})

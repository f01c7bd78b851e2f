import { describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import { bytes, type Execution, type OcgWire, wire } from "../../../../twin/models/ocg/index.ts"
import { clientHas, emptyStore, newStoreArena, replayFrames, store } from "../../../../twin/models/ocg/outbound-store.ts"
import { nextOrderAt, ordersDueAt } from "../../../../twin/models/ocg/order-schedule.ts"

const header = { compId: "C1", conn: 1, possDup: false, possResend: false }
const report = (seq: number, execId: number): OcgWire => ({
  ...header,
  seq,
  _tag: "ExecutionReport",
  report: { execId, compId: "C1", clOrdId: execId, execType: "new", status: "new", quantity: 1, cumQty: 0, price: 1, cancelOnDisconnect: false, dropCopyFor: undefined, text: undefined }
})

describe("outbound store and replay frames (DOMAIN §1 Recovery)", () => {
  // Sent: 1 Logon, 2 report (host entry 0), 3 heartbeat, 4 heartbeat, 5 report (entry 1), 6 heartbeat.
  const arena = newStoreArena()
  let head = emptyStore
  head = store(head, report(2, 10), 0, arena)
  head = store(head, report(5, 11), 1, arena)

  it("replays business messages with PossDup=1 and gap-fills the session messages between them", () => {
    const frames = replayFrames(head, 1, 6, "C1", 9).map((f) => [f._tag, f.seq, f._tag === "SequenceReset" ? f.newSeq : null, f.possDup, f.conn])
    expect(frames).toEqual([
      ["SequenceReset", 1, 2, true, 9],
      ["ExecutionReport", 2, null, true, 9],
      ["SequenceReset", 3, 5, true, 9],
      ["ExecutionReport", 5, null, true, 9],
      ["SequenceReset", 6, 7, true, 9]
    ])
  })

  it("gives back each stored message as sent, with PossDup=1 and the new connection", () => {
    const withReject = store(head, { ...header, seq: 7, possResend: true, _tag: "BusinessMessageReject", refSeq: 3, reason: "throttle", usLeft: 5 }, undefined, arena)
    expect(replayFrames(withReject, 5, 7, "C1", 9).filter((f) => f._tag !== "SequenceReset")).toEqual([
      { ...report(5, 11), conn: 9, possDup: true },
      { ...header, conn: 9, seq: 7, possDup: true, possResend: true, _tag: "BusinessMessageReject", refSeq: 3, reason: "throttle", usLeft: 5 }
    ])
    // Same keys in the same order as the gateway's frame (gateway-session.ts numbers with wire(header, body)).
    const sent = wire({ compId: "C1", conn: 1, seq: 2, possDup: false, possResend: false }, { _tag: "ExecutionReport", report: (report(2, 10) as { report: Execution }).report })
    expect(Object.keys(replayFrames(head, 2, 2, "C1", 9)[0]!)).toEqual(Object.keys(sent))
  })

  it("knows how many host entries a NextExpectedSeq proves the client has", () => {
    expect([1, 2, 3, 5, 6, 7].map((n) => clientHas(head, n, 0))).toEqual([0, 0, 1, 1, 2, 2])
  })
})

describe("order schedule", () => {
  const windows = [{ from: seconds(10), to: seconds(11), perMinute: 600 }]
  it("spaces orders 60 s / perMinute apart from the window start, before its end", () => {
    expect(nextOrderAt(windows, 0)).toBe(seconds(10))
    expect(nextOrderAt(windows, seconds(10) + 1)).toBe(seconds(10.1))
    expect(nextOrderAt(windows, seconds(10.9) + 1)).toBeUndefined()
    expect(ordersDueAt(windows, seconds(10.3))).toBe(1)
    expect(ordersDueAt(windows, seconds(10.35))).toBe(0)
  })
})

describe("message sizes (DOMAIN §1 Binary framing)", () => {
  it("are a 54-byte header, the body and a 4-byte trailer", () => {
    const hb: OcgWire = { ...header, seq: 1, _tag: "Heartbeat", testReqId: undefined }
    const logon: OcgWire = { ...header, seq: 1, _tag: "Logon", nextExpected: 1 }
    expect(bytes(hb)).toBe(58)
    expect(bytes(logon)).toBe(54 + 454 + 4)
    expect(bytes(logon, false)).toBe(54 + 5 + 4)
    expect(bytes(report(2, 1))).toBe(54 + 159 + 4)
  })
})

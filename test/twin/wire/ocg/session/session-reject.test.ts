/**
 * Session-level Rejects as FIX's session test cases prescribe them (FIXT.1.1; FIX 5.0 SP2 SessionRejectReason),
 * without a socket: SendingTime accuracy (2.o: Reject 373=10, then Logout), a missing SendingTime (14.b), a
 * repeated tag (14.h), a tag without a value (14.d), a tag that is not a number (14.a), an undefined MsgType
 * (2.q) and a defined one the gateway does not take (2.r: Business Message Reject 380=3), a message sent again
 * (PossDupFlag=Y) whose OrigSendingTime is later than its SendingTime (2.f: Reject 373=10, then Logout) or
 * missing (2.g: Reject 373=1), and a garbled field before MsgSeqNum (14.a / 14.d: still a Reject).
 *
 * The gateway's wall clock is held at 2026-12-05 01:30:00 UTC (`WALL`) while its world's virtual time is
 * 10:00: SendingTime is the wall clock's, both the gateway's own and the one it checks.
 */
import { describe, expect, it } from "vitest"
import { encodeFrame, type Field } from "../../../../../twin/wire/ocg/codec/frame.ts"
import { utcTimestamp } from "../../../../../twin/wire/ocg/codec/timestamp.ts"
import { encryptPassword } from "../../../../../twin/wire/ocg/password.ts"
import { PASSWORD, testKeys, TRADING } from "../support/gateways.ts"
import { fakePort, offlineCore } from "../support/offline.ts"

const WALL = Date.UTC(2026, 11, 5, 1, 30, 0)
const at = (offsetSeconds: number) => utcTimestamp(WALL + offsetSeconds * 1000)

/** A client message; `sendingTime` undefined leaves SendingTime (52) out. */
const message = (seq: number, body: ReadonlyArray<Field>, sendingTime: string | undefined): Buffer =>
  encodeFrame("FIXT.1.1", [body[0]!, [49, TRADING], [56, "HKEXOCG"], [34, String(seq)], ...(sendingTime === undefined ? [] : [[52, sendingTime] as Field]), ...body.slice(1)])

/** A frame around a body written by hand (fields FIX framing cannot express), BodyLength and CheckSum computed. */
const rawFrame = (body: string): Buffer => {
  const text = `8=FIXT.1.1\x019=${Buffer.byteLength(body, "latin1")}\x01${body}`
  const sum = [...Buffer.from(text, "latin1")].reduce((a, b) => a + b, 0) % 256
  return Buffer.from(`${text}10=${String(sum).padStart(3, "0")}\x01`, "latin1")
}

const logon = (sendingTime: string) =>
  message(1, [[35, "A"], [98, "0"], [108, "20"], [789, "1"], [554, encryptPassword(testKeys().publicKey, PASSWORD, WALL)], [1137, "9"]], sendingTime)

/** A connection logged on (in 1, out 1) with the gateway's wall clock at WALL. */
const loggedOn = () => {
  const { c, lines } = offlineCore({}, () => WALL)
  const f = fakePort()
  const conn = c.open("gw", f.port)
  conn.receive(logon(at(0)))
  expect(f.messages().map((m) => m[0]![1])).toEqual(["A"])
  return { c, lines, f, conn }
}

const get = (m: ReadonlyArray<Field> | undefined, ...tags: Array<number>) => tags.map((t) => m?.find(([x]) => x === t)?.[1])

describe("SendingTime accuracy (FIX session test case 2.o)", () => {
  it("the gateway stamps and checks SendingTime on its wall clock, not the world's virtual time: 120 s off is accepted", () => {
    const { f, conn } = loggedOn()
    expect(get(f.messages()[0], 52)).toEqual(["20261205-01:30:00.000"])
    conn.receive(message(2, [[35, "1"], [112, "late"]], at(-120)))
    conn.receive(message(3, [[35, "1"], [112, "early"]], at(120)))
    expect(f.messages().slice(1).map((m) => get(m, 35, 112))).toEqual([["0", "late"], ["0", "early"]])
  })

  it("121 s off: a Reject (373=10) naming tag 52, the number used up, then a Logout, and the connection closes", () => {
    const { c, f, conn } = loggedOn()
    conn.receive(message(2, [[35, "1"], [112, "old"]], at(-121)))
    const [, reject, logout] = f.messages()
    expect(get(reject, 35, 34, 45, 371, 372, 373)).toEqual(["3", "2", "2", "52", "1", "10"])
    expect(get(logout, 35, 34, 58)).toEqual(["5", "3", "SendingTime (52) 20261205-01:27:59.000 is 121 s from the gateway's clock (tolerance 120 s)"])
    expect([f.messages().length, conn.phase, f.closed(), c.sessions.get(TRADING)!.nextIn]).toEqual([3, "closed", "end", 3])
  })

  it("a Logon 10 minutes off is refused with a Logout naming it", () => {
    const { c } = offlineCore({}, () => WALL)
    const f = fakePort()
    const conn = c.open("gw", f.port)
    conn.receive(logon(at(-600)))
    expect(f.messages().map((m) => get(m, 35, 58))).toEqual([["5", "SendingTime (52) 20261205-01:20:00.000 is 600 s from the gateway's clock (tolerance 120 s)"]])
    expect([conn.phase, f.closed()]).toEqual(["closed", "end"])
  })
})

describe("session Reject reasons (FIX session test cases 14.a, 14.b, 14.d, 14.h, 2.q, 2.r)", () => {
  it("no SendingTime: Reject 373=1 naming tag 52; the session goes on", () => {
    const { f, conn } = loggedOn()
    conn.receive(message(2, [[35, "1"], [112, "a"]], undefined))
    conn.receive(message(3, [[35, "1"], [112, "b"]], at(0)))
    const [, reject, heartbeat] = f.messages()
    expect(get(reject, 35, 45, 371, 373)).toEqual(["3", "2", "52", "1"])
    expect(get(heartbeat, 35, 112)).toEqual(["0", "b"])
  })

  it("a tag given twice: Reject 373=13 naming it", () => {
    const { f, conn } = loggedOn()
    conn.receive(message(2, [[35, "1"], [112, "D1"], [112, "D2"]], at(0)))
    expect(get(f.messages()[1], 35, 45, 371, 372, 373)).toEqual(["3", "2", "112", "1", "13"])
  })

  it("a header tag after the body (14.g): Reject 373=14 naming it, the number used up, the session goes on", () => {
    const { f, conn } = loggedOn()
    conn.receive(rawFrame(`35=1\x01112=T1\x0149=${TRADING}\x0156=HKEXOCG\x0134=2\x0152=${at(0)}\x01`))
    conn.receive(message(3, [[35, "1"], [112, "T2"]], at(0)))
    const [, reject, heartbeat] = f.messages()
    expect(get(reject, 35, 45, 371, 372, 373)).toEqual(["3", "2", "49", "1", "14"])
    expect(get(heartbeat, 35, 112)).toEqual(["0", "T2"])
  })

  it("no MsgSeqNum at all: a Logout saying so, and the connection closes (FIXT.1.1, garbled messages: a serious application error)", () => {
    const { c, f, conn } = loggedOn()
    conn.receive(rawFrame(`35=1\x0149=${TRADING}\x0156=HKEXOCG\x0152=${at(0)}\x01112=T1\x01`))
    const [, logout] = f.messages()
    expect(get(logout, 35, 34, 58)).toEqual(["5", "2", "MsgSeqNum (34): missing"])
    expect([f.messages().length, conn.phase, f.closed(), c.sessions.get(TRADING)!.nextIn]).toEqual([2, "closed", "end", 2])
  })

  it("a tag without a value: Reject 373=4 naming it; a tag that is not a number: 373=0", () => {
    const { f, conn } = loggedOn()
    const head = (seq: number) => `35=1\x0149=${TRADING}\x0156=HKEXOCG\x0134=${seq}\x0152=${at(0)}\x01`
    conn.receive(rawFrame(`${head(2)}112=\x01`))
    conn.receive(rawFrame(`${head(3)}abc=1\x01`))
    expect(f.messages().slice(1).map((m) => get(m, 35, 45, 371, 373))).toEqual([["3", "2", "112", "4"], ["3", "3", undefined, "0"]])
  })

  it("a MsgType FIX does not define: Reject 373=11; one it defines that the gateway does not take, and a user-defined one: Business Message Reject 380=3", () => {
    const { f, conn } = loggedOn()
    conn.receive(message(2, [[35, "ZZ"]], at(0)))
    conn.receive(message(3, [[35, "E"], [66, "L1"]], at(0)))
    conn.receive(message(4, [[35, "U9"]], at(0)))
    const [, invalid, newOrderList, userDefined] = f.messages()
    expect(get(invalid, 35, 45, 371, 372, 373)).toEqual(["3", "2", "35", "ZZ", "11"])
    expect(get(newOrderList, 35, 45, 372, 380)).toEqual(["j", "3", "E", "3"])
    expect(get(userDefined, 35, 45, 372, 380)).toEqual(["j", "4", "U9", "3"])
  })
})

describe("a message sent again: OrigSendingTime (FIX session test cases 2.f, 2.g)", () => {
  /** `message` with PossDupFlag=Y and, unless undefined, OrigSendingTime (122) in the header. */
  const resent = (seq: number, body: ReadonlyArray<Field>, sendingTime: string, origSendingTime: string | undefined): Buffer =>
    encodeFrame("FIXT.1.1", [body[0]!, [49, TRADING], [56, "HKEXOCG"], [34, String(seq)], [43, "Y"], [52, sendingTime], ...(origSendingTime === undefined ? [] : [[122, origSendingTime] as Field]), ...body.slice(1)])

  it("OrigSendingTime later than SendingTime (2.f): Reject 373=10 naming 122, its number used up, then a Logout, and the connection closes", () => {
    const { c, f, conn } = loggedOn()
    conn.receive(resent(2, [[35, "1"], [112, "dup"]], at(0), at(10)))
    const [, reject, logout] = f.messages()
    const text = "OrigSendingTime (122) 20261205-01:30:10.000 is later than SendingTime (52) 20261205-01:30:00.000"
    expect(get(reject, 35, 34, 45, 371, 372, 373, 58)).toEqual(["3", "2", "2", "122", "1", "10", text])
    expect(get(logout, 35, 34, 58)).toEqual(["5", "3", text])
    expect([f.messages().length, conn.phase, f.closed(), c.sessions.get(TRADING)!.nextIn]).toEqual([3, "closed", "end", 3])
  })

  it("no OrigSendingTime (2.g): Reject 373=1 naming 122, the message otherwise ignored and its number used up; the session goes on", () => {
    const { c, f, conn } = loggedOn()
    conn.receive(resent(2, [[35, "1"], [112, "dup"]], at(0), undefined))
    // Below the next expected number, as in QuickFIX's 2g_PossDupNoOrigSendingTime: the same Reject, no number moves.
    conn.receive(resent(1, [[35, "1"], [112, "old"]], at(0), undefined))
    conn.receive(message(3, [[35, "1"], [112, "next"]], at(0)))
    const [, reject, lowReject, heartbeat] = f.messages()
    expect(get(reject, 35, 34, 45, 371, 372, 373)).toEqual(["3", "2", "2", "122", "1", "1"])
    expect(get(lowReject, 35, 34, 45, 371, 373)).toEqual(["3", "3", "1", "122", "1"])
    // The Test Request 2 was not answered; 3 is the next expected and is.
    expect(get(heartbeat, 35, 34, 112)).toEqual(["0", "4", "next"])
    expect([f.messages().length, conn.phase, c.sessions.get(TRADING)!.nextIn]).toEqual([4, "active", 4])
  })

  it("OrigSendingTime at or before SendingTime, as the gateway's own replays carry it, passes; a gap fill needs none (as in QuickFIX)", () => {
    const { f, conn } = loggedOn()
    conn.receive(resent(2, [[35, "1"], [112, "same"]], at(0), at(0)))
    conn.receive(resent(3, [[35, "1"], [112, "earlier"]], at(0), at(-3600)))
    conn.receive(resent(4, [[35, "4"], [123, "Y"], [36, "6"]], at(0), undefined))
    conn.receive(message(6, [[35, "1"], [112, "after the gap fill"]], at(0)))
    expect(f.messages().slice(1).map((m) => get(m, 35, 112))).toEqual([["0", "same"], ["0", "earlier"], ["0", "after the gap fill"]])
  })
})

describe("a garbled field before MsgSeqNum (FIX session test cases 14.a, 14.d)", () => {
  it("a SenderCompID without a value or a tag that is not a number, ahead of 34 as the standard header orders them: Reject naming the message, the session goes on", () => {
    const { c, f, conn } = loggedOn()
    conn.receive(rawFrame(`35=1\x0149=\x0156=HKEXOCG\x0134=2\x0152=${at(0)}\x01112=a\x01`))
    conn.receive(rawFrame(`35=1\x0149=${TRADING}\x015x=HKEXOCG\x0134=3\x0152=${at(0)}\x01112=b\x01`))
    conn.receive(message(4, [[35, "1"], [112, "c"]], at(0)))
    expect(f.messages().slice(1).map((m) => get(m, 35, 45, 371, 373))).toEqual([["3", "2", "49", "4"], ["3", "3", undefined, "0"], ["0", undefined, undefined, undefined]])
    expect([conn.phase, c.sessions.get(TRADING)!.nextIn]).toEqual(["active", 5])
  })
})

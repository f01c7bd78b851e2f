/**
 * HKEX's OCG-C session rules (DOMAIN §1) and hostile bytes, staged with a raw socket on loopback: what no
 * FIX engine would send on its own. Virtual time moves only by `advance`.
 */
import { afterEach, describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import { utcTimestamp } from "../../../../twin/wire/ocg/codec/timestamp.ts"
import { encryptPassword } from "../../../../twin/wire/ocg/password.ts"
import { DROP_COPY, PASSWORD, startTestOcg, type TestOcg, testKeys, TRADING } from "./support/gateways.ts"
import { clientMessage, logonMessage, RawClient } from "./support/raw-client.ts"
import type { OcgLimits } from "../../../../twin/wire/ocg/session/limits.ts"

let ocg: TestOcg | undefined
const clients: Array<RawClient> = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await ocg?.close()
  ocg = undefined
})

const client = (gateway = "gw-a"): RawClient => {
  const c = new RawClient(ocg!.ports[gateway]!)
  clients.push(c)
  return c
}

const NEW_ORDER = (clOrdId: string) => [[35, "D"], [11, clOrdId], [48, "700"], [54, "1"], [38, "1000"], [40, "2"], [44, "100.5"], [60, "20261205-00:00:00"]] as const

/** A raw client logged on as `compId` (Logon 34=1, gateway's Logon 34=1). */
const loggedOn = async (compId = TRADING, limits: Partial<OcgLimits> = {}, mps = 100): Promise<RawClient> => {
  ocg ??= await startTestOcg(limits, mps)
  const c = client()
  await c.write(logonMessage(compId, 1, PASSWORD, 1))
  await c.until("logon", () => c.types().includes("A"))
  return c
}

const quiet = () => new Promise((r) => setTimeout(r, 300))

describe("Logon rules", () => {
  it("drops a Logon with MsgSeqNum above 1 at start of day, without a Logout", async () => {
    ocg = await startTestOcg()
    const c = client()
    await c.write(logonMessage(TRADING, 2, PASSWORD, 1))
    await c.until("closed", () => c.ended !== "open")
    expect([c.bytes, c.ended]).toEqual([0, "fin"])
    expect(ocg.lines.some((l) => l.includes("Logon MsgSeqNum 2 at start of day (expected 1): dropped"))).toBe(true)
  })

  it("answers a wrong password, a stale time, EncryptMethod 1, no or another DefaultApplVerID, HeartBtInt 30 and ResetSeqNumFlag=Y with a Logout naming the rule", async () => {
    ocg = await startTestOcg()
    // Each Logon is built as it is sent, its times the wall clock's then (not at the start of the test).
    let built = 0
    const cases: Array<[() => Buffer, string | "stale"]> = [
      [() => logonMessage(TRADING, 1, "wrong", 1), "Password (554): wrong password"],
      [() => clientMessage(TRADING, 1, [[35, "A"], [98, "0"], [108, "20"], [789, "1"], [554, encryptPassword(testKeys().publicKey, PASSWORD, (built = Date.now()) - 300_000)], [1137, "9"]]), "stale"],
      [() => clientMessage(TRADING, 1, [[35, "A"], [98, "0"], [108, "30"], [789, "1"], [554, encryptPassword(testKeys().publicKey, PASSWORD, Date.now(), "pkcs1")], [1137, "9"]]), "HeartBtInt (108): expected 20, got 30"],
      // FIXT.1.1 requires both in a Logon (found by an independent client: each was accepted).
      [() => clientMessage(TRADING, 1, [[35, "A"], [98, "1"], [108, "20"], [789, "1"], [554, encryptPassword(testKeys().publicKey, PASSWORD, Date.now())], [1137, "9"]]), "EncryptMethod (98): expected 0 (none), got 1"],
      [() => clientMessage(TRADING, 1, [[35, "A"], [98, "0"], [108, "20"], [789, "1"], [554, encryptPassword(testKeys().publicKey, PASSWORD, Date.now())]]), "DefaultApplVerID (1137): expected 9 (FIX 5.0 SP2), got nothing"],
      [() => clientMessage(TRADING, 1, [[35, "A"], [98, "0"], [108, "20"], [789, "1"], [554, encryptPassword(testKeys().publicKey, PASSWORD, Date.now())], [1137, "7"]]), "DefaultApplVerID (1137): expected 9 (FIX 5.0 SP2), got 7"],
      [() => logonMessage(TRADING, 1, PASSWORD, 1, [[141, "Y"]]), "ResetSeqNumFlag (141)=Y: sequence numbers cannot be reset through Logon"]
    ]
    for (const [i, [logon, text]] of cases.entries()) {
      const c = client()
      await c.write(logon())
      await c.until("logout", () => c.ended !== "open")
      const answered = Date.now()
      expect(c.types()).toEqual(["5"])
      // Each Logout uses up its number (FIX: every message sent does): 1, 2, … 7.
      expect(c.field(0, 34)).toBe(String(i + 1))
      if (text !== "stale") expect(c.field(0, 58)).toContain(text)
      else {
        // The time is written to the second (its fraction dropped), so it is 300 to 301 s old when built; the
        // gateway checks it between then and its answer (on a loaded machine, a second or more later).
        const stamp = Math.floor((built - 300_000) / 1000) * 1000
        const [least, most] = [Math.round((built - stamp) / 1000), Math.round((answered - stamp) / 1000)] as const
        const said = /is (\d+) s from the gateway's clock \(tolerance 120 s\)$/.exec(c.field(0, 58) ?? "")
        expect(said).not.toBeNull()
        expect(Number(said![1])).toBeGreaterThanOrEqual(least)
        expect(Number(said![1])).toBeLessThanOrEqual(most)
      }
    }
  })

  it("after a refused Logon the client logs on whether or not it counted the Logout: 789=2 from 2, 789=1 from 1 with the Logout gap-filled", async () => {
    ocg = await startTestOcg()
    // Two Comp IDs, each refused once (a wrong password, Logon 34=1), then logged on. The refused Logon's own
    // number (1) is not taken: the client may send it again (TRADING) or its next (DROP_COPY, a gap, accepted).
    const retries = [
      { compId: TRADING, seq: 1, nextExpected: 2 },
      { compId: DROP_COPY, seq: 2, nextExpected: 1 }
    ]
    for (const { compId, seq, nextExpected } of retries) {
      const refused = client()
      await refused.write(logonMessage(compId, 1, "wrong", 1))
      await refused.until("logout", () => refused.ended !== "open")
      expect([refused.types(), refused.field(0, 34)]).toEqual([["5"], "1"])
      const c = client()
      await c.write(logonMessage(compId, seq, PASSWORD, nextExpected))
      await c.until("logged on", () => c.types().includes("A") && (nextExpected === 2 || c.types().includes("4")))
      // The gateway's Logon is its 2nd message (the Logout was 1), expecting the client's seq + 1.
      expect([c.field(0, 34), c.field(0, 789)]).toEqual(["2", String(seq + 1)])
      // A client that did not count the Logout asks for 1: a session message, so a gap fill 1 → 2.
      if (nextExpected === 1) expect([c.types(), c.field(1, 34), c.field(1, 36), c.field(1, 43)]).toEqual([["A", "4"], "1", "2", "Y"])
      else expect(c.types()).toEqual(["A"])
    }
  })

  it("a valid Logon is answered with HeartBtInt 20 and NextExpectedMsgSeqNum", async () => {
    const c = await loggedOn()
    expect([c.field(0, 34), c.field(0, 108), c.field(0, 789), c.field(0, 98)]).toEqual(["1", "20", "2", "0"])
  })
})

describe("sequence rules", () => {
  it("a lower MsgSeqNum without PossDupFlag gets a Logout; with PossDupFlag=Y it is ignored", async () => {
    const c = await loggedOn()
    await c.write(clientMessage(TRADING, 2, [[35, "0"]]))
    // 34=2 again, PossDupFlag=Y with its first sending's time (OrigSendingTime 122, FIX 2.g): ignored (no answer).
    await c.write(clientMessage(TRADING, 2, [[35, "1"], [112, "x"]], [[43, "Y"], [122, utcTimestamp(Date.now() - 1000)]]))
    await quiet()
    expect(c.types()).toEqual(["A"])
    await c.write(clientMessage(TRADING, 2, [[35, "1"], [112, "y"]]))
    await c.until("logout", () => c.ended !== "open")
    expect(c.types()).toEqual(["A", "5"])
    expect(c.field(1, 58)).toBe("MsgSeqNum too low, expecting 3 but received 2")
  })

  it("a second Resend Request during a replay kills the session without a Logout", async () => {
    const c = await loggedOn()
    await c.write(clientMessage(TRADING, 2, NEW_ORDER("1")))
    await c.until("ack", () => c.types().includes("8"))
    // Both requests in one write: the second is read while the first replay is still being written.
    await c.write(Buffer.concat([clientMessage(TRADING, 3, [[35, "2"], [7, "1"], [16, "0"]]), clientMessage(TRADING, 4, [[35, "2"], [7, "1"], [16, "0"]])]))
    await c.until("killed", () => c.ended !== "open")
    // Logon (1), ack (2), then the replay of 1..2: gap fill 1→2 and the ack again with PossDupFlag=Y; no Logout.
    expect(c.types()).toEqual(["A", "8", "4", "8"])
    expect([c.field(2, 34), c.field(2, 36), c.field(3, 34), c.field(3, 43)]).toEqual(["1", "2", "2", "Y"])
    // Resent, each carries OrigSendingTime (122): the ack its first sending's SendingTime, the gap fill its own.
    expect([c.field(3, 122), c.field(2, 122)]).toEqual([c.field(1, 52), c.field(2, 52)])
    expect(ocg!.lines.some((l) => l.endsWith("second Resend Request during a replay: session killed"))).toBe(true)
  })

  it("the next day's numbers continue: a reconnect logs on with the sequence it had, not 1", async () => {
    const c = await loggedOn()
    c.destroy()
    await quiet()
    const again = client("gw-b")
    // The client sent 1 message (Logon 1) and received 1: Logon 34=2, NextExpectedMsgSeqNum 2.
    await again.write(logonMessage(TRADING, 2, PASSWORD, 2))
    await again.until("logon", () => again.types().includes("A"))
    expect([again.field(0, 34), again.field(0, 789)]).toEqual(["2", "3"])
  })

  it("a Logon below the next expected number is refused, PossDupFlag=Y or not", async () => {
    const c = await loggedOn()
    c.destroy()
    await quiet()
    // The gateway expects 2; a Logon 1 marked as a duplicate was accepted (found by an independent client).
    for (const flags of [[], [[43, "Y"]]] as const) {
      const again = client("gw-b")
      const logon = [[35, "A"], [98, "0"], [108, "20"], [789, "2"], [554, encryptPassword(testKeys().publicKey, PASSWORD, Date.now())], [1137, "9"]] as const
      await again.write(clientMessage(TRADING, 1, logon, flags))
      await again.until("logout", () => again.ended !== "open")
      expect([again.types(), again.field(0, 58)]).toEqual([["5"], "MsgSeqNum too low, expecting 2 but received 1"])
    }
  })
})

describe("liveness on virtual time", () => {
  it("a silent client gets Heartbeats, a Test Request after 60 s and a Logout 60 s later", async () => {
    const c = await loggedOn()
    for (let i = 0; i < 6; i++) ocg!.advance(seconds(20))
    await c.until("logout", () => c.ended !== "open")
    // 20 s: Heartbeat 2; 40 s: Heartbeat 3; 60 s: Test Request 4; 80 s, 100 s: Heartbeats 5, 6;
    // 120 s (3 intervals after the Test Request): Logout 7.
    expect(c.types()).toEqual(["A", "0", "0", "1", "0", "0", "5"])
    expect([c.field(6, 34), c.field(6, 58)]).toEqual(["7", "no reply to Test Request"])
  })

  it("a client that never logs on is dropped after 60 s", async () => {
    ocg = await startTestOcg()
    const c = client()
    await c.write("8=FIX")
    ocg.advance(seconds(59))
    await quiet()
    expect(c.ended).toBe("open")
    ocg.advance(seconds(1))
    await c.until("dropped", () => c.ended !== "open")
    expect(c.bytes).toBe(0)
  })
})

describe("throttle, drop copy, application", () => {
  it("a message over the Comp ID's MPS gets a Business Message Reject with the time left in the interval", async () => {
    const c = await loggedOn(TRADING, {}, 2)
    await c.write(Buffer.concat([clientMessage(TRADING, 2, NEW_ORDER("1")), clientMessage(TRADING, 3, NEW_ORDER("2")), clientMessage(TRADING, 4, NEW_ORDER("3"))]))
    await c.until("reject", () => c.types().includes("j"))
    expect(c.types()).toEqual(["A", "8", "8", "j"])
    // Virtual time is 10:00:00.000000, the start of an interval: 1,000,000 µs = 1000 ms left.
    expect([c.field(3, 45), c.field(3, 372), c.field(3, 380), c.field(3, 379), c.field(3, 58)]).toEqual(["4", "D", "8", "3", "throttle exceeded: 2 messages per second; 1000 ms left in the interval"])
    // The next second admits it.
    ocg!.advance(seconds(1))
    await c.write(clientMessage(TRADING, 5, NEW_ORDER("3")))
    await c.until("ack", () => c.types().length === 5)
    expect(c.field(4, 150)).toBe("0")
  })

  it("once the world's day is over, an order gets a Business Message Reject saying so — not an acknowledgement that never fills, nor a throttle whose second never ends", async () => {
    const c = await loggedOn(TRADING, {}, 2)
    await c.write(clientMessage(TRADING, 2, NEW_ORDER("1")))
    await c.until("ack", () => c.types().length === 2)
    ocg!.endDay()
    // Three more in the same (now frozen) second: before, the first was acknowledged and the next two
    // throttled with "1000 ms left in the interval" for ever.
    await c.write(Buffer.concat([clientMessage(TRADING, 3, NEW_ORDER("2")), clientMessage(TRADING, 4, NEW_ORDER("3")), clientMessage(TRADING, 5, NEW_ORDER("4"))]))
    await c.until("rejects", () => c.types().length === 5)
    expect(c.types()).toEqual(["A", "8", "j", "j", "j"])
    expect([2, 3, 4].map((i) => [c.field(i, 45), c.field(i, 379), c.field(i, 380), c.field(i, 58)])).toEqual(
      [["3", "2"], ["4", "3"], ["5", "4"]].map(([seq, id]) => [seq, id, "4", "the simulated day is over (10:00:00): no orders are taken"])
    )
    // The session itself goes on (heartbeats, a Logout answered): only orders are refused.
    await c.write(clientMessage(TRADING, 6, [[35, "5"]]))
    await c.until("logout", () => c.types().includes("5"))
  })

  it("a limit order without a price is rejected; a report names the security and quantity as the order did", async () => {
    const c = await loggedOn()
    const noPrice = NEW_ORDER("1").filter(([tag]) => tag !== 44)
    const bySymbol = [[35, "D"], [11, "2"], [55, "5"], [54, "2"], [38, "400"], [40, "2"], [44, "12.5"], [59, "1"]] as const
    await c.write(Buffer.concat([clientMessage(TRADING, 2, noPrice), clientMessage(TRADING, 3, bySymbol), clientMessage(TRADING, 4, [...NEW_ORDER("3"), [22, "8"]])]))
    await c.until("reports", () => c.types().length === 4)
    // Before: accepted at price 0 and filled.
    expect([c.field(1, 150), c.field(1, 58), c.field(1, 38)]).toEqual(["8", "Price (44): required for a limit order (40=2)", "1000"])
    // Rejected (TimeInForce 1): the quantity sent, not 0; the security as Symbol, as sent.
    expect([c.field(2, 150), c.field(2, 38), c.field(2, 55), c.field(2, 48)]).toEqual(["8", "400", "5", undefined])
    // Accepted by SecurityID and its source: echoed so, not as a Symbol.
    expect([c.field(3, 150), c.field(3, 48), c.field(3, 22), c.field(3, 55)]).toEqual(["0", "700", "8", undefined])
  })

  it("the drop-copy session receives a copy of every Execution Report and refuses orders", async () => {
    const trading = await loggedOn()
    const copy = client("gw-b")
    await copy.write(logonMessage(DROP_COPY, 1, PASSWORD, 1))
    await copy.until("logon", () => copy.types().includes("A"))
    await trading.write(clientMessage(TRADING, 2, NEW_ORDER("5")))
    await copy.until("copy", () => copy.types().includes("8"))
    expect([copy.field(1, 11), copy.field(1, 17), copy.field(1, 150)]).toEqual(["5", "1", "0"])
    await copy.write(clientMessage(DROP_COPY, 2, NEW_ORDER("6")))
    await copy.until("reject", () => copy.types().includes("j"))
    expect([copy.field(2, 380), copy.field(2, 58)]).toEqual(["3", "drop copy session is receive-only"])
  })

  it("cancel and cancel/replace: Execution Reports 4 and 5, an Order Cancel Reject for an unknown order", async () => {
    const c = await loggedOn()
    await c.write(clientMessage(TRADING, 2, NEW_ORDER("1")))
    await c.write(clientMessage(TRADING, 3, [[35, "G"], [41, "1"], [11, "2"], [48, "700"], [54, "1"], [38, "500"], [40, "2"], [44, "101"], [60, "20261205-00:00:00"]]))
    await c.write(clientMessage(TRADING, 4, [[35, "F"], [41, "2"], [11, "3"], [54, "1"], [60, "20261205-00:00:00"]]))
    await c.write(clientMessage(TRADING, 5, [[35, "F"], [41, "99"], [11, "4"], [54, "1"], [60, "20261205-00:00:00"]]))
    await c.until("four answers", () => c.types().length === 5)
    expect(c.types()).toEqual(["A", "8", "8", "8", "9"])
    expect([c.field(2, 150), c.field(2, 38), c.field(2, 44), c.field(2, 41)]).toEqual(["5", "500", "101", "1"])
    expect([c.field(3, 150), c.field(3, 39), c.field(3, 151)]).toEqual(["4", "4", "0"])
    expect([c.field(4, 434), c.field(4, 102), c.field(4, 58)]).toEqual(["1", "1", "unknown order"])
    // The cancelled order is never filled.
    ocg!.advance(seconds(30))
    await quiet()
    expect(c.types().filter((t) => t === "8")).toHaveLength(3)
  })

  it("a New Order Single without OrdType gets a session Reject naming tag 40", async () => {
    const c = await loggedOn()
    await c.write(clientMessage(TRADING, 2, [[35, "D"], [11, "1"], [48, "700"], [54, "1"], [38, "100"]]))
    await c.until("reject", () => c.types().includes("3"))
    expect([c.field(1, 45), c.field(1, 371), c.field(1, 373)]).toEqual(["2", "40", "1"])
  })
})

describe("untrusted bytes", () => {
  it("a bad CheckSum drops the connection without a Logout", async () => {
    const c = await loggedOn()
    const bad = clientMessage(TRADING, 2, [[35, "0"]])
    bad[bad.length - 2] = bad[bad.length - 2] === 0x30 ? 0x31 : 0x30
    await c.write(bad)
    await c.until("dropped", () => c.ended !== "open")
    expect(c.types()).toEqual(["A"])
    expect(ocg!.lines.some((l) => l.includes("CheckSum (10): expected"))).toBe(true)
  })

  it("a wrong BodyLength, garbage and an oversized message each drop without a Logout, logged", async () => {
    ocg = await startTestOcg({ maxMessageBytes: 512 })
    const cases: Array<[Buffer | string, string]> = [
      [clientMessage(TRADING, 1, [[35, "0"]]).toString("latin1").replace(/9=\d+/, "9=3"), "BodyLength (9)"],
      ["\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", "BeginString (8)"],
      [`8=FIXT.1.1\x019=99999\x01`, "a message of at most 512 bytes"]
    ]
    for (const [bytes, what] of cases) {
      const c = client()
      await c.write(bytes)
      await c.until("dropped", () => c.ended !== "open")
      expect(c.bytes).toBe(0)
      expect(ocg.lines.some((l) => l.includes(what))).toBe(true)
    }
  })

  it("a garbled field in a logged-on session gets a session Reject and the session goes on", async () => {
    const c = await loggedOn()
    const text = clientMessage(TRADING, 2, [[35, "1"], [112, "abc"]]).toString("latin1")
    const body = text.slice(text.indexOf("35="), text.indexOf("10=")).replace("112=abc", "11x=abc")
    const head = `8=FIXT.1.1\x019=${body.length}\x01`
    const sum = [...Buffer.from(head + body, "latin1")].reduce((a, b) => a + b, 0) % 256
    await c.write(`${head}${body}10=${String(sum).padStart(3, "0")}\x01`)
    await c.until("reject", () => c.types().includes("3"))
    // FIX 14.a: a tag that is not a number is an invalid tag number (373=0).
    expect([c.field(1, 45), c.field(1, 373)]).toEqual(["2", "0"])
    await c.write(clientMessage(TRADING, 3, [[35, "1"], [112, "ok"]]))
    await c.until("heartbeat", () => c.types().includes("0"))
    expect(c.field(2, 112)).toBe("ok")
  })

  it("a client flooding more messages per second than its limit is dropped", async () => {
    const c = await loggedOn(TRADING, { maxInboundPerSecond: 5 })
    await c.write(Buffer.concat(Array.from({ length: 10 }, (_, i) => clientMessage(TRADING, i + 2, [[35, "0"]]))))
    await c.until("dropped", () => c.ended !== "open")
    expect(ocg!.lines.some((l) => l.includes("more than 5 messages in one second: dropped"))).toBe(true)
  })
})

describe("paths cut by the twin", () => {
  it("a Logon over a cut path is never answered (the client's Logon times out), and the socket is released later", async () => {
    ocg = await startTestOcg()
    ocg.cut.add("P0001|gw-a")
    const c = client()
    await c.write(logonMessage(TRADING, 1, PASSWORD, 1))
    await quiet()
    expect([c.bytes, c.ended]).toEqual([0, "open"])
    ocg.advance(seconds(300))
    await c.until("released", () => c.ended !== "open")
    expect(c.bytes).toBe(0)
  })

  it("a session whose path is cut stops hearing and being heard: the gateway's Test Request and Logout are lost", async () => {
    const c = await loggedOn()
    ocg!.cut.add("P0001|gw-a")
    ocg!.core.recheckPaths()
    await c.write(clientMessage(TRADING, 2, [[35, "1"], [112, "lost"]]))
    for (let i = 0; i < 6; i++) ocg!.advance(seconds(20))
    await quiet()
    // Nothing after the Logon reaches the client, and no FIN either: the route is dead, not closed.
    expect([c.types(), c.ended]).toEqual([["A"], "open"])
    expect(ocg!.lines.some((l) => l.includes("Logout: no reply to Test Request"))).toBe(true)
    expect(ocg!.core.holderOf(ocg!.core.sessions.get(TRADING)!)).toBeUndefined()
  })
})


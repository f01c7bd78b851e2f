/**
 * The OCG-C FIX endpoint with jspurefix (an independent engine) as the broker, on loopback.
 */
import { afterEach, describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import { Broker } from "./support/broker.ts"
import { logonMessage, RawClient } from "./support/raw-client.ts"
import { PASSWORD, startTestOcg, type TestOcg, testKeys, TRADING } from "./support/gateways.ts"

let ocg: TestOcg | undefined
const brokers: Array<Broker> = []
afterEach(async () => {
  for (const b of brokers.splice(0)) b.stop()
  await ocg?.close()
  ocg = undefined
})

const broker = (port: number, compId = TRADING, password = PASSWORD): Broker => {
  const b = new Broker({ port, compId, password, publicKey: testKeys().publicKey, storeDir: ocg!.storeDir })
  brokers.push(b)
  void b.start()
  return b
}

const order = (clOrdId: string) => ({
  ClOrdID: clOrdId,
  Side: "1",
  TransactTime: new Date(),
  OrdType: "2",
  Price: 100.5,
  OrderQtyData: { OrderQty: 1000 },
  Instrument: { SecurityID: "700", SecurityIDSource: "8" }
})

describe("OCG-C FIX endpoint with jspurefix as the broker", () => {
  it("logs on with HeartBtInt 20 and the encrypted password, and answers an order with an Execution Report", async () => {
    ocg = await startTestOcg()
    const b = broker(ocg.ports["gw-a"]!)
    await b.waitFor("logon", () => b.ready)
    const logon = b.of("A")[0]!
    // The gateway's Logon: its first message of the day (34=1), HeartBtInt 20, expecting the client's 2 next.
    expect([logon.tags.get(34), logon.tags.get(108), logon.tags.get(789), logon.tags.get(1137)]).toEqual(["1", "20", "2", "9"])
    b.send("D", order("1"))
    await b.waitFor("execution report new", () => b.of("8").length === 1)
    const er = b.of("8")[0]!
    // ExecType 0 (new), OrdStatus 0, ExecID 1 (the day's first), LeavesQty 1000, gateway sequence 2.
    expect([er.tags.get(11), er.tags.get(150), er.tags.get(39), er.tags.get(17), er.tags.get(151), er.tags.get(34)]).toEqual(["1", "0", "0", "1", "1000", "2"])
    ocg.advance(seconds(30))
    await b.waitFor("fill", () => b.of("8").length === 2)
    const fill = b.of("8")[1]!
    // FILL_DELAY 30 s (rules.ts): ExecType F, OrdStatus 2, CumQty 1000, ExecID 2, sequence 3.
    expect([fill.tags.get(150), fill.tags.get(39), fill.tags.get(14), fill.tags.get(17), fill.tags.get(34)]).toEqual(["F", "2", "1000", "2", "3"])
  }, 60000)

  it("cancels all its open orders on an Order Mass Cancel Request (530=7): jspurefix takes the report and each Execution Report, rejecting none", async () => {
    ocg = await startTestOcg()
    const b = broker(ocg.ports["gw-a"]!)
    await b.waitFor("logon", () => b.ready)
    b.send("D", order("1"))
    b.send("D", { ...order("2"), Side: "2" })
    await b.waitFor("two acknowledgements", () => b.of("8").length === 2)
    b.send("q", { ClOrdID: "3", MassCancelRequestType: "7", TransactTime: new Date() })
    await b.waitFor("the report and two cancellations", () => b.applied.filter((m) => m.msgType === "8").length === 4)
    const report = b.applied.find((m) => m.msgType === "r")!
    // Accepted as asked (531 = 530 = 7), two orders affected; then ExecType 4 / OrdStatus 4 for 1 and 2.
    expect([11, 530, 531, 533].map((t) => report.tags.get(t))).toEqual(["3", "7", "7", "2"])
    expect(b.applied.filter((m) => m.msgType === "8").slice(2).map((m) => [m.tags.get(11), m.tags.get(150), m.tags.get(39), m.tags.get(151)])).toEqual([
      ["1", "4", "4", "0"],
      ["2", "4", "4", "0"]
    ])
    // No fill comes for them; the engine rejected nothing of the gateway's.
    ocg.advance(seconds(30))
    b.send("D", order("4"))
    await b.waitFor("the next order's acknowledgement", () => b.of("8").length === 5)
    expect(b.of("8").map((m) => m.tags.get(150))).toEqual(["0", "0", "4", "4", "0"])
    expect(b.sent.filter((m) => m.msgType === "3" || m.msgType === "j")).toEqual([])
  }, 60000)
})

describe("OCG-C session rules seen by jspurefix", () => {
  it("sends a Heartbeat after 20 s of its own silence and a Test Request after 3 silent intervals, which jspurefix answers", async () => {
    ocg = await startTestOcg()
    const b = broker(ocg.ports["gw-a"]!)
    await b.waitFor("logon", () => b.ready)
    // Virtual time only: jspurefix's own 20 s wall-clock timers do not fire during the test.
    ocg.advance(seconds(20))
    await b.waitFor("heartbeat at 20 s", () => b.of("0").length === 1)
    ocg.advance(seconds(20))
    await b.waitFor("heartbeat at 40 s", () => b.of("0").length === 2)
    ocg.advance(seconds(20))
    // 60 s since the client's Logon (its last message) = 3 × HeartBtInt: Test Request, sequence 4
    // (Logon 1, heartbeats 2 and 3).
    await b.waitFor("test request at 60 s", () => b.of("1").length === 1)
    const tr = b.of("1")[0]!
    expect(tr.tags.get(34)).toBe("4")
    expect(tr.tags.get(112)).toBe(`TEST-${ocg.now()}`)
    await new Promise((r) => setTimeout(r, 300))
    const answer = b.sent.filter((m) => m.msgType === "0")
    expect(answer.map((m) => m.tags.get(112))).toEqual([tr.tags.get(112)])
    // Answered: 60 s later (3 more intervals) there is no Logout but a new Test Request (the client is
    // silent again since its answer at 60 s), sequence 7 (heartbeats 5 and 6 at 80 s and 100 s).
    ocg.advance(seconds(20))
    ocg.advance(seconds(20))
    ocg.advance(seconds(20))
    await b.waitFor("second test request", () => b.of("1").length === 2)
    expect(b.of("5")).toHaveLength(0)
    expect(b.of("1")[1]!.tags.get(34)).toBe("7")
  }, 60000)

  it("replays a lost Execution Report with PossDupFlag and gap-fills the Heartbeat when jspurefix asks to resend", async () => {
    ocg = await startTestOcg()
    const b = broker(ocg.ports["gw-a"]!)
    await b.waitFor("logon", () => b.ready)
    b.send("D", order("7"))
    await b.waitFor("ack", () => b.applied.length === 1)
    // The participant's path is cut while the fill is sent (sequence 3): it never arrives.
    ocg.cut.add("P0001|gw-a")
    ocg.core.recheckPaths()
    ocg.advance(seconds(30))
    ocg.cut.clear()
    ocg.core.recheckPaths()
    // 20 s after the fill the gateway's Heartbeat (sequence 4) reaches jspurefix, which sees 3 missing.
    ocg.advance(seconds(20))
    await b.waitFor("replayed fill", () => b.applied.length === 2)
    const resend = b.sent.find((m) => m.msgType === "2")!
    expect(resend.tags.get(7)).toBe("3")
    const replayed = b.received.find((m) => m.msgType === "8" && m.tags.get(43) === "Y")!
    // The fill again under its own number 3, PossDupFlag=Y, ExecID 2.
    expect([replayed.tags.get(34), replayed.tags.get(150), replayed.tags.get(17)]).toEqual(["3", "F", "2"])
    const gapFill = b.received.find((m) => m.msgType === "4")!
    // The Heartbeat (4) is a session message: Sequence Reset – Gap Fill 34=4 → 36=5, PossDupFlag=Y.
    expect([gapFill.tags.get(34), gapFill.tags.get(123), gapFill.tags.get(36), gapFill.tags.get(43)]).toEqual(["4", "Y", "5", "Y"])
    expect(b.applied.map((m) => m.tags.get(17))).toEqual(["1", "2"])
  }, 60000)

  it("a refused Logon's Logout uses up its number: jspurefix, refused for a wrong password, logs on at its next attempt (right, wrong, right, wrong, right)", async () => {
    ocg = await startTestOcg()
    const port = ocg.ports["gw-a"]!
    const attempts: Array<{ readonly ready: boolean; readonly got: string }> = []
    for (const password of [PASSWORD, "wrong", PASSWORD, "wrong", PASSWORD]) {
      // One BSS, one file store: each attempt starts from the numbers the last one left.
      const b = broker(port, TRADING, password)
      await b.waitFor("logged on or refused", () => b.ready || b.stopped)
      if (b.ready) b.logout()
      await b.waitFor("session over", () => b.stopped)
      attempts.push({ ready: b.of("A").length === 1, got: b.received.map((m) => `${m.msgType}:${m.tags.get(34)}`).join(" ") })
    }
    // Gateway numbers by hand: Logon 1, Logout 2 | refused, Logout 3 (used up: next 4) | Logon 4, Logout 5 |
    // refused, Logout 6 | Logon 7, Logout 8. Before, the refused Logout 3 was not used up, jspurefix counted
    // it and asked for 4 (789=4) from a gateway whose next was 3: refused again, 34=3, for the rest of the day.
    expect(attempts).toEqual([
      { ready: true, got: "A:1 5:2" },
      { ready: false, got: "5:3" },
      { ready: true, got: "A:4 5:5" },
      { ready: false, got: "5:6" },
      { ready: true, got: "A:7 5:8" }
    ])
  }, 90000)

  it("refused twice at start of day, jspurefix logs on at its third Logon (34=3), not dropped as a Logon above 1", async () => {
    ocg = await startTestOcg()
    const attempts: Array<string> = []
    for (const password of ["wrong", "wrong", PASSWORD]) {
      const b = broker(ocg.ports["gw-a"]!, TRADING, password)
      await b.waitFor("logged on or refused", () => b.ready || b.stopped)
      if (b.ready) b.logout()
      await b.waitFor("session over", () => b.stopped)
      attempts.push(`${b.sent.filter((m) => m.msgType === "A").map((m) => `A:${m.tags.get(34)}`).join(" ")} → ${b.received.map((m) => `${m.msgType}:${m.tags.get(34)}`).join(" ")}`)
    }
    // jspurefix counts each Logon it sent (1, 2, 3) and each Logout it got (1, 2): the gateway answers its
    // third with Logon 3. Before, 34=3 was "a Logon above 1 at start of day": dropped, every attempt after.
    expect(attempts).toEqual(["A:1 → 5:1", "A:2 → 5:2", "A:3 → A:3 5:4"])
  }, 90000)

  it("drops both connections without a Logout when a second connection logs on with the same Comp ID", async () => {
    ocg = await startTestOcg()
    const b = broker(ocg.ports["gw-a"]!)
    await b.waitFor("logon", () => b.ready)
    const second = new RawClient(ocg.ports["gw-b"]!)
    try {
      await second.write(logonMessage(TRADING, 2, PASSWORD, 2))
      await second.until("dropped", () => second.ended !== "open")
      await b.waitFor("jspurefix dropped", () => b.stopped)
      expect(second.frames).toHaveLength(0)
      expect(b.of("5")).toHaveLength(0)
    } finally {
      second.destroy()
    }
  }, 60000)

  it("after its gateway crashes silently, jspurefix times out, logs on to the secondary and gets each missed Execution Report once, with PossResend", async () => {
    ocg = await startTestOcg()
    const first = broker(ocg.ports["gw-a"]!)
    await first.waitFor("logon", () => first.ready)
    first.send("D", order("1"))
    first.send("D", order("2"))
    await first.waitFor("acks", () => first.applied.length === 2)
    // The fill of order 1 is sent while the path is cut (lost), then the gateway crashes; order 2's fill
    // comes during the outage.
    ocg.cut.add("P0001|gw-a")
    ocg.core.recheckPaths()
    ocg.advance(seconds(30))
    ocg.core.gatewayDown("gw-a")
    ocg.cut.clear()
    ocg.core.recheckPaths()
    const crashedAt = Date.now()
    const before = { received: first.received.length, sent: first.sent.length }
    // A crashed host sends nothing, not even a reset: jspurefix notices only by its own timers (wall clock,
    // peer HeartBtInt 20 s): a Test Request after 1.5 intervals without a message (30 s), the session
    // terminated at 2.5 intervals (50 s) since the last message it received, which came before the crash.
    await first.waitFor("first session times out", () => first.stopped, 90000)
    const after = first.sent.slice(before.sent).map((m) => m.msgType)
    expect(first.received.length).toBe(before.received)
    expect(after).toContain("1")
    expect(after).not.toContain("5")
    expect(Date.now() - crashedAt).toBeGreaterThanOrEqual(45000)
    first.stop()
    // jspurefix writes its sequence store asynchronously; a BSS restarts from what it persisted.
    await new Promise((r) => setTimeout(r, 500))
    const second = broker(ocg.ports["gw-b"]!)
    await second.waitFor("fills at the secondary", () => second.applied.some((m) => m.tags.get(17) === "4"))
    await new Promise((r) => setTimeout(r, 300))
    // ExecIDs 1, 2 (acks) then 3, 4 (fills): each fill applied exactly once across both sessions.
    expect(first.applied.map((m) => m.tags.get(17))).toEqual(["1", "2"])
    // gw-a sent the acks as 2 and 3 (ExecIDs 1, 2) and, on the cut path, the fills as 4 and 5 (ExecIDs 3,
    // 4). The BSS's NextExpectedMsgSeqNum says what it has (jspurefix persists its store asynchronously, so
    // the last ack may not be on file when the session ends): everything from there is delivered once as a
    // new message (no PossDupFlag) with PossResend=Y, numbered after the Logon (6): 7, 8, …
    const e = Number(second.sent.find((m) => m.msgType === "A")!.tags.get(789))
    expect([2, 3, 4]).toContain(e)
    const missed = ["1", "2", "3", "4"].slice(e - 2)
    const fresh = second.received.filter((m) => m.msgType === "8" && m.tags.get(43) !== "Y")
    expect(fresh.map((m) => [m.tags.get(34), m.tags.get(17), m.tags.get(97)])).toEqual(missed.map((x, i) => [String(7 + i), x, "Y"]))
    // jspurefix does not know the OCG-C replays from NextExpectedMsgSeqNum by itself, so it also asks for a
    // resend when the Logon's 6 exceeds the 4 it expects; what comes again carries PossDupFlag=Y, and the
    // BSS's rule (DOMAIN §1: deduplicate on ExecID) leaves each fill applied once.
    const again = second.applied.filter((m) => m.tags.get(43) === "Y")
    expect(again.every((m) => missed.includes(m.tags.get(17)!))).toBe(true)
    expect([...new Set(second.applied.map((m) => m.tags.get(17)))]).toEqual(missed)
    expect(second.of("5")).toHaveLength(0)
  }, 150000)

  it("a reset arriving after jspurefix's session stopped, while its socket lingers, is heard by the broker, not thrown", async () => {
    // The race behind an uncaught `read ECONNRESET` (relay.test.ts, under load): the session stops (here at
    // once, as after its heartbeat timeout), its socket lingers half-closed, and the endpoint resets it (a
    // restarted gateway host, the rig closing) before jspurefix destroys it.
    ocg = await startTestOcg()
    const b = broker(ocg.ports["gw-a"]!)
    await b.waitFor("logon", () => b.ready)
    b.session!.requestStop("the test stops the session")
    await ocg.listeners["gw-a"]!.close()
    await b.waitFor("the reset", () => b.lateTransportErrors.length > 0, 5000)
    expect(b.stopped).toBe(true)
    expect(b.lateTransportErrors).toEqual(["read ECONNRESET"])
  }, 30000)
})

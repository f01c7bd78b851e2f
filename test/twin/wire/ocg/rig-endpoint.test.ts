/**
 * The OCG-C endpoint in the rig, beside a live world of the tiny estate (test/topology/fixtures/
 * tiny-estate.yaml: gateway ocg-dc1 at the primary site, ocg-dc2 at the secondary; P1T01 registered
 * primary ocg-dc1 / secondary ocg-dc2, P2T01 primary ocg-dc2 / secondary ocg-dc1; Lookup Service ls-dc1;
 * P2 has one circuit, P2-c1). The world gates the sockets.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { createPublicKey } from "node:crypto"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Result } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { resolveSettings } from "../../../../scenarios/settings/settings.ts"
import { LiveSession } from "../../../../twin/serve/live-session.ts"
import type { Settings } from "../../../../twin/settings/settings.ts"
import type { SimulationWindow } from "../../../../twin/simulate/wiring.ts"
import { parseUtcTimestamp } from "../../../../twin/wire/ocg/codec/timestamp.ts"
import { encryptPassword } from "../../../../twin/wire/ocg/password.ts"
import { startOcgRig } from "../../../../twin/wire/ocg/rig-endpoint.ts"
import { minutes, NINE, tiny } from "../../serve/support.ts"
import { clientMessage, RawClient } from "./support/raw-client.ts"

const stateDirs: Array<string> = []
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
  for (const d of stateDirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const settle = () => new Promise((r) => setTimeout(r, 100))

const start = async (realOcgSessions: ReadonlyArray<string> = [], window: SimulationWindow = { from: NINE, to: NINE + minutes(30) }, settings?: Settings) => {
  const stateDir = mkdtempSync(join(tmpdir(), "ocg-rig-"))
  stateDirs.push(stateDir)
  const session = new LiveSession({ model: tiny, seed: 4, window, moved: [], realOcgSessions, ...(settings === undefined ? {} : { settings }) })
  const lines: Array<string> = []
  const rig = await startOcgRig({ session, watched: ["P1", "P2"], host: "127.0.0.1", stateDir, wallAt: () => undefined, log: (l) => lines.push(l) })
  cleanups.push(() => rig.close())
  const passwords = JSON.parse(readFileSync(join(stateDir, "ocg-c", "credentials.json"), "utf8")) as Record<string, string>
  const publicKey = createPublicKey(readFileSync(join(stateDir, "ocg-c", "public.pem")))
  const port = (element: string) => rig.listing().find((l) => l.element === element)?.port
  const logon = (compId: string, seq = 1, next = 1) =>
    clientMessage(compId, seq, [[35, "A"], [98, "0"], [108, "20"], [789, String(next)], [554, encryptPassword(publicKey, passwords[compId]!, Date.now())], [1137, "9"]])
  const client = (p: number) => {
    const c = new RawClient(p)
    cleanups.push(() => c.destroy())
    return c
  }
  return { session, rig, lines, passwords, port, logon, client, stateDir }
}

describe("the OCG-C rig endpoint", () => {
  it("lists one port per gateway and one for the Lookup Service, and keeps a password per watched Comp ID", async () => {
    const { rig, passwords } = await start()
    expect(rig.listing().map((l) => [l.service, l.role, l.element, l.transport, l.address])).toEqual([
      ["ocg-c", "fix-gateway", "ocg-dc1", "tcp", "127.0.0.1"],
      ["ocg-c", "fix-gateway", "ocg-dc2", "tcp", "127.0.0.1"],
      ["ocg-c", "fix-lookup", "ls-dc1", "tcp", "127.0.0.1"]
    ])
    expect(new Set(rig.listing().map((l) => l.port)).size).toBe(3)
    expect(Object.keys(passwords).sort()).toEqual(["P1T01", "P2T01"])
  })

  it("opens nothing when no watched participant has an OCG-C session (`--rig none`): no port that refuses every Logon", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "ocg-rig-"))
    stateDirs.push(stateDir)
    const session = new LiveSession({ model: tiny, seed: 4, window: { from: NINE, to: NINE + minutes(30) }, moved: [], realOcgSessions: [] })
    const rig = await startOcgRig({ session, watched: [], host: "127.0.0.1", stateDir, wallAt: () => undefined, log: () => undefined })
    cleanups.push(() => rig.close())
    expect(rig.listing()).toEqual([])
  })

  it("the Lookup Service answers a Comp ID's registered primary and secondary as the listing's addresses", async () => {
    const { port, client } = await start()
    const c = client(port("ls-dc1")!)
    await c.write(clientMessage("P1T01", 1, [[35, "U1"]]))
    await c.until("answer", () => c.types().length === 1)
    expect([c.field(0, 34), c.field(0, 20001), c.field(0, 20002)]).toEqual(["1", `127.0.0.1:${port("ocg-dc1")}`, `127.0.0.1:${port("ocg-dc2")}`])
  })

  it("the Lookup Service's answers, addresses or 'invalid client', carry SendingTime (52) after MsgSeqNum, on the gateways' clock", async () => {
    const { port, client } = await start()
    for (const compId of ["P1T01", "NOBODY"]) {
      const c = client(port("ls-dc1")!)
      const before = Date.now()
      await c.write(clientMessage(compId, 1, [[35, "U1"]]))
      await c.until("answer", () => c.types().length === 1)
      // FIXT.1.1 standard header: 35, 49, 56, 34, 52 (before, the answer had no 52: a header the gateway
      // itself rejects from a client).
      expect(c.frames[0]!.fields.slice(0, 5).map(([t]) => t)).toEqual([35, 49, 56, 34, 52])
      // The gateways' format (UTCTimestamp to the millisecond) and their clock (the wall clock in the rig).
      expect(c.field(0, 52)).toMatch(/^\d{8}-\d{2}:\d{2}:\d{2}\.\d{3}$/)
      const sent = parseUtcTimestamp(c.field(0, 52)!)!
      expect(sent >= before && sent <= Date.now()).toBe(true)
    }
  })

  it("the endpoint's own OTP-C keeps the live world's day: on a half day an order at 12:30 is refused, none again today", async () => {
    const noon = NINE + minutes(3 * 60)
    const { port, logon, client } = await start([], { from: noon + minutes(30), to: noon + minutes(60), timetable: "half-day" })
    const c = client(port("ocg-dc1")!)
    await c.write(logon("P1T01"))
    await c.until("logon", () => c.types().includes("A"))
    await c.write(clientMessage("P1T01", 2, [[35, "D"], [11, "1"], [48, "700"], [54, "1"], [38, "1000"], [40, "2"], [44, "100"], [60, "20271224-04:30:00"]]))
    await c.until("the answer", () => c.types().length === 2)
    expect([c.types(), c.field(1, 150), c.field(1, 39), c.field(1, 103), c.field(1, 58)]).toEqual([
      ["A", "8"], "8", "8", "99", "no order input in CL (from 12:15:00): none again today"
    ])
  })

  it("a gateway crash in the twin silences its connections and leaves connects unanswered; the client's timeout moves it to the secondary", async () => {
    const { session, rig, port, logon, client } = await start()
    const primary = port("ocg-dc1")!
    const c = client(primary)
    await c.write(logon("P1T01"))
    await c.until("logon", () => c.types().includes("A"))
    session.advance(NINE + minutes(1))
    const r = session.apply({ type: "inject", fault: { kind: "node-crash", node: "ocg-dc1" }, for: "5m" })
    expect(Result.isSuccess(r)).toBe(true)
    session.advance(NINE + minutes(1) + 1)
    await settle()
    expect(rig.listing().map((l) => l.element)).toEqual(["ocg-dc2", "ls-dc1"])
    // The client's heartbeat timeout: its Test Request (34=2) goes to the dead gateway; three more minutes
    // of virtual time (9 heartbeat intervals, enough for any Heartbeat, Test Request or Logout the gateway
    // would send) pass in silence, and the socket stays open: a crashed host sends no FIN and no RST.
    await c.write(clientMessage("P1T01", 2, [[35, "1"], [112, "are you there"]]))
    session.advance(NINE + minutes(4))
    await settle()
    const fresh = client(primary)
    await fresh.write(logon("P1T01", 3, 2))
    await settle()
    await settle()
    // Only the Logon ever came on c; the fresh connect is accepted by the still-bound port and never answered.
    expect([c.types(), c.ended, fresh.bytes, fresh.ended]).toEqual([["A"], "open", 0, "open"])
    // The client gives up on the primary and logs on at the secondary: it sent Logon 1 and Test Request 2
    // (and the unanswered Logon 3 elsewhere, also lost), and got the gateway's Logon 1: 34=4, 789=2. The
    // gateway answers with its next number 2 and expects 5 (the lost 2 and 3 are an inbound gap, accepted).
    const s = client(port("ocg-dc2")!)
    await s.write(logon("P1T01", 4, 2))
    await s.until("logon", () => s.types().includes("A"))
    expect([s.field(0, 34), s.field(0, 789)]).toEqual(["2", "5"])
    // Back up after 5 minutes (09:06): answering on the same port; the stale connections are reset.
    session.advance(NINE + minutes(7))
    await settle()
    await c.until("reset of the stale connection", () => c.ended !== "open")
    expect([c.ended, fresh.ended, port("ocg-dc1")]).toEqual(["reset", "reset", primary])
  })

  it("a participant's path cut in the twin silences its session and leaves new Logons unanswered", async () => {
    const { session, port, logon, client } = await start()
    const c = client(port("ocg-dc2")!)
    await c.write(logon("P2T01"))
    await c.until("logon", () => c.types().includes("A"))
    session.advance(NINE + minutes(1))
    expect(Result.isSuccess(session.apply({ type: "inject", fault: { kind: "link-down", link: "P2-c1" }, for: "5m" }))).toBe(true)
    session.advance(NINE + minutes(1) + 1)
    await settle()
    await c.write(clientMessage("P2T01", 2, [[35, "1"], [112, "are you there"]]))
    const fresh = client(port("ocg-dc1")!)
    await fresh.write(logon("P2T01", 2, 2))
    await settle()
    await settle()
    // No Heartbeat answers the Test Request, no Logon answer, and neither socket is closed: a dead route.
    expect([c.types(), c.ended, fresh.bytes, fresh.ended]).toEqual([["A"], "open", 0, "open"])
  })

  it("with real sessions, a Logon is the model's to answer: the tiny estate's gateways have no OTP-C host, so it never is", async () => {
    const { session, port, logon, client, lines } = await start(["P1T01"])
    const sessionEvents = (compId: string) =>
      session.log.filter((e) => e.kind === "ocg.session" && e.data["compId"] === compId).map((e) => [e.t, e.data["event"], e.data["gateway"]])
    session.advance(NINE + minutes(1))
    // The model runs no BSS for P1T01 (no Lookup at 09:00, unlike P2T01's modelled BSS) …
    expect(sessionEvents("P1T01")).toEqual([])
    expect(sessionEvents("P2T01")[0]!.slice(0, 2)).toEqual([NINE, "lookup"])
    // … and the real client's Logon, valid for the endpoint, goes to the model's gateway ocg-dc1, which claims
    // the session at its site's OTP-C host: the tiny estate has none, so the claim goes nowhere and the
    // gateway never answers (as for the modelled P2T01, which never logs on either).
    const c = client(port("ocg-dc1")!)
    await c.write(logon("P1T01"))
    await settle()
    session.advance(NINE + minutes(1) + 1_000_000)
    await settle()
    expect([c.types(), c.ended, sessionEvents("P1T01")]).toEqual([[], "open", []])
    // The endpoint waits for the model as long as a gateway waits for a Logon (60 s of virtual time), then
    // drops the connection without a Logout.
    session.advance(NINE + minutes(2) + 1_000_000)
    await c.until("dropped", () => c.ended !== "open")
    expect([c.types(), c.ended]).toEqual([[], "fin"])
    expect(lines.filter((l) => l.includes("P1T01")).map((l) => l.slice(l.indexOf("P1T01: ") + 7))).toEqual([
      "Logon (in 1, client expects 1) relayed to the model's gateway",
      "no answer from the model's gateway within 60 s: dropped"
    ])
  })
})

/**
 * The estate settings of the audit's case (docs/scenario-format.md "settings.ocg"): every session 50 messages a
 * second and a Cancel-on-Disconnect delay of 20 s for whoever turns it on; the group `burst` (P1): throttle 2,
 * Cancel-on-Disconnect on. Resolved as `twin serve` resolves an estate's settings, so P1T01 has throttle 2 and
 * Cancel-on-Disconnect after 20 s, P2T01 throttle 50 and no Cancel-on-Disconnect (a delay alone turns none on).
 */
const burst: Settings = Result.getOrThrow(resolveSettings({
  ocg: { throttle: 50, cancelOnDisconnect: { delay: "20s" }, groups: { burst: { participants: ["P1"], throttle: 2, cancelOnDisconnect: { enabled: true } } } }
}, tiny))

/** A limit order (ClOrdID `clOrdId`) taken in the 09:00 pre-opening order input: it fills at the 09:21 match, open until then. */
const order = (compId: string, seq: number, clOrdId: string) =>
  clientMessage(compId, seq, [[35, "D"], [11, clOrdId], [48, "700"], [54, "1"], [38, "1000"], [40, "2"], [44, "100.5"], [59, "0"], [60, "20261207-01:00:00"]])

const codLines = (lines: ReadonlyArray<string>) => lines.filter((l) => l.includes("Cancel-on-Disconnect"))

describe("the OCG-C rig endpoint keeps each Comp ID's throttle and Cancel-on-Disconnect as the world's settings give them", () => {
  it("throttle: 5 orders in one second of the world's clock, P1T01 (2) gets 2 acknowledgements and 3 Business Message Rejects 380=8, P2T01 (50) 5 acknowledgements", async () => {
    const { port, logon, client } = await start([], undefined, burst)
    const p1 = client(port("ocg-dc1")!)
    const p2 = client(port("ocg-dc2")!)
    for (const [c, compId] of [[p1, "P1T01"], [p2, "P2T01"]] as const) {
      await c.write(logon(compId))
      await c.until("logon", () => c.types().includes("A"))
      // All at 09:00:00 of the world's clock (it is not advanced): one throttle interval.
      await c.write(Buffer.concat([2, 3, 4, 5, 6].map((seq) => order(compId, seq, String(seq - 1)))))
      await c.until("five answers", () => c.types().length === 6)
    }
    // Before: every Comp ID had the model's default 100 a second whatever the settings, so P1T01 got 5 acknowledgements.
    expect(p1.frames.slice(1).map((_, i) => [p1.field(i + 1, 35), p1.field(i + 1, 150) ?? p1.field(i + 1, 380), p1.field(i + 1, 11) ?? p1.field(i + 1, 379), p1.field(i + 1, 45)])).toEqual([
      ["8", "0", "1", undefined],
      ["8", "0", "2", undefined],
      ["j", "8", "3", "4"],
      ["j", "8", "4", "5"],
      ["j", "8", "5", "6"]
    ])
    expect(p1.field(3, 58)).toBe("throttle exceeded: 2 messages per second; 1000 ms left in the interval")
    expect(p2.frames.slice(1).map((_, i) => [p2.field(i + 1, 35), p2.field(i + 1, 150)])).toEqual(Array.from({ length: 5 }, () => ["8", "0"]))
  })

  it("Cancel-on-Disconnect: P1T01's socket closed without a Logout at 09:00, its 2 open orders are cancelled at 09:00:20 and reach it at its next Logon (150=4, 378=104); P2T01's (off) stay open", async () => {
    const { session, port, logon, client, lines } = await start([], undefined, burst)
    const p1 = client(port("ocg-dc1")!)
    await p1.write(logon("P1T01"))
    await p1.until("logon", () => p1.types().includes("A"))
    await p1.write(Buffer.concat([order("P1T01", 2, "11"), order("P1T01", 3, "12")]))
    await p1.until("acknowledgements", () => p1.types().length === 3)
    const p2 = client(port("ocg-dc2")!)
    await p2.write(logon("P2T01"))
    await p2.until("logon", () => p2.types().includes("A"))
    await p2.write(order("P2T01", 2, "21"))
    await p2.until("acknowledgement", () => p2.types().length === 2)
    p1.destroy()
    p2.destroy()
    await p1.until("both closes seen", () => lines.filter((l) => l.includes("connection closed by peer")).length === 2)
    // One second short of the delay: armed, not fired.
    session.advance(NINE + 19_000_000)
    await settle()
    expect(codLines(lines)).toEqual(["ocg-c ocg-dc1 #1 P1T01: session ended (disconnect): Cancel-on-Disconnect armed, open orders cancelled at 09:00:20 unless it logs on again"])
    session.advance(NINE + 21_000_000)
    await settle()
    expect(codLines(lines).slice(1)).toEqual(["ocg-c P1T01: Cancel-on-Disconnect at 09:00:20: 2 open orders cancelled (Execution Reports at its next Logon)"])
    // P1T01 logs on at its secondary: it sent 1–3 and got 1–3 (Logon, two acknowledgements). The Logon answer
    // (34=4), then the two cancellations as new messages, each order under its own ClOrdID, nothing left.
    const again = client(port("ocg-dc2")!)
    await again.write(logon("P1T01", 4, 4))
    await again.until("logon and two reports", () => again.types().length === 3)
    expect([1, 2].map((i) => [34, 11, 150, 39, 151, 378, 41, 43, 97].map((t) => again.field(i, t)))).toEqual([
      ["5", "11", "4", "4", "0", "104", undefined, undefined, undefined],
      ["6", "12", "4", "4", "0", "104", undefined, undefined, undefined]
    ])
    // P2T01's order is still open: its Logon brings nothing, and a cancel of it is taken.
    const p2again = client(port("ocg-dc2")!)
    await p2again.write(logon("P2T01", 3, 3))
    await p2again.until("logon", () => p2again.types().includes("A"))
    await p2again.write(clientMessage("P2T01", 4, [[35, "F"], [41, "21"], [11, "22"], [48, "700"], [54, "1"], [60, "20261207-01:00:21"]]))
    await p2again.until("the cancel's report", () => p2again.types().length === 2)
    expect([p2again.field(1, 150), p2again.field(1, 41), p2again.field(1, 378)]).toEqual(["4", "21", undefined])
  })

  it("Cancel-on-Disconnect is avoided by a Logon within the delay, not armed by a Logout, and armed by missed heartbeats", async () => {
    const { session, port, logon, client, lines } = await start([], undefined, burst)
    const c = client(port("ocg-dc1")!)
    await c.write(logon("P1T01"))
    await c.until("logon", () => c.types().includes("A"))
    await c.write(order("P1T01", 2, "11"))
    await c.until("acknowledgement", () => c.types().length === 2)
    c.destroy()
    await c.until("the close seen", () => codLines(lines).length === 1)
    // Back 10 s later (at the secondary): avoided; 30 s on, nothing cancelled.
    session.advance(NINE + 10_000_000)
    await settle()
    const back = client(port("ocg-dc2")!)
    await back.write(logon("P1T01", 3, 3))
    await back.until("logon", () => back.types().includes("A"))
    session.advance(NINE + 40_000_000)
    await settle()
    expect(codLines(lines).slice(1)).toEqual(["ocg-c ocg-dc2 #2 P1T01: logged on again: Cancel-on-Disconnect avoided"])
    // A Logout ends the session without arming it.
    await back.write(clientMessage("P1T01", 4, [[35, "5"]]))
    await back.until("the Logout's answer", () => back.types().includes("5"))
    session.advance(NINE + minutes(1))
    await settle()
    expect(codLines(lines).length).toBe(2)
    // A client that stops answering: the gateway's Test Request after 60 s, its Logout 60 s later
    // ("no reply to Test Request") — missed heartbeats: armed for 20 s on.
    const silent = client(port("ocg-dc1")!)
    await silent.write(logon("P1T01", 5, 5))
    await silent.until("logon", () => silent.types().includes("A"))
    session.advance(NINE + minutes(2))
    await settle()
    session.advance(NINE + minutes(3))
    await settle()
    await silent.until("the Logout", () => silent.types().includes("5"))
    expect(codLines(lines).slice(2)).toEqual(["ocg-c ocg-dc1 #3 P1T01: session ended (missed-heartbeats): Cancel-on-Disconnect armed, open orders cancelled at 09:03:20 unless it logs on again"])
    session.advance(NINE + minutes(3) + 20_000_000)
    await settle()
    expect(codLines(lines).slice(3)).toEqual(["ocg-c P1T01: Cancel-on-Disconnect at 09:03:20: 1 open order cancelled (Execution Reports at its next Logon)"])
  })

  it("a gateway crash arms no Cancel-on-Disconnect (an internal OCG-C outage): the order is open at the secondary", async () => {
    const { session, port, logon, client, lines } = await start([], undefined, burst)
    const c = client(port("ocg-dc1")!)
    await c.write(logon("P1T01"))
    await c.until("logon", () => c.types().includes("A"))
    await c.write(order("P1T01", 2, "11"))
    await c.until("acknowledgement", () => c.types().length === 2)
    expect(Result.isSuccess(session.apply({ type: "inject", fault: { kind: "node-crash", node: "ocg-dc1" }, for: "5m" }))).toBe(true)
    session.advance(NINE + 1)
    await settle()
    // The client's own timeout closes its socket to the silent gateway; it logs on at the secondary a minute on.
    c.destroy()
    await settle()
    session.advance(NINE + minutes(1))
    await settle()
    const s = client(port("ocg-dc2")!)
    await s.write(logon("P1T01", 3, 3))
    await s.until("logon", () => s.types().includes("A"))
    await s.write(clientMessage("P1T01", 4, [[35, "F"], [41, "11"], [11, "12"], [48, "700"], [54, "1"], [60, "20261207-01:01:00"]]))
    await s.until("the cancel's report", () => s.types().length === 2)
    expect([codLines(lines), s.field(1, 150), s.field(1, 41)]).toEqual([[], "4", "11"])
  })
})

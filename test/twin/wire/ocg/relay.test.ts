/**
 * The relay (`twin serve --real-sessions`, docs/ocg-fix.md "Real sessions"): jspurefix as the BSS of a
 * watched participant in the library drill `gateway-fails-at-open`, served live, whose Comp IDs have no
 * modelled BSS. Its orders go to the model's OCG-C gateway and OTP-C host; what it receives is the model's.
 * The world is paced at ×1 while the client acts (the model's answers take the model's network time) and
 * jumped where nothing of the client's happens. Ids are read from the scenario and the estate.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { createPublicKey } from "node:crypto"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Result } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { catalogues } from "../../../../scenarios/catalogues.ts"
import { resolveSettings } from "../../../../scenarios/settings/settings.ts"
import { loadScenario } from "../../../../scenarios/load.ts"
import { seconds } from "../../../../twin/engine/time.ts"
import { realClientMachineId } from "../../../../twin/models/ocg/index.ts"
import { LiveSession } from "../../../../twin/serve/live-session.ts"
import { encryptPassword } from "../../../../twin/wire/ocg/password.ts"
import { startOcgRig } from "../../../../twin/wire/ocg/rig-endpoint.ts"
import { Broker } from "./support/broker.ts"
import { clientMessage, RawClient } from "./support/raw-client.ts"

const load = (path: string) => Effect.runPromise(loadScenario(new URL(path, import.meta.url).pathname, { catalogues }).pipe(Effect.provide(NodeServices.layer)))
const scenario = await load("../../../../scenarios/library/drills/gateway-fails-at-open.yaml")
/** The drill with its crash in continuous trading (09:32), where a fill can fall in the outage, and no modelled orders. */
const inTrading = await load("./fixtures/gateway-fails-in-trading.yaml")

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const crash = scenario.faults.find((f) => f.kind.kind === "node-crash")!
const crashed = String(crash.written.node)
// The first participant with a trading session whose primary is the gateway the drill crashes.
const owner = scenario.model.file.participants.find((p) => p.ocgSessions.some((s) => s.type === "trading" && s.primary === crashed))!
const ref = owner.ocgSessions.find((s) => s.type === "trading" && s.primary === crashed)!
const flow = `${owner.id}/${ref.compId}`

/** The drill served live with the owner's Comp IDs driven by real clients, its rig, and a jspurefix factory. */
const serve = async (served = scenario) => {
  const stateDir = mkdtempSync(join(tmpdir(), "ocg-relay-"))
  const storeDir = mkdtempSync(join(tmpdir(), "ocg-relay-bss-"))
  cleanups.push(() => {
    rmSync(stateDir, { recursive: true, force: true })
    rmSync(storeDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
  })
  const live = new LiveSession({ scenario: served, realOcgSessions: owner.ocgSessions.map((s) => s.compId) })
  const lines: Array<string> = []
  const rig = await startOcgRig({ session: live, watched: [owner.id], host: "127.0.0.1", stateDir, wallAt: () => undefined, log: (l) => lines.push(l) })
  cleanups.push(() => rig.close())
  const password = (JSON.parse(readFileSync(join(stateDir, "ocg-c", "credentials.json"), "utf8")) as Record<string, string>)[ref.compId]!
  const publicKey = createPublicKey(readFileSync(join(stateDir, "ocg-c", "public.pem")))
  const port = (g: string) => rig.listing().find((l) => l.element === g)!.port
  const broker = (g: string) => {
    const b = new Broker({ port: port(g), compId: ref.compId, password, publicKey, storeDir })
    cleanups.push(() => b.stop())
    void b.start()
    return b
  }
  // The world at ×1 (as `twin serve --speed 1`): virtual time moves with the wall clock while the client acts.
  let paced: ReturnType<typeof setInterval> | undefined
  const pace = (on: boolean) => {
    if (paced !== undefined) clearInterval(paced)
    paced = undefined
    if (!on) return
    let last = Date.now()
    paced = setInterval(() => {
      const now = Date.now()
      live.advance(live.now + (now - last) * 1000)
      last = now
    }, 10)
  }
  cleanups.push(() => pace(false))
  /** The Comp ID's `ocg.session` events in the trace, as [t, event, detail…]. */
  const events = () =>
    live.log.filter((e) => e.kind === "ocg.session" && e.data["compId"] === ref.compId).map((e) => {
      const d = e.data
      return [e.t, d["event"], d["gateway"], ...(d["event"] === "execution-relayed" ? [d["execId"], d["clOrdId"], d["execType"], d["possResend"]] : d["event"] === "order-relayed" ? [d["clOrdId"]] : d["event"] === "amend-relayed" ? [d["clOrdId"], d["origClOrdId"], d["replace"]] : d["event"] === "disconnected" ? [d["reason"]] : [d["role"]])]
    })
  return { live, rig, lines, broker, pace, events }
}

const order = (b: Broker, clOrdId: string) =>
  b.send("D", { ClOrdID: clOrdId, Side: "1", TransactTime: new Date(), OrdType: "2", Price: 100, OrderQtyData: { OrderQty: 1000 }, Instrument: { SecurityID: "5", SecurityIDSource: "8" } })

const settle = () => new Promise((r) => setTimeout(r, 200))

describe("the relay: a real client's session is the model's", () => {
  it("jspurefix's orders, cancels and amends reach the model's gateway and host; its reports carry the model's ExecIDs", async () => {
    const { live, broker, pace, events } = await serve()
    // At 09:31 the modelled BSSs have traded for a minute (the default flow from 09:30), so the host's ExecIDs
    // are well past 1: an ExecID the endpoint made up itself could not match the model's.
    live.advance(scenario.window.from + seconds(31 * 60))
    pace(true)
    const b = broker(ref.primary)
    await b.waitFor("logon at the primary", () => b.ready)
    const reports = () => b.received.filter((m) => m.msgType === "8" || m.msgType === "9")
    // Order 7 is left to fill; order 8 is amended (ClOrdID 9: 500 at 101), then cancelled (ClOrdID 10).
    order(b, "7")
    order(b, "8")
    await b.waitFor("two acks", () => reports().length === 2)
    const instrument = { SecurityID: "5", SecurityIDSource: "8" }
    b.send("G", { OrigClOrdID: "8", ClOrdID: "9", Side: "1", TransactTime: new Date(), OrdType: "2", Price: 101, OrderQtyData: { OrderQty: 500 }, Instrument: instrument })
    await b.waitFor("the replace", () => reports().length === 3)
    b.send("F", { OrigClOrdID: "9", ClOrdID: "10", Side: "1", TransactTime: new Date(), OrderQtyData: { OrderQty: 500 }, Instrument: instrument })
    await b.waitFor("the cancel", () => reports().length === 4)
    // The fill of 7: FILL_DELAY (30 s of virtual time) after the order reached the host; jumped rather than waited.
    pace(false)
    live.advance(live.now + seconds(31))
    pace(true)
    await b.waitFor("the fill", () => reports().length === 5)
    // Too late: 7 is filled, so the host refuses to cancel it (an Order Cancel Reject).
    b.send("F", { OrigClOrdID: "7", ClOrdID: "11", Side: "1", TransactTime: new Date(), OrderQtyData: { OrderQty: 1000 }, Instrument: instrument })
    await b.waitFor("the cancel reject", () => reports().length === 6)
    pace(false)
    const seen = events()
    // The model's BSS for the Comp ID is the stand-in: its Logon reached the primary gateway machine, which
    // logged it on (a fresh record: first Logon of the day) — the gateway's own `ocg.gateway` event …
    const gatewayLogons = live.log.filter((e) => e.kind === "ocg.gateway" && e.data["event"] === "logon" && e.data["compId"] === ref.compId)
    expect(gatewayLogons.map((e) => [e.subject, e.data["peer"], e.data["record"]])).toEqual([[ref.primary, realClientMachineId(flow), "fresh"]])
    expect(seen.find((e) => e[1] === "logon")!.slice(1)).toEqual(["logon", ref.primary, "primary"])
    // … every order, amend and cancel went to that gateway, and the host answered each with its next ExecID
    // then (consecutive only if no modelled execution came between): acks of 7 and 8, the replace (under 9),
    // the cancel (under 10), the fill of 7, and the refused cancel of 7 (under 11).
    expect(seen.filter((e) => e[1] === "order-relayed" || e[1] === "amend-relayed").map((e) => e.slice(1))).toEqual([
      ["order-relayed", ref.primary, 7],
      ["order-relayed", ref.primary, 8],
      ["amend-relayed", ref.primary, 9, 8, true],
      ["amend-relayed", ref.primary, 10, 9, false],
      ["amend-relayed", ref.primary, 11, 7, false]
    ])
    const relayed = seen.filter((e) => e[1] === "execution-relayed")
    expect(relayed.map((e) => [e[4], e[5], e[6]])).toEqual([[7, "new", false], [8, "new", false], [9, "replace", false], [10, "cancel", false], [7, "trade", false], [11, "reject", false]])
    const ids = relayed.map((e) => e[3] as number)
    expect(ids[0]).toBeGreaterThan(1)
    expect([...ids].sort((x, y) => x - y)).toEqual(ids)
    // The client received exactly those, with the model's ExecIDs; OrderID is the order's ack's ExecID;
    // an amend or cancel names the ClOrdID it replaced; the refusal is an Order Cancel Reject (no ExecID):
    // order 7 filled (39=2), too late (102=0).
    const [ack7, ack8, replaced, cancelled, fill] = ids.map(String)
    expect(reports().map((m) => [m.msgType, m.tags.get(11), m.tags.get(41), m.tags.get(37), m.tags.get(17), m.tags.get(150), m.tags.get(39), m.tags.get(38), m.tags.get(44), m.tags.get(102)])).toEqual([
      ["8", "7", undefined, ack7, ack7, "0", "0", "1000", "100", undefined],
      ["8", "8", undefined, ack8, ack8, "0", "0", "1000", "100", undefined],
      ["8", "9", "8", ack8, replaced, "5", "0", "500", "101", undefined],
      ["8", "10", "9", ack8, cancelled, "4", "4", "500", "101", undefined],
      ["8", "7", undefined, ack7, fill, "F", "2", "1000", "100", undefined],
      ["9", "11", "7", ack7, undefined, undefined, "2", undefined, undefined, "0"]
    ])
  }, 120000)

  it("an Order Mass Cancel Request on a relayed session: the model's host cancels the session's open orders of the security, each reported with its ExecID", async () => {
    const { live, broker, pace, events } = await serve()
    live.advance(scenario.window.from + seconds(31 * 60))
    pace(true)
    const b = broker(ref.primary)
    await b.waitFor("logon at the primary", () => b.ready)
    const reports = () => b.received.filter((m) => m.msgType === "8")
    // 7 and 8 on security 5, 9 on security 700: a mass cancel of security 5 (530=1) takes 7 and 8.
    order(b, "7")
    order(b, "8")
    b.send("D", { ClOrdID: "9", Side: "1", TransactTime: new Date(), OrdType: "2", Price: 100, OrderQtyData: { OrderQty: 1000 }, Instrument: { SecurityID: "700", SecurityIDSource: "8" } })
    await b.waitFor("three acks", () => reports().length === 3)
    b.send("q", { ClOrdID: "10", MassCancelRequestType: "1", Instrument: { SecurityID: "5", SecurityIDSource: "8" }, TransactTime: new Date() })
    await b.waitFor("the report and two cancellations", () => b.applied.some((m) => m.msgType === "r") && reports().length === 5)
    pace(false)
    const report = b.applied.find((m) => m.msgType === "r")!
    // Accepted (531 = 530 = 1); no count: which orders are still open is the host's to find.
    expect([11, 530, 531, 532, 533].map((t) => report.tags.get(t))).toEqual(["10", "1", "1", undefined, undefined])
    expect(reports().slice(3).map((m) => [m.tags.get(11), m.tags.get(150), m.tags.get(39)])).toEqual([["7", "4", "4"], ["8", "4", "4"]])
    const seen = events()
    expect(seen.filter((e) => e[1] === "mass-cancel-relayed").length).toBe(1)
    // The host's cancellations, under the orders' own ClOrdIDs, with its next ExecIDs.
    const relayed = seen.filter((e) => e[1] === "execution-relayed").map((e) => [e[4], e[5]])
    expect(relayed).toEqual([[7, "new"], [8, "new"], [9, "new"], [7, "cancel"], [8, "cancel"]])
    // Order 9 (security 700) is still open: filled FILL_DELAY after it reached the host.
    live.advance(live.now + seconds(31))
    pace(true)
    await b.waitFor("9's fill", () => reports().length === 6)
    pace(false)
    expect([reports()[5]!.tags.get(11), reports()[5]!.tags.get(150)]).toEqual(["9", "F"])
  }, 120000)

  it("the drill's gateway crash (in continuous trading): the client's own timeout, a Logon at the secondary in the model, the missed fill once from the model's re-send", async () => {
    const { live, broker, pace, events } = await serve(inTrading)
    const crash = inTrading.faults.find((f) => f.kind.kind === "node-crash")!
    // 20 s before the crash: the order's fill (30 s after it reaches the host) falls in the outage.
    live.advance(crash.start - seconds(20))
    pace(true)
    const first = broker(ref.primary)
    await first.waitFor("logon at the primary", () => first.ready)
    order(first, "1")
    await first.waitFor("the ack", () => first.applied.length === 1)
    // The world jumps to the crash (nothing of the client's happens before it), then runs at ×1 again.
    pace(false)
    const before = first.received.length
    live.advance(crash.start + 1)
    const crashedAt = Date.now()
    await settle()
    pace(true)
    // DOMAIN §1's timeline: the crashed gateway sends nothing; jspurefix (wall clock, HeartBtInt 20 s) sends a
    // Test Request 30 s after the last message it received and ends the session at 50 s.
    await first.waitFor("the BSS's heartbeat timeout", () => first.stopped, 90000)
    expect(first.received.length).toBe(before)
    expect(first.sent.slice(-3).map((m) => m.msgType)).toContain("1")
    expect(Date.now() - crashedAt).toBeGreaterThanOrEqual(45000)
    first.stop()
    await settle()
    const second = broker(ref.secondary)
    await second.waitFor("the missed fill at the secondary", () => second.applied.some((m) => m.tags.get(150) === "F"))
    await settle()
    pace(false)
    const seen = events()
    const relayed = seen.filter((e) => e[1] === "execution-relayed")
    const [ackId, fillId] = relayed.map((e) => e[3] as number)
    // The trace's session for the Comp ID is what the client lived: logged on at the primary, the order and
    // its ack there; disconnected only when the client's own timeout closed its socket (the crash itself is
    // the gateway's event); logged on at the secondary, where the model's host re-sent what the crashed
    // gateway never delivered — the fill, PossResend — and the ack again, which the stand-in dropped as
    // already relayed (DOMAIN §1: deduplicate on ExecID).
    expect(seen.map((e) => e.slice(1, 3))).toEqual([
      ["logon", ref.primary],
      ["order-relayed", ref.primary],
      ["execution-relayed", ref.primary],
      ["disconnected", ref.primary],
      ["logon", ref.secondary],
      ["execution-relayed", ref.secondary]
    ])
    expect(relayed.map((e) => [e[4], e[5], e[6]])).toEqual([[1, "new", false], [1, "trade", true]])
    expect(fillId).toBeGreaterThan(ackId!)
    const disconnected = seen.find((e) => e[1] === "disconnected")![0] as number
    const back = seen.filter((e) => e[1] === "logon")[1]![0] as number
    // The outage the client saw, in the world's time at ×1: its session ended 50 s after the last message it
    // had (the ack, just before the jump to the crash), give or take the pacing's steps; the Logon at the
    // secondary after it.
    expect(disconnected - crash.start).toBeGreaterThanOrEqual(seconds(45))
    expect(disconnected - crash.start).toBeLessThan(seconds(60))
    expect(back).toBeGreaterThan(disconnected)
    // The model's gateways: the crash lost the stand-in's connection; the secondary logged it on afresh
    // (no record there) and its host handed over the log: the ack and the fill.
    const gw = live.log.filter((e) => e.kind === "ocg.gateway" && (e.data["compId"] === ref.compId || e.data["event"] === "crash"))
    expect(gw.filter((e) => e.data["event"] === "logon").map((e) => [e.subject, e.data["peer"], e.data["record"]])).toEqual([
      [ref.primary, realClientMachineId(flow), "fresh"],
      [ref.secondary, realClientMachineId(flow), "fresh"]
    ])
    expect(gw.filter((e) => e.subject === crashed && e.data["event"] === "crash").map((e) => e.t)).toEqual([crash.start])
    // The client: the ack once at the primary; at the secondary the fill once, as a new message with
    // PossResend=Y and the model's ExecID — nothing else new (the endpoint re-sent nothing of its own).
    expect(first.applied.map((m) => [m.tags.get(17), m.tags.get(150)])).toEqual([[String(ackId), "0"]])
    const fresh = second.received.filter((m) => m.msgType === "8" && m.tags.get(43) !== "Y")
    expect(fresh.map((m) => [m.tags.get(11), m.tags.get(17), m.tags.get(150), m.tags.get(97)])).toEqual([["1", String(fillId), "F", "Y"]])
    expect([...new Set(second.applied.map((m) => m.tags.get(17)))]).toEqual([String(fillId)])
    // The execution ledger (what `executions-exactly-once` reads) counts the real session through its
    // stand-in: at the next minute mark (the modelled BSSs send no order in this scenario), the hosts logged
    // the ack and the fill for the trading session and a copy of each for every drop-copy session of the owner; the real client applied the two, the copies wait for drop-copy clients that
    // never logged on (undelivered), and no session is short.
    live.advance(inTrading.window.from + seconds(60) * Math.ceil((live.now - inTrading.window.from + 1) / seconds(60)))
    const ledger = live.log.filter((e) => e.kind === "ocg.executions").at(-1)!.data
    const copies = owner.ocgSessions.filter((s) => s.type === "drop-copy").length
    expect([ledger["sent"], ledger["applied"], ledger["undelivered"], ledger["short"]]).toEqual([2 * (1 + copies), 2, 2 * copies, []])
    // The flow as health reads it: up at the primary, down from the crash instant, the client's disconnect,
    // up at the secondary.
    const flows = live.log.filter((e) => e.kind === "flow.status" && e.data["flow"] === flow).map((e) => [e.data["up"], e.data["detail"]])
    expect(flows).toEqual([
      [0, "not logged on yet"],
      [1, `logged on to ${ref.primary} (primary)`],
      [0, `${crashed} down: cannot trade until logged on again`],
      [0, seen.find((e) => e[1] === "disconnected")![3]],
      [1, `logged on to ${ref.secondary} (secondary)`]
    ])
  }, 150000)

  it("the model's gateway throttles the real client: orders over its MPS get the model's Business Message Reject", async () => {
    const { live, broker, pace } = await serve()
    pace(true)
    const b = broker(ref.primary)
    await b.waitFor("logon at the primary", () => b.ready)
    // 105 orders written at once reach the model's gateway within a few ms of virtual time: one throttle
    // interval (1 s), whose MPS is the default 100 (rules.ts; the drill sets none): 100 pass, 5 are rejected.
    // The world is held while they are written, so that all are told to the model at one instant (throttle
    // intervals are whole seconds of virtual time: a burst across a boundary would be two intervals' worth).
    pace(false)
    for (let n = 1; n <= 105; n++) order(b, String(n))
    await settle()
    pace(true)
    await b.waitFor("105 answers", () => b.received.filter((m) => m.msgType === "8" || m.msgType === "j").length === 105)
    pace(false)
    const throttled = live.log.filter((e) => e.kind === "ocg.gateway" && e.data["event"] === "throttle-reject" && e.data["compId"] === ref.compId)
    const rejects = b.received.filter((m) => m.msgType === "j")
    expect(b.received.filter((m) => m.msgType === "8").length).toBe(100)
    // The gateway's own events name the five ClOrdIDs it refused; the client's rejects name the same orders
    // (ClOrdID in 379, its MsgSeqNum in 45: the Logon was 1, so order N is MsgSeqNum N + 1).
    const refused = throttled.map((e) => e.data["clOrdId"] as number)
    expect([refused.length, throttled.every((e) => e.subject === ref.primary && e.data["mps"] === 100)]).toEqual([5, true])
    expect(rejects.map((m) => [m.tags.get(379), m.tags.get(45), m.tags.get(372), m.tags.get(380)])).toEqual(refused.map((n) => [String(n), String(n + 1), "D", "8"]))
  }, 60000)

  it("in the pre-opening blocking period the model's host refuses jspurefix's order: an Execution Report rejected, reason 99, the phase in its Text", async () => {
    const { live, broker, pace, events } = await serve()
    live.advance(scenario.window.from + seconds(25 * 60))
    pace(true)
    const b = broker(ref.primary)
    await b.waitFor("logon at the primary", () => b.ready)
    order(b, "1")
    await b.waitFor("the refusal", () => b.received.some((m) => m.msgType === "8"))
    pace(false)
    const refusal = b.received.find((m) => m.msgType === "8")!
    expect([11, 150, 39, 103, 151, 14, 58].map((t) => refusal.tags.get(t))).toEqual(["1", "8", "8", "99", "0", "0", "no order input in BL (from 09:22:00): again from 09:30:00"])
    expect(events().filter((e) => e[1] === "execution-relayed").map((e) => [e[4], e[5]])).toEqual([[1, "reject"]])
  }, 60000)

  it("5 orders at one instant under a throttle of 2: the client gets the 2 acknowledgements, then the 3 rejects, numbered in that order, relayed or not", async () => {
    // The drill's estate without its faults, the owner's Comp IDs throttled to 2 a second (a settings.ocg group),
    // at 09:31:00 (continuous trading), the world held while the orders come and then moved on by hand.
    const settings = Result.getOrThrow(resolveSettings({ ocg: { groups: { burst: { participants: [owner.id], throttle: 2 } } } }, scenario.model))
    const from = 9 * 3600_000_000 + 31 * 60_000_000
    const answers = async (relayed: boolean) => {
      const stateDir = mkdtempSync(join(tmpdir(), "ocg-relay-order-"))
      cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }))
      const live = new LiveSession({ model: scenario.model, seed: scenario.seed, window: { from, to: from + seconds(600) }, moved: [], settings, realOcgSessions: relayed ? owner.ocgSessions.map((s) => s.compId) : [] })
      const rig = await startOcgRig({ session: live, watched: [owner.id], host: "127.0.0.1", stateDir, wallAt: () => undefined, log: () => undefined })
      cleanups.push(() => rig.close())
      const password = (JSON.parse(readFileSync(join(stateDir, "ocg-c", "credentials.json"), "utf8")) as Record<string, string>)[ref.compId]!
      const publicKey = createPublicKey(readFileSync(join(stateDir, "ocg-c", "public.pem")))
      const c = new RawClient(rig.listing().find((l) => l.element === ref.primary)!.port)
      cleanups.push(() => c.destroy())
      await c.write(clientMessage(ref.compId, 1, [[35, "A"], [98, "0"], [108, "20"], [789, "1"], [554, encryptPassword(publicKey, password, Date.now())], [1137, "9"]]))
      // The model's gateway answers a relayed Logon a few ms of virtual time later.
      await settle()
      live.advance(live.now + seconds(0.1))
      await c.until("logon", () => c.types().includes("A"))
      const at = live.now
      await c.write(Buffer.concat([2, 3, 4, 5, 6].map((seq) =>
        clientMessage(ref.compId, seq, [[35, "D"], [11, String(seq - 1)], [48, "5"], [54, "1"], [38, "1000"], [40, "2"], [44, "100.5"], [59, "0"], [60, "20261207-01:31:00"]]))))
      await settle()
      // Within the throttle's second, before any fill (30 s).
      live.advance(at + seconds(0.5))
      await c.until("five answers", () => c.types().length === 6, 30000)
      return c.frames.map((_, i) => [c.field(i, 34), c.field(i, 35), c.field(i, 150) ?? c.field(i, 380), c.field(i, 11) ?? c.field(i, 379), c.field(i, 45), c.field(i, 58)?.replace(/; [0-9]+ ms left/, "; M ms left")])
    }
    const expected = [
      ["1", "A", undefined, undefined, undefined, undefined],
      ["2", "8", "0", "1", undefined, undefined],
      ["3", "8", "0", "2", undefined, undefined],
      ["4", "j", "8", "3", "4", "throttle exceeded: 2 messages per second; M ms left in the interval"],
      ["5", "j", "8", "4", "5", "throttle exceeded: 2 messages per second; M ms left in the interval"],
      ["6", "j", "8", "5", "6", "throttle exceeded: 2 messages per second; M ms left in the interval"]
    ]
    expect(await answers(false)).toEqual(expected)
    // Before: the model's gateway refuses at once what its host acknowledges a round trip later, and the endpoint
    // wrote each as it came: order 3's reject (34=3) before order 2's acknowledgement, and "throttle exceeded; M ms left …".
    expect(await answers(true)).toEqual(expected)
  }, 90000)
})

/**
 * Issue 20's "done when", as a test: during the library drill `gateway-fails-at-open` served live — its
 * crash moved into continuous trading (fixtures/gateway-fails-in-trading.yaml: at the drill's 09:02 an order
 * waits for the 09:21 pre-opening match, so no fill can fall in the outage) — jspurefix logs on as a watched
 * participant's BSS at the gateway the drill crashes, trades, loses the gateway with the twin (silently: its
 * own heartbeat timeout tells it), logs on to its registered secondary and gets the fill it missed, once,
 * with PossResend=Y. Ids are read from the scenario and the estate, not written here.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { createPublicKey } from "node:crypto"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { catalogues } from "../../../../scenarios/catalogues.ts"
import { loadScenario } from "../../../../scenarios/load.ts"
import { LiveSession } from "../../../../twin/serve/live-session.ts"
import { startOcgRig } from "../../../../twin/wire/ocg/rig-endpoint.ts"
import { Broker } from "./support/broker.ts"

const load = (path: string) => Effect.runPromise(loadScenario(new URL(path, import.meta.url).pathname, { catalogues }).pipe(Effect.provide(NodeServices.layer)))
const scenario = await load("../../../../scenarios/library/drills/gateway-fails-at-open.yaml")
const inTrading = await load("./fixtures/gateway-fails-in-trading.yaml")

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe("the gateway-fails-at-open drill with a real FIX engine", () => {
  it("jspurefix trades at the crashing gateway, then recovers its missed fill at the secondary", async () => {
    const crash = inTrading.faults.find((f) => f.kind.kind === "node-crash")!
    const crashed = String(crash.written.node)
    // The first participant with a trading session whose primary is the gateway the drill crashes.
    const owner = inTrading.model.file.participants.find((p) => p.ocgSessions.some((s) => s.type === "trading" && s.primary === crashed))!
    const ref = owner.ocgSessions.find((s) => s.type === "trading" && s.primary === crashed)!
    const stateDir = mkdtempSync(join(tmpdir(), "ocg-drill-"))
    const storeDir = mkdtempSync(join(tmpdir(), "ocg-drill-bss-"))
    cleanups.push(() => {
      rmSync(stateDir, { recursive: true, force: true })
      rmSync(storeDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
    })
    const live = new LiveSession({ scenario: inTrading })
    const rig = await startOcgRig({ session: live, watched: [owner.id], host: "127.0.0.1", stateDir, wallAt: () => undefined, log: () => undefined })
    cleanups.push(() => rig.close())
    const password = (JSON.parse(readFileSync(join(stateDir, "ocg-c", "credentials.json"), "utf8")) as Record<string, string>)[ref.compId]!
    const publicKey = createPublicKey(readFileSync(join(stateDir, "ocg-c", "public.pem")))
    const port = (g: string) => rig.listing().find((l) => l.element === g)?.port
    const primaryPort = port(ref.primary)!
    const secondaryPort = port(ref.secondary)!
    const broker = (p: number) => {
      const b = new Broker({ port: p, compId: ref.compId, password, publicKey, storeDir })
      cleanups.push(() => b.stop())
      void b.start()
      return b
    }
    const first = broker(primaryPort)
    await first.waitFor("logon at the primary", () => first.ready)
    first.send("D", { ClOrdID: "1", Side: "1", TransactTime: new Date(), OrdType: "2", Price: 100, OrderQtyData: { OrderQty: 1000 }, Instrument: { SecurityID: "5", SecurityIDSource: "8" } })
    await first.waitFor("ack", () => first.applied.length === 1)
    // The world reaches the crash (its fault's start); the fill, due 30 s after the order, falls in the outage.
    const before = { received: first.received.length, sent: first.sent.length }
    // jspurefix's timers count from the last message it received — before this instant (asserted below:
    // nothing arrives after it) — not from the end of the world's advance to the crash, which itself takes
    // seconds on a loaded machine (seen: 5.5 s, the session then ending 44.5 s after the advance).
    const quietFrom = Date.now()
    live.advance(crash.start + 1)
    await settle()
    expect(rig.listing().some((l) => l.element === crashed)).toBe(false)
    // DOMAIN §1's timeline: the crashed gateway sends nothing (no Logout, no FIN, no RST); the BSS notices
    // by its own timers — jspurefix's (wall clock, HeartBtInt 20 s): a Test Request after 30 s of silence,
    // the session ended at 50 s since the last message it received (which came before the crash).
    await first.waitFor("the BSS's heartbeat timeout", () => first.stopped, 90000)
    const after = first.sent.slice(before.sent).map((m) => m.msgType)
    expect(first.received.length).toBe(before.received)
    expect(after).toContain("1")
    expect(after).not.toContain("5")
    expect(Date.now() - quietFrom).toBeGreaterThanOrEqual(45000)
    first.stop()
    await new Promise((r) => setTimeout(r, 500))
    const second = broker(secondaryPort)
    await second.waitFor("the missed fill at the secondary", () => second.applied.some((m) => m.tags.get(17) === "2"))
    await new Promise((r) => setTimeout(r, 300))
    const fresh = second.received.filter((m) => m.msgType === "8" && m.tags.get(43) !== "Y")
    // ExecID 1 was the ack (new, sequence 2); the fill, ExecID 2, came during the outage. From the BSS's
    // NextExpectedMsgSeqNum on (3, or 2 when jspurefix had not yet filed the ack when its session ended),
    // each is delivered once as a new message with PossResend=Y.
    expect(first.applied.map((m) => [m.tags.get(17), m.tags.get(150)])).toEqual([["1", "0"]])
    const e = Number(second.sent.find((m) => m.msgType === "A")!.tags.get(789))
    expect([2, 3]).toContain(e)
    const missed = e === 3 ? [["2", "F", "Y"]] : [["1", "0", "Y"], ["2", "F", "Y"]]
    expect(fresh.map((m) => [m.tags.get(17), m.tags.get(150), m.tags.get(97)])).toEqual(missed)
    expect([...new Set(second.applied.map((m) => m.tags.get(17)))]).toEqual(missed.map(([x]) => x))
  }, 180000)

  it("DR opens the backup site's Lookup Service and gateways; the lost site's close", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "ocg-dr-"))
    cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }))
    const live = new LiveSession({ scenario })
    const model = scenario.model
    const watched = model.file.participants[0]!.id
    const rig = await startOcgRig({ session: live, watched: [watched], host: "127.0.0.1", stateDir, wallAt: () => undefined, log: () => undefined })
    cleanups.push(() => rig.close())
    const primarySite = model.file.sites.find((s) => s.kind === "primary-dc")!.id
    const backupSite = model.file.sites.find((s) => s.kind === "secondary-dc")!.id
    const siteOf = (id: string) => model.nodeById.get(id)!.site
    const listed = () => rig.listing().map((l) => l.element!)
    const backupLookups = model.roles.lookupService.filter((ls) => siteOf(ls) === backupSite)
    const registered = new Set(model.file.participants.flatMap((p) => p.ocgSessions.flatMap((s) => [s.primary, s.secondary])))
    const drOnlyGateways = model.nodes.filter((n) => n.kind === "ocg-gateway" && n.site === backupSite && !registered.has(n.id)).map((n) => n.id)
    expect(backupLookups.length).toBeGreaterThan(0)
    expect(drOnlyGateways.length).toBeGreaterThan(0)
    expect(listed().filter((e) => backupLookups.includes(e) || drOnlyGateways.includes(e))).toEqual([])
    const before = listed().filter((e) => siteOf(e) === primarySite)
    expect(before.length).toBeGreaterThan(0)
    // The primary data centre is lost at 09:01; DR is declared one minute into the loss (site-loss drAfter).
    live.advance(live.now + 60_000_000)
    expect(live.apply({ type: "inject", fault: { kind: "site-loss", site: primarySite, drAfter: "1m" }, for: "30m" })._tag).toBe("Success")
    live.advance(live.now + 30_000_000)
    await settle()
    expect(listed().filter((e) => siteOf(e) === primarySite)).toEqual([])
    expect(listed().some((e) => backupLookups.includes(e))).toBe(false)
    live.advance(live.now + 60_000_000)
    await settle()
    expect(listed().filter((e) => backupLookups.includes(e))).toEqual(backupLookups)
    expect(listed().filter((e) => drOnlyGateways.includes(e))).toEqual(drOnlyGateways)
  }, 120000)

  it("with real sessions for the crashed gateway's participant and no client, the model runs no BSS for its Comp IDs all drill", () => {
    const crashed = String(scenario.faults.find((f) => f.kind.kind === "node-crash")!.written.node)
    const owner = scenario.model.file.participants.find((p) => p.ocgSessions.some((s) => s.type === "trading" && s.primary === crashed))!
    const real = owner.ocgSessions.map((s) => s.compId)
    const live = new LiveSession({ scenario, realOcgSessions: real })
    live.advance(live.window.to)
    const flows = new Set(real.map((c) => `${owner.id}/${c}`))
    const theirs = live.log.filter((e) => (e.kind === "ocg.session" && real.includes(String(e.data["compId"]))) || (e.kind === "flow.status" && flows.has(String(e.data["flow"]))))
    // Only each stand-in's start report at the window's start: no Lookup, Logon or order from the model, and
    // no "cannot trade" at the crash (no real client was logged on there).
    expect(theirs.map((e) => [e.t, e.kind, e.data["flow"], e.data["up"], e.data["detail"]])).toEqual(
      [...flows].map((f) => [scenario.window.from, "flow.status", f, 0, "not logged on yet"])
    )
  }, 120000)
})

const settle = () => new Promise((r) => setTimeout(r, 200))

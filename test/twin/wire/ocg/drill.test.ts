/**
 * Issue 20's "done when", as a test: during the library drill `gateway-fails-at-open` served live, jspurefix
 * logs on as a watched participant's BSS at the gateway the drill crashes, trades, loses the gateway with
 * the twin, logs on to its registered secondary and gets the fill it missed, once, with PossResend=Y.
 * Ids are read from the scenario and the estate, not written here.
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

const scenario = await Effect.runPromise(
  loadScenario(new URL("../../../../scenarios/library/drills/gateway-fails-at-open.yaml", import.meta.url).pathname, { catalogues }).pipe(Effect.provide(NodeServices.layer))
)

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe("the gateway-fails-at-open drill with a real FIX engine", () => {
  it("jspurefix trades at the crashing gateway, then recovers its missed fill at the secondary", async () => {
    const crash = scenario.faults.find((f) => f.kind.kind === "node-crash")!
    const crashed = String(crash.written.node)
    // The first participant with a trading session whose primary is the gateway the drill crashes.
    const owner = scenario.model.file.participants.find((p) => p.ocgSessions.some((s) => s.type === "trading" && s.primary === crashed))!
    const ref = owner.ocgSessions.find((s) => s.type === "trading" && s.primary === crashed)!
    const stateDir = mkdtempSync(join(tmpdir(), "ocg-drill-"))
    const storeDir = mkdtempSync(join(tmpdir(), "ocg-drill-bss-"))
    cleanups.push(() => {
      rmSync(stateDir, { recursive: true, force: true })
      rmSync(storeDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
    })
    const live = new LiveSession({ scenario })
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
    live.advance(crash.start + 1)
    await first.waitFor("reset by the crash", () => first.stopped)
    expect(rig.listing().some((l) => l.element === crashed)).toBe(false)
    await new Promise((r) => setTimeout(r, 500))
    const second = broker(secondaryPort)
    await second.waitFor("the missed fill at the secondary", () => second.applied.some((m) => m.tags.get(17) === "2"))
    await new Promise((r) => setTimeout(r, 300))
    const fresh = second.received.filter((m) => m.msgType === "8" && m.tags.get(43) !== "Y")
    // ExecID 1 was the ack (new, sequence 2); the fill, ExecID 2, came during the outage. From the BSS's
    // NextExpectedMsgSeqNum on (3, or 2 when jspurefix had not yet filed the ack when the reset came),
    // each is delivered once as a new message with PossResend=Y.
    expect(first.applied.map((m) => [m.tags.get(17), m.tags.get(150)])).toEqual([["1", "0"]])
    const e = Number(second.sent.find((m) => m.msgType === "A")!.tags.get(789))
    expect([2, 3]).toContain(e)
    const missed = e === 3 ? [["2", "F", "Y"]] : [["1", "0", "Y"], ["2", "F", "Y"]]
    expect(fresh.map((m) => [m.tags.get(17), m.tags.get(150), m.tags.get(97)])).toEqual(missed)
    expect([...new Set(second.applied.map((m) => m.tags.get(17)))]).toEqual(missed.map(([x]) => x))
  }, 120000)
})

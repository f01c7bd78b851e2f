import { describe, expect, it } from "vitest"
import type { CccgState, MainlandLinkState } from "../../../twin/models/csc/index.ts"
import type { Runtime } from "../../../twin/engine/runtime.ts"
import { parseClock, seconds } from "../../../twin/engine/time.ts"
import { cscWiring, cscWiringOf } from "../../../twin/simulate/wire-csc.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"
import { defaultEstate, fault, run } from "../../scenarios/faults/support.ts"

const model = defaultEstate()
const at = (clock: string) => parseClock(clock)!
const loss = at("10:00")
const dr = at("10:02") // site-loss's default drAfter [U]

describe("China Connect when the primary site is lost at 10:00 in continuous trading, DR declared at 10:02", () => {
  let rt: Runtime | undefined
  const ledgerAtLoss = new Map<string, MainlandLinkState>()
  const probe: Wiring = {
    system: "probe",
    wire: ({ runtime }) => {
      rt = runtime
      runtime.at(loss, () => {
        for (const id of ["sse-link-dc1", "szse-link-dc1"]) ledgerAtLoss.set(id, runtime.stateOf<MainlandLinkState>(id))
      })
    }
  }
  const r = run(model, { from: at("09:50"), to: at("10:20") }, [cscWiring, probe, fault("site-loss", { site: "dc1" }, loss, undefined, model)])
  const runtime = rt!
  const sessions = model.file.participants.flatMap((p) => p.cscSessions.map((s) => ({ participant: p.id, flow: `${p.id}/${s.id}`, session: s.id })))

  it("every session logs on again at its primary's DR pair at the backup site, 6 min 10 s after the loss at the latest", () => {
    const statuses = r.trace.ofKind("flow.status").filter((e) => e.data.service === "otp-csc" && e.t > loss)
    const back: Array<number> = []
    for (const s of sessions) {
      const mine = statuses.filter((e) => e.data.flow === s.flow)
      const primary = model.file.participants.find((p) => p.id === s.participant)!.cscSessions.find((x) => x.id === s.session)!.primary
      expect([s.flow, mine.map((e) => [e.data.up, e.data.detail])]).toEqual([
        s.flow,
        [[0, "not logged on"], [1, `logged on to ${model.roles.backupOf(primary)} (primary's DR pair)`]]
      ])
      back.push(mine[1]!.t - loss)
    }
    // Hand-worked (session.ts, DOMAIN §1 timings): the loss is noticed 100–120 s on (at the 6th 20 s
    // heartbeat tick after the last echo), then 10 s, 60 s unanswered on the primary, 60 s, 60 s on the
    // secondary, 60 s: the DR pair, open since 10:02, answers within milliseconds.
    const s = (t: number) => t / seconds(1)
    expect(sessions.length).toBe(361)
    expect(s(Math.min(...back))).toBeGreaterThanOrEqual(100 + 250)
    expect(s(Math.max(...back))).toBeLessThan(120 + 250 + 0.1)
  })

  it("the backup site's links take the ledgers over as they were at the loss, and the CCCGs send them the orders", () => {
    for (const [primary, backup] of [["sse-link-dc1", "sse-link-dc2"], ["szse-link-dc1", "szse-link-dc2"]] as const) {
      expect(runtime.stateOf<MainlandLinkState>(primary).retired).toBe(true)
      const market = runtime.stateOf<MainlandLinkState>(primary).settings.market
      // Buy orders the successor counted = those in the ledger at the loss + every buy accepted after DR.
      const acceptedAfter = r.trace.ofKind("csc.order").filter((e) => e.t > dr && e.data.event === "accepted" && e.data.market === market && e.data.side === "buy")
      const atLoss = ledgerAtLoss.get(primary)!.ledger
      expect(acceptedAfter.length).toBeGreaterThan(10)
      expect(runtime.stateOf<MainlandLinkState>(backup).ledger.buyOrders).toBe(atLoss.buyOrders + acceptedAfter.reduce((n, e) => n + Number(e.data.amount), 0))
      // The first acceptance after DR tells a DQB that continues the day's, not a fresh 52 bn.
      expect(Number(acceptedAfter[0]!.data.dqb)).toBeLessThan(52e9 - atLoss.buyOrders + atLoss.sellTrades + atLoss.adjustments)
    }
    for (const g of ["cccg-dc1-1", "cccg-dc1-2", "cccg-dc2-1", "cccg-dc2-2"]) {
      expect([g, runtime.stateOf<CccgState>(g).settings.links]).toEqual([g, { SSE: "sse-link-dc2", SZSE: "szse-link-dc2" }])
    }
  })

  it("after the sessions are back, no order is refused as not logged on and every order sent is accepted", () => {
    const orders = r.trace.ofKind("csc.order").filter((e) => e.t > loss + seconds(371))
    const submitted = orders.filter((e) => e.data.event === "submitted").map((e) => `${e.data.session}/${e.data.order}`)
    const accepted = new Set(orders.filter((e) => e.data.event === "accepted").map((e) => `${e.data.session}/${e.data.order}`))
    expect(orders.filter((e) => e.data.event === "rejected")).toEqual([])
    expect(submitted.length).toBeGreaterThan(100)
    expect(submitted.filter((o) => !accepted.has(o))).toEqual([])
  })

  it("gives the same trace with every heartbeat simulated (the keepalive elision across the failover)", () => {
    const reference = run(model, { from: at("09:50"), to: at("10:20") }, [cscWiringOf({ elideHeartbeats: false }), fault("site-loss", { site: "dc1" }, loss, undefined, model)])
    const lines = (events: typeof r.trace.events) => events.filter((e) => e.kind !== "metrics").map((e) => JSON.stringify(e))
    expect(lines(r.trace.events)).toEqual(lines(reference.trace.events))
  })
})

describe("China Connect when the primary site is lost at 10:00:00.5, half a second after the heartbeats' echoes", () => {
  // The sessions logged on at 09:50 + a few ms and beat every 20 s from then, so the loss falls just after
  // the 10:00:00.00x echoes. P0043N01 (primary cccg-dc1-1) beats at :00.003480 (+20 s…), its last echo
  // heard ≈ 10:00:00.007: it gives up at the 6th tick after it, 10:02:00.003480 (119.5 s after the loss),
  // then 10 s, 2 × (60 s unanswered + 60 s) on its dead primary and secondary, and logs on to the DR pair
  // cccg-dc2-1 at 10:06:10.0071: 369.5 s after the loss. Counting 6 × 20 s from the echo's arrival held it
  // to the 7th tick (139.5 s, back at 389.5 s).
  const lossAt = at("10:00:00.5")
  const r = run(model, { from: at("09:50"), to: at("10:12") }, [cscWiring, fault("site-loss", { site: "dc1" }, lossAt, undefined, model)])
  const sessions = model.file.participants.flatMap((p) => p.cscSessions.map((s) => `${p.id}/${s.id}`))

  it("every session notices within 100–120 s and is back at its DR pair within 370 s; P0043N01 at 10:02:00.003480 and 10:06:10.007100", () => {
    const statuses = r.trace.ofKind("flow.status").filter((e) => e.data.service === "otp-csc" && e.t > lossAt)
    const noticed: Array<number> = []
    const back: Array<number> = []
    for (const flow of sessions) {
      const mine = statuses.filter((e) => e.data.flow === flow)
      noticed.push(mine.find((e) => e.data.detail === "not logged on")!.t - lossAt)
      back.push(mine.find((e) => e.data.up === 1)!.t - lossAt)
    }
    expect(sessions.length).toBe(361)
    expect(Math.min(...noticed)).toBeGreaterThanOrEqual(seconds(100))
    expect(Math.max(...noticed)).toBeLessThan(seconds(120))
    expect(Math.max(...back)).toBeLessThanOrEqual(seconds(370))
    expect(statuses.filter((e) => e.data.flow === "P0043/P0043N01").map((e) => [e.t, e.data.up, e.data.detail])).toEqual([
      [at("10:02:00.003480"), 0, "not logged on"],
      [at("10:06:10.007100"), 1, "logged on to cccg-dc2-1 (primary's DR pair)"]
    ])
  })
})

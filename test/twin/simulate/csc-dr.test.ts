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
    // Hand-worked (session.ts, DOMAIN §1 timings): the loss is noticed 100–120 s on (6 silent 20 s
    // heartbeat intervals, counted from the last echo), then 10 s, 60 s unanswered on the primary, 60 s,
    // 60 s on the secondary, 60 s: the DR pair, open since 10:02, answers within milliseconds.
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

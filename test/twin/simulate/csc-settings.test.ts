import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { type Micros, parseClock } from "../../../twin/engine/time.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import type { CscSettings } from "../../../twin/settings/csc.ts"
import { cscWiring, ordersFor } from "../../../twin/simulate/wire-csc.ts"
import { simulate } from "../../../twin/simulate/simulate.ts"

const at = (t: string): Micros => parseClock(t)!
const bn = 1_000_000_000

describe("the seeded order mix (settings.csc.orders)", () => {
  it("the default mix is the schedule as it was: 10–40 orders, RMB 1–20 million, no cancels", () => {
    const orders = ordersFor(20260226, "P0002N01")
    expect(ordersFor(20260226, "P0002N01", {})).toEqual(orders)
    expect(orders.length).toBeGreaterThanOrEqual(10)
    expect(orders.length).toBeLessThanOrEqual(40)
    for (const o of orders) {
      if (!("order" in o)) throw new Error("a cancel in the default mix")
      expect(o.amount).toBeGreaterThanOrEqual(1_000_000)
      expect(o.amount).toBeLessThanOrEqual(20_000_000)
    }
  })

  it("counts, shares and amounts: [4, 4] orders all 5 bn Shanghai buys; a buy share of 0 makes the same orders sells", () => {
    const buys = ordersFor(1, "P0002N01", { perSession: [4, 4], buyShare: 1, sseShare: 1, amount: [5 * bn, 5 * bn] })
    expect(buys.map((o) => ("order" in o ? [o.market, o.side, o.amount] : o))).toEqual(Array(4).fill(["SSE", "buy", 5 * bn]))
    const sells = ordersFor(1, "P0002N01", { perSession: [4, 4], buyShare: 0, sseShare: 0, amount: [5 * bn, 5 * bn] })
    // The same draws: same times and ids; only the side and market follow the shares.
    expect(sells.map((o) => ("order" in o ? [o.at, o.order, o.market, o.side] : o))).toEqual(
      buys.map((o) => ("order" in o ? [o.at, o.order, "SZSE", "sell"] : o))
    )
  })

  it("a cancel share of 1 cancels every order `cancelAfter` after it; a share of 0.5 cancels some of the same orders", () => {
    const mix = { perSession: [4, 4] as const, buyShare: 1, amount: [5 * bn, 5 * bn] as const }
    const plain = ordersFor(1, "P0002N01", mix)
    const all = ordersFor(1, "P0002N01", { ...mix, cancelShare: 1, cancelAfter: 500_000 })
    expect(all.filter((o) => "order" in o)).toEqual(plain)
    expect(all.filter((o) => "cancel" in o)).toEqual(
      plain.flatMap((o) => ("order" in o ? [{ at: o.at + 500_000, cancel: o.order }] : [])).sort((x, y) => x.at - y.at)
    )
    const some = ordersFor(1, "P0002N01", { ...mix, cancelShare: 0.5, cancelAfter: 500_000 })
    expect(some.filter((o) => "order" in o)).toEqual(plain)
    const cancelled = some.filter((o) => "cancel" in o)
    expect(cancelled.length).toBeLessThan(4)
    for (const c of cancelled) expect(all).toContainEqual(c)
  })
})

// A small estate: the default one with a single participant, P0002 (one CSC session P0002N01, primary
// cccg-dc1-2; one circuit, P0002-c1, 100 Mbps, 923 µs). An order (58 + 96 = 154 bytes) goes
//   P0002.lan-bss 10 + P0002-c1 923 + cb-pop-1--ar-dc1-a 180 + ar-dc1-a--fw-dc1-a 2 + fw-dc1-a--old-dist-dc1-a 3
//   + cccg-dc1-2--old-dist-dc1-a 5 = 1,123 µs, plus ⌈154 × 8 / 100⌉ = 13 µs on the circuit, to the CCCG;
//   then cccg-dc1-2--old-dist-dc1-a 5 + sse-link-dc1--old-dist-dc1-a 5 = 10 µs, plus ⌈154 × 8 / 40,000⌉ = 1 µs,
// to the SSE link: 1,147 µs from submission to the ledger.
//
// With the mix below (seed 1) the session's four orders are 5 bn Shanghai buys submitted at
//   09:14:58.937828 (-001, pre-session: trades at the 09:25 call match), 09:42:43.046639 (-002),
//   13:12:09.993779 (-004) and 14:50:58.321842 (-003) — the seed's draws, read from ordersFor above.
const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
const model = buildModel({ ...parsed.success, participants: parsed.success.participants.filter((p) => p.id === "P0002") })
const mix = { perSession: [4, 4] as const, buyShare: 1, sseShare: 1, amount: [5 * bn, 5 * bn] as const }

const day = (csc: CscSettings) => {
  const trace = new MemoryTrace()
  simulate({ model, seed: 1, window: { from: at("09:05"), to: at("15:05") }, wirings: [cscWiring], trace, settings: { csc } })
  return trace
}

describe("China Connect settings in a simulated day", () => {
  it("the schedule is the one the mix draws", () => {
    expect(ordersFor(1, "P0002N01", mix).map((o) => ("order" in o ? [o.at, o.order] : o))).toEqual([
      [at("09:14:58") + 937_828, "P0002N01-001"],
      [at("09:42:43") + 46_639, "P0002N01-002"],
      [at("13:12:09") + 993_779, "P0002N01-004"],
      [at("14:50:58") + 321_842, "P0002N01-003"]
    ])
  })

  it("a 12 bn Shanghai quota closes buys for the day when the third 5 bn buy reaches the link: 13:12:09.994926", () => {
    const trace = day({ orders: mix, dailyQuota: { SSE: 12 * bn } })
    // 12 − 5 − 5 − 5 = −3 bn, at 13:12:09.993779 + 1,147 µs, in continuous trading.
    expect(trace.ofKind("csc.quota").map((e) => [e.t, e.subject, e.data["event"] ?? e.data["buysOpen"], e.data["dqb"], e.data["buyOrders"] ?? null])).toEqual([
      [at("13:12:09") + 994_926, "sse-link-dc1", "closed-for-day", -3 * bn, 15 * bn],
      // The fourth buy is refused by the CCCG: 1,136 µs there, 1,136 µs back (the reply is the same size).
      [at("14:50:58") + 321_842 + 2 * 1_136, "P0002", false, -3 * bn, null]
    ])
  })

  it("with the default quota the same buys never close it; with every order cancelled 500 ms after it, nor does 12 bn", () => {
    expect(day({ orders: mix }).ofKind("csc.quota")).toEqual([])
    const cancelled = day({ orders: { ...mix, cancelShare: 1, cancelAfter: 500_000 }, dailyQuota: { SSE: 12 * bn } })
    expect(cancelled.ofKind("csc.quota")).toEqual([])
    // Each cancel reaches the link 500 ms + 1,147 µs after its order, before the 1 s fill (and -001's
    // before the 09:25 call match): every buy is given back, and DQB is 12 bn after each cancel.
    expect(cancelled.ofKind("csc.order").filter((e) => e.data["event"] === "cancelled").map((e) => [e.data["order"], e.data["dqb"]])).toEqual([
      ["P0002N01-001", 12 * bn], ["P0002N01-002", 12 * bn], ["P0002N01-004", 12 * bn], ["P0002N01-003", 12 * bn]
    ])
  })

  it("a scheduled −7 bn adjustment at 13:00 closes buys for the day at 13:00, before the third buy comes", () => {
    // 12 − 5 − 5 = 2 bn after -002; −7 bn at 13:00:00 (continuous trading) → −5 bn: closed for the day at 13:00.
    const trace = day({ orders: mix, dailyQuota: { SSE: 12 * bn }, adjustments: [{ at: at("13:00"), market: "SSE", amount: -7 * bn }] })
    expect(trace.ofKind("csc.quota").filter((e) => e.subject === "sse-link-dc1").map((e) => [e.t, e.data["event"], e.data["dqb"], e.data["cause"]])).toEqual([
      [at("13:00"), "closed-for-day", -5 * bn, "adjustment"]
    ])
  })
})

import { describe, expect, it } from "vitest"
import { constantNetwork } from "../../../../twin/engine/runtime.ts"
import { encodeTraceEvent } from "../../../../twin/engine/trace.ts"
import { at, bn, cscWorld, L, quotaEvents, reports } from "./fixture.ts"

// Path of an order: session → CCCG (L) → link (L) → CCCG (L) → session (L). An order sent at T is
// accepted at the session at T + 4L; one the CCCG refuses is back at T + 2L. In continuous trading the
// link fills an order 1 s after it arrived (T + 2L + 1 s), reported at T + 4L + 1 s.
// Ledger, in RMB bn: DQB = 52 − buy orders + sell trades + adjustments (DOMAIN §2).

describe("Northbound quota (DQB)", () => {
  it("closes buys for the rest of the day when DQB reaches 0 in continuous trading; sells still go", () => {
    const { rt, trace } = cscWorld(constantNetwork(L), [{
      participant: "P0001",
      session: "P0001C01",
      orders: [
        { at: at("09:31"), order: "B1", market: "SSE", side: "buy", amount: 30 * bn }, // DQB 52 → 22
        { at: at("09:32"), order: "B2", market: "SSE", side: "buy", amount: 25 * bn }, // 22 → −3: closed for the day
        { at: at("09:33"), order: "B3", market: "SSE", side: "buy", amount: 1 * bn }, // refused by the CCCG
        { at: at("09:34"), order: "S1", market: "SSE", side: "sell", amount: 5 * bn }, // accepted; its trade: −3 → 2
        { at: at("09:40"), order: "B4", market: "SSE", side: "buy", amount: 1 * bn }, // DQB 2 > 0, still refused
        { at: at("12:00"), order: "S2", market: "SSE", side: "sell", amount: 1 * bn }, // lunch: outside hours
        { at: at("13:05"), order: "B5", market: "SSE", side: "buy", amount: 1 * bn }, // afternoon: still refused
        { at: at("13:06"), order: "S3", market: "SSE", side: "sell", amount: 1 * bn }, // 2 → 3
        { at: at("13:07"), order: "B6", market: "SZSE", side: "buy", amount: 1 * bn } // Shenzhen has its own quota: 52 → 51
      ]
    }])
    rt.run(at("16:00"))
    expect(reports(trace.events)).toEqual([
      [at("09:31") + 4 * L, "accepted", "B1", 22 * bn],
      [at("09:31:01") + 4 * L, "traded", "B1", 22 * bn],
      [at("09:32") + 4 * L, "accepted", "B2", -3 * bn],
      [at("09:32:01") + 4 * L, "traded", "B2", -3 * bn],
      [at("09:33") + 2 * L, "rejected", "B3", "quota"],
      [at("09:34") + 4 * L, "accepted", "S1", -3 * bn],
      [at("09:34:01") + 4 * L, "traded", "S1", 2 * bn],
      [at("09:40") + 2 * L, "rejected", "B4", "quota"],
      [at("12:00") + 2 * L, "rejected", "S2", "outside-hours"],
      [at("13:05") + 2 * L, "rejected", "B5", "quota"],
      [at("13:06") + 4 * L, "accepted", "S3", 2 * bn],
      [at("13:06:01") + 4 * L, "traded", "S3", 3 * bn],
      [at("13:07") + 4 * L, "accepted", "B6", 51 * bn],
      [at("13:07:01") + 4 * L, "traded", "B6", 51 * bn]
    ])
    // The refusal of B4 carries the DQB the CCCG last heard (2 bn, after S1's trade).
    expect(trace.ofKind("csc.order").find((e) => e.data["order"] === "B4" && e.data["event"] === "rejected")!.data["dqb"]).toBe(2 * bn)
    // The link closes the quota when B2 arrives (09:32 + 2L); the session sees it with B3's refusal.
    expect(quotaEvents(trace.events)).toEqual([
      [at("09:32") + 2 * L, "sse-link-dc1", "closed-for-day", -3 * bn],
      [at("09:33") + 2 * L, "P0001", false, -3 * bn]
    ])
  })

  it("during the opening call suspends buys while DQB ≤ 0 and accepts them again once a cancel restores it", () => {
    const { rt, trace } = cscWorld(constantNetwork(L), [{
      participant: "P0001",
      session: "P0001C01",
      orders: [
        { at: at("09:16"), order: "B1", market: "SSE", side: "buy", amount: 50 * bn }, // 52 → 2
        { at: at("09:17"), order: "B2", market: "SSE", side: "buy", amount: 3 * bn }, // 2 → −1: suspended, not closed
        { at: at("09:18"), order: "B3", market: "SSE", side: "buy", amount: 1 * bn }, // refused
        { at: at("09:19"), cancel: "B2" }, // adjustment +3: −1 → 2, buys open again
        { at: at("09:19:30"), order: "B4", market: "SSE", side: "buy", amount: 1 * bn }, // 2 → 1
        { at: at("09:21"), cancel: "B4" } // 09:20–09:25: no cancellations
      ]
    }])
    rt.run(at("09:40"))
    expect(reports(trace.events)).toEqual([
      [at("09:16") + 4 * L, "accepted", "B1", 2 * bn],
      [at("09:17") + 4 * L, "accepted", "B2", -1 * bn],
      [at("09:18") + 2 * L, "rejected", "B3", "quota"],
      [at("09:19") + 4 * L, "cancelled", "B2", 2 * bn],
      [at("09:19:30") + 4 * L, "accepted", "B4", 1 * bn],
      [at("09:21") + 2 * L, "cancel-rejected", "B4", "no-cancel-period"],
      // Orders collected in the call trade at the 09:25 match (reported 2L after the link fills them).
      [at("09:25") + 2 * L, "traded", "B1", 1 * bn],
      [at("09:25") + 2 * L, "traded", "B4", 1 * bn]
    ])
    // DQB 1 bn > 0 at 09:30: continuous trading starts with buys open; no further quota event.
    expect(quotaEvents(trace.events)).toEqual([
      [at("09:17") + 2 * L, "sse-link-dc1", "suspended", -1 * bn],
      [at("09:18") + 2 * L, "P0001", false, -1 * bn],
      [at("09:19") + 2 * L, "sse-link-dc1", "reopened", 2 * bn],
      [at("09:19:30") + 4 * L, "P0001", true, 1 * bn]
    ])
  })

  it("closes buys for the day at 09:30:00 when continuous trading starts with DQB still ≤ 0", () => {
    const { rt, trace } = cscWorld(constantNetwork(L), [{
      participant: "P0001",
      session: "P0001C01",
      orders: [
        { at: at("09:16"), order: "B1", market: "SSE", side: "buy", amount: 52 * bn }, // 52 → 0: suspended
        { at: at("09:26"), order: "S1", market: "SSE", side: "sell", amount: 2 * bn }, // trades at 09:30 only
        { at: at("09:31"), order: "B2", market: "SSE", side: "buy", amount: 1 * bn }
      ]
    }])
    rt.run(at("09:40"))
    // At 09:30:00 the link's phase timer and S1's fill fire at the same instant; the phase timer was armed
    // first (at 09:25), so the quota closes for the day on DQB 0 before the sell trade lifts it to 2.
    expect(quotaEvents(trace.events).filter((e) => e[1] === "sse-link-dc1")).toEqual([
      [at("09:16") + 2 * L, "sse-link-dc1", "suspended", 0],
      [at("09:30"), "sse-link-dc1", "closed-for-day", 0]
    ])
    expect(reports(trace.events).slice(-1)).toEqual([[at("09:31") + 2 * L, "rejected", "B2", "quota"]])
  })

  it("is one market-wide ledger: a buy through one CCCG exhausts the quota for sessions on the other", () => {
    const { rt, trace } = cscWorld(constantNetwork(L), [
      { participant: "P0001", session: "P0001C01", orders: [{ at: at("09:31"), order: "A1", market: "SZSE", side: "buy", amount: 40 * bn }] },
      {
        participant: "P0002",
        session: "P0002C01",
        primary: "cccg-dc1-2",
        secondary: "cccg-dc1-1",
        orders: [
          { at: at("09:32"), order: "X1", market: "SZSE", side: "buy", amount: 12 * bn }, // 12 → 0
          { at: at("09:33"), order: "X2", market: "SZSE", side: "buy", amount: 1 * bn }
        ]
      }
    ])
    rt.run(at("09:40"))
    expect(reports(trace.events).filter((r) => r[1] !== "traded")).toEqual([
      [at("09:31") + 4 * L, "accepted", "A1", 12 * bn],
      [at("09:32") + 4 * L, "accepted", "X1", 0],
      [at("09:33") + 2 * L, "rejected", "X2", "quota"]
    ])
  })

  it("returns a buy's price improvement to DQB as an adjustment", () => {
    // 100 bp of a 10 bn buy = 0.1 bn back at its fill: 52 − 10 + 0.1 = 42.1 bn.
    const { rt, trace } = cscWorld(constantNetwork(L), [{
      participant: "P0001",
      session: "P0001C01",
      orders: [{ at: at("10:00"), order: "B1", market: "SSE", side: "buy", amount: 10 * bn }]
    }], { buyImprovementBp: 100 })
    rt.run(at("10:01"))
    expect(reports(trace.events)).toEqual([
      [at("10:00") + 4 * L, "accepted", "B1", 42 * bn],
      [at("10:00:01") + 4 * L, "traded", "B1", 42_100_000_000]
    ])
  })

  it("is deterministic: two identical runs give byte-identical traces", () => {
    const run = () => {
      const { rt, trace } = cscWorld(constantNetwork(L), [
        { participant: "P0001", session: "P0001C01", orders: [{ at: at("09:31"), order: "A1", market: "SSE", side: "buy", amount: 60 * bn }, { at: at("09:32"), order: "A2", market: "SSE", side: "sell", amount: 1 * bn }] },
        { participant: "P0002", session: "P0002C01", primary: "cccg-dc1-2", secondary: "cccg-dc1-1", orders: [{ at: at("09:31"), order: "X1", market: "SSE", side: "buy", amount: 1 * bn }] }
      ])
      rt.run(at("16:00"))
      return trace.events.map(encodeTraceEvent).join("\n")
    }
    const first = run()
    expect(first.length).toBeGreaterThan(0)
    expect(run()).toBe(first)
  })
})

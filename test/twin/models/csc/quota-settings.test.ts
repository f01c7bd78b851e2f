import { describe, expect, it } from "vitest"
import { constantNetwork } from "../../../../twin/engine/runtime.ts"
import { at, bn, cscWorld, L, quotaEvents, reports } from "./fixture.ts"

// As in quota.test.ts: an order sent at T is accepted at the session at T + 4L (it reached the link, which
// keeps the ledger, at T + 2L); one the CCCG refuses is back at T + 2L. The link tells the CCCGs of every
// change of DQB (one L away). DQB = Daily Quota − Buy Orders + Sell Trades + Adjustments (DOMAIN §2).

describe("the daily quota set by the user (settings.csc.dailyQuota)", () => {
  const orders = [
    { at: at("09:31"), order: "B1", market: "SSE", side: "buy", amount: 5 * bn }, // 12 → 7
    { at: at("09:32"), order: "B2", market: "SSE", side: "buy", amount: 5 * bn }, // 7 → 2
    { at: at("09:33"), order: "B3", market: "SSE", side: "buy", amount: 5 * bn }, // 2 → −3: closed for the day
    { at: at("09:34"), order: "B4", market: "SSE", side: "buy", amount: 5 * bn }, // refused
    { at: at("09:35"), order: "X1", market: "SZSE", side: "buy", amount: 20 * bn } // Shenzhen keeps 52: 52 → 32
  ] as const

  it("a 12 bn Shanghai quota closes Shanghai buys when the third 5 bn buy reaches the link, 09:33:00.002", () => {
    const { rt, trace } = cscWorld(constantNetwork(L), [{ participant: "P0001", session: "P0001C01", orders }], { dailyQuota: { SSE: 12 * bn } })
    rt.run(at("09:40"))
    expect(quotaEvents(trace.events)).toEqual([
      [at("09:33") + 2 * L, "sse-link-dc1", "closed-for-day", -3 * bn],
      [at("09:34") + 2 * L, "P0001", false, -3 * bn]
    ])
    expect(reports(trace.events).filter((r) => r[1] !== "traded")).toEqual([
      [at("09:31") + 4 * L, "accepted", "B1", 7 * bn],
      [at("09:32") + 4 * L, "accepted", "B2", 2 * bn],
      [at("09:33") + 4 * L, "accepted", "B3", -3 * bn],
      [at("09:34") + 2 * L, "rejected", "B4", "quota"],
      [at("09:35") + 4 * L, "accepted", "X1", 32 * bn]
    ])
  })

  it("with the default 52 bn every one of those buys is accepted and the quota never closes", () => {
    const { rt, trace } = cscWorld(constantNetwork(L), [{ participant: "P0001", session: "P0001C01", orders }])
    rt.run(at("09:40"))
    expect(quotaEvents(trace.events)).toEqual([])
    expect(reports(trace.events).filter((r) => r[1] === "accepted").map((r) => [r[2], r[3]])).toEqual([
      ["B1", 47 * bn], ["B2", 42 * bn], ["B3", 37 * bn], ["B4", 32 * bn], ["X1", 32 * bn]
    ])
  })
})

describe("scheduled quota adjustments (settings.csc.adjustments)", () => {
  const orders = [
    { at: at("09:16"), order: "B1", market: "SSE", side: "buy", amount: 10 * bn }, // 10 → 0: suspended (opening call)
    { at: at("09:17"), order: "B2", market: "SSE", side: "buy", amount: 1 * bn }, // refused
    { at: at("09:19"), order: "B3", market: "SSE", side: "buy", amount: 2 * bn } // after +3 bn at 09:18: 3 → 1
  ] as const

  it("+3 bn at 09:18 reopens buys in the opening call auction at 09:18:00 exactly", () => {
    const { rt, trace } = cscWorld(constantNetwork(L), [{ participant: "P0001", session: "P0001C01", orders }], {
      dailyQuota: { SSE: 10 * bn },
      adjustments: { SSE: [{ at: at("09:18"), amount: 3 * bn }] }
    })
    rt.run(at("09:40"))
    expect(quotaEvents(trace.events)).toEqual([
      [at("09:16") + 2 * L, "sse-link-dc1", "suspended", 0],
      [at("09:17") + 2 * L, "P0001", false, 0],
      // The link's timer: DQB 0 + 3 = 3 > 0. The CCCGs hear it at 09:18 + L, before B3 comes.
      [at("09:18"), "sse-link-dc1", "reopened", 3 * bn],
      [at("09:19") + 4 * L, "P0001", true, 1 * bn]
    ])
    const link = trace.ofKind("csc.quota").find((e) => e.subject === "sse-link-dc1" && e.data["event"] === "reopened")!
    expect([link.data["cause"], link.data["adjustments"], link.data["buyOrders"]]).toEqual(["adjustment", 3 * bn, 10 * bn])
    // B1 and B3 trade at the 09:25 call match; DQB 1 bn > 0 at 09:30: continuous trading opens with buys open.
    expect(reports(trace.events).filter((r) => r[2] === "B3")).toEqual([
      [at("09:19") + 4 * L, "accepted", "B3", 1 * bn],
      [at("09:25") + 2 * L, "traded", "B3", 1 * bn]
    ])
  })

  it("without the adjustment B3 is refused and buys close for the day at 09:30 on DQB 0", () => {
    const { rt, trace } = cscWorld(constantNetwork(L), [{ participant: "P0001", session: "P0001C01", orders }], { dailyQuota: { SSE: 10 * bn } })
    rt.run(at("09:40"))
    expect(quotaEvents(trace.events).filter((e) => e[1] === "sse-link-dc1")).toEqual([
      [at("09:16") + 2 * L, "sse-link-dc1", "suspended", 0],
      [at("09:30"), "sse-link-dc1", "closed-for-day", 0]
    ])
    expect(reports(trace.events).filter((r) => r[2] === "B3")).toEqual([[at("09:19") + 2 * L, "rejected", "B3", "quota"]])
  })

  it("at 09:30:00, the instant continuous trading starts, an adjustment is counted before the phase closes buys", () => {
    const { rt, trace } = cscWorld(constantNetwork(L), [{ participant: "P0001", session: "P0001C01", orders: orders.slice(0, 1) }], {
      dailyQuota: { SSE: 10 * bn },
      adjustments: { SSE: [{ at: at("09:30"), amount: 1 * bn }] }
    })
    rt.run(at("09:40"))
    expect(quotaEvents(trace.events).filter((e) => e[1] === "sse-link-dc1")).toEqual([
      [at("09:16") + 2 * L, "sse-link-dc1", "suspended", 0],
      [at("09:30"), "sse-link-dc1", "reopened", 1 * bn]
    ])
  })

  it("a negative adjustment in continuous trading that takes DQB to 0 closes buys for the day", () => {
    // 52 − 52 = 0 at 10:00 in continuous trading; a +5 bn adjustment at 10:30 no longer reopens them.
    const { rt, trace } = cscWorld(constantNetwork(L), [{
      participant: "P0001",
      session: "P0001C01",
      orders: [{ at: at("10:45"), order: "B1", market: "SZSE", side: "buy", amount: 1 * bn }]
    }], { adjustments: { SZSE: [{ at: at("10:30"), amount: 5 * bn }, { at: at("10:00"), amount: -52 * bn }] } })
    rt.run(at("11:00"))
    expect(quotaEvents(trace.events)).toEqual([
      [at("10:00"), "szse-link-dc1", "closed-for-day", 0],
      // B1 is refused with the DQB the CCCG last heard: 5 bn after the 10:30 adjustment.
      [at("10:45") + 2 * L, "P0001", false, 5 * bn]
    ])
    expect(reports(trace.events)).toEqual([[at("10:45") + 2 * L, "rejected", "B1", "quota"]])
  })
})

describe("a day that starts without quota", () => {
  it("says so when the link starts (suspended), and closes buys for the day at 09:30", () => {
    const { rt, trace } = cscWorld(constantNetwork(L), [{
      participant: "P0001",
      session: "P0001C01",
      orders: [{ at: at("09:12"), order: "B1", market: "SSE", side: "buy", amount: 1 * bn }]
    }], { dailyQuota: { SSE: 0 } })
    rt.run(at("09:40"))
    // The links start at 00:00 in this world. The CCCGs start with the same view (quota 0: buys closed), so
    // B1 is refused at the gateway with DQB 0.
    expect(quotaEvents(trace.events)).toEqual([
      [0, "sse-link-dc1", "suspended", 0],
      [at("09:12") + 2 * L, "P0001", false, 0],
      [at("09:30"), "sse-link-dc1", "closed-for-day", 0]
    ])
    expect(trace.ofKind("csc.quota")[0]!.data["cause"]).toBe("start")
  })
})

import { describe, expect, it } from "vitest"
import { constantNetwork } from "../../../../twin/engine/runtime.ts"
import type { TraceEvent } from "../../../../twin/engine/trace.ts"
import { at, bn, cscWorld, L, reports } from "./fixture.ts"

const flows = (events: ReadonlyArray<TraceEvent>) =>
  events.filter((e) => e.kind === "flow.status").map((e) => [e.t, e.subject, e.data["flow"], e.data["up"], e.data["of"], e.data["detail"]])

const silent = (node: string, from = 0) => (a: string, b: string, now: number) => now >= from && (a === node || b === node)

describe("CSC northbound session", () => {
  it("fails over to the secondary CCCG when the primary does not answer the logon, and sends the orders held meanwhile", () => {
    // Logon to cccg-dc1-1 at 09:09; no answer in 60 s (09:10); the next logon, to cccg-dc1-2, goes 60 s
    // later (09:11) and is answered 2L after. S1, due at 09:10:30, is held and sent on that logon.
    const { rt, trace } = cscWorld(constantNetwork(L, silent("cccg-dc1-1")), [{
      participant: "P0001",
      session: "P0001C01",
      startAt: at("09:09"),
      orders: [{ at: at("09:10:30"), order: "S1", market: "SSE", side: "sell", amount: 1 * bn }]
    }])
    rt.run(at("09:30"))
    expect(flows(trace.events)).toEqual([
      [at("09:09"), "P0001", "P0001/P0001C01", 0, 2, "not logged on"],
      [at("09:11") + 2 * L, "P0001", "P0001/P0001C01", 1, 2, "logged on to cccg-dc1-2 (secondary)"]
    ])
    const s1 = trace.ofKind("csc.order").map((e) => [e.t, e.data["event"], e.data["gateway"] ?? null])
    // Sent at 09:11:00.002 through cccg-dc1-2, accepted 4L later; it trades at the 09:25 match.
    expect(s1).toEqual([
      [at("09:10:30"), "held", null],
      [at("09:11") + 2 * L, "submitted", "cccg-dc1-2"],
      [at("09:11") + 6 * L, "accepted", null],
      [at("09:25") + 2 * L, "traded", null]
    ])
  })

  it("detects a silent primary by heartbeats, retries the primary first, then moves to the secondary", () => {
    // Logged on to cccg-dc1-1 at 09:00:00.002; heartbeats every 20 s from then, each echoed 2L later. The
    // primary goes silent at 10:00, just before the 10:00:00.002 tick: the last echo was of the
    // 09:59:40.002 heartbeat, heard at .004. The session is lost at the 6th tick after it, 10:01:40.002
    // (100.002 s after the loss). Reconnect 10 s later to the primary (10:01:50.002), no answer by
    // 10:02:50.002, the secondary 60 s after that (10:03:50.002), logged on 2L later.
    const { rt, trace } = cscWorld(constantNetwork(L, silent("cccg-dc1-1", at("10:00"))), [{ participant: "P0001", session: "P0001C01", orders: [] }])
    rt.run(at("10:10"))
    expect(flows(trace.events).map((f) => [f[0], f[3], f[5]])).toEqual([
      [at("09:00"), 0, "not logged on"],
      [at("09:00") + 2 * L, 1, "logged on to cccg-dc1-1 (primary)"],
      [at("10:01:40") + 2 * L, 0, "not logged on"],
      [at("10:03:50") + 4 * L, 1, "logged on to cccg-dc1-2 (secondary)"]
    ])
  })

  describe("gives up at the 6th heartbeat tick after the last message heard, whatever the loss's phase and the round trip", () => {
    // One way d, so a logon at 09:00 is answered at 09:00 + 2d, and the ticks fall at T = 10:00 + 2d plus
    // multiples of 20 s, each echo heard 2d after its tick. The primary goes silent (for what is sent from
    // then on) at `from` in the interval after T. While the echo of T is heard (from > T + d), the last
    // message heard is at T + 2d and the 6th tick after it is T + 120 s, wherever in the interval the loss
    // falls: noticed 120 s − (from − T) on, from 120 − 2d (just after the echo) to 100 (just before the
    // next tick). The `silentIntervals × 20 s since the last message` test held each of them to T + 140 s:
    // 20 s late. A loss between the tick and its echo silences that echo: the last message heard is the
    // echo of T − 20 s, and the session gives up at T + 100 s, up to a round trip short of 100 s on.
    const cases = [
      { d: L, phase: "just after an echo", from: 2 * L + 1, lostAt: 120_000 },
      { d: L, phase: "mid-interval", from: 10_000 * L, lostAt: 120_000 },
      { d: L, phase: "just before a tick", from: 20_000 * L - 1, lostAt: 120_000 },
      { d: L, phase: "between a heartbeat and its echo", from: L, lostAt: 100_000 },
      { d: 3_000 * L, phase: "just after an echo", from: 6_000 * L + 1, lostAt: 120_000 },
      { d: 3_000 * L, phase: "mid-interval", from: 10_000 * L, lostAt: 120_000 },
      { d: 3_000 * L, phase: "just before a tick", from: 20_000 * L - 1, lostAt: 120_000 },
      { d: 3_000 * L, phase: "between a heartbeat and its echo", from: 3_000 * L, lostAt: 100_000 }
    ]
    for (const c of cases) {
      it(`one way ${c.d / L} ms, lost ${c.phase} (T + ${c.from / L} ms): not logged on at T + ${c.lostAt / 1000} s`, () => {
        const T = at("10:00") + 2 * c.d
        const { rt, trace } = cscWorld(constantNetwork(c.d, silent("cccg-dc1-1", T + c.from)), [{ participant: "P0001", session: "P0001C01", orders: [] }])
        rt.run(at("10:04"))
        const lost = flows(trace.events).filter((f) => f[3] === 0 && Number(f[0]) > at("09:30")).map((f) => f[0])
        expect(lost[0]).toBe(T + c.lostAt * L)
        const noticed = (T + c.lostAt * L - (T + c.from)) / (1000 * L)
        expect(noticed).toBeGreaterThan(c.lostAt === 100_000 ? 100 - (2 * c.d) / (1000 * L) : 100)
        expect(noticed).toBeLessThan(120)
      })
    }
  })

  it("is refused by a CCCG it has not logged on to, and outside the Northbound hours", () => {
    // The session is logged on to cccg-dc1-1 only: an order arriving at cccg-dc1-2 for it (injected here as
    // if the session had sent it on its connection 1) is refused there, one hop from the session. Order input runs 09:10–11:30
    // and 12:55–15:00, half-open.
    const { rt, trace } = cscWorld(constantNetwork(L), [{
      participant: "P0001",
      session: "P0001C01",
      orders: [
        { at: at("09:05"), order: "S0", market: "SSE", side: "sell", amount: 1 * bn },
        { at: at("11:30"), order: "S1", market: "SSE", side: "sell", amount: 1 * bn },
        { at: at("12:55"), order: "S2", market: "SSE", side: "sell", amount: 1 * bn },
        { at: at("15:00"), order: "S3", market: "SSE", side: "sell", amount: 1 * bn }
      ]
    }])
    rt.inject(at("09:06"), "cccg-dc1-2", {
      _tag: "receive",
      from: "P0001.csc.P0001C01",
      message: { _tag: "order", session: "P0001C01", conn: 1, client: "", order: "Z9", market: "SSE", side: "sell", amount: 1 }
    })
    rt.run(at("16:00"))
    expect(reports(trace.events)).toEqual([
      [at("09:05") + 2 * L, "rejected", "S0", "outside-hours"],
      [at("09:06") + L, "rejected", "Z9", "not-logged-on"],
      [at("11:30") + 2 * L, "rejected", "S1", "outside-hours"],
      // 12:55–13:00 accepts orders; they trade when continuous trading resumes at 13:00.
      [at("12:55") + 4 * L, "accepted", "S2", 52 * bn],
      [at("13:00") + 2 * L, "traded", "S2", 53 * bn],
      [at("15:00") + 2 * L, "rejected", "S3", "outside-hours"]
    ])
  })

  it("rides a 5-second cut on its TCP connection: the order written into it is retransmitted and accepted late, nothing lost, no reconnect", () => {
    // P0001.bss → cccg-dc1-1 cut 10:00:00–10:00:05. The heartbeat of 10:00:00.002 is the first message
    // written into it (data: retransmitted 200 ms, 400 ms, 800 ms, 1.6 s, 3.2 s later — at .202, .602,
    // 1.402, 3.002 and 6.202 s); S1, written at 10:00:01, waits behind it. Both go at 10:00:06.202: S1 at the
    // CCCG 1L later, the link 1L, back 2L: accepted at 10:00:06.206, traded 1 s after.
    const cut = (a: string, b: string, now: number) => a === "P0001.bss" && b === "cccg-dc1-1" && now >= at("10:00") && now < at("10:00:05")
    const { rt, trace } = cscWorld(constantNetwork(L, cut), [{
      participant: "P0001",
      session: "P0001C01",
      orders: [{ at: at("10:00:01"), order: "S1", market: "SSE", side: "sell", amount: 1 * bn }]
    }])
    rt.run(at("10:10"))
    expect(trace.ofKind("csc.order").map((e) => [e.t, e.data["event"]])).toEqual([
      [at("10:00:01"), "submitted"],
      [at("10:00:06.202") + 4 * L, "accepted"],
      [at("10:00:07.202") + 4 * L, "traded"]
    ])
    expect(flows(trace.events).map((f) => f[5])).toEqual(["not logged on", "logged on to cccg-dc1-1 (primary)"])
  })
})

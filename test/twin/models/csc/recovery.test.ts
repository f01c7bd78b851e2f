import { describe, expect, it } from "vitest"
import { constantNetwork } from "../../../../twin/engine/runtime.ts"
import type { TraceEvent } from "../../../../twin/engine/trace.ts"
import type { CscMessage, CscSessionState } from "../../../../twin/models/csc/index.ts"
import { at, bn, cscWorld, L } from "./fixture.ts"

const SESSION = "P0001.csc.P0001C01"
const ops = (message: CscMessage) => ({ _tag: "receive" as const, from: "ops", message })

/** The BSS's line to `gateway` cut (both ways) from `from`. */
const lineCut = (gateway: string, from: number) => (a: string, b: string, now: number) =>
  now >= from && ((a === "P0001.bss" && b === gateway) || (a === gateway && b === "P0001.bss"))
/** Everything to and from `node` lost from `from`. */
const silent = (node: string, from: number) => (a: string, b: string, now: number) => now >= from && (a === node || b === node)

/** `[t, event, order, replayed]` of the session's `csc.order` events. */
const orders = (events: ReadonlyArray<TraceEvent>) =>
  events.filter((e) => e.kind === "csc.order").map((e) => [e.t, e.data["event"], e.data["order"], e.data["replayed"] ?? false])

const flows = (events: ReadonlyArray<TraceEvent>) => events.filter((e) => e.kind === "flow.status").map((e) => [e.t, e.data["detail"]])

// S1, a sell at 09:16 in the opening call: sent to cccg-dc1-1 (the session's primary since 09:00:00.002),
// at the SSE link 1L later, its acceptance back at the session 2L after that (report 1); it trades at the
// 09:25 match.
const S1 = { at: at("09:16"), order: "S1", market: "SSE" as const, side: "sell" as const, amount: 1 * bn }

describe("CSC session recovery: reports numbered per session across the CCCGs, the missed ones written again after a Logon", () => {
  it("a fill reported while the session moves to its secondary is written again after the re-logon there, once", () => {
    // The line to cccg-dc1-1 is cut at 09:22. The last echo heard is the 09:21:40.002 heartbeat's (at .004);
    // the session is lost at the 6th heartbeat tick after it: 09:23:40.002. Reconnect 10 s later to the
    // primary (no answer: the line is cut), its Logon times out at 09:24:50.002, the secondary 60 s after:
    // Logon at 09:25:50.002 with next expected 2, answered 2L later with report 2 (the 09:25 fill, which
    // cccg-dc1-1 numbered and wrote into the cut line) written again behind the answer.
    const { rt, trace, store } = cscWorld(constantNetwork(L, lineCut("cccg-dc1-1", at("09:22"))), [{ participant: "P0001", session: "P0001C01", orders: [S1] }])
    rt.run(at("09:40"))
    expect(flows(trace.events)).toEqual([
      [at("09:00"), "not logged on"],
      [at("09:00") + 2 * L, "logged on to cccg-dc1-1 (primary)"],
      [at("09:23:40") + 2 * L, "not logged on"],
      [at("09:25:50") + 4 * L, "logged on to cccg-dc1-2 (secondary)"]
    ])
    expect(orders(trace.events)).toEqual([
      [at("09:16"), "submitted", "S1", false],
      [at("09:16") + 4 * L, "accepted", "S1", false],
      [at("09:25:50") + 4 * L, "traded", "S1", true]
    ])
    expect(rt.stateOf<CscSessionState>(SESSION).nextIn).toBe(3)
    expect(store.record("P0001C01")).toMatchObject({ holder: "cccg-dc1-2", written: 3, replayEnd: 3 })
  })

  it("a fill that comes after the session moved reaches it live through the CCCG holding it", () => {
    // Cut at 09:20 instead: lost at 09:21:40.002, the primary tried at 09:21:50.002, the secondary at
    // 09:23:50.002 (logged on .004). The 09:25 fill goes to cccg-dc1-1, the CCCG S1 came through (1L),
    // which numbers it 2 and passes it to cccg-dc1-2 (1L), which writes it (1L): heard at 09:25 + 3L.
    const { rt, trace } = cscWorld(constantNetwork(L, lineCut("cccg-dc1-1", at("09:20"))), [{ participant: "P0001", session: "P0001C01", orders: [S1] }])
    rt.run(at("09:40"))
    expect(orders(trace.events)).toEqual([
      [at("09:16"), "submitted", "S1", false],
      [at("09:16") + 4 * L, "accepted", "S1", false],
      [at("09:25") + 3 * L, "traded", "S1", false]
    ])
    expect(rt.stateOf<CscSessionState>(SESSION).nextIn).toBe(3)
  })

  it("a fill for an order whose CCCG is down goes through the CCCG operations point the link at, and is heard after the re-logon", () => {
    // cccg-dc1-1 silent from 09:22 (to the links too); at once operations point the links' orders of it at
    // cccg-dc1-2 (twin/simulate/csc-gateway-loss.ts). The 09:25 fill reaches cccg-dc1-2 1L later: numbered
    // 2, passed to the holder cccg-dc1-1 (lost). The session re-logs on at cccg-dc1-2 as in the first case.
    const { rt, trace } = cscWorld(constantNetwork(L, silent("cccg-dc1-1", at("09:22"))), [{ participant: "P0001", session: "P0001C01", orders: [S1] }])
    for (const link of ["sse-link-dc1", "szse-link-dc1"]) rt.inject(at("09:22"), link, ops({ _tag: "reroute", from: "cccg-dc1-1", to: "cccg-dc1-2" }))
    rt.run(at("09:40"))
    expect(orders(trace.events).slice(2)).toEqual([[at("09:25:50") + 4 * L, "traded", "S1", true]])
  })

  it("counts a report once: one numbered below the next expected is dropped unheard", () => {
    // As the first case; at 09:30 cccg-dc1-2 writes report 2 again on the session's connection (3).
    const { rt, trace, store } = cscWorld(constantNetwork(L, lineCut("cccg-dc1-1", at("09:22"))), [{ participant: "P0001", session: "P0001C01", orders: [S1] }])
    rt.run(at("09:29"))
    const again: CscMessage = { ...store.record("P0001C01")!.reports[1]!, conn: 3, seq: 2, possDup: true }
    rt.inject(at("09:30"), SESSION, { _tag: "receive", from: "cccg-dc1-2", message: again })
    rt.run(at("09:40"))
    expect(orders(trace.events).filter((o) => o[1] === "traded")).toEqual([[at("09:25:50") + 4 * L, "traded", "S1", true]])
    expect(rt.stateOf<CscSessionState>(SESSION).nextIn).toBe(3)
  })
})

import { describe, expect, it } from "vitest"
import { executionsExactlyOnce } from "../../../scenarios/checks/executions-exactly-once.ts"
import { ocgSessionRecovery } from "../../../scenarios/checks/ocg-session-recovery.ts"
import { at, ev, judge, rows } from "./support.ts"

const session = (participant: string, compId: string, data: Record<string, string | boolean>) =>
  ({ compId, flow: `${participant}/${compId}`, ...data })

const events = [
  ev("09:00:00", "ocg.session", "P1", session("P1", "P1T01", { event: "lookup", endpoint: "ls-dc1" })),
  ev("09:00:00", "ocg.session", "P1", session("P1", "P1D01", { event: "lookup", endpoint: "ls-dc1" })),
  ev("09:00:00", "ocg.session", "P2", session("P2", "P2T01", { event: "lookup", endpoint: "ls-dc1" })),
  ev("09:00:00.01", "ocg.session", "P1", session("P1", "P1T01", { event: "logon", gateway: "gw1", role: "primary" })),
  ev("09:00:00.02", "ocg.session", "P1", session("P1", "P1D01", { event: "logon", gateway: "gw1", role: "primary" })),
  // P2T01 never gets on: down from its first attempt.
  ev("09:01:00", "ocg.session", "P2", session("P2", "P2T01", { event: "logon-failed", gateway: "gw2", role: "primary", reason: "no Logon response" })),
  // gw1 crashes; the BSSs notice 100 s later and fail over.
  ev("09:02:00", "ocg.gateway", "gw1", { event: "crash", connectionsLost: 2 }),
  ev("09:03:40", "ocg.session", "P1", session("P1", "P1T01", { event: "disconnected", gateway: "gw1", role: "primary", reason: "no reply to Test Request" })),
  ev("09:03:41", "ocg.session", "P1", session("P1", "P1D01", { event: "disconnected", gateway: "gw1", role: "primary", reason: "no reply to Test Request" })),
  ev("09:04:30", "ocg.session", "P1", session("P1", "P1D01", { event: "logon", gateway: "gw2", role: "secondary" })),
  ev("09:05:50", "ocg.session", "P1", session("P1", "P1T01", { event: "logon", gateway: "gw2", role: "secondary" })),
  // A graceful logout is not an outage.
  ev("09:08:00", "ocg.session", "P1", session("P1", "P1D01", { event: "stopped", graceful: true }))
]
const window = { from: "09:01", to: "09:10" }

describe("ocg-session-recovery", () => {
  it("fails on sessions down longer than `within`, counted from their gateway's crash; one never logged on has no `to`", () => {
    const r = judge(ocgSessionRecovery, { within: "3m" }, window, events)
    expect(r.verdict).toBe("fail")
    expect(r.summary).toBe("longest OCG-C session outage 10m (within 3m): 2 outages over, 2 participants")
    expect(rows(r)).toEqual([
      ["P2", "P2T01", at("09:00:00"), undefined, "session P2T01 down 10m so far: not logged on yet; not logged on again"],
      ["P1", "P1T01", at("09:02:00"), at("09:05:50"), "session P1T01 down 3m50s: gw1 crashed; logged on again to gw2 (secondary)"]
    ])
  })

  it("passes when every session is back within `within`", () => {
    const r = judge(ocgSessionRecovery, { within: "15m" }, window, events)
    expect([r.verdict, r.summary]).toEqual(["pass", "longest OCG-C session outage 10m (within 15m)"])
  })

  it("an outage that ended before the window is not judged", () => {
    const r = judge(ocgSessionRecovery, { within: "1m" }, { from: "09:06", to: "09:10" }, events.filter((e) => e.data.compId !== "P2T01"))
    expect([r.verdict, r.summary]).toEqual(["pass", "longest OCG-C session outage 0s (within 1m)"])
  })

  it("a disconnect without a crash counts from the disconnect", () => {
    const r = judge(ocgSessionRecovery, { within: "30s" }, window, [
      ...events.slice(0, 5),
      ev("09:06:00", "ocg.session", "P1", session("P1", "P1D01", { event: "disconnected", gateway: "gw1", role: "primary", reason: "dropped by gateway: duplicate logon" })),
      ev("09:06:40", "ocg.session", "P1", session("P1", "P1D01", { event: "logon", gateway: "gw1", role: "primary" }))
    ].filter((e) => e.data.compId !== "P2T01"))
    expect(rows(r)).toEqual([["P1", "P1D01", at("09:06:00"), at("09:06:40"), "session P1D01 down 40s: dropped by gateway: duplicate logon (gw1); logged on again to gw1 (primary)"]])
  })

  it("says an outage just over `within` to the microsecond: 3m50.0004s fails within 3m50s", () => {
    const late = [...events.slice(0, 10), ev("09:05:50.0004", "ocg.session", "P1", session("P1", "P1T01", { event: "logon", gateway: "gw2", role: "secondary" }))]
      .filter((e) => e.data.compId !== "P2T01")
    const r = judge(ocgSessionRecovery, { within: "3m50s" }, window, late)
    expect([r.verdict, r.summary]).toEqual(["fail", "longest OCG-C session outage 3m50.0004s (within 3m50s): 1 outage over, 1 participant"])
    expect(rows(r)).toEqual([["P1", "P1T01", at("09:02:00"), at("09:05:50.0004"), "session P1T01 down 3m50.0004s: gw1 crashed; logged on again to gw2 (secondary)"]])
  })

  it("requires `within`", () => {
    expect(() => judge(ocgSessionRecovery, {}, window, events)).toThrow()
    expect(() => judge(ocgSessionRecovery, { within: "soon" }, window, events)).toThrow()
  })
})

describe("executions-exactly-once", () => {
  const short = (participant: string, compId: string, sent: number, applied: number, undelivered: number) => ({ participant, compId, sent, applied, undelivered })
  const ledger = (t: string, sent: number, undelivered: number, discarded: number, shorts: ReadonlyArray<ReturnType<typeof short>>) =>
    ev(t, "ocg.executions", "twin", { sessions: 4, sent, applied: sent - undelivered, undelivered, discarded, short: shorts })
  const ledgers = [
    // Before the window: P1T01 already 2 short (an earlier phase's loss, not this window's).
    ledger("09:00", 40, 0, 1, [short("P1", "P1T01", 10, 8, 0)]),
    ledger("09:06", 70, 1, 2, [short("P1", "P1T01", 10, 8, 0), short("P2", "P2T01", 20, 17, 1)]),
    ledger("09:10", 130, 1, 4, [short("P1", "P1T01", 14, 11, 0), short("P2", "P2T01", 30, 27, 1), short("P2", "P2D01", 5, 6, 0)])
  ]

  it("fails on executions lost or applied twice in the window, against the last ledger before it", () => {
    const r = judge(executionsExactlyOnce, {}, { from: "09:05", to: "09:10" }, ledgers)
    expect(r.verdict).toBe("fail")
    expect(r.summary).toBe("3 lost, 1 duplicated of 90 executions logged (max 0); 1 not yet delivered and 4 redelivered copies discarded at 09:10:00")
    expect(rows(r)).toEqual([
      ["P2", "P2T01", at("09:06"), undefined, "session P2T01: 2 executions lost — the host logged 30, the BSS applied 27, 1 not yet delivered (ledger 09:10:00)"],
      ["P1", "P1T01", at("09:06"), undefined, "session P1T01: 1 execution lost — the host logged 14, the BSS applied 11, 0 not yet delivered (ledger 09:10:00)"],
      ["P2", "P2D01", at("09:10"), undefined, "session P2D01: 1 execution applied twice — the host logged 5, the BSS applied 6, 0 not yet delivered (ledger 09:10:00)"]
    ])
  })

  it("passes when the books agree, however much is undelivered", () => {
    const r = judge(executionsExactlyOnce, {}, { from: "09:05", to: "09:10" }, [ledger("09:06", 70, 0, 0, []), ledger("09:10", 130, 12, 3, [])])
    expect([r.verdict, r.summary]).toEqual(["pass", "0 lost, 0 duplicated of 130 executions logged (max 0); 12 not yet delivered and 3 redelivered copies discarded at 09:10:00"])
  })

  it("without a ledger: pending while the window runs, failed at its end", () => {
    expect(judge(executionsExactlyOnce, {}, { from: "09:05", to: "09:10" }, [], "09:07").verdict).toBe("pass")
    const r = judge(executionsExactlyOnce, {}, { from: "09:05", to: "09:10" }, [])
    expect([r.verdict, r.summary]).toEqual(["fail", "no ocg.executions ledger by 09:10:00: the execution ledger was not part of the run"])
  })
})

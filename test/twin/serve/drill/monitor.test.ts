import { describe, expect, it } from "vitest"
import type { TraceEvent } from "../../../../twin/contract/trace-event.ts"
import { callDelay } from "../../../../twin/serve/drill/call-desk.ts"
import { Monitor } from "../../../../twin/serve/drill/monitor.ts"

const at = (h: number, m: number, s = 0) => ((h * 60 + m) * 60 + s) * 1_000_000
const health = (t: number, participant: string, service: string, status: string, previous: string | null, cause = ""): TraceEvent =>
  ({ t, kind: "health", subject: participant, data: { service, status, previous, cause } })

describe("the drill monitor (what support staff see)", () => {
  it("raises one grouped alarm per service for participants that stopped working, calls in 60–179 s, clears and resolves", () => {
    const m = new Monitor([])
    const events: Array<TraceEvent> = [
      health(at(9, 0), "P1", "omd-c", "served", null),
      health(at(9, 0), "P2", "omd-c", "served", null),
      // never worked (still starting): raises nothing, calls about nothing
      health(at(9, 0), "P3", "omd-c", "down", null),
      // the cause names the fault: the monitor must never repeat it
      health(at(9, 31), "P1", "omd-c", "down", "served", "P1/omdc-ss: node-crash on omdc-pub-dc1-a"),
      health(at(9, 31, 2), "P2", "omd-c", "down", "served", "P2/omdc-ss: node-crash on omdc-pub-dc1-a")
    ]
    for (const e of events) m.observe(e)
    const raised = m.alarms()
    expect(raised).toEqual([{
      id: "market-data-silent/omd-c/1",
      what: "market-data-silent",
      service: "omd-c",
      severity: "critical",
      title: "OMD-C market data silent: 2 participants",
      count: 2,
      peak: 2,
      since: at(9, 31),
      cleared: null,
      sample: ["P1", "P2"]
    }])
    // The calls: each participant 60 s + (FNV-1a of "P|service" mod 120) s after its service broke.
    const d1 = callDelay("P1", "omd-c")
    const d2 = callDelay("P2", "omd-c")
    for (const d of [d1, d2]) {
      expect(d).toBeGreaterThanOrEqual(60_000_000)
      expect(d).toBeLessThan(180_000_000)
    }
    m.tick(at(9, 31) + d1 - 1)
    expect(m.ticketList().filter((t) => t.participant === "P1")).toEqual([])
    m.tick(at(9, 34))
    expect(m.ticketList()).toEqual([
      { id: "P1/omd-c/1", participant: "P1", service: "omd-c", at: at(9, 31) + d1, text: "P1: no market data since 09:31", resolved: null },
      { id: "P2/omd-c/1", participant: "P2", service: "omd-c", at: at(9, 31, 2) + d2, text: "P2: no market data since 09:31", resolved: null }
    ].sort((a, b) => a.at - b.at))
    m.observe(health(at(9, 40), "P1", "omd-c", "served", "down"))
    m.observe(health(at(9, 41), "P2", "omd-c", "served", "down"))
    expect(m.alarms()).toEqual([{ ...raised[0], title: "OMD-C market data silent: cleared (at most 2 participants)", count: 0, sample: [], cleared: at(9, 41) }])
    expect(m.ticketList().map((t) => [t.id, t.resolved]).sort()).toEqual([["P1/omd-c/1", at(9, 40)], ["P2/omd-c/1", at(9, 41)]])
    expect(JSON.stringify([m.alarms(), m.ticketList(), m.healthPanel(at(9, 41)), m.mapState(at(9, 41))])).not.toContain("node-crash")
  })

  it("calls only if still broken when the call falls due, dated at that instant however the world was advanced", () => {
    const m = new Monitor([])
    m.observe(health(at(9, 0), "P1", "otp-c", "served", null))
    m.observe(health(at(9, 10), "P1", "otp-c", "down", "served"))
    // back 30 s later: before any call can come (60 s at least), so no ticket
    m.observe(health(at(9, 10, 30), "P1", "otp-c", "served", "down"))
    m.tick(at(9, 20))
    expect(m.ticketList()).toEqual([])
    // broken again, for longer; the next health event after the due instant makes the call, with no tick
    m.observe(health(at(9, 12), "P1", "otp-c", "degraded", "served"))
    m.observe(health(at(9, 16), "P1", "otp-c", "served", "degraded"))
    expect(m.ticketList()).toEqual([
      { id: "P1/otp-c/1", participant: "P1", service: "otp-c", at: at(9, 12) + callDelay("P1", "otp-c"), text: "P1: orders are slow since 09:12", resolved: at(9, 16) }
    ])
  })

  it("shows elements down and up on the map, units moved, never impairments that monitoring cannot see", () => {
    const m = new Monitor(["unit-a"])
    const change = (t: number, subject: string, data: Record<string, unknown>): TraceEvent => ({ t, kind: "world.change", subject, data: data as TraceEvent["data"] })
    m.observe(change(at(9, 1), "gw-1", { what: "node", down: true }))
    m.observe(change(at(9, 1), "link-1", { what: "link", lossPct: 40 }))
    m.observe(change(at(9, 1), "link-2", { what: "link", down: true }))
    m.observe(change(at(9, 1), "link-3", { what: "link", mtu: 1400 }))
    m.observe(change(at(9, 2), "unit-b", { what: "unit", moved: true }))
    m.observe(change(at(9, 3), "unit-a", { what: "unit", moved: false }))
    expect(m.mapState(at(9, 3))).toEqual({ type: "map", t: at(9, 3), down: { nodes: ["gw-1"], links: ["link-2"] }, moved: ["unit-b"] })
  })

  it("counts participants per status for the health panel, and a lost redundancy as a minor alarm", () => {
    const m = new Monitor([])
    m.observe(health(at(9, 0), "P1", "ecp-sftp", "served", null))
    m.observe(health(at(9, 0), "P2", "ecp-sftp", "served-without-redundancy", null))
    m.observe(health(at(9, 5), "P1", "ecp-sftp", "served-without-redundancy", "served"))
    expect(m.healthPanel(at(9, 5))).toEqual({
      type: "health",
      t: at(9, 5),
      services: [{ service: "ecp-sftp", counts: { served: 0, "served-without-redundancy": 2, degraded: 0, down: 0 } }]
    })
    // P2 never had redundancy: only P1's loss of it is an alarm
    expect(m.alarms().map((a) => [a.title, a.severity, a.sample])).toEqual([["ECP file transfers without redundancy: 1 participant", "minor", ["P1"]]])
  })
})

import { describe, expect, it } from "vitest"
import type { TraceEvent } from "../../../../twin/contract/trace-event.ts"
import { buildDebrief, DEBRIEF_FORMAT, type SavedDrill } from "../../../../twin/serve/drill/debrief.ts"
import { DrillWorld } from "../../../../twin/serve/drill/drill-world.ts"
import { expectationsOf } from "../../../../twin/serve/drill/ideal-run.ts"
import { CLEARED_KEPT } from "../../../../twin/serve/drill/monitor.ts"
import { shippedDrill } from "./support.ts"

const at = (h: number, m: number, s = 0) => ((h * 60 + m) * 60 + s) * 1_000_000
const health = (t: number, participant: string, status: string, previous: string | null): TraceEvent =>
  ({ t, kind: "health", subject: participant, data: { service: "omd-c", status, previous, cause: "" } })

const savedOf = (window: SavedDrill["window"], incidentAt: number): SavedDrill => ({
  format: DEBRIEF_FORMAT,
  id: "flicker",
  name: "flicker",
  file: "flicker.yaml",
  briefing: "",
  seed: 1,
  window,
  moved: [],
  incident: { fault: "f", at: incidentAt },
  expect: {
    incidentAt,
    diagnosis: { elements: ["x"], fault: "link-down", services: ["omd-c"], participants: [], within: at(0, 5) },
    actions: [{ action: "restart-service", target: "x", within: at(0, 5) }]
  },
  script: []
})

describe("the debrief keeps every alarm (the live panel keeps the latest cleared ones)", () => {
  it("a participant's market data degraded 40 times, 10 s each, a minute apart: 40 alarms raised and cleared, the first at 09:00", () => {
    const events: Array<TraceEvent> = [health(at(8, 59), "P1", "served", null)]
    for (let k = 0; k < 40; k++) {
      events.push(health(at(9, k), "P1", "degraded", "served"), health(at(9, k, 10), "P1", "served", "degraded"))
    }
    const window = { from: at(8, 59), to: at(9, 45) }
    const d = buildDebrief(savedOf(window, at(9, 0)), { events, submissions: [] }, { events: [], submissions: [] })
    expect(d.seen.alarms.length).toBe(40)
    expect(d.seen.alarms.map((a) => [a.id, a.since, a.cleared])).toEqual(
      Array.from({ length: 40 }, (_, k) => [`service-degraded/omd-c/${k + 1}`, at(9, k), at(9, k, 10)])
    )
    const monitoring = d.timeline.filter((e) => e.source === "monitoring")
    expect(monitoring.length).toBe(80)
    expect(monitoring[0]).toEqual({ t: at(9, 0), source: "monitoring", what: "major alarm raised: OMD-C market data degraded" })
    expect(monitoring.at(-1)).toEqual({ t: at(9, 39, 10), source: "monitoring", what: "alarm cleared: OMD-C market data degraded (at most 1 participant)" })
  })

  it("firewall-blocks-rts-after-move, nobody acting: the first alarm, 213 participants degraded at 09:28:14.004754 (shown 09:28:14.005), leads the debrief", async () => {
    // The audit's live run (×200, no submissions) showed it first in the alarm frames; the debrief kept the
    // last 30 cleared alarms only and began its monitoring at 09:32:26.019 (the drill then blocked RTS at the
    // primary site only: 87 flickering alarms). With RTS blocked at both sites until someone acts, 14 alarms
    // (OMD-C degraded, each loss waiting for a refresh), the last still raised at the window's end; the
    // 40-alarm case above is the one past the live panel's cap.
    const drill = await shippedDrill("firewall-blocks-rts-after-move")
    const world = new DrillWorld(drill)
    world.advance(drill.scenario.window.to)
    const saved: SavedDrill = {
      ...savedOf(drill.scenario.window, drill.incident.at),
      id: drill.id,
      moved: drill.scenario.moved,
      expect: expectationsOf(drill, []),
      script: world.script
    }
    const d = buildDebrief(saved, { events: world.log, submissions: [] }, { events: [], submissions: [] })
    const first = d.seen.alarms[0]!
    expect([first.id, first.since, first.peak, first.title]).toEqual([
      "service-degraded/omd-c/1",
      at(9, 28, 14) + 4_754,
      213,
      "OMD-C market data degraded: cleared (at most 213 participants)"
    ])
    expect(d.seen.alarms.map((a) => a.id)).toEqual(Array.from({ length: 14 }, (_, k) => `service-degraded/omd-c/${k + 1}`))
    expect(d.seen.alarms.map((a) => a.cleared === null)).toEqual([...Array.from({ length: 13 }, () => false), true])
    expect(d.timeline.find((e) => e.source === "monitoring")).toEqual({ t: at(9, 28, 14) + 4_754, source: "monitoring", what: "major alarm raised: OMD-C market data degraded" })
    // Fewer than the live panel's cap: it shows them all too.
    expect(world.monitor.alarms().length).toBe(14)
    expect(CLEARED_KEPT).toBeGreaterThan(14)
  }, 600_000)
})

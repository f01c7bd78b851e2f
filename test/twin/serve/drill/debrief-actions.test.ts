/**
 * The debrief's timeline from a hand-made drill trace (twin/serve/drill/debrief.ts): a trainee's action is
 * told when taken and, when it acts later, when it came into force — before the alarms it raised then.
 */
import { describe, expect, it } from "vitest"
import type { Submission } from "../../../../twin/contract/drill-protocol.ts"
import type { TraceEvent } from "../../../../twin/contract/trace-event.ts"
import { parseClock } from "../../../../twin/engine/time.ts"
import { buildDebrief, type SavedDrill } from "../../../../twin/serve/drill/debrief.ts"

const t = (clock: string) => parseClock(clock)!
const MIN = 60_000_000

const saved: SavedDrill = {
  format: 1,
  id: "gateway-drill",
  name: "a gateway crashes",
  file: "gateway-drill.yaml",
  briefing: "",
  seed: 1,
  window: { from: t("09:25"), to: t("09:45") },
  moved: [],
  incident: { fault: "gateway-crash", at: t("09:31") },
  expect: {
    incidentAt: t("09:31"),
    diagnosis: { elements: ["ocg-dc1-03"], fault: "node-crash", services: ["otp-c"], participants: ["P0001"], within: 5 * MIN },
    actions: [{ action: "restart-service", target: "ocg-dc1-03", within: 8 * MIN }]
  },
  script: [{ id: "gateway-crash", kind: "node-crash", at: t("09:31"), lasts: null, targets: ["ocg-dc1-03"], params: {} }]
}

const health = (at: string, service: string, status: string, previous: string | null): TraceEvent =>
  ({ t: t(at), kind: "health", subject: "P0002", data: { service, status, previous, cause: `P0002/${service}: …` } })

describe("the debrief's timeline", () => {
  it("tells a failover declared at 09:32:07 in force at 09:37:07, before the OMD-C alarm it raised then", () => {
    const events: Array<TraceEvent> = [
      health("09:25", "omd-c", "served", null),
      { t: t("09:31"), kind: "scenario.fault", subject: "gateway-crash", data: { kind: "node-crash", status: "start", targets: ["ocg-dc1-03"] } },
      { t: t("09:31"), kind: "world.change", subject: "ocg-dc1-03", data: { what: "node", down: true } },
      { t: t("09:32:07"), kind: "live.control", subject: "trainee", data: { control: "action", action: "fail-over-site", target: "dc2" } },
      { t: t("09:37:07"), kind: "world.change", subject: "hkex", data: { what: "dr-failover", on: true } },
      health("09:37:07", "omd-c", "degraded", "served")
    ]
    const submissions: Array<Submission> = [{ n: 1, at: t("09:32:07"), request: { type: "act", action: "fail-over-site", target: "dc2" } }]
    const debrief = buildDebrief(saved, { events, submissions }, { events: [], submissions: [] })
    const around = debrief.timeline.filter((e) => e.t >= t("09:32") && e.t <= t("09:38")).map((e) => [e.t, e.source, e.what])
    expect(around).toEqual([
      [t("09:32:07"), "trainee", "action fail-over-site dc2"],
      [t("09:37:07"), "trainee", "action fail-over-site dc2 in force (taken 09:32:07)"],
      [t("09:37:07"), "monitoring", "major alarm raised: OMD-C market data degraded: 1 now, at most 1 participant"]
    ])
  })
})

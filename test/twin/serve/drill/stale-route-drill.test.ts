/**
 * What the trainee of the stale-route drill (scenarios/drills/stale-route-after-access-move.yaml) is shown,
 * through the real simulation: a quiet desk until the 06:20 step, then, as each service's detection tells it (120 s at most), alarms for
 * all five services and calls about sessions and files — nothing naming the route, the unit or the fault —
 * and, once the unit is rolled back, every alarm cleared and every call resolved.
 */
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { parseClock, seconds } from "../../../../twin/engine/time.ts"
import { DrillWorld } from "../../../../twin/serve/drill/drill-world.ts"
import { shippedDrill } from "./support.ts"

const at = (clock: string) => parseClock(clock)!

describe("the stale-route drill as the trainee sees it", () => {
  it("nothing before the step; every service alarmed within its detection time (at most 120 s of silence); all cleared once the unit is back", async () => {
    const drill = await shippedDrill("stale-route-after-access-move")
    const model = drill.scenario.model
    const w = new DrillWorld(drill)
    // The route is held from 06:10: harmless until the unit moves.
    w.advance(at("06:20") - 1)
    expect([w.monitor.alarms(), w.monitor.ticketList()]).toEqual([[], []])

    w.advance(at("06:26"))
    const alarms = w.monitor.alarms()
    const raised = alarms.map((a) => [a.what, a.service] as const).sort()
    expect(raised).toEqual([
      ["redundancy-lost", "omd-c"],
      ["redundancy-lost", "omd-cc"],
      ["sessions-disconnected", "otp-c"],
      ["sessions-disconnected", "otp-csc"],
      ["transfers-late", "ecp-sftp"]
    ])
    for (const a of alarms) {
      expect(a.since).toBeGreaterThan(at("06:20"))
      // the slowest to tell: a China Connect session, six heartbeat intervals (120 s) of silence
      expect(a.since).toBeLessThan(at("06:20") + seconds(125))
      expect(a.cleared).toBeNull()
    }
    // Every session holder and ECP user of the estate, as the library test derives them.
    const peak = (service: string) => alarms.find((a) => a.service === service)!.peak
    const holding = (has: (p: (typeof model.file.participants)[number]) => boolean) => model.file.participants.filter(has).length
    expect(peak("otp-c")).toBe(holding((p) => p.ocgSessions.length > 0))
    expect(peak("otp-csc")).toBe(holding((p) => p.cscSessions.length > 0))
    expect(peak("ecp-sftp")).toBe(holding((p) => p.ecp))
    const calls = w.monitor.ticketList()
    expect(new Set(calls.map((t) => t.service))).toEqual(new Set(["otp-c", "otp-csc", "ecp-sftp"]))
    expect(JSON.stringify({ alarms, calls })).not.toMatch(/access-dc1|fw-dc1|dist-dc1|wrong-route|route/)

    // The ideal's action: rolled back at 06:26, in force at 06:29.
    expect(Result.isSuccess(w.act("roll-back-unit", "access-dc1-a"))).toBe(true)
    w.advance(at("06:45"))
    for (const a of w.monitor.alarms()) {
      expect(a.cleared).toBeGreaterThanOrEqual(at("06:29"))
      expect(a.cleared).toBeLessThan(at("06:29") + seconds(60))
    }
    expect(w.monitor.ticketList().every((t) => t.resolved !== null)).toBe(true)
  }, 120_000)
})

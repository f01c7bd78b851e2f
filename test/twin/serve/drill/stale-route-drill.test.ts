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
      // the slowest to tell: OTP-C (a Test Request unanswered) and China Connect (the 6th heartbeat after the
      // last answer) at 06:21:40 here, 100 s after the step; 120 s at most whatever the heartbeats' phase
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
    // China Connect clears last, at 06:30:30: its sessions, lost at 06:21:40.00x, go round their gateways —
    // 10 s, primary (60 s unanswered, 60 s), secondary (the same), the closed DR pairs (refused, 10 s each),
    // primary again from 06:26:10, secondary at 06:28:10 — and that Logon's SYN, resent 1, 2, 4, 8 and 16 s
    // on (twin/engine/tcp.ts), is next due at 06:29:13, after its 60 s timeout: 60 s, the DR pairs at
    // 06:30:10 and :20, and the primary answers the Logon of 06:30:30.
    for (const a of w.monitor.alarms()) {
      const back = a.service === "otp-csc" ? at("06:30:30") : at("06:29")
      expect([a.service, a.cleared! >= back && a.cleared! < back + seconds(a.service === "otp-csc" ? 1 : 60)]).toEqual([a.service, true])
    }
    expect(w.monitor.ticketList().every((t) => t.resolved !== null)).toBe(true)
  }, 120_000)
})

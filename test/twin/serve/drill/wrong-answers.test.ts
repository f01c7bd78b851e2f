import { Result } from "effect"
import { describe, expect, it } from "vitest"
import type { Submission } from "../../../../twin/contract/drill-protocol.ts"
import { DrillWorld } from "../../../../twin/serve/drill/drill-world.ts"
import { harmOf } from "../../../../twin/serve/drill/harm.ts"
import { runIdeal } from "../../../../twin/serve/drill/ideal-run.ts"
import { scoreDrill } from "../../../../twin/serve/drill/score.ts"
import { shippedDrill } from "./support.ts"

// omd-lines-lost-in-failover: both OMD-C publishers crash at 09:31; the ideal restarts both at 09:37 and
// nothing else, so its OTP-C sessions are never down (otp-c harm 0). This trainee blames a gateway at
// 09:33 (wrong element, kind and service), restarts the healthy gateway ocg-dc1-05 at 09:33 — a real
// restart: its sessions drop and reconnect to their secondaries — and restarts the publishers at 09:37, as
// the ideal does, so that the difference in harm is the gateway's restart alone.
const MIN = 60_000_000
const INCIDENT = (9 * 60 + 31) * MIN

describe("a wrong diagnosis and a harmful action (omd-lines-lost-in-failover)", () => {
  it("are scored wrong, and the restart of a healthy gateway costs OTP-C outage the ideal never had", async () => {
    const drill = await shippedDrill("omd-lines-lost-in-failover")
    const ideal = runIdeal(drill)
    if (Result.isFailure(ideal)) throw new Error(ideal.failure)
    const world = new DrillWorld(drill)
    const submissions: Array<Submission> = []
    world.advance(INCIDENT + 2 * MIN)
    submissions.push({ n: 1, at: world.now, request: { type: "diagnose", element: "ocg-dc1-05", fault: "link-down", participants: ["P0001"], services: ["otp-c"] } })
    expect(world.act("restart-service", "ocg-dc1-05")).toEqual(Result.succeed("restart-service ocg-dc1-05: done in 2 min"))
    submissions.push({ n: 2, at: world.now, request: { type: "act", action: "restart-service", target: "ocg-dc1-05" } })
    world.advance(INCIDENT + 6 * MIN)
    for (const target of ["omdc-pub-dc1-a", "omdc-pub-dc1-b"]) {
      expect(Result.isSuccess(world.act("restart-service", target))).toBe(true)
      submissions.push({ n: submissions.length + 1, at: world.now, request: { type: "act", action: "restart-service", target } })
    }
    world.advance(drill.scenario.window.to)
    const harm = harmOf(world.log, drill.scenario.window)
    const score = scoreDrill({ expect: ideal.success.expect, submissions, harm, idealHarm: ideal.success.harm })
    expect(score.diagnosis).toEqual({ correct: false, element: false, fault: false, participants: false, services: false })
    expect([score.detectedAfter, score.diagnosedAfter]).toEqual([null, null])
    expect(score.wrongActions).toEqual([{ action: "restart-service", target: "ocg-dc1-05", after: 2 * MIN }])
    expect(score.actions.map((a) => [a.target, a.after, a.onTime])).toEqual([["omdc-pub-dc1-a", 6 * MIN, true], ["omdc-pub-dc1-b", 6 * MIN, true]])
    expect(ideal.success.harm.down["otp-c"]).toBeUndefined()
    expect(harm.down["otp-c"]).toBeGreaterThan(0)
    expect(harm.totalDown).toBeGreaterThan(ideal.success.harm.totalDown)
    // detection 0, diagnosis 0, actions 30 − 10 = 20; the harm mark below 20 (more down than the ideal)
    expect([score.marks.detection, score.marks.diagnosis, score.marks.actions]).toEqual([0, 0, 20])
    expect(score.marks.harm).toBeLessThan(20)
    // The world recorded the trainee's action in the trace before its effect: the gateway down, then up 2 min later.
    const control = world.log.find((e) => e.kind === "live.control" && e.subject === "trainee")
    expect(control).toEqual({ t: INCIDENT + 2 * MIN, kind: "live.control", subject: "trainee", data: { control: "action", action: "restart-service", target: "ocg-dc1-05" } })
    const gateway = world.log.filter((e) => e.kind === "world.change" && e.subject === "ocg-dc1-05").map((e) => [e.t - INCIDENT, e.data])
    expect(gateway).toEqual([[2 * MIN, { what: "node", down: true }], [4 * MIN, { what: "node", down: false }]])
  }, 300_000)

  it("an action the world cannot take is refused with why, and changes nothing", async () => {
    const drill = await shippedDrill("omd-lines-lost-in-failover")
    const world = new DrillWorld(drill)
    world.advance(INCIDENT)
    expect(world.act("roll-back-unit", "nope")).toEqual(Result.fail('target: expected a cutover unit of the estate (access-dc1-a, access-dc1-b, access-dc2-a, access-dc2-b, cccg-dc1, cccg-dc2, …), got "nope"'))
    expect(world.act("restart-service", "new-core-dc1-a")).toEqual(Result.fail('target: expected an HKEX node that runs a service (cccg-dc1-1, cccg-dc1-2, cccg-dc2-1, cccg-dc2-2, ecp-sftp-dc1-1, ecp-sftp-dc1-2, …), got "new-core-dc1-a"'))
    expect(world.actions).toEqual([])
  }, 120_000)
})

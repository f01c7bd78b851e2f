import { Result } from "effect"
import { describe, expect, it } from "vitest"
import type { DrillActionKind } from "../../../twin/contract/drill-protocol.ts"
import { isKind } from "../../../twin/contract/trace-event.ts"
import { DrillWorld } from "../../../twin/serve/drill/drill-world.ts"
import { affectedParticipants, harmOf } from "../../../twin/serve/drill/harm.ts"
import { runIdeal } from "../../../twin/serve/drill/ideal-run.ts"
import { scoreDrill } from "../../../twin/serve/drill/score.ts"
import { shippedDrill } from "../../twin/serve/drill/support.ts"

// Each shipped drill (scenarios/drills/) loads, runs its ideal response (every expected action accepted by
// the world at its time target) and scores it: the ideal response gets full marks. Where the affected
// participants follow from the estate by hand, they are checked against the run.
const MIN = 60_000_000

const idealOf = async (name: string) => {
  const drill = await shippedDrill(name)
  const ideal = runIdeal(drill)
  if (Result.isFailure(ideal)) throw new Error(ideal.failure)
  const score = scoreDrill({ expect: ideal.success.expect, submissions: ideal.success.submissions, harm: ideal.success.harm, idealHarm: ideal.success.harm })
  return { drill, ideal: ideal.success, score, model: drill.scenario.model }
}

const FULL = { detection: 20, diagnosis: 30, actions: 30, harm: 20, total: 100, max: 100 }

describe("the drill library", () => {
  it("omd-lines-lost-in-failover: every OMD-C subscriber is affected; the ideal restarts both publishers and gets full marks", async () => {
    const { drill, ideal, score, model } = await idealOf("omd-lines-lost-in-failover")
    expect(drill.incident).toEqual({ fault: "publishers-stuck-in-failover", at: (9 * 60 + 31) * MIN })
    // Both line publishers down: each participant with an OMD-C subscription (`omdC` in the estate) loses A and B.
    const subscribers = model.file.participants.filter((p) => (p.omdC ?? []).length > 0).map((p) => p.id).sort()
    expect(subscribers).toHaveLength(572)
    expect(ideal.expect.diagnosis.participants).toEqual(subscribers)
    expect(score.marks).toEqual(FULL)
  }, 300_000)

  it("gateway-fails-sessions-to-secondary: the participants whose session's primary is the gateway are affected", async () => {
    const { drill, ideal, score, model } = await idealOf("gateway-fails-sessions-to-secondary")
    // element and fault default to the incident's own: its first target and its kind
    expect([drill.diagnosis.element, drill.diagnosis.fault]).toEqual(["ocg-dc1-03", "node-crash"])
    const onIt = model.file.participants.filter((p) => (p.ocgSessions ?? []).some((s) => s.primary === "ocg-dc1-03")).map((p) => p.id).sort()
    expect(onIt).toHaveLength(204)
    expect(ideal.expect.diagnosis.participants).toEqual(onIt)
    expect(score.marks).toEqual(FULL)
    // The wrong cure: declaring DR with the primary site whole (09:32, in force 09:37) opens the backup site's
    // entrances and takes over nothing — a takeover needs the primary's machine down (twin/simulate/wire-ocg.ts
    // hostTakeover, wire-omd.ts drFailover) — so no session drops and OTP-C is down exactly as in the ideal.
    // Its cost is DR Signal 1 and 2 (DOMAIN §3): every OMD-C subscriber (572) clears its caches at 09:37:00 and
    // is degraded until the first refresh after Signal 2 (09:37:30): 09:37:31 for 467, 09:38:01 for 105 —
    // (467 × 31 s + 105 × 61 s) / 60 = 348.0 participant-minutes, less the signals' 12–75 ms on their way.
    const world = new DrillWorld(drill)
    world.advance(drill.incident.at + MIN)
    expect(Result.isSuccess(world.act("fail-over-site", "dc2"))).toBe(true)
    world.advance(drill.scenario.window.to)
    const failover = harmOf(world.log, drill.scenario.window)
    expect(failover.down).toEqual(ideal.harm.down)
    expect(ideal.harm.down).toEqual({ "otp-c": 823.63 })
    expect(ideal.harm.degraded).toEqual({})
    expect(failover.degraded).toEqual({ "omd-c": 347.62 })
    const afterDr = world.log.filter((e) => e.t >= drill.incident.at + 6 * MIN)
    expect(afterDr.filter((e) => isKind(e, "otp.host") || (isKind(e, "ocg.session") && e.data.event === "disconnected"))).toEqual([])
    const degradedAtDr = new Set(afterDr.filter((e) => isKind(e, "health") && e.data.service === "omd-c" && e.data.status === "degraded").map((e) => e.subject))
    expect(degradedAtDr.size).toBe(572)
  }, 600_000)

  it("cccg-fails-northbound-to-secondary: the participants with a Northbound session whose primary is the CCCG are affected", async () => {
    const { drill, ideal, score, model } = await idealOf("cccg-fails-northbound-to-secondary")
    expect([drill.diagnosis.element, drill.diagnosis.fault]).toEqual(["cccg-dc1-1", "node-crash"])
    // Down from the crash until the Logon at the secondary (the 6th heartbeat after the CCCG's last answer,
    // 100 s on here; 10 s, the dead primary's 60 s and the 60 s wait): each such session is down over a minute. Those with it as secondary only lose
    // their backup, which no participant calls about.
    const onIt = model.file.participants.filter((p) => (p.cscSessions ?? []).some((s) => s.primary === "cccg-dc1-1")).map((p) => p.id).sort()
    expect(onIt).toHaveLength(154)
    expect(ideal.expect.diagnosis.participants).toEqual(onIt)
    expect(ideal.expect.diagnosis.services).toEqual(["otp-csc"])
    expect(score.marks).toEqual(FULL)
  }, 300_000)

  it("ecp-server-fails-files-to-second-server: every ECP user is affected (each client's session is on its first server); the ideal restarts it", async () => {
    const { drill, ideal, score, model } = await idealOf("ecp-server-fails-files-to-second-server")
    expect([drill.diagnosis.element, drill.diagnosis.fault]).toEqual(["ecp-sftp-dc1-1", "node-crash"])
    // A client connects to the servers in the order of the estate's ECP session flow: the crashed one is the
    // first, so every ECP user's session is on it and is down from the crash until its keepalives give it up
    // (three unanswered, 30 s apart) and it connects to the second: over a minute each.
    const flow = model.file.flows.find((f) => f.service === "ecp-sftp" && f.pattern === "session")!
    expect(flow.members!.flatMap((m) => m.targets)[0]).toBe("ecp-sftp-dc1-1")
    const users = model.file.participants.filter((p) => p.ecp).map((p) => p.id).sort()
    expect(users).toHaveLength(585)
    expect(ideal.expect.diagnosis.participants).toEqual(users)
    expect(ideal.expect.diagnosis.services).toEqual(["ecp-sftp"])
    expect(score.marks).toEqual(FULL)
  }, 300_000)

  it("brown-out-carrier-loss: the single-homed carrier-A participants of the failing regions are affected", async () => {
    const { drill, ideal, score, model } = await idealOf("brown-out-carrier-loss")
    // Regions 1–3 list 48 carrier-A participants; only those with no circuit on another carrier are cut off.
    const listed = new Set(drill.scenario.faults.filter((f) => f.kind.kind === "carrier-circuit-loss").flatMap((f) => (f.written.participants as Array<string>)))
    expect(listed.size).toBe(48)
    const singleHomed = model.file.participants.filter((p) => listed.has(p.id) && p.circuits.every((c) => c.carrier === "carrier-a")).map((p) => p.id).sort()
    expect(singleHomed).toHaveLength(25)
    expect(ideal.expect.diagnosis.participants).toEqual(singleHomed)
    expect(score.marks).toEqual(FULL)
  }, 300_000)

  it("site-lost-in-cutover-window: every participant is affected; the ideal declares DR within 6 minutes", async () => {
    const { ideal, score, model } = await idealOf("site-lost-in-cutover-window")
    expect(ideal.expect.diagnosis.participants).toEqual(model.file.participants.map((p) => p.id).sort())
    expect(ideal.expect.actions).toEqual([{ action: "fail-over-site", target: "dc2", within: 6 * MIN }])
    expect(score.marks).toEqual(FULL)
  }, 300_000)

  it("stale-route-after-access-move: counted from the step, not the route; everyone with a session or ECP is affected; a site failover does not bring trading back", async () => {
    const { drill, ideal, score, model } = await idealOf("stale-route-after-access-move")
    // The stale route is there from 06:10 and harms nothing until the step moves the unit at 06:20.
    expect(drill.scenario.faults[0]!.start).toBe((6 * 60 + 10) * MIN)
    expect(drill.incident).toEqual({ fault: "stale-route", at: (6 * 60 + 20) * MIN })
    expect([drill.diagnosis.element, drill.diagnosis.fault]).toEqual(["access-dc1-a", "wrong-route"])
    // Every session's gateways (OCG-C, CCCG) are at the primary site, as are the ECP servers open before DR;
    // each carrier PoP reaches the primary site's plane-A and plane-B access routers at one latency, and
    // routing takes the first of equal paths, plane A. So all of every participant's sessions and files go
    // the held, dark way: everyone with one is down. Market-data-only vendors lose line A only (redundancy).
    const atDc1 = (id: string) => model.nodeById.get(id)!.site === "dc1"
    expect(model.file.participants.every((p) => p.ocgSessions.every((s) => atDc1(s.primary) && atDc1(s.secondary)))).toBe(true)
    expect(model.file.participants.every((p) => p.cscSessions.every((s) => atDc1(s.primary) && atDc1(s.secondary)))).toBe(true)
    const intoDc1 = model.file.links.filter((l) => l.from.includes("pop") && model.nodeById.get(l.to)!.site === "dc1")
    for (const l of intoDc1.filter((x) => x.to === "ar-dc1-a")) {
      expect(intoDc1.find((x) => x.from === l.from && x.to === "ar-dc1-b")!.latencyUs).toBe(l.latencyUs)
    }
    const users = model.file.participants.filter((p) => p.ocgSessions.length > 0 || p.cscSessions.length > 0 || p.ecp).map((p) => p.id).sort()
    expect(users).toHaveLength(612)
    expect(ideal.expect.diagnosis.participants).toEqual(users)
    expect(score.marks).toEqual(FULL)
    // The wrong cure: DR moves the Lookup Service, CCCGs and SFTP servers, but the OCG-C gateways stay behind
    // the held route, so OTP-C is down as long as if nobody acted.
    const run = (act?: DrillActionKind, target?: string) => {
      const world = new DrillWorld(drill)
      if (act !== undefined) {
        world.advance(drill.incident.at + 6 * MIN)
        expect(Result.isSuccess(world.act(act, target!))).toBe(true)
      }
      world.advance(drill.scenario.window.to)
      return harmOf(world.log, drill.scenario.window)
    }
    const nobody = run()
    const failover = run("fail-over-site", "dc2")
    expect(failover.down["otp-c"]).toBe(nobody.down["otp-c"])
    expect(ideal.harm.down["otp-c"]!).toBeLessThan(nobody.down["otp-c"]! / 2)
    expect(ideal.harm.totalDown).toBeLessThan(failover.totalDown)
  }, 300_000)

  it("firewall-blocks-rts-after-move: the rollback at its target ends the recoveries by refresh; those degraded a minute are affected", async () => {
    const { drill, ideal, score, model } = await idealOf("firewall-blocks-rts-after-move")
    expect(ideal.expect.diagnosis.elements).toEqual([
      "fw-dc1-a--new-dist-dc1-a", "fw-dc1-b--new-dist-dc1-b", "fw-dc2-a--new-dist-dc2-a", "fw-dc2-b--new-dist-dc2-b", "fw-dc1-a", "fw-dc1-b", "fw-dc2-a", "fw-dc2-b"
    ])
    expect(score.marks).toEqual(FULL)
    // No RTS server answers (all four behind a blocked uplink): a loss on both lines costs 4 × 5 s of
    // timeouts and the wait for the next 30 s refresh, a spell of 40–50 s, longer when losses follow each
    // other. Those degraded a minute without a break would call: OMD-C subscribers only, and the same ones
    // whether or not anyone acts. (A rollback at 09:36:00 would add 306: its reroute loses the 09:36:01
    // snapshot that ends the spells begun at 09:35:11, which then last 80 s, not 50 s.)
    const subscribers = new Set(model.file.participants.filter((p) => (p.omdC ?? []).length > 0).map((p) => p.id))
    const affected = ideal.expect.diagnosis.participants
    expect(affected).toHaveLength(223)
    expect(affected.filter((p) => !subscribers.has(p))).toEqual([])
    const nobody = new DrillWorld(drill)
    nobody.advance(drill.scenario.window.to)
    expect(affectedParticipants(nobody.log, ["omd-c"], { from: drill.incident.at, to: drill.scenario.window.to })).toEqual(affected)
    // Rolled back at 09:32 + 3 min, the RTS is reached again from 09:35 and every later gap is recovered at
    // once; nobody acting, the loss (which lasts) keeps costing recoveries by refresh to the window's end.
    const late = { from: drill.incident.at + 8 * MIN, to: drill.scenario.window.to }
    expect(harmOf(ideal.world.log, late).degraded["omd-c"] ?? 0).toBeLessThan(1)
    expect(harmOf(nobody.log, late).degraded["omd-c"]!).toBeGreaterThan(1000)
    expect(ideal.harm.degraded).toEqual({ "omd-c": 1867.13, "omd-cc": 0.03 })
    expect(harmOf(nobody.log, drill.scenario.window).degraded).toEqual({ "omd-c": 4530.23 })
  }, 600_000)

  it("ecp-stalled-by-mtu: the affected are ECP users; the ideal rolls the ECP unit back", async () => {
    const { ideal, score, model } = await idealOf("ecp-stalled-by-mtu")
    const ecpUsers = new Set(model.file.participants.filter((p) => p.ecp !== undefined).map((p) => p.id))
    const affected = ideal.expect.diagnosis.participants
    expect(affected.length).toBeGreaterThan(0)
    expect(affected.filter((p) => !ecpUsers.has(p))).toEqual([])
    expect(score.marks).toEqual(FULL)
  }, 300_000)
})

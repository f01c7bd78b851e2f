import { readFileSync } from "node:fs"
import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { checkCatalogue } from "../../../scenarios/checks/catalogue.ts"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { parseClock, seconds } from "../../../twin/engine/time.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import { simulate } from "../../../twin/simulate/simulate.ts"
import { ocgWiring } from "../../../twin/simulate/wire-ocg.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"

const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
const model = buildModel(parsed.success)

describe("an OCG-C gateway lost at 09:02 on the default estate", () => {
  const trace = new MemoryTrace()
  const window = { from: parseClock("09:00")!, to: parseClock("09:10")! }
  const crashAt = parseClock("09:02")!
  const faults: Wiring = { system: "faults", wire: ({ runtime, world }) => runtime.at(crashAt, () => world.apply(WorldChange.nodeDown("ocg-dc1-03", true))) }
  simulate({ model, seed: 4, window, wirings: [ocgWiring, faults], trace })
  const sessions = parsed.success.participants.flatMap((p) => p.ocgSessions.map((s) => ({ ...s, participant: p.id })))
  const lastStatus = (flow: string) => trace.events.filter((e) => e.kind === "flow.status" && e.data.flow === flow).at(-1)

  it("every session whose primary it was ends logged on to its secondary, within the heartbeat rules' 5 minutes", () => {
    const hit = sessions.filter((s) => s.primary === "ocg-dc1-03")
    expect(hit.length).toBeGreaterThan(100)
    for (const s of hit) {
      const last = lastStatus(`${s.participant}/${s.compId}`)!
      expect([s.compId, last.data.up, String(last.data.detail).includes(s.secondary)]).toEqual([s.compId, 1, true])
      expect(last.t).toBeGreaterThan(crashAt)
      expect(last.t).toBeLessThan(crashAt + seconds(300))
    }
  })

  it("follows the DOMAIN §1 timeline exactly for the first session hit", () => {
    const s = sessions.find((x) => x.primary === "ocg-dc1-03")!
    const events = trace.ofKind("ocg.session").filter((e) => e.data.compId === s.compId).map((e) => [e.t, e.data.event, e.data.gateway])
    const logon = events.find(([, event]) => event === "logon")![0] as number
    // Both gateways sit behind the same distribution routers: the secondary answers in the round trip the
    // primary took at the start of the day.
    const roundTrip = logon - (events.find(([, event]) => event === "logon-sent")![0] as number)
    // The gateway's last heartbeat before 09:02 left at logon + 100 s (every 20 s); Test Request 3 intervals
    // later, no answer for 3 more: disconnect at +120 s; 10 s wait, Logon to the primary, 60 s without a
    // response, 60 s before the secondary, which answers after one round trip.
    // (A Heartbeat is smaller than the Logon response, so it spends a µs less on the 50 Mbps circuit.)
    const after = events.filter(([t]) => (t as number) > crashAt)
    const dropped = after[0]![0] as number
    expect(Math.abs(dropped - (logon + seconds(100) + seconds(120)))).toBeLessThanOrEqual(2)
    expect(after).toEqual([
      [dropped, "disconnected", "ocg-dc1-03"],
      [dropped + seconds(10), "logon-sent", "ocg-dc1-03"],
      [dropped + seconds(70), "logon-failed", "ocg-dc1-03"],
      [dropped + seconds(130), "logon-sent", s.secondary],
      [dropped + seconds(130) + roundTrip, "logon", s.secondary]
    ])
  })

  it("sessions on other gateways never go down", () => {
    const spared = sessions.filter((s) => s.primary !== "ocg-dc1-03")
    for (const s of spared.slice(0, 300)) {
      const downs = trace.events.filter((e) => e.kind === "flow.status" && e.data.flow === `${s.participant}/${s.compId}` && e.t > crashAt && e.data.up === 0)
      expect([s.compId, downs.length]).toEqual([s.compId, 0])
    }
  })

  it("the participants hit are down from the crash itself, in the health events", () => {
    const hitParticipants = new Set(sessions.filter((s) => s.primary === "ocg-dc1-03").map((s) => s.participant))
    const downs = trace.ofKind("health").filter((e) => e.t >= crashAt && e.data.service === "otp-c" && e.data.status === "down")
    expect(new Set(downs.map((e) => e.subject))).toEqual(hitParticipants)
    // Issue 13, defect 4: a session that cannot trade is down from the instant its gateway dies.
    expect(new Set(downs.map((e) => e.t))).toEqual(new Set([crashAt]))
  })

  it("a session that cannot trade is down from the crash until it is logged on at its secondary, and the recovery check counts exactly that", () => {
    // Issue 13, defect 4, worked by hand for P0002 (sessions P0002T01 on ocg-dc1-06, P0002T02 on ocg-dc1-03,
    // drop copy P0002D01 on ocg-dc1-08; one circuit, so otp-c is served without redundancy before the crash).
    // P0002T02: Logon sent 09:00:00.002267, logged on 09:00:00.004582 (a round trip of 2 315 µs). The
    // gateway's heartbeats reach the BSS every 20 s from 09:00:00.004581 (a Heartbeat is a µs quicker on the
    // 50 Mbps circuit than the Logon reply); the last, at 09:01:40.004581, is before the crash at 09:02.
    // Test Request 3 intervals later (09:02:40.004581), no reply in 3 more: disconnected 09:03:40.004581;
    // 10 s: Logon to ocg-dc1-03, 60 s without answer (09:04:50.004581), 60 s before the secondary ocg-dc1-05
    // (09:05:50.004581), logged on one round trip later: 09:05:50.006896.
    // Health of P0002 otp-c: down from the crash, 09:02:00.000000 — not from 09:03:40.004581 as before the
    // fix, when it was served without redundancy for those 100.004581 s — to 09:05:50.006896 (230.006896 s),
    // then without redundancy again (its session on the secondary, ocg-dc1-03 still down).
    const otpc = trace.ofKind("health").filter((e) => e.subject === "P0002" && e.data.service === "otp-c" && e.t >= crashAt)
    expect(otpc.map((e) => [e.t, e.data.status])).toEqual([
      [32_520_000_000, "down"],
      [32_750_006_896, "served-without-redundancy"]
    ])
    expect(otpc[0]!.data.cause).toBe("P0002/P0002T02: ocg-dc1-03 down: cannot trade until logged on again")
    const events = trace.ofKind("ocg.session").filter((e) => e.data.compId === "P0002T02" && e.t >= crashAt).map((e) => [e.t, e.data.event])
    expect(events).toEqual([
      [32_620_004_581, "disconnected"],
      [32_630_004_581, "logon-sent"],
      [32_690_004_581, "logon-failed"],
      [32_750_004_581, "logon-sent"],
      [32_750_006_896, "logon"]
    ])
    // The session-recovery check counts the same interval: 230.006896 s, from the crash to the logon.
    const k = checkCatalogue.get("ocg-session-recovery")!
    const check = k.make(Schema.decodeUnknownSync(k.params)({ within: "1m" }), { model, window })
    for (const e of trace.events) check.observe(e)
    const spell = check.verdict(window.to).evidence.find((e) => e.subject === "P0002T02")!
    expect([spell.from, spell.to, spell.detail]).toEqual([
      32_520_000_000,
      32_750_006_896,
      "session P0002T02 down 3m50.007s: ocg-dc1-03 crashed; logged on again to ocg-dc1-05 (secondary)"
    ])
  })
})

describe("a DR failover declared at 09:01", () => {
  it("opens the backup site's Lookup Service and SFTP servers and sends DR Signal 1 on both lines", async () => {
    const { allSystems } = await import("../../../twin/simulate/systems.ts")
    const trace = new MemoryTrace()
    const at = parseClock("09:01")!
    const dr: Wiring = { system: "dr", wire: ({ runtime, world }) => runtime.at(at, () => world.apply(WorldChange.drFailover(true))) }
    simulate({ model, seed: 4, window: { from: parseClock("09:00")!, to: parseClock("09:01:30")! }, wirings: [...allSystems, dr], trace })
    const reactions = trace.events.filter((e) => e.t === at && ["ocg.lookup", "omd.dr-signal", "ecp.server"].includes(e.kind))
    expect(reactions.map((e) => [e.kind, e.subject, e.data.event ?? e.data.drStatus])).toEqual([
      ["ocg.lookup", "ls-dc2-primary", "opened"],
      ["ocg.lookup", "ls-dc2-mirror", "opened"],
      ["omd.dr-signal", "omdc-pub-dc1-a/DR", 1],
      ["omd.dr-signal", "omdc-pub-dc1-b/DR", 1],
      ["ecp.server", "ecp-sftp-dc2-1", "opened"],
      ["ecp.server", "ecp-sftp-dc2-2", "opened"]
    ])
  })
})

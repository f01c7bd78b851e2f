/**
 * A CCCG crash, as an OCG-C gateway's (twin/simulate/csc-gateway-crash.ts): the sessions logged on to it are
 * down from the crash instant, not from when their BSS notices; a host that comes back before they notice is
 * a fresh one, which resets their connection at its first segment, so they log on again rather than carry on
 * as if nothing happened.
 */
import { describe, expect, it } from "vitest"
import type { TraceEvent } from "../../../twin/engine/trace.ts"
import { millis, parseClock, seconds } from "../../../twin/engine/time.ts"
import { cscWiring, cscWiringOf } from "../../../twin/simulate/wire-csc.ts"
import { defaultEstate, fault, run } from "../../scenarios/faults/support.ts"

const model = defaultEstate()
const at = (clock: string) => parseClock(clock)!
const window = { from: at("09:35"), to: at("09:50") }
const crash = at("09:41")
const back = at("09:42")
const crashed = () => fault("node-crash", { node: "cccg-dc1-1" }, crash, back, model)

const flowsOf = (events: ReadonlyArray<TraceEvent>, flow: string) =>
  events.filter((e) => e.kind === "flow.status" && e.data["flow"] === flow && e.t >= crash).map((e) => ({ t: e.t, up: e.data["up"], detail: e.data["detail"] }))

describe("a CCCG crashed for a minute in the Mainland's continuous session (09:41–09:42)", () => {
  const r = run(model, window, [cscWiring, crashed()])
  const sessions = model.file.participants.flatMap((p) => p.cscSessions.map((s) => ({ ...s, flow: `${p.id}/${s.id}` })))
  const onIt = sessions.filter((s) => s.primary === "cccg-dc1-1")

  it("every session logged on to it is down from 09:41:00, hears the restarted host's reset at its next heartbeat, and logs on again 10 s later", () => {
    expect(onIt.length).toBe(185)
    for (const s of onIt) {
      const [down, lost, up, ...rest] = flowsOf(r.trace.events, s.flow)
      expect([s.id, down]).toEqual([s.id, { t: crash, up: 0, detail: "cccg-dc1-1 down: cannot trade until logged on again" }])
      // Heartbeats every 20 s: the first one after the restart is answered with a reset, and the session is lost.
      expect(lost!.detail).toBe("not logged on")
      expect(lost!.t).toBeGreaterThan(back)
      expect(lost!.t).toBeLessThanOrEqual(back + seconds(20) + millis(1))
      // The reconnect wait (10 s), then its primary, up again, answers the Logon.
      expect(up!.detail).toBe("logged on to cccg-dc1-1 (primary)")
      expect(up!.t - lost!.t).toBeGreaterThanOrEqual(seconds(10))
      expect(up!.t - lost!.t).toBeLessThan(seconds(10) + millis(10))
      expect(rest).toEqual([])
    }
  })

  it("a session whose secondary it is keeps its session: no status change", () => {
    const second = sessions.filter((s) => s.secondary === "cccg-dc1-1")
    expect(second.length).toBeGreaterThan(100)
    for (const s of second) expect([s.id, flowsOf(r.trace.events, s.flow)]).toEqual([s.id, []])
  })

  it("a participant with one of its two sessions on it is down (health: the worst primary flow), its cause naming that session, while the other trades on", () => {
    // P0485: N01 on cccg-dc1-2 (primary), N02 on cccg-dc1-1. Each CSC session is a primary flow carrying its
    // own orders, so otp-csc is down from the crash until N02 is logged on again, as OTP-C is for a
    // participant with one of several OCG-C sessions on a dead gateway; N01 sees nothing.
    // N02's first heartbeat after the 09:42 restart, at 09:42:01.406224, is answered with a reset: the cause
    // says so then; it logs on again 10 s later, answered at 09:42:11.409416.
    const health = r.trace.events
      .filter((e) => e.subject === "P0485" && e.t >= crash && (e.kind === "health" || e.kind === "health.cause") && e.data["service"] === "otp-csc")
      .map((e) => [e.t, e.kind, e.data["status"], e.data["cause"]])
    expect(health).toEqual([
      [crash, "health", "down", "P0485/P0485N02: cccg-dc1-1 down: cannot trade until logged on again"],
      [at("09:42:01.406224"), "health.cause", "down", "P0485/P0485N02: not logged on"],
      // Back to what it is by design: each market's mainland link is one failure from down until DR.
      [at("09:42:11.409416"), "health", "served-without-redundancy", "P0485/P0485N01: logged on to cccg-dc1-2 (primary); single point of failure sse-link-dc1"]
    ])
    expect(flowsOf(r.trace.events, "P0485/P0485N01")).toEqual([])
  })

  it("gives the same trace with every heartbeat simulated", () => {
    const lines = (events: ReadonlyArray<TraceEvent>) => events.filter((e) => e.kind !== "metrics").map((e) => JSON.stringify(e))
    const reference = run(model, window, [cscWiringOf({ elideHeartbeats: false }), crashed()])
    expect(lines(r.trace.events)).toEqual(lines(reference.trace.events))
  })
})

/**
 * A short OCG-C gateway crash (twin/models/ocg/gateway.ts): the gateway comes back a fresh host, with no
 * socket for the connections it held, so each session that had not noticed the crash is reset at its BSS's
 * first segment after the restart and logs on again after the reconnect wait (DOMAIN §1 Logon: 10 s) — not
 * when its heartbeat rule gives the gateway up (120 s after it last heard it). As docs/ocg-fix.md's real
 * endpoint does, and as a CCCG does (csc-gateway-crash.test.ts). The same with sessions whose heartbeats
 * were elided: ocg-elision.test.ts.
 */
import { describe, expect, it } from "vitest"
import type { TraceEvent } from "../../../twin/engine/trace.ts"
import { millis, parseClock, seconds } from "../../../twin/engine/time.ts"
import { ocgWiring } from "../../../twin/simulate/wire-ocg.ts"
import { defaultEstate, fault, run } from "../../scenarios/faults/support.ts"

const model = defaultEstate()
const at = (clock: string) => parseClock(clock)!
const window = { from: at("10:10"), to: at("10:25") }
const crash = at("10:15")
const back = at("10:15:30")
const crashed = () => fault("node-crash", { node: "ocg-dc1-03" }, crash, back, model)
const SEED = 7

const sessionOf = (events: ReadonlyArray<TraceEvent>, flow: string) =>
  events.filter((e) => e.t >= crash && ((e.kind === "ocg.session" && e.data["flow"] === flow) || (e.kind === "flow.status" && e.data["flow"] === flow)))
    .map((e) => [e.t, e.kind === "flow.status" ? `up ${e.data["up"]}: ${e.data["detail"]}` : e.data["event"], e.data["reason"] ?? null])

describe("ocg-dc1-03 crashed for 30 s in continuous trading (10:15:00–10:15:30)", () => {
  const r = run(model, window, [ocgWiring, crashed()], SEED)
  const events = r.trace.events

  it("P0002T02 is reset at its first segment after the restart (New Order 6) and logs on to its primary again 10 s later: down 45.487620 s", () => {
    // The BSS's last heartbeat before the crash went at 10:14:55.483046 (20 s after New Order 5); the next,
    // due 10:15:15.483046, died with the host. Its next segment is New Order 6 at 10:15:35.483046: the
    // restarted gateway has no socket for it and resets it, heard a round trip later, 10:15:35.485305.
    // DOMAIN §1 Logon: 10 s after a disconnect the BSS logs on to its
    // primary again (10:15:45.485305), answered at 10:15:45.487620. Before, the gateway ignored order 6 and
    // the session lasted until its Test Request went unanswered, 120 s after it last heard the gateway
    // (10:16:55.485332): down 125.49 s for a 30 s crash.
    expect(sessionOf(events, "P0002/P0002T02")).toEqual([
      [crash, "up 0: ocg-dc1-03 down: cannot trade until logged on again", null],
      [at("10:15:35") + 485_305, "disconnected", "dropped by gateway: connection reset (gateway restarted)"],
      [at("10:15:35") + 485_305, "up 0: dropped by gateway: connection reset (gateway restarted)", null],
      [at("10:15:45") + 485_305, "logon-sent", null],
      [at("10:15:45") + 487_620, "logon", null],
      [at("10:15:45") + 487_620, "up 1: logged on to ocg-dc1-03 (primary)", null],
      // Order 6 died with the reset connection: still out at the next heartbeat, overtaken by order 7's answer.
      [at("10:16:05") + 485_305, "awaiting", null],
      [at("10:16:35") + 485_345, "unanswered", null]
    ])
  })

  it("every session logged on to it is reset within an interval of the restart and logs on to its primary again 10 s later", () => {
    const crashEvent = events.find((e) => e.kind === "ocg.gateway" && e.subject === "ocg-dc1-03" && e.data["event"] === "crash")!
    const lost = events.filter((e) => e.kind === "ocg.session" && e.data["event"] === "disconnected" && e.data["gateway"] === "ocg-dc1-03")
    expect([crashEvent.data["connectionsLost"], lost.length]).toEqual([262, 262])
    for (const d of lost) {
      expect([d.data["flow"], d.data["reason"]]).toEqual([d.data["flow"], "dropped by gateway: connection reset (gateway restarted)"])
      // Heartbeats every 20 s at the latest: the first segment after the restart comes within an interval.
      expect(d.t).toBeGreaterThan(back)
      expect(d.t).toBeLessThanOrEqual(back + seconds(20) + millis(5))
      const up = events.find((e) => e.kind === "ocg.session" && e.data["flow"] === d.data["flow"] && e.data["event"] === "logon" && e.t > d.t)!
      expect([d.data["flow"], up.data["gateway"], up.data["role"]]).toEqual([d.data["flow"], "ocg-dc1-03", "primary"])
      expect(up.t - d.t).toBeGreaterThanOrEqual(seconds(10))
      expect(up.t - d.t).toBeLessThan(seconds(10) + millis(10))
    }
  })
})

describe("ocg-dc1-03 crashed for 2 minutes in the opening auction (09:30–09:32): a re-logon sent to it while down", () => {
  const window2 = { from: at("09:28"), to: at("09:35") }
  const crash2 = at("09:30")
  const r = run(model, window2, [ocgWiring, fault("node-crash", { node: "ocg-dc1-03" }, crash2, at("09:32"), model)], SEED)
  const events = r.trace.events

  it("P0047T01's Logon to its dead primary is a SYN unanswered, sent again on the kernel's backoff (1, 2, 4, 8 s): the fifth sending, 15 s on, reaches the restarted gateway", () => {
    // The BSS last heard the gateway at 09:29:40.002141 (a heartbeat; its order of 09:31:08 goes unanswered), gives it up
    // 120 s later (09:31:40.002141), logs on to its primary again 10 s later (09:31:50.002141, DOMAIN §1).
    // The host is down: the SYN goes unanswered, not refused, and is sent again after 1, 3, 7 and 15 s
    // (tcp.ts CONNECT_BACKOFF) — at 09:32:05.002141, after the 09:32:00 restart: logged on then. Before, the
    // Logon died with the host: the BSS waited its 60 s Logon timeout and 60 s more for its secondary,
    // logged on at 09:33:50 (down 3m50s for a 2-minute crash).
    const connection = new Set(["disconnected", "logon-sent", "logon-failed", "logon"])
    const story = events.filter((e) => e.t >= crash2 && e.kind === "ocg.session" && e.data["flow"] === "P0047/P0047T01" && connection.has(e.data["event"] as string))
      .map((e) => [e.t, e.data["event"], e.data["gateway"]])
    expect(story).toEqual([
      [at("09:31:40") + 2_141, "disconnected", "ocg-dc1-03"],
      [at("09:31:50") + 2_141, "logon-sent", "ocg-dc1-03"],
      [at("09:32:05") + 3_240, "logon", "ocg-dc1-03"]
    ])
  })
})


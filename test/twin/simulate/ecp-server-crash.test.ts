/**
 * An ECP SFTP server's crash, as an OCG-C gateway's or a CCCG's: the participants whose session was open on
 * it are down from the crash instant (wire-ecp.ts, `server-lost`), not from when their client's keepalives
 * find it out; the client acts only then (its next server), and what it does meanwhile — a transfer stalling
 * on the dead server — does not report the session up again.
 */
import { describe, expect, it } from "vitest"
import type { TraceEvent } from "../../../twin/engine/trace.ts"
import { parseClock, seconds } from "../../../twin/engine/time.ts"
import { ecpWiring, ecpWiringOf } from "../../../twin/simulate/wire-ecp.ts"
import { defaultEstate, fault, run } from "../../scenarios/faults/support.ts"

const model = defaultEstate()
const at = (clock: string) => parseClock(clock)!
const window = { from: at("07:00"), to: at("07:40") }
const crash = at("07:20")
const back = at("07:21")
const server = "ecp-sftp-dc1-1"
const crashed = () => fault("node-crash", { node: server }, crash, back, model)

type Status = { readonly t: number; readonly up: unknown; readonly degraded: unknown; readonly detail: unknown }
const statuses = (events: ReadonlyArray<TraceEvent>) => {
  const by = new Map<string, Array<Status>>()
  for (const e of events) {
    if (e.kind !== "flow.status" || e.data["service"] !== "ecp-sftp") continue
    const list = by.get(e.subject) ?? []
    list.push({ t: e.t, up: e.data["up"], degraded: e.data["degraded"], detail: e.data["detail"] })
    by.set(e.subject, list)
  }
  return by
}

describe(`${server} crashed for a minute (07:20–07:21) in the morning's file exchange`, () => {
  const r = run(model, window, [ecpWiring, crashed()])
  const before = run(model, window, [ecpWiring])
  const all = statuses(r.trace.events)
  // Who had a session on it at the crash: their last report before it, in the run without the crash too.
  const onIt = [...statuses(before.trace.events)].filter(([, list]) => list.filter((s) => s.t < crash).at(-1)?.detail === `session to ${server}`).map(([p]) => p)

  it("every participant whose session was open on it is down from 07:20:00, until its keepalives find it out and it connects to the next server", () => {
    expect(onIt.length).toBeGreaterThan(300)
    for (const p of onIt) {
      const after = all.get(p)!.filter((s) => s.t >= crash)
      const [down, ...rest] = after
      expect([p, down]).toEqual([p, { t: crash, up: 0, degraded: false, detail: `${server} down: no session until connected again` }])
      // Nothing reports it up until a session is open on another server (or on this one, restarted).
      const upAgain = rest.findIndex((s) => s.up === 1)
      expect([p, rest.slice(0, upAgain).every((s) => s.up === 0)]).toEqual([p, true])
      const up = rest[upAgain]!
      expect(up.detail).toMatch(/^session to ecp-sftp-/)
      // Three unanswered keepalives 30 s apart (or a transfer failed after 60 s without progress), then a new connection.
      expect(up.t - crash).toBeGreaterThan(seconds(60))
      expect(up.t - crash).toBeLessThan(seconds(125))
    }
  })

  it("their ECP health goes down at the crash in one step, never 'without redundancy' on the dead server first", () => {
    const atCrash = r.trace.events.filter((e) => e.kind === "health" && e.t === crash && e.data["service"] === "ecp-sftp")
    for (const p of onIt) expect([p, atCrash.filter((e) => e.subject === p).map((e) => e.data["status"])]).toEqual([p, ["down"]])
  })

  it("a transfer stalled on the dead server keeps its participant down, never 'degraded' with a session", () => {
    const stalledOn = r.trace.events.filter((e) => e.kind === "ecp.transfer" && e.data["event"] === "stalled" && e.data["server"] === server && e.t > crash)
    expect(stalledOn.length).toBeGreaterThan(0)
    for (const e of stalledOn) {
      const last = all.get(e.subject)!.filter((s) => s.t <= e.t).at(-1)!
      expect([e.subject, last.up]).toEqual([e.subject, 0])
    }
  })

  it("leaves everyone else as they were until the crash, and those on other servers alone after it", () => {
    for (const [p, list] of statuses(before.trace.events)) {
      const crashedRun = all.get(p) ?? []
      expect([p, crashedRun.filter((s) => s.t < crash)]).toEqual([p, list.filter((s) => s.t < crash)])
      if (!onIt.includes(p)) expect([p, crashedRun.filter((s) => s.t >= crash && s.detail === `${server} down: no session until connected again`)]).toEqual([p, []])
    }
  })

  it("gives the same trace with every keepalive simulated", () => {
    const lines = (events: ReadonlyArray<TraceEvent>) => events.filter((e) => e.kind !== "metrics").map((e) => JSON.stringify(e))
    const reference = run(model, window, [ecpWiringOf({ elideKeepalives: false }), crashed()])
    expect(lines(r.trace.events)).toEqual(lines(reference.trace.events))
  })
})

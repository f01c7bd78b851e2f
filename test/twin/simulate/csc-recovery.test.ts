import { describe, expect, it } from "vitest"
import type { TraceEvent } from "../../../twin/engine/trace.ts"
import type { MainlandLinkState } from "../../../twin/models/csc/index.ts"
import { millis, parseClock } from "../../../twin/engine/time.ts"
import { cscWiring, cscWiringOf } from "../../../twin/simulate/wire-csc.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"
import { defaultEstate, fault, run } from "../../scenarios/faults/support.ts"

const model = defaultEstate()
const at = (clock: string) => parseClock(clock)!
const window = { from: at("09:10"), to: at("09:40") }
const flowOf = new Map(model.file.participants.flatMap((p) => p.cscSessions.map((s) => [s.id, `${p.id}/${s.id}`] as const)))

/** The SSE and SZSE links' open orders (session, order, the CCCG it came through) at `instant`. */
const openOrdersAt = (instant: number) => {
  const open: Array<{ readonly session: string; readonly order: string; readonly gateway: string }> = []
  const probe: Wiring = {
    system: "probe",
    wire: ({ runtime }) => {
      runtime.at(instant, () => {
        for (const id of Object.values(model.roles.mainlandLinks!)) {
          for (const o of runtime.stateOf<MainlandLinkState>(id).orders) open.push({ session: o.session, order: o.order, gateway: o.gateway })
        }
      })
    }
  }
  return { open, probe }
}

/** When the session's flow was next up after `after`. */
const relogon = (events: ReadonlyArray<TraceEvent>, session: string, after: number): number =>
  events.find((e) => e.kind === "flow.status" && e.t > after && e.data["up"] === 1 && e.data["flow"] === flowOf.get(session))!.t

/**
 * `[µs after the session's re-logon, replayed]` of each `traded` it heard for `order`: the replay is written
 * right behind the answer to the Logon, a few µs later on the wire.
 */
const fillsHeard = (events: ReadonlyArray<TraceEvent>, session: string, order: string, back: number) =>
  events.filter((e) => e.kind === "csc.order" && e.data["session"] === session && e.data["order"] === order && e.data["event"] === "traded")
    .map((e) => [e.t - back < 0 || e.t - back >= millis(1) ? e.t - back : "within 1 ms", e.data["replayed"] ?? false])

/** No session hears a report twice (an order's acceptance, fill, cancel or refusal). */
const heardTwice = (events: ReadonlyArray<TraceEvent>) => {
  const heard = events.filter((e) => e.kind === "csc.order" && e.data["event"] !== "submitted" && e.data["event"] !== "held")
    .map((e) => `${e.data["session"]}/${e.data["order"]}/${e.data["event"]}`)
  return heard.filter((k, i) => heard.indexOf(k) !== i)
}

const crash = at("09:23")
const crashed = () => fault("node-crash", { node: "cccg-dc1-1" }, crash, at("09:39"), model)

describe("China Connect reports across a change of CCCG (the session store, the Logon's next expected number)", () => {
  it("the primary site lost at 09:20 in the opening call, DR at 09:22: every order open at the loss is heard traded once, in the replay after the re-logon at the DR pair", () => {
    // Orders accepted 09:10–09:20 wait for the 09:25 match. The backup site's links take the ledgers over at
    // 09:22 (csc-dr.ts) and trade them at 09:25 through the lost CCCGs' DR pairs, which number each fill in
    // the session store; no session is back before 09:25:50 (100 s to notice, 250 s of retries: csc-dr.test.ts),
    // so each fill is written again behind the answer to its Logon at the DR pair.
    const loss = at("09:20")
    const { open, probe } = openOrdersAt(loss)
    const r = run(model, window, [cscWiring, probe, fault("site-loss", { site: "dc1" }, loss, undefined, model)])
    expect(open.length).toBeGreaterThan(50)
    for (const o of open) {
      expect([o.order, fillsHeard(r.trace.events, o.session, o.order, relogon(r.trace.events, o.session, loss))]).toEqual([o.order, [["within 1 ms", true]]])
    }
    expect(heardTwice(r.trace.events)).toEqual([])
  })

  it("a CCCG crashed at 09:23 (no DR): every order open through it is heard traded once, in the replay after the re-logon at the secondary", () => {
    // The crash points the links' orders of cccg-dc1-1 at cccg-dc1-2 (csc-gateway-loss.ts); the 09:25 fills
    // are numbered there and wait for the sessions, which notice the loss 100–120 s on and log on to their
    // secondary 130 s later (after the primary's 10 s reconnect wait, 60 s Logon timeout and 60 s wait): the
    // 6th heartbeat tick after the last echo falls 100 s after the crash at the soonest, so from 09:26:50.
    const { open, probe } = openOrdersAt(crash)
    const r = run(model, window, [cscWiring, probe, crashed()])
    const through = open.filter((o) => o.gateway === "cccg-dc1-1")
    expect(through.length).toBeGreaterThan(20)
    for (const o of through) {
      const back = relogon(r.trace.events, o.session, crash)
      expect(back).toBeGreaterThanOrEqual(at("09:26:50"))
      expect([o.order, fillsHeard(r.trace.events, o.session, o.order, back)]).toEqual([o.order, [["within 1 ms", true]]])
    }
    expect(heardTwice(r.trace.events)).toEqual([])
  })

  it("gives the same trace with every heartbeat simulated (replays and passed-on reports wake the elided sessions)", () => {
    const lines = (events: ReadonlyArray<TraceEvent>) => events.filter((e) => e.kind !== "metrics").map((e) => JSON.stringify(e))
    const elided = run(model, window, [cscWiring, crashed()])
    const reference = run(model, window, [cscWiringOf({ elideHeartbeats: false }), crashed()])
    expect(lines(elided.trace.events).filter((l) => l.includes('"replayed":true')).length).toBeGreaterThan(20)
    expect(lines(elided.trace.events)).toEqual(lines(reference.trace.events))
  })
})

/**
 * The report's affected list (collect.ts): time in each worse status — a participant partly degraded and
 * partly down has both — and the worst status's cause with the instant it describes (issue 13, defect 7).
 */
import { describe, expect, it } from "vitest"
import { ReportCollector } from "../../../scenarios/report/collect.ts"
import { CauseIndex } from "../../../twin/contract/cause-chain.ts"
import type { TraceEvent } from "../../../twin/engine/trace.ts"

const s = (seconds: number) => seconds * 1_000_000
const health = (t: number, participant: string, status: string, cause: string): TraceEvent =>
  ({ t: s(t), kind: "health", subject: participant, data: { service: "otp-c", status, previous: null, cause } })

describe("ReportCollector.affected", () => {
  it("gives the time in each status and the worst status's cause with when it was written", () => {
    const c = new ReportCollector()
    for (const e of [
      health(0, "P1", "served", ""),
      // Degraded 100–140 s, down 140–180 s, without redundancy 180–200 s, served from 200 s.
      health(100, "P1", "degraded", "P1/P1T01: replay in progress"),
      health(140, "P1", "down", "P1/P1T01: no reply to Test Request"),
      health(180, "P1", "served-without-redundancy", "P1/P1T01: logged on to gw2 (secondary)"),
      health(200, "P1", "served", "")
    ]) c.write(e)
    expect(c.affected(s(300), new CauseIndex())).toEqual([{
      participant: "P1",
      service: "otp-c",
      worst: "down",
      firstAt: s(100),
      // Back to served (its starting status) at 200 s.
      recoveredAt: s(200),
      time: { "served-without-redundancy": s(20), degraded: s(40), down: s(40) },
      // The cause was true at 140 s, when P1 went down — not at 100 s (degraded) nor at 180 s (back on gw2).
      detail: "P1/P1T01: no reply to Test Request",
      causeAt: s(140)
    }])
  })

  it("recoveredAt: the last return to the starting status; absent while still worse at the end", () => {
    const c = new ReportCollector()
    for (const e of [
      health(0, "P1", "served", ""),
      // Down 10–20 s, served 20–30 s, down again from 30 s to the end: no recovery to report.
      health(10, "P1", "down", "P1/P1T01: gateway down"),
      health(20, "P1", "served", ""),
      health(30, "P1", "down", "P1/P1T01: gateway down"),
      health(0, "P2", "served-without-redundancy", ""),
      // P2 starts without redundancy: down 5–8 s, then back to without redundancy — its start — at 8 s.
      health(5, "P2", "down", "P2/P2T01: circuit down"),
      health(8, "P2", "served-without-redundancy", "")
    ]) c.write(e)
    expect(c.affected(s(100), new CauseIndex()).map((a) => [a.participant, a.firstAt, a.recoveredAt, a.time.down])).toEqual([
      ["P1", s(10), undefined, s(80)],
      ["P2", s(5), s(8), s(3)]
    ])
  })

  it("the cause chain of the instant the worst status came: the step before it and the fault on then", () => {
    const c = new ReportCollector()
    const causes = new CauseIndex()
    for (const e of [
      { t: s(10), kind: "scenario.fault", subject: "gw1-down", data: { kind: "node-down", status: "start", targets: ["gw1"] } },
      health(0, "P1", "served", ""),
      { t: s(100), kind: "scenario.step", subject: "p1", data: { move: ["gw2"], back: [] } },
      // Down at 101 s: the step at 100 s is the last change; gw1-down (10 s) was on.
      health(101, "P1", "down", "P1/P1T01: no gateway")
    ] satisfies Array<TraceEvent>) {
      c.write(e)
      causes.observe(e)
    }
    const [a] = c.affected(s(200), causes)
    expect(a?.cause).toBe("00:01:40 step p1 moved gw2, while gw1-down (node-down on gw1 since 00:00:10) was on")
    expect(a?.causeChain).toEqual({
      trigger: { kind: "step", id: "p1", at: s(100), what: "moved gw2" },
      enablers: [{ fault: "gw1-down", kind: "node-down", since: s(10), targets: ["gw1"] }]
    })
  })
})

describe("ReportCollector.affected: the baseline is the status by design (the first event's `design`)", () => {
  const first = (t: number, participant: string, status: string, design: string, cause: string): TraceEvent =>
    ({ t: s(t), kind: "health", subject: participant, data: { service: "otp-c", status, previous: null, cause, design } })

  it("a fault that starts with the window is harm from the opening; a weakness by design never is", () => {
    const c = new ReportCollector()
    const causes = new CauseIndex()
    for (const e of [
      { t: s(0), kind: "scenario.fault", subject: "both", data: { kind: "compound", status: "start", targets: ["gw1", "gw2"] } },
      // P1: both its gateways crashed at the opening — down from 0 s though served by design; logged on at 600 s.
      first(0, "P1", "down", "served", "P1/P1T01: starting: not logged on yet"),
      // P2: one of its gateways crashed — without redundancy from 0 s, served by design.
      first(0, "P2", "served-without-redundancy", "served", "P2/P2T01: logged on to gw3 (secondary); single point of failure gw3"),
      // P3: on a single circuit — without redundancy by design, all along: not affected.
      first(0, "P3", "served-without-redundancy", "served-without-redundancy", "P3/P3T01: logged on to gw3 (primary); single point of failure P3-c1"),
      // P4: single-circuit too, and harmed from the opening: down, then back to its status by design at 60 s.
      first(0, "P4", "down", "served-without-redundancy", "P4/P4T01: starting: not logged on yet"),
      health(60, "P4", "served-without-redundancy", "P4/P4T01: logged on to gw3 (primary); single point of failure P4-c1"),
      health(600, "P1", "served", ""),
      { t: s(600), kind: "scenario.fault", subject: "both", data: { kind: "compound", status: "end", targets: ["gw1", "gw2"] } },
      health(600, "P2", "served", "")
    ] satisfies Array<TraceEvent>) {
      c.write(e)
      causes.observe(e)
    }
    expect(c.affected(s(900), causes).map((a) => [a.participant, a.worst, a.firstAt, a.recoveredAt, a.time, a.detail, a.cause])).toEqual([
      ["P1", "down", s(0), s(600), { "served-without-redundancy": 0, degraded: 0, down: s(600) }, "P1/P1T01: starting: not logged on yet", "00:00:00 fault both (compound on gw1, gw2) started"],
      ["P4", "down", s(0), s(60), { "served-without-redundancy": 0, degraded: 0, down: s(60) }, "P4/P4T01: starting: not logged on yet", "00:00:00 fault both (compound on gw1, gw2) started"],
      ["P2", "served-without-redundancy", s(0), s(600), { "served-without-redundancy": s(600), degraded: 0, down: 0 }, "P2/P2T01: logged on to gw3 (secondary); single point of failure gw3", "00:00:00 fault both (compound on gw1, gw2) started"]
    ])
  })

  it("a trace without `design` (written before it was): the first status is the baseline", () => {
    const c = new ReportCollector()
    for (const e of [health(0, "P1", "down", "P1/P1T01: starting"), health(60, "P1", "served", "")]) c.write(e)
    expect(c.affected(s(100), new CauseIndex())).toEqual([])
  })
})

const metrics = (t: number, down: number, served: number): TraceEvent =>
  ({ t: s(t), kind: "metrics", subject: "twin", data: { events: 0, health: { "otp-c": { served, "served-without-redundancy": 0, degraded: 0, down } } } })

describe("the worst of each sample's interval", () => {
  it("a 4-second outage between two samples a minute apart shows in the sample that closes its interval", () => {
    const c = new ReportCollector()
    for (const e of [
      health(0, "P1", "served", ""),
      health(0, "P2", "served", ""),
      health(0, "P3", "served", ""),
      metrics(0, 0, 3),
      // P1 and P2 down 30–34 s, P3 degraded 32–40 s: back by the 60 s sample, which sees nobody down.
      health(30, "P1", "down", "x"),
      health(30, "P2", "down", "x"),
      health(32, "P3", "degraded", "y"),
      health(34, "P1", "served", ""),
      health(34, "P2", "served", ""),
      health(40, "P3", "served", ""),
      metrics(60, 0, 3),
      metrics(120, 0, 3)
    ]) c.write(e)
    expect(c.health.map((h) => [h.t, h.worst?.["otp-c"]])).toEqual([
      [s(0), { down: 0, degradedOrWorse: 0, notServed: 0 }],
      // 30–60 s: 2 down at once (30–34 s); at 32–34 s P1, P2 down and P3 degraded: 3 degraded or worse, 3 not served.
      [s(60), { down: 2, degradedOrWorse: 3, notServed: 3 }],
      // 60–120 s: everyone served all along.
      [s(120), { down: 0, degradedOrWorse: 0, notServed: 0 }]
    ])
    // The instants themselves saw nobody down.
    expect(c.health.map((h) => h.services["otp-c"]?.down)).toEqual([0, 0, 0])
  })
})

describe("the worst of each sample's interval, at its edges", () => {
  const run = (events: ReadonlyArray<TraceEvent>) => {
    const c = new ReportCollector()
    for (const e of events) c.write(e)
    return c.health.map((h) => [h.t, h.worst?.["otp-c"]?.down])
  }

  it("a change at exactly a sample's time is the next interval's, whether written before the sample or after it", () => {
    // P1 down from 60 s to 70 s. The 60 s sample closes [0, 60 s): nobody down; the 120 s one [60, 120 s): P1.
    const before = [health(0, "P1", "served", ""), metrics(0, 0, 1), health(60, "P1", "down", "x"), metrics(60, 1, 0), health(70, "P1", "served", ""), metrics(120, 0, 1)]
    const after = [health(0, "P1", "served", ""), metrics(0, 0, 1), metrics(60, 0, 1), health(60, "P1", "down", "x"), health(70, "P1", "served", ""), metrics(120, 0, 1)]
    expect(run(before)).toEqual([[s(0), 0], [s(60), 0], [s(120), 1]])
    expect(run(after)).toEqual([[s(0), 0], [s(60), 0], [s(120), 1]])
  })

  it("a status held into an interval counts in it; one undone within the same microsecond never does", () => {
    // P1 down from 30 s to 90 s: both intervals. At 150 s down and back at once: the 180 s interval sees nobody.
    expect(run([
      health(0, "P1", "served", ""), metrics(0, 0, 1), health(30, "P1", "down", "x"), metrics(60, 1, 0), health(90, "P1", "served", ""),
      metrics(120, 0, 1), health(150, "P1", "down", "x"), health(150, "P1", "served", ""), metrics(180, 0, 1)
    ])).toEqual([[s(0), 0], [s(60), 1], [s(120), 1], [s(180), 0]])
  })
})

describe("ReportCollector.orders", () => {
  const ocg = (t: number, participant: string, compId: string, data: Record<string, unknown>): TraceEvent =>
    ({ t: s(t), kind: "ocg.session", subject: participant, data: { compId, flow: `${participant}/${compId}`, ...data } } as TraceEvent)

  it("folds every participant's order evidence into the figures and notes, orders without an answer first", () => {
    const c = new ReportCollector()
    for (const e of [
      // P1: a spell of late answers, the longest 3 s, ended.
      ocg(10, "P1", "P1T01", { event: "late-ack", clOrdId: 4, sentAt: s(7), latencyUs: s(3) }),
      ocg(20, "P1", "P1T01", { event: "late-acks-ended", clOrdId: 5, worstUs: s(3) }),
      // P2: 2 orders found waiting, overtaken later: 3 never answered.
      ocg(30, "P2", "P2T01", { event: "awaiting", orders: 2, clOrdId: 8, sentAt: s(25) }),
      ocg(90, "P2", "P2T01", { event: "unanswered", orders: 3, firstClOrdId: 8, lastClOrdId: 10, firstSentAt: s(25) }),
      // P3: 1 order waiting at the end of the run.
      ocg(100, "P3", "P3T01", { event: "awaiting", orders: 1, clOrdId: 2, sentAt: s(99) })
    ]) c.write(e)
    const o = c.orders()
    expect([o.sessionsLate, o.longest, o.unanswered, o.stillWaiting, o.notesCount]).toEqual([1, s(3), 3, 1, 4])
    expect(o.notes.map((n) => [n.participant, n.kind, n.orders, n.until ?? null])).toEqual([
      ["P2", "unanswered", 3, null],
      ["P3", "waiting", 1, null],
      ["P1", "late", 1, s(20)],
      ["P2", "waiting", 2, s(90)]
    ])
  })
})

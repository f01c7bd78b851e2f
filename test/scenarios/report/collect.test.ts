/**
 * The report's affected list (collect.ts): time in each worse status — a participant partly degraded and
 * partly down has both — and the worst status's cause with the instant it describes (issue 13, defect 7).
 */
import { describe, expect, it } from "vitest"
import { ReportCollector } from "../../../scenarios/report/collect.ts"
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
    expect(c.affected(s(300))).toEqual([{
      participant: "P1",
      service: "otp-c",
      worst: "down",
      firstAt: s(100),
      // Back to served (its starting status) at 200 s.
      recoveredAt: s(200),
      time: { "served-without-redundancy": s(20), degraded: s(40), down: s(40) },
      // The cause was true at 140 s, when P1 went down — not at 100 s (degraded) nor at 180 s (back on gw2).
      cause: "P1/P1T01: no reply to Test Request",
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
    expect(c.affected(s(100)).map((a) => [a.participant, a.firstAt, a.recoveredAt, a.time.down])).toEqual([
      ["P1", s(10), undefined, s(80)],
      ["P2", s(5), s(8), s(3)]
    ])
  })
})

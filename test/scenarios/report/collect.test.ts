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
const healthCause = (t: number, participant: string, status: string, cause: string): TraceEvent =>
  ({ t: s(t), kind: "health.cause", subject: participant, data: { service: "otp-c", status, cause } })

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
      time: { "served-without-redundancy": s(20), degraded: s(40), down: s(40) },
      // The cause was true at 140 s, when P1 went down — not at 100 s (degraded) nor at 180 s (back on gw2).
      cause: "P1/P1T01: no reply to Test Request",
      causeAt: s(140)
    }])
  })

  it("follows health.cause within the spell that reached the worst status, not in a later one", () => {
    const c = new ReportCollector()
    for (const e of [
      health(0, "P1", "served", ""),
      health(100, "P1", "down", "P1/P1T01: gw1 down: cannot trade until logged on again"),
      // The BSS notices 5 s later; still down: the words change.
      healthCause(105, "P1", "down", "P1/P1T01: no reply to Test Request"),
      health(150, "P1", "served", ""),
      // A second down spell (same worst status, not worse): its words are not the ones shown.
      health(200, "P1", "down", "P1/P1T01: logon refused"),
      healthCause(210, "P1", "down", "P1/P1T01: no reply to Test Request after logon"),
      health(220, "P1", "served", "")
    ]) c.write(e)
    expect(c.affected(s(300))).toEqual([{
      participant: "P1",
      service: "otp-c",
      worst: "down",
      firstAt: s(100),
      // Down 100–150 s and 200–220 s: 50 + 20 = 70 s.
      time: { "served-without-redundancy": 0, degraded: 0, down: s(70) },
      // The first down spell's latest words, true from 105 s (the 100 s text was no longer true then).
      cause: "P1/P1T01: no reply to Test Request",
      causeAt: s(105)
    }])
  })
})

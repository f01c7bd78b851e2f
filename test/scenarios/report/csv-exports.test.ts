/**
 * affected.csv and evidence.csv of the hand-made small report (small-report.json), row for row: what a
 * support engineer opens to notify participants and to work through the evidence.
 */
import { describe, expect, it } from "vitest"
import { renderAffectedCsv, renderEvidenceCsv } from "../../../scenarios/report/csv-exports.ts"
import { smallReport } from "./fixture.ts"

const lines = (csv: string) => {
  expect(csv.endsWith("\r\n")).toBe(true)
  return csv.slice(0, -2).split("\r\n")
}

// The fixture's cause chains (test/scenarios/report/small-report.json).
const R = "09:33:15 rollback of phase-2 moved back ocg-dc1-a, ocg-dc1-b, while f2 (node-down on ocg-dc1-03 since 09:30:00) was on"
const F = "09:30:00 fault f2 (node-down on ocg-dc1-03) started"

describe("affected.csv", () => {
  it("one row per participant and service in the report's order, durations in seconds, the cause chain, when it held and what was seen", () => {
    expect(lines(renderAffectedCsv(smallReport.affected))).toEqual([
      // `source` health: each got worse than by design (no failing check named anyone else, so `checks` is empty).
      "participant,service,worst,from,to,down_seconds,degraded_seconds,without_redundancy_seconds,cause,cause_at,detail,source,checks",
      // P0002: first worse at 34,200 s = 09:30:00; 300 s without redundancy, 600 s down; its chain taken at 34,500 s = 09:35
      // (the sentence has commas: quoted). No recoveredAt in the fixture: still worse at the end of the run, so `to` is empty.
      `P0002,otp-c,down,09:30:00,,600,0,300,"${R}",09:35:00,P0002/P0002T01: logon refused,health,`,
      // P0003: from 33,000 s = 09:10:00, degraded 900 s; back at its starting status at 33,900 s = 09:25:00; no chain: empty cause.
      "P0003,omd-c,degraded,09:10:00,09:25:00,0,900,0,,09:10:00,P0003/omdc-ss: line A loss 2.5 %,health,",
      // The id `P0004&"<i>` has a quote: the field is quoted and the quote doubled.
      '"P0004&""<i>",omd-c,served-without-redundancy,09:10:00,,0,0,600,,09:10:00,P0004/omdc-ss: line B silent 6 s,health,'
    ])
  })

  it("a cause that starts like a formula is guarded", () => {
    const [a] = smallReport.affected
    const csv = renderAffectedCsv([{ ...a!, participant: "=cmd|' /C calc'!A0", cause: "@SUM(1,2)" }])
    expect(lines(csv)[1]).toBe(`'=cmd|' /C calc'!A0,otp-c,down,09:30:00,,600,0,300,"'@SUM(1,2)",09:35:00,P0002/P0002T01: logon refused,health,`)
  })
})

describe("evidence.csv", () => {
  it("every piece of every check, checks in the report's order; an open piece has no to or duration", () => {
    expect(lines(renderEvidenceCsv(smallReport.checks))).toEqual([
      "check,kind,role,phase,verdict,participant,service,subject,from,to,duration_seconds,detail,cause",
      // Only post-phase-2 has evidence: 09:30:00–09:36:00 is 360 s, 09:30:00–09:39:30 is 570 s.
      `post-phase-2,all-served,post-check,phase-2,fail,P0002,otp-c,,09:30:00,09:36:00,360,"logon refused | gateway said <script>alert(""x"")</script>",${F}`,
      `post-phase-2,all-served,post-check,phase-2,fail,P0003,omd-c,,09:30:00,09:39:30,570,line A loss 2.5 % > 1 %,${F}`,
      `post-phase-2,all-served,post-check,phase-2,fail,,,ocg-dc1-03,09:30:00,,,node down,${F}`
    ])
  })

  it("writes every piece it is given, beyond what report.json keeps", () => {
    const check = smallReport.checks[2]!
    const many = Array.from({ length: 250 }, (_, i) => ({ participant: `P${String(i).padStart(4, "0")}`, from: 0, to: 1_000_000, detail: "down" }))
    const csv = lines(renderEvidenceCsv([{ ...check, evidence: many, evidenceCount: 250 }]))
    expect([csv.length, csv[250]]).toEqual([251, "post-phase-2,all-served,post-check,phase-2,fail,P0249,,,00:00:00,00:00:01,1,down,"])
  })
})

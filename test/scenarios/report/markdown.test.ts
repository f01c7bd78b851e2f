import { describe, expect, it } from "vitest"
import { renderMarkdown } from "../../../scenarios/report/markdown.ts"
import { mdText } from "../../../scenarios/report/markdown/escape.ts"
import type { Report } from "../../../scenarios/report/report.ts"
import { at, smallReport } from "./fixture.ts"

const lines = (report: Report) => renderMarkdown(report).split("\n")
/** The lines of the section under `## title`, up to the next `## `. */
const section = (report: Report, title: string) => {
  const all = lines(report)
  const start = all.indexOf(`## ${title}`)
  if (start < 0) throw new Error(`no section ${title}`)
  const end = all.findIndex((line, i) => i > start && line.startsWith("## "))
  return all.slice(start + 1, end < 0 ? undefined : end).filter((line) => line !== "")
}

describe("renderMarkdown", () => {
  it("opens with the scenario's name, purpose and verdict", () => {
    expect(lines(smallReport).slice(0, 7)).toEqual([
      "# DC1 cut-over rehearsal",
      "",
      "Move line B and the OCG gateways of DC1 while a link flaps, and prove no participant loses service.",
      "",
      "**Verdict:** ❌ **FAIL** — 3 checks, 1 failed; 2 phases not completed",
      "",
      "Scenario dc1-cutover (scenarios/library/dc1-cutover.yaml) on estate small (4 participants), seed 42, window 09:00:00–10:00:00."
    ])
  })

  it("has one verdict-table row per check, the summary's pipe and ampersand escaped", () => {
    expect(section(smallReport, "Checks")).toEqual([
      "| check | kind | role | at | verdict | summary |",
      "| --- | --- | --- | --- | --- | --- |",
      "| omdc-availability | availability | scenario | 10:00:00 | ✅ pass | omd-c served for 99.9 % of participant-time (≥ 99.5 %) |",
      "| pre-phase-2 | all-served | pre-check of phase-2 | 09:25:00 | ✅ pass | all 4 participants served |",
      "| post-phase-2 | all-served | post-check of phase-2 | 09:40:00 | ❌ **FAIL** | 2 participants not served \\| P0002 \\& P0003 |"
    ])
  })

  it("lists each phase's window, cut-off, outcome, steps and rollback", () => {
    expect(section(smallReport, "Phases")).toEqual([
      "### phase-1: Move DC1 line B",
      "09:10:00–09:20:00 — **completed**",
      "| at | step |",
      "| --- | --- |",
      "| 09:10:00 | move omdc-dc1-line-b |",
      "### phase-2: Move OCG gateways",
      "09:25:00–09:40:00, cut-off 09:35:00 — **rolled-back**",
      "| at | step |",
      "| --- | --- |",
      "| 09:26:00 | move ocg-dc1-a, ocg-dc1-b |",
      "| 09:33:15 | move back ocg-dc1-a, ocg-dc1-b |",
      "Rolled back at 09:33:15: post-check all-served failing (units ocg-dc1-a, ocg-dc1-b)",
      "### phase-3: Move RTS",
      "09:45:00–09:55:00 — **not-started** (phase phase-2 was rolled back)",
      "No steps."
    ])
  })

  it("lists faults with their windows (an open one as still on), targets and parameters", () => {
    expect(section(smallReport, "Faults").slice(2)).toEqual([
      "| f1 | link-flap | 09:12:00–09:14:00 | ca-pop-1--ar-a | period=20s, down=5s |",
      "| f2 | node-down | 09:30:00–… | ocg-dc1-03 |  |"
    ])
  })

  it("shows the failed check's evidence with <script> and | as text, never as markup or a cell break", () => {
    expect(section(smallReport, "Evidence of failed checks")).toEqual([
      "### post-phase-2 — 3 pieces of evidence",
      "| participant | service | from–to | detail | cause |",
      "| --- | --- | --- | --- | --- |",
      '| P0002 | otp-c | 09:30:00–09:36:00 | logon refused \\| gateway said \\<script\\>alert("x")\\</script\\> | 09:30:00 fault f2 (node-down on ocg-dc1-03) started |',
      "| P0003 | omd-c | 09:30:00–09:39:30 | line A loss 2.5 % \\> 1 % | 09:30:00 fault f2 (node-down on ocg-dc1-03) started |",
      "| ocg-dc1-03 |  | 09:30:00–… | node down | 09:30:00 fault f2 (node-down on ocg-dc1-03) started |"
    ])
    expect(renderMarkdown(smallReport)).not.toMatch(/(?<!\\)<script/)
  })

  it("caps a failed check's evidence at 20 rows and says how many more there were", () => {
    const evidence = Array.from({ length: 25 }, (_, i) => ({ participant: `P${i}`, from: at(9, 30), detail: "down" }))
    const check = { ...smallReport.checks[2]!, evidence, evidenceCount: 130 }
    const shown = section({ ...smallReport, checks: [check] }, "Evidence of failed checks")
    expect(shown[0]).toBe("### post-phase-2 — 130 pieces of evidence")
    expect(shown.filter((line) => line.startsWith("| P")).length).toBe(20)
    expect(shown[shown.length - 1]).toBe("… and 110 more pieces of evidence")
  })

  it("points to the CSV files beside it for the rest, when the report has them", () => {
    const files = { ...smallReport.files, affectedCsv: "runs/dc1-cutover/affected.csv", evidenceCsv: "runs/dc1-cutover/evidence.csv" }
    const evidence = Array.from({ length: 25 }, (_, i) => ({ participant: `P${i}`, from: at(9, 30), detail: "down" }))
    const check = { ...smallReport.checks[2]!, evidence, evidenceCount: 130 }
    // 130 pieces, 20 shown: 110 more, all in evidence.csv (a link relative to report.md, which sits beside it).
    expect(section({ ...smallReport, checks: [check], files }, "Evidence of failed checks").at(-1))
      .toBe("… and 110 more pieces of evidence: all of them in [evidence.csv](evidence.csv)")
    const many = Array.from({ length: 53 }, (_, i) => ({ ...smallReport.affected[0]!, participant: `P${1000 + i}` }))
    expect(section({ ...smallReport, affected: many, files }, "Affected participants").at(-1))
      .toBe("… and 3 more affected participant–service pairs: all of them in [affected.csv](affected.csv)")
    // Nothing cut: the same list as CSV is still offered, for notifying participants.
    expect(section({ ...smallReport, files }, "Affected participants").at(-1))
      .toBe("The same list as CSV, for notifying participants: [affected.csv](affected.csv)")
    expect(section({ ...smallReport, files }, "Run").at(-1)).toBe(
      "- files: trace runs/dc1-cutover/trace.ndjson, report runs/dc1-cutover/report.json, runs/dc1-cutover/report.md, " +
        "runs/dc1-cutover/report.html, runs/dc1-cutover/affected.csv, runs/dc1-cutover/evidence.csv"
    )
  })

  it("lists affected participants worst first with their times per status, capped at 50 rows", () => {
    // What was seen with the instant it describes (`causeAt`): P0002 went down at 09:35, after 5m without
    // redundancy; then the cause chain of that instant (— where the fixture has none).
    expect(section(smallReport, "Affected participants").slice(2)).toEqual([
      "| P0002 | otp-c | down | 09:30:00 | 10m | — | 5m | P0002/P0002T01: logon refused (at 09:35:00) | " +
        "09:33:15 rollback of phase-2 moved back ocg-dc1-a, ocg-dc1-b, while f2 (node-down on ocg-dc1-03 since 09:30:00) was on |",
      "| P0003 | omd-c | degraded | 09:10:00 | — | 15m | — | P0003/omdc-ss: line A loss 2.5 % (at 09:10:00) | — |",
      '| P0004\\&"\\<i\\> | omd-c | without redundancy | 09:10:00 | — | — | 10m | P0004/omdc-ss: line B silent 6 s (at 09:10:00) | — |'
    ])
    const many = Array.from({ length: 53 }, (_, i) => ({ ...smallReport.affected[0]!, participant: `P${1000 + i}` }))
    const shown = section({ ...smallReport, affected: many }, "Affected participants")
    expect(shown.filter((line) => line.startsWith("| P1")).length).toBe(50)
    expect(shown[shown.length - 1]).toBe("… and 3 more affected participant–service pairs")
  })

  it("ends with the run's figures", () => {
    expect(section(smallReport, "Run")).toEqual([
      "- engine events: 123456",
      "- trace lines: 7890",
      "- health samples: 13",
      "- files: trace runs/dc1-cutover/trace.ndjson, report runs/dc1-cutover/report.json, runs/dc1-cutover/report.md, runs/dc1-cutover/report.html"
    ])
  })

  it("says so when nothing was checked or affected", () => {
    const quiet = { ...smallReport, verdict: "pass" as const, checks: [], phases: [], faults: [], affected: [] }
    expect(section(quiet, "Checks")).toEqual(["No checks."])
    expect(section(quiet, "Affected participants")).toEqual(["No participant's service got worse than the estate gives it by design."])
    expect(renderMarkdown(quiet)).not.toContain("## Phases")
  })
})

describe("mdText", () => {
  it("backslash-escapes markup characters and joins lines", () => {
    expect(mdText("a|b *c* _d_ [e](f) <g> & `h`\nnext")).toBe("a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\<g\\> \\& \\`h\\` next")
  })
})

describe("fault targets in tables", () => {
  it("names the first twelve and counts the rest (a carrier loss touches hundreds of circuits)", async () => {
    const { targetsText } = await import("../../../scenarios/report/describe.ts")
    const many = Array.from({ length: 15 }, (_, i) => `P${i}-c1`)
    expect(targetsText(many)).toBe("P0-c1, P1-c1, P2-c1, P3-c1, P4-c1, P5-c1, P6-c1, P7-c1, P8-c1, P9-c1, P10-c1, P11-c1, … and 3 more")
    expect(targetsText(many.slice(0, 2))).toBe("P0-c1, P1-c1")
  })

  it("tells what participants saw of their orders: the figures, then the notes; a report from before them has no such section", () => {
    expect(lines(smallReport)).not.toContain("## Orders")
    const withOrders: Report = {
      ...smallReport,
      orders: {
        sessionsLate: 1,
        longest: 1_401_325,
        unanswered: 0,
        stillWaiting: 0,
        notes: [{
          t: Math.round(at(9, 35, 1.613037)),
          participant: "P0487",
          service: "otp-c",
          session: "P0487T02",
          kind: "late",
          orders: 1,
          until: Math.round(at(9, 55, 0.213037)),
          text: "New Orders answered late, the longest 1.401s (New Order 6, sent 09:35:00.211712); in time again at 09:55:00.213037"
        }],
        notesCount: 1
      }
    }
    expect(section(withOrders, "Orders")).toEqual([
      "1 session with answers late (the longest 1.401s); 0 orders never answered; 0 orders still waiting at the end of the run.",
      "| participant | service | session | at | what the participant saw |",
      "| --- | --- | --- | --- | --- |",
      "| P0487 | otp-c | P0487T02 | 09:35:01.613037 | New Orders answered late, the longest 1.401s (New Order 6, sent 09:35:00.211712); in time again at 09:55:00.213037 |"
    ])
    expect(section({ ...smallReport, orders: { sessionsLate: 0, longest: 0, unanswered: 0, stillWaiting: 0, notes: [], notesCount: 0 } }, "Orders"))
      .toEqual(["No order was answered late (over 100 ms), left unanswered or found waiting."])
  })
})

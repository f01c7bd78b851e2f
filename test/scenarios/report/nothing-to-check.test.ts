/**
 * Issue 13, defect 8, in the reports: a check that judged nothing (`nothingToCheck`) says "nothing to check"
 * beside its verdict in report.md, report.html and the CLI's verdict table; one that judged something shows
 * its verdict alone, as before. The small report's first check (`omdc-availability`, a pass) is made a
 * nothing-to-check pass, its third (`post-phase-2`, a fail) a nothing-to-check fail. And (defect 7) the CLI's
 * affected line gives the time in each worse status, not one "down" figure.
 */
import { describe, expect, it } from "vitest"
import { renderHtml } from "../../../scenarios/report/html.ts"
import { renderMarkdown } from "../../../scenarios/report/markdown.ts"
import type { Report } from "../../../scenarios/report/report.ts"
import { renderVerdictTable } from "../../../twin/cli/verdict-table.ts"
import { byClass, findAll, parseHtml, textOf } from "./html-tree.ts"
import { at, smallReport } from "./fixture.ts"

const report: Report = {
  ...smallReport,
  checks: smallReport.checks.map((c, i) =>
    i === 0 ? { ...c, nothingToCheck: true, summary: `nothing to check: ${c.summary}` } : i === 2 ? { ...c, nothingToCheck: true } : c
  )
}

describe("a check with nothing to check, in the reports", () => {
  it("report.md: the verdict cell says it", () => {
    const md = renderMarkdown(report).split("\n")
    expect(md.filter((l) => l.startsWith("| omdc-availability") || l.startsWith("| pre-phase-2") || l.startsWith("| post-phase-2 |"))).toEqual([
      "| omdc-availability | availability | scenario | 10:00:00 | ✅ pass — nothing to check | nothing to check: omd-c served for 99.9 % of participant-time (≥ 99.5 %) |",
      "| pre-phase-2 | all-served | pre-check of phase-2 | 09:25:00 | ✅ pass | all 4 participants served |",
      "| post-phase-2 | all-served | post-check of phase-2 | 09:40:00 | ❌ **FAIL** — nothing to check | 2 participants not served \\| P0002 \\& P0003 |"
    ])
  })

  it("report.html: beside the badge", () => {
    const rows = byClass(parseHtml(renderHtml(report)), "tr", "check")
    const verdicts = rows.map((row) => textOf(findAll([row], (e) => e.tag === "td")[4]!))
    expect(verdicts).toEqual(["pass nothing to check", "pass", "FAIL nothing to check"])
  })

  it("the CLI's verdict table: after the verdict word", () => {
    const lines = renderVerdictTable(report, 1).split("\n")
    expect(lines.filter((l) => /^ {2}(omdc-availability|pre-phase-2|post-phase-2) /.test(l))).toEqual([
      "  omdc-availability  pass — nothing to check  nothing to check: omd-c served for 99.9 % of participant-time (≥ 99.5 %)",
      "  pre-phase-2        pass  all 4 participants served [pre-check phase-2 09:25:00]",
      "  post-phase-2       FAIL — nothing to check  2 participants not served | P0002 & P0003 [post-check phase-2 09:40:00]"
    ])
  })
})

describe("a check failed under require: evidence, in the CLI's verdict table", () => {
  it("prints its one piece of evidence, about nobody, as the reason over the window", () => {
    const failed: Report = {
      ...smallReport,
      checks: [{
        ...smallReport.checks[0]!,
        verdict: "fail",
        nothingToCheck: true,
        summary: "nothing to check, and evidence is required (require: evidence): omd-c served",
        evidence: [{ from: at(9, 0), to: at(10, 0), detail: "nothing to check in the window, and the check requires evidence (require: evidence)" }],
        evidenceCount: 1
      }]
    }
    const lines = renderVerdictTable(failed, 1).split("\n")
    const i = lines.findIndex((l) => l.startsWith("  omdc-availability"))
    expect(lines.slice(i, i + 2)).toEqual([
      "  omdc-availability  FAIL — nothing to check  nothing to check, and evidence is required (require: evidence): omd-c served",
      // Indented past the id column (2 + 17 for "omdc-availability" + 4), with no "who:" for nobody.
      "                       nothing to check in the window, and the check requires evidence (require: evidence), 09:00:00–10:00:00 (1h)"
    ])
  })
})

describe("the CLI's affected line", () => {
  it("sums the time in each worse status, so partly down and partly degraded shows both", () => {
    // small-report.json: P0002 down 10m and without redundancy 5m, P0003 degraded 15m, P0004… without
    // redundancy 10m: 10m down, 15m degraded, 5m + 10m = 15m without redundancy.
    const line = renderVerdictTable(smallReport, 1).split("\n").find((l) => l.startsWith("affected:"))
    expect(line).toBe("affected: 3 participant-services worse than by design (1 down at some point; participant-time down 10m, degraded 15m, without redundancy 15m)")
  })
})

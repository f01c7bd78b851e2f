/** The CLI's verdict table names each failed check's cause chain once, under the pieces it explains. */
import { describe, expect, it } from "vitest"
import { renderVerdictTable } from "../../../twin/cli/verdict-table.ts"
import { smallReport } from "../../scenarios/report/fixture.ts"

describe("the verdict table's cause chains", () => {
  it("one ← line under consecutive pieces with the same chain, another when it changes", () => {
    const check = smallReport.checks.find((c) => c.id === "post-phase-2")!
    // The fixture's three pieces share the chain of f2 (09:30); the third is given another to show the break.
    const other = "09:33:15 rollback of phase-2 moved back ocg-dc1-a, ocg-dc1-b"
    const evidence = [check.evidence[0]!, check.evidence[1]!, { ...check.evidence[2]!, cause: other }]
    const lines = renderVerdictTable({ ...smallReport, checks: [{ ...check, evidence }] }, 1).split("\n")
    const i = lines.findIndex((l) => l.startsWith("  post-phase-2"))
    // Indented past the id column (2 + 12 for "post-phase-2" + 4); the chain 2 more.
    expect(lines.slice(i + 1, i + 6)).toEqual([
      '                  P0002 otp-c: logon refused | gateway said <script>alert("x")</script>, 09:30:00–09:36:00 (6m)',
      "                  P0003 omd-c: line A loss 2.5 % > 1 %, 09:30:00–09:39:30 (9m30s)",
      "                    ← 09:30:00 fault f2 (node-down on ocg-dc1-03) started",
      "                  ocg-dc1-03: node down, from 09:30:00",
      `                    ← ${other}`
    ])
  })

  it("gives a piece's span to the microsecond, as its ends: never rounded onto the limit its check failed", () => {
    const check = smallReport.checks.find((c) => c.id === "post-phase-2")!
    // The broken-plan drill's 07:05 loss against max 12s: 12.000006 s, which the millisecond makes "12s".
    const piece = { ...check.evidence[1]!, from: 25_498_000_743, to: 25_510_000_749, detail: "no market data on either line for 12.000006s on channel SF" }
    const lines = renderVerdictTable({ ...smallReport, checks: [{ ...check, evidence: [piece] }] }, 1).split("\n")
    expect(lines.find((l) => l.includes("channel SF"))?.trim()).toBe(
      "P0003 omd-c: no market data on either line for 12.000006s on channel SF, 07:04:58.000743–07:05:10.000749 (12.000006s)"
    )
  })
})

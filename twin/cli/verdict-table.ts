/** The short verdict table `twin run` and `npm start` print: one line per check and phase, then where the files are. */
import { formatDuration, formatDurationExact } from "../../scenarios/format/duration.ts"
import { namedByCheck, namedByChecksText, verdictText } from "../../scenarios/report/describe.ts"
import type { Report } from "../../scenarios/report/report.ts"
import { formatTimeOfDay } from "../engine/time.ts"

const clock = (t: number) => formatTimeOfDay(t)

export const renderVerdictTable = (report: Report, wallSeconds: number): string => {
  const lines: Array<string> = []
  const width = Math.max(5, ...report.checks.map((c) => c.id.length), ...report.phases.map((p) => p.id.length))
  if (report.phases.length > 0) {
    lines.push("phases")
    for (const p of report.phases) {
      const extra = p.rollback === undefined ? "" : ` at ${clock(p.rollback.at)}: ${p.rollback.reason}`
      lines.push(`  ${p.id.padEnd(width)}  ${p.outcome}${extra}`)
    }
  }
  lines.push("checks")
  for (const c of report.checks) {
    const where = c.role === "scenario" ? "" : ` [${c.role} ${c.phase ?? ""} ${clock(c.at)}]`
    lines.push(`  ${c.id.padEnd(width)}  ${verdictText(c)}  ${c.summary}${where}`)
    if (c.verdict === "fail") {
      const shown = c.evidence.slice(0, 3)
      shown.forEach((e, i) => {
        const who = [e.participant, e.service, e.subject].filter((x) => x !== undefined).join(" ")
        // The span's length to the µs, as its ends are: 12.000006 s over a 12 s limit is not "(12s)".
        const span = e.to === undefined ? `from ${clock(e.from)}` : `${clock(e.from)}–${clock(e.to)} (${formatDurationExact(e.to - e.from)})`
        lines.push(`  ${"".padEnd(width)}    ${who === "" ? "" : `${who}: `}${e.detail}, ${span}`)
        // The cause chain once under the pieces it explains (a chain is a sentence: repeating it drowns the evidence).
        if (e.cause !== undefined && shown[i + 1]?.cause !== e.cause) lines.push(`  ${"".padEnd(width)}      ← ${e.cause}`)
      })
      if (c.evidenceCount > 3) lines.push(`  ${"".padEnd(width)}    … and ${c.evidenceCount - 3} more (all in ${report.files.evidenceCsv ?? "report.md"})`)
    }
  }
  const worse = report.affected.filter((a) => !namedByCheck(a))
  const named = report.affected.length - worse.length
  const down = worse.filter((a) => a.worst === "down").length
  // Time in each worse status, summed: a participant partly down and partly degraded counts in both.
  const spent = (status: "down" | "degraded" | "served-without-redundancy") =>
    formatDuration(worse.reduce((sum, a) => sum + a.time[status], 0))
  const health = `${down} down at some point; participant-time down ${spent("down")}, degraded ${spent("degraded")}, without redundancy ${spent("served-without-redundancy")}`
  // A failing check naming participants whose status never got worse: said, never "0 … worse" alone (describe.ts namedByChecksText).
  lines.push(
    named === 0
      ? `affected: ${report.affected.length} participant-services worse than by design (${health})`
      : `affected: ${report.affected.length} participant-services to notify: ${worse.length} worse than by design (${health}); ${namedByChecksText(report.affected)}`
  )
  lines.push(`verdict: ${report.verdict.toUpperCase()} — ${report.run.events} engine events in ${wallSeconds.toFixed(1)} s`)
  const files = [report.files.html, report.files.markdown, report.files.json, report.files.trace].filter((f) => f !== "")
  lines.push(`reports: ${files.join(", ")}`)
  const csvs = [report.files.affectedCsv, report.files.evidenceCsv].filter((f) => f !== undefined)
  if (csvs.length > 0) lines.push(`exports: ${csvs.join(", ")} (whom to notify; every piece of evidence)`)
  if (report.files.html !== "") lines.push(`open ${report.files.html} in a browser for the charts`)
  return lines.join("\n")
}

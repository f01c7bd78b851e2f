/** runbook.md: the runbook as GitHub-flavoured markdown (the same sentences as runbook.html, words.ts). */
import { formatDuration } from "../format/duration.ts"
import { plural } from "../format/plural.ts"
import { clock } from "../report/describe.ts"
import { mdTable, mdText } from "../report/markdown/escape.ts"
import { letterOf, notificationLists, type Runbook } from "./runbook.ts"
import { atRiskText, gate, goNoGoHeading, intro, listText, nobodyToNotify, OVERVIEW_HEADER, overviewRows, prtHeading, rollbackLines, TRADING_HEADING } from "./words.ts"

export const runbookMarkdown = (runbook: Runbook): string => {
  const lists = notificationLists(runbook)
  const letter = (l: ReadonlyArray<string> | undefined) => letterOf(lists, l)
  const out: Array<string> = [`# Runbook — ${mdText(runbook.title)}`, "", mdText(intro(runbook)), "", "## Overview", ""]
  out.push(mdTable(
    OVERVIEW_HEADER,
    overviewRows(runbook)
  ))
  runbook.phases.forEach((p, i) => {
    out.push("", `## Phase ${i + 1} — ${mdText(p.name)}`, "", mdText(`${p.date ?? "no date"} · ${clock(p.window.from)}–${clock(p.window.to)} · ${p.id} in ${p.file}. ${gate(p)}`), "")
    if (p.tradingHours.length > 0) out.push(`**${mdText(TRADING_HEADING)}**`, "", ...p.tradingHours.map((w) => `- ${mdText(w)}`), "")
    out.push(`**${mdText(goNoGoHeading(p))}**`, "")
    for (const c of p.goNoGo) out.push(`- [ ] ${mdText(c.id)}: ${mdText(c.text)}`)
    out.push("", "**Steps**", "")
    out.push(mdTable(
      ["#", "time", "action", "units", "at risk", "notify"],
      p.steps.map((s, k) => [String(k + 1), clock(s.at), s.action, s.units.join(", "), atRiskText(s), letter(s.atRisk) === undefined ? "—" : `list ${letter(s.atRisk)}`])
    ))
    const why = p.steps.flatMap((s) => s.why.map((w) => `- ${clock(s.at)}: ${mdText(w)}`))
    if (why.length > 0) out.push("", ...why)
    out.push("", `**${mdText(prtHeading(p))}**`, "")
    for (const c of p.prt) out.push(`- [ ] ${clock(c.at!)} ${mdText(c.id)}: ${mdText(c.text)}`)
    out.push("", "**Rollback**", "", ...rollbackLines(runbook, p, letter).map((l) => `- ${mdText(l)}`))
  })
  out.push("", "## Whom to notify", "")
  if (lists.length === 0) out.push(mdText(nobodyToNotify(runbook)))
  for (const l of lists) out.push(`**List ${l.letter}** — ${plural(l.participants.length, "participant")}: ${mdText(listText(runbook, l.participants))}`, "")
  out.push("", `_Convergence delay assumed: ${formatDuration(runbook.convergence)}._`, "")
  return out.join("\n")
}

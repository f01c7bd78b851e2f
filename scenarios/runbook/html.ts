/**
 * runbook.html: the runbook as one self-contained page made to be printed — A4, print CSS (no page break
 * inside a phase's table or check list, links as plain text, the notification lists in small print), tick
 * boxes beside every go/no-go and PRT criterion. The same sentences as runbook.md (words.ts).
 */
import { formatDuration } from "../format/duration.ts"
import { plural } from "../format/plural.ts"
import { clock } from "../report/describe.ts"
import { html } from "../report/html/escape.ts"
import { letterOf, notificationLists, type Runbook } from "./runbook.ts"
import { atRiskText, gate, goNoGoHeading, intro, listText, nobodyToNotify, OVERVIEW_HEADER, overviewRows, prtHeading, rollbackLines, TRADING_HEADING } from "./words.ts"

export const RUNBOOK_CSS = `
@page { size: A4; margin: 12mm 11mm; }
body { font: 9.5pt/1.3 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111; max-width: 188mm; margin: 1em auto; }
h1 { font-size: 15pt; margin: 0 0 .2em; } h2 { font-size: 11.5pt; margin: .9em 0 .15em; break-after: avoid; }
h3 { font-size: 9.5pt; margin: .35em 0 .1em; break-after: avoid; }
p, ul { margin: .15em 0; } ul { padding-left: 1.2em; }
ul.checks { list-style: none; padding-left: .2em; } ul.checks li::before { content: "\\2610\\00a0"; }
.criteria { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.2em; break-inside: avoid; }
.criteria h3 { font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .25em 0; break-inside: avoid; }
th, td { border: 1px solid #aaa; padding: 1px 4px; text-align: left; vertical-align: top; font-size: 8.5pt; }
th { background: #eee; } tr { break-inside: avoid; }
.meta { color: #444; font-size: 8.5pt; } .cutoff { font-weight: 600; } .warning { color: #a00; }
section.phase { break-inside: avoid-page; border-top: 1.5px solid #333; margin-top: .6em; }
.list { font: 6.5pt/1.25 ui-monospace, "SFMono-Regular", Menlo, monospace; word-break: break-word; text-align: justify; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
`

export const runbookHtml = (runbook: Runbook): string => {
  const lists = notificationLists(runbook)
  const letter = (l: ReadonlyArray<string> | undefined) => letterOf(lists, l)
  const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) =>
    `<table><thead><tr>${header.map((h) => `<th>${html(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${html(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>`
  const phases = runbook.phases.map((p, i) => {
    const why = p.steps.flatMap((s) => s.why.map((w) => `<li>${html(clock(s.at))}: ${html(w)}</li>`))
    return `<section class="phase" id="phase-${i + 1}">
<h2>Phase ${i + 1} — ${html(p.name)}</h2>
<p class="meta">${html(`${p.date ?? "no date"} · ${clock(p.window.from)}–${clock(p.window.to)} · ${p.id} in ${p.file}`)}. ${html(gate(p))}</p>
${p.tradingHours.length > 0 ? `<h3 class="warning">${html(TRADING_HEADING)}</h3><ul class="warning">${p.tradingHours.map((w) => `<li>${html(w)}</li>`).join("")}</ul>\n` : ""}${table(["#", "time", "action", "units", "at risk", "notify"], p.steps.map((s, k) => [String(k + 1), clock(s.at), s.action, s.units.join(", "), atRiskText(s), letter(s.atRisk) === undefined ? "—" : `list ${letter(s.atRisk)}`]))}
${why.length > 0 ? `<ul>${why.join("")}</ul>` : ""}
<div class="criteria"><div><h3>${html(goNoGoHeading(p))}</h3>
<ul class="checks">${p.goNoGo.map((c) => `<li><b>${html(c.id)}</b>: ${html(c.text)}</li>`).join("")}</ul></div>
<div><h3>${html(prtHeading(p))}</h3>
<ul class="checks">${p.prt.map((c) => `<li>${html(clock(c.at!))} <b>${html(c.id)}</b>: ${html(c.text)}</li>`).join("")}</ul></div></div>
<h3>Rollback</h3>
<ul>${rollbackLines(runbook, p, letter).map((l, k) => `<li${k === 1 ? ' class="cutoff"' : ""}>${html(l)}</li>`).join("")}</ul>
</section>`
  })
  const overview = table(
    OVERVIEW_HEADER,
    overviewRows(runbook)
  )
  const notify = lists.length === 0
    ? `<p>${html(nobodyToNotify(runbook))}</p>`
    : lists.map((l) => `<h3>List ${html(l.letter)} — ${html(plural(l.participants.length, "participant"))}</h3><p class="list">${html(listText(runbook, l.participants))}</p>`).join("\n")
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Runbook — ${html(runbook.title)}</title><style>${RUNBOOK_CSS}</style></head>
<body>
<h1>Runbook — ${html(runbook.title)}</h1>
<p>${html(intro(runbook))}</p>
<h2>Overview</h2>
${overview}
${phases.join("\n")}
<section class="notify"><h2>Whom to notify</h2>
${notify}
</section>
<p class="meta">Convergence delay assumed: ${html(formatDuration(runbook.convergence))}.</p>
</body></html>
`
}

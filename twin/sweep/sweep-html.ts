/**
 * The sweep's HTML report: a heat map of the impact matrix (fault × column, cell shade by participants
 * down, amber where only redundancy is lost), the ten worst cases with their explanations, and the
 * figures of the run. Self-contained like report.html, in its style (scenarios/report/html/style.ts).
 */
import { css } from "../../scenarios/report/html/style.ts"
import { html } from "../../scenarios/report/html/escape.ts"
import { statusColour } from "../../scenarios/report/html/colours.ts"
import type { CellImpact } from "./cell.ts"
import type { SweepResult } from "./sweep.ts"
import type { WorstCase } from "./worst-cases.ts"

/** At most this many fault rows in the heat map (the worst); the JSON has them all. */
export const HEAT_ROWS = 60

const extraCss = `
table.heat td.cell { min-width: 4.2em; text-align: center; font-variant-numeric: tabular-nums; }
table.heat td.none { color: #999; }
`

const shade = (cell: CellImpact, worst: number): string => {
  if (cell.participantsDown > 0) {
    const alpha = 0.25 + 0.75 * Math.min(1, cell.participantsDown / Math.max(1, worst))
    return `background: color-mix(in srgb, ${statusColour.down} ${Math.round(alpha * 100)}%, white); color: ${alpha > 0.6 ? "#fff" : "#1a1a1a"}`
  }
  if (cell.participantsWeak > 0) return `background: ${statusColour["served-without-redundancy"]}; color: #1a1a1a`
  return ""
}

const cellText = (c: CellImpact) =>
  c.participantsDown > 0 ? `${c.participantsDown}` : c.participantsWeak > 0 ? `(${c.participantsWeak})` : "·"

const caseTable = (cases: ReadonlyArray<WorstCase>) =>
  `<table><tr><th>#</th><th>fault</th><th>column</th><th class="num">down</th><th class="num">participant-min down</th><th class="num">without redundancy</th><th>why</th></tr>` +
  cases.map((w, i) => `<tr><td class="num">${i + 1}</td><td>${html(w.fault)}</td><td>${html(w.column)}</td><td class="num">${w.cell.participantsDown}</td><td class="num">${w.cell.minutesDown}</td><td class="num">${w.cell.participantsWeak}</td><td>${html(w.explanation)}</td></tr>`).join("") +
  `</table>`

export const renderSweepHtml = (
  result: SweepResult,
  worst: ReadonlyArray<WorstCase>,
  planCaused: ReadonlyArray<WorstCase>,
  figures: ReadonlyArray<[string, string]>
): string => {
  const rows = result.faults.slice(0, HEAT_ROWS)
  const worstDown = Math.max(1, ...result.cells.flat().map((c) => c.participantsDown))
  const head = `<tr><th>fault</th><th>kind</th>${result.columns.map((c) => `<th title="${html(c.moves.join(", "))}">${html(c.id)}</th>`).join("")}</tr>`
  const body = rows.map((f, i) =>
    `<tr><td>${html(f.id)}</td><td>${html(f.kind)}</td>${result.cells[i]!.map((c, j) => {
      const title = `${f.id} through ${result.columns[j]!.id}: ${c.participantsDown} down (${c.minutesDown} participant-min), ${c.participantsWeak} without redundancy (${c.minutesWeak} participant-min)`
      return `<td class="cell${c.participantsDown + c.participantsWeak === 0 ? " none" : ""}" style="${shade(c, worstDown)}" title="${html(title)}">${cellText(c)}</td>`
    }).join("")}</tr>`
  ).join("\n")
  const figureTable = `<table>${figures.map(([k, v]) => `<tr><th>${html(k)}</th><td>${html(v)}</td></tr>`).join("")}</table>`
  const title = `Sweep ${result.mode} — ${result.scenarios.map((s) => s.id).join(", ")}`
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${html(title)}</title><style>${css}${extraCss}</style></head><body>` +
    `<header id="summary"><h1>${html(title)}</h1><p class="purpose">${html(
      `Every fault (${result.mode}) injected through every column on estate ${result.estate.name} (${result.estate.participants} participants). ` +
        `A cell shows the participants who lose a service because of the fault (in brackets, when nobody does: those left without redundancy).`
    )}</p></header>` +
    `<main><section id="worst"><h2>The ten worst cases</h2>${caseTable(worst)}</section>` +
    `<section id="plan-caused"><h2>Where the plan itself adds exposure</h2>${planCaused.length === 0 ? "<p>No fault hurts more in one column than in another or than with nothing moved.</p>" : caseTable(planCaused)}</section>` +
    `<section id="heat"><h2>Heat map (${rows.length} of ${result.faults.length} faults with an effect, worst first)</h2>` +
    `<ul class="legend"><li><span class="swatch down">&nbsp;n&nbsp;</span> participants down</li><li><span class="swatch served-without-redundancy">&nbsp;(n)&nbsp;</span> only redundancy lost</li></ul>` +
    `<table class="heat">${head}${body}</table></section>` +
    `<section id="figures"><h2>The run</h2>${figureTable}</section></main></body></html>\n`
}

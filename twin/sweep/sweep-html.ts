/**
 * The sweep's HTML report: the ten worst cases with their explanations, where the plan itself adds
 * exposure, the heat map of what the plan adds over nothing moved (heat-map.ts: sortable, filterable,
 * absolute values on demand), and the figures of the run. Self-contained like report.html, in its style
 * (scenarios/report/html/style.ts); its one inline script sorts and filters the heat map.
 */
import { css } from "../../scenarios/report/html/style.ts"
import { html } from "../../scenarios/report/html/escape.ts"
import { exposureOf } from "./exposure.ts"
import { heatCss, heatMap } from "./heat-map.ts"
import type { SweepResult } from "./sweep.ts"
import { exposureWords, planCausedHeading, type WorstCase } from "./worst-cases.ts"

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
  const words = exposureWords(result)
  const figureTable = `<table>${figures.map(([k, v]) => `<tr><th>${html(k)}</th><td>${html(v)}</td></tr>`).join("")}</table>`
  const title = `Sweep ${result.mode} — ${result.scenarios.map((s) => s.id).join(", ")}`
  const columns = result.columns.length === 1 ? `its one column (${result.columns[0]!.id})` : `each of its ${result.columns.length} columns`
  const heading = planCausedHeading(result, planCaused.length > 0)
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${html(title)}</title><style>${css}${heatCss}</style></head><body>` +
    `<header id="summary"><h1>${html(title)}</h1><p class="purpose">${html(
      `Every fault (${result.mode}) injected through ${columns} on estate ${result.estate.name} (${result.estate.participants} participants), ` +
        `and through the same windows with nothing moved, to tell what ${words.subject} adds from the estate's standing weaknesses.`
    )}</p></header>` +
    `<main><section id="worst"><h2>The ten worst cases</h2>${caseTable(worst)}</section>` +
    `<section id="plan-caused"><h2>${html(words.plan ? "Where the plan itself adds exposure" : words.nothingMoved ? "What the moves add" : "Where the units already moved add exposure")}</h2>` +
    `<p>${html(heading)}</p>${planCaused.length === 0 ? "" : caseTable(planCaused)}</section>` +
    heatMap(result, exposureOf(result)) +
    `<section id="figures"><h2>The run</h2>${figureTable}</section></main></body></html>\n`
}

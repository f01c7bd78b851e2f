/**
 * `report.html`: a report as one self-contained page (inline CSS and SVG, one small inline script for the
 * search, opens from file://): the verdict, then what a planner reads first — the phases and their outcomes,
 * the checks and their verdicts with the evidence (long lists collapsed) — then who was affected and for how
 * long, service health over time per service, the faults. Pure: the runner writes the file. Pieces live in `html/`.
 */
import { affectedSentence, exportName, STATUSES, statusLabel } from "./describe.ts"
import { html } from "./html/escape.ts"
import { affectedChart } from "./html/affected-chart.ts"
import { checksTable, csvAnchor } from "./html/checks-table.ts"
import { healthChart, healthServices } from "./html/health-chart.ts"
import { page, type Section } from "./html/page.ts"
import { affectedTable, faultsTable, ordersTable, phasesTable } from "./html/tables.ts"
import type { Report } from "./report.ts"

const legend =
  `<ul class="legend" id="health-legend">` +
  STATUSES.map((s) => `<li><span class="swatch ${s}"></span>${statusLabel[s]}</li>`).join("") +
  `<li><span class="swatch phase"></span>phase window</li>` +
  `<li><span class="swatch step"></span>move step (dots: move back)</li>` +
  `<li><span class="swatch fault"></span>fault (line: start, dots: end)</li></ul>`

const health = (report: Report): string => {
  const services = healthServices(report)
  if (services.length === 0) return `<p class="empty">The run recorded no health samples.</p>`
  return `<p>Participants of each service by status, ${report.health.length} samples from the trace; each column shows the ` +
    `worst of its interval (the most down, degraded or not served at any instant), so an outage between two samples shows. ` +
    `Hover a layer or marker for details.</p>${legend}` +
    `<div class="charts">${services.map((service, index) => healthChart({ report, service, index })).join("\n")}</div>`
}

const run = (report: Report): string => {
  const csvs = [exportName(report.files.affectedCsv), exportName(report.files.evidenceCsv)].filter((n) => n !== undefined)
  return `<dl class="run"><dt>engine events</dt><dd>${report.run.events}</dd>` +
    `<dt>trace lines</dt><dd>${report.run.traceLines}</dd>` +
    `<dt>health samples</dt><dd>${report.health.length}</dd>` +
    (csvs.length === 0 ? "" : `<dt>exports</dt><dd>${csvs.map(csvAnchor).join(", ")}</dd>`) + `</dl>`
}

/** Above the affected chart: the whole list as CSV, for notifying participants, and what the list says of itself. */
const affectedExport = (report: Report): string => {
  const csv = exportName(report.files.affectedCsv)
  // An empty list's sentence is the chart's (affected-chart.ts).
  const sentence = report.affected.length === 0 ? undefined : affectedSentence(report.affected)
  return (csv === undefined || report.affected.length === 0 ? "" :
    `<p class="export">All ${report.affected.length} affected participant–service pairs, for notifying participants: ${csvAnchor(csv)}</p>`) +
    (sentence === undefined ? "" : `<p class="named-by-checks">${html(sentence)}</p>`)
}

export const renderHtml = (report: Report): string => {
  const sections: ReadonlyArray<Section> = [
    // Phases and verdicts first: what happened to the plan and whether it passed, before the detail.
    { id: "phases", title: "Phases", body: phasesTable(report) },
    { id: "checks", title: "Checks", body: checksTable(report) },
    { id: "affected", title: "Affected participants", body: affectedExport(report) + affectedChart(report) + affectedTable(report) },
    ...(report.orders === undefined ? [] : [{ id: "orders", title: "Orders", body: ordersTable(report) }]),
    { id: "health", title: "Service health over time", body: health(report) },
    { id: "faults", title: "Faults", body: faultsTable(report) },
    { id: "run", title: "Run", body: run(report) }
  ]
  return page(report, sections)
}

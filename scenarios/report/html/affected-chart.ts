/**
 * Who suffered most: one horizontal bar per affected participant and service (the report's worst-first
 * order, first `AFFECTED_CHART_BARS`), split into the time spent down, degraded and without redundancy.
 * Returns an SVG string; d3 computes the scales. The full list is the affected table beside it.
 * A segment is never thinner than `MIN_SEGMENT` pixels: 4 s down beside hours without redundancy would be a
 * tenth of a pixel, and a chart must never hide an outage (issue 15); the bar's title has the exact times.
 */
import { max, scaleBand, scaleLinear } from "d3"
import { AFFECTED_CHART_BARS, duration, namedByCheck, NOBODY_AFFECTED, statusLabel, TROUBLE } from "../describe.ts"
import type { Report } from "../report.ts"
import { roundStepSeconds } from "./clock-ticks.ts"
import { axisColour, statusColour } from "./colours.ts"
import { html } from "./escape.ts"
import { px } from "./px.ts"

type Affected = Report["affected"][number]

const WIDTH = 640
const ROW = 18
const margin = { top: 22, right: 16, bottom: 8, left: 170 }
const LABEL_CHARS = 26
export const MIN_SEGMENT = 2

const total = (a: Affected): number => TROUBLE.reduce((sum, status) => sum + a.time[status], 0)
const label = (a: Affected): string => {
  const text = `${a.participant} · ${a.service}`
  return text.length <= LABEL_CHARS ? text : `${text.slice(0, LABEL_CHARS - 1)}…`
}

/** Duration ticks in seconds on round clock steps (`5m`, `10m`, not d3's decimal `3m20s`), covering `maxSeconds`. */
const durationTicks = (maxSeconds: number): ReadonlyArray<number> => {
  const step = roundStepSeconds(maxSeconds, 5)
  return Array.from({ length: Math.ceil(maxSeconds / step) + 1 }, (_, i) => i * step)
}

export const affectedChart = (report: Report): string => {
  // Time in health's statuses: those failing checks named, their status never worse, have none to draw
  // (the sentence above the chart and the table name them).
  const worse = report.affected.filter((a) => !namedByCheck(a))
  const bars = worse.slice(0, AFFECTED_CHART_BARS)
  if (bars.length === 0) return report.affected.length === 0 ? `<p class="empty">${html(NOBODY_AFFECTED)}</p>` : ""
  const named = report.affected.length - worse.length
  const height = margin.top + bars.length * ROW + margin.bottom
  const keys = bars.map((_, i) => String(i))
  const yScale = scaleBand().domain(keys).range([margin.top, height - margin.bottom]).paddingInner(0.2)
  const longest = Math.max((max(bars, total) ?? 0) / 1_000_000, 1)
  const ticks = durationTicks(longest)
  const xScale = scaleLinear().domain([0, ticks[ticks.length - 1] ?? longest]).range([margin.left, WIDTH - margin.right])
  const x = (us: number) => px(xScale(us / 1_000_000))

  const rows = bars.map((a, i) => {
    const y = px(yScale(String(i)) ?? 0)
    const h = px(yScale.bandwidth())
    let at = 0
    let x0 = x(0)
    const segments = TROUBLE.filter((status) => a.time[status] > 0).map((status) => {
      const start = x0
      const width = px(Math.max(MIN_SEGMENT, x(at + a.time[status]) - x(at)))
      at += a.time[status]
      x0 = px(start + width)
      return `<rect class="bar-segment" data-status="${status}" x="${start}" y="${y}" width="${width}" height="${h}" ` +
        `fill="${statusColour[status]}"><title>${html(`${a.participant} ${a.service}: ${duration(a.time[status])} ${statusLabel[status]}`)}</title></rect>`
    })
    return `<g class="bar" data-participant="${html(a.participant)}" data-service="${html(a.service)}">` +
      `<text x="${margin.left - 6}" y="${px(y + h / 2 + 4)}" text-anchor="end">${html(label(a))}<title>${html(`${a.participant} · ${a.service}`)}</title></text>` +
      `${segments.join("")}</g>`
  })

  const axis = ticks.map((s) => {
    const tx = px(xScale(s))
    return `<g class="tick"><line x1="${tx}" x2="${tx}" y1="${margin.top - 4}" y2="${height - margin.bottom}" stroke="${axisColour}" stroke-opacity="0.25"/>` +
      `<text x="${tx}" y="${margin.top - 8}" text-anchor="middle">${html(s === 0 ? "0" : duration(s * 1_000_000))}</text></g>`
  })

  const rest = worse.length - bars.length
  const title = `Time not fully served, worst ${bars.length} of ${worse.length} affected participant–service pairs` +
    (named === 0 ? "" : ` worse than by design (the ${named} named by failing checks only are in the table)`)
  return `<figure class="chart affected-chart" id="affected-chart">` +
    `<figcaption>${html(title)}</figcaption>` +
    `<svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="affected-chart-title">` +
    `<title id="affected-chart-title">${html(title)}</title>` +
    `<g class="axis x-axis">${axis.join("")}</g><g class="bars">${rows.join("")}</g></svg>` +
    (rest > 0 ? `<p class="chart-note">… and ${rest} more in the table below.</p>` : "") +
    `</figure>`
}

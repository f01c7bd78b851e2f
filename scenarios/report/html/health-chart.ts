/**
 * One small multiple of the health section: participants of one service by status over the run, as a
 * stacked area (served at the bottom, then without redundancy, degraded, down on top), with the scenario's
 * phase windows shaded and labelled above the plot, fault windows in a band below them, and move steps and
 * fault starts/ends as vertical markers. Returns an SVG string; d3 only computes scales and path data.
 *
 * Never one sample: each pixel column shows the worst of its interval (envelope.ts) — the most participants
 * down, degraded or worse, and not served at any instant of it, from report.json `health[].worst` — so a
 * 4-second loss between two samples a minute apart is a red sliver at any zoom, and the captions' peaks are
 * those worsts: a caption never says "down: none" when someone was down.
 */
import { area, curveStepAfter, max, scaleLinear, stack, type SeriesPoint } from "d3"
import type { Micros } from "../../../twin/engine/time.ts"
import { clock, clockSpan, isBackStep, statusLabel, STATUSES, stepText, targetsText, type Phase, type Status } from "../describe.ts"
import type { Report } from "../report.ts"
import { clockTicks } from "./clock-ticks.ts"
import { axisColour, faultColour, phaseBand, phaseVeil, statusColour, stepColour } from "./colours.ts"
import { envelope, healthSpans, type Levels, type Span } from "./envelope.ts"
import { html } from "./escape.ts"
import { px } from "./px.ts"

type Counts = Record<Status, number>
interface Sample {
  readonly t: Micros
  readonly counts: Counts
}

const WIDTH = 640
const HEIGHT = 210
const margin = { top: 34, right: 14, bottom: 24, left: 40 }
const PHASE_BAND = { y: 2, height: 15 }
const FAULT_BAND = { y: 19, height: 11 }
const CHAR_WIDTH = 5.6

/** A bucket's worst as a stack: down on top, then the rest degraded or worse, the rest not served, the served. */
const stacked = (l: Levels): Counts => ({
  served: l.total - l.notServed,
  "served-without-redundancy": l.notServed - l.degradedOrWorse,
  degraded: l.degradedOrWorse - l.down,
  down: l.down
})

/**
 * One service's envelope as points of a step-after area, one per bucket start and one closing the last
 * bucket; a service missing from a sample counts nobody (the service was not reported).
 */
export const serviceSamples = (report: Report, service: string, buckets: number): ReadonlyArray<Sample> => {
  const spans = envelope(healthSpans(report, service), report.window.from, report.window.to, buckets)
  const points = spans.map((s) => ({ t: s.from, counts: stacked(s.levels) }))
  const last = spans[spans.length - 1]
  return last === undefined ? [] : [...points, { t: last.to, counts: stacked(last.levels) }]
}

/** Every service the report has samples for, in first-seen order. */
export const healthServices = (report: Report): ReadonlyArray<string> => [
  ...new Set(report.health.flatMap((sample) => Object.keys(sample.services)))
]

/** Text cut to what fits `width` pixels at the chart's label size; the full text goes in a `<title>`. */
const fit = (text: string, width: number): string => {
  const chars = Math.floor(width / CHAR_WIDTH)
  return text.length <= chars ? text : chars <= 1 ? "" : `${text.slice(0, chars - 1)}…`
}

/** How bad a span got for a layer: served counts the fewest served, the others the most at that status or worse. */
const badness: Record<Status, (l: Levels) => number> = {
  served: (l) => -(l.total - l.notServed),
  "served-without-redundancy": (l) => l.notServed,
  degraded: (l) => l.degradedOrWorse,
  down: (l) => l.down
}
const layerLabel: Record<Status, string> = {
  served: "served: fewest",
  "served-without-redundancy": `${statusLabel["served-without-redundancy"]} or worse: peak`,
  degraded: `${statusLabel.degraded} or worse: peak`,
  down: `${statusLabel.down}: peak`
}

/**
 * `down: peak 572 in 06:30:00–06:31:00` — the first span (a sample's interval, not a pixel) where the layer
 * was at its worst; `down: none` only when no instant of the run had anyone down.
 */
export const peakText = (spans: ReadonlyArray<Span>, status: Status): string => {
  let peak: Span | undefined
  for (const span of spans) if (peak === undefined || badness[status](span.levels) > badness[status](peak.levels)) peak = span
  const n = peak === undefined ? 0 : Math.abs(badness[status](peak.levels))
  return peak === undefined || (status !== "served" && n === 0)
    ? `${statusLabel[status]}: none`
    : `${layerLabel[status]} ${n} in ${clockSpan(peak.from, peak.to)}`
}

export interface HealthChartInput {
  readonly report: Report
  readonly service: string
  /** Position among the charts, for unique element ids. */
  readonly index: number
}

export const healthChart = ({ report, service, index }: HealthChartInput): string => {
  const { from, to } = report.window
  // One bucket per pixel column of the plot.
  const samples = serviceSamples(report, service, WIDTH - margin.left - margin.right)
  const spans = healthSpans(report, service)
  const xScale = scaleLinear().domain([from, to]).range([margin.left, WIDTH - margin.right]).clamp(true)
  const x = (t: Micros) => px(xScale(t))
  const total = max(samples, (s) => STATUSES.reduce((sum, status) => sum + s.counts[status], 0)) ?? 0
  const yScale = scaleLinear().domain([0, Math.max(total, 1)]).range([HEIGHT - margin.bottom, margin.top])
  const y = (n: number) => px(yScale(n))
  const plotTop = margin.top
  const plotBottom = HEIGHT - margin.bottom
  const id = `health-${index}`

  const series = stack<Sample, Status>().keys(STATUSES).value((sample, status) => sample.counts[status])([...samples])
  const shape = area<SeriesPoint<Sample>>()
    .x((p) => x(p.data.t))
    .y0((p) => y(p[0]))
    .y1((p) => y(p[1]))
    .curve(curveStepAfter)
    .digits(1)
  const areas = series.map((layer) =>
    `<path class="area" data-status="${layer.key}" fill="${statusColour[layer.key]}" d="${shape(layer) ?? ""}">` +
    `<title>${html(`${service} ${peakText(spans, layer.key)}`)}</title></path>`
  )

  const phases = report.phases.map((phase: Phase) => {
    const x0 = x(phase.from)
    const w = px(Math.max(x(phase.to) - x0, 1))
    const label = phase.name
    return `<g class="phase" data-phase="${html(phase.id)}"><title>${html(`${phase.id}: ${label} ${clockSpan(phase.from, phase.to)} (${phase.outcome})`)}</title>` +
      `<rect x="${x0}" y="${PHASE_BAND.y}" width="${w}" height="${PHASE_BAND.height}" fill="${phaseBand}"/>` +
      `<rect x="${x0}" y="${plotTop}" width="${w}" height="${plotBottom - plotTop}" fill="${phaseVeil}" fill-opacity="0.14"/>` +
      `<path d="M${x0},${PHASE_BAND.y}V${plotBottom}M${px(x0 + w)},${PHASE_BAND.y}V${plotBottom}" stroke="${phaseVeil}" stroke-opacity="0.45"/>` +
      `<text class="phase-label" x="${px(x0 + 3)}" y="${PHASE_BAND.y + 11}">${html(fit(label, w - 4))}</text></g>`
  })

  const steps = report.phases.flatMap((phase) =>
    phase.steps.map((step) =>
      `<line class="step" x1="${x(step.at)}" x2="${x(step.at)}" y1="${PHASE_BAND.y}" y2="${plotBottom}" stroke="${stepColour}" ` +
      `stroke-width="1.5" stroke-dasharray="${isBackStep(step) ? "2 2" : "5 3"}"><title>${html(`${phase.id} ${clock(step.at)}: ${stepText(step)}`)}</title></line>`
    )
  )

  const faults = report.faults.map((fault) => {
    const x0 = x(fault.from)
    const x1 = x(fault.to ?? to)
    const title = `<title>${html(`fault ${fault.id} (${fault.kind}) ${clockSpan(fault.from, fault.to)} on ${targetsText(fault.targets)}`)}</title>`
    const end = fault.to === undefined ? "" :
      `<line class="fault-end" x1="${x1}" x2="${x1}" y1="${FAULT_BAND.y}" y2="${plotBottom}" stroke="${faultColour}" stroke-width="1.5" stroke-dasharray="1 2"/>`
    return `<g class="fault" data-fault="${html(fault.id)}">${title}` +
      `<rect x="${x0}" y="${FAULT_BAND.y}" width="${px(Math.max(x1 - x0, 2))}" height="${FAULT_BAND.height}" fill="${faultColour}"/>` +
      `<text class="fault-label" x="${px(x0 + 2)}" y="${FAULT_BAND.y + 9}">${html(fit(fault.id, Math.max(x1 - x0, 0) - 2))}</text>` +
      `<line class="fault-start" x1="${x0}" x2="${x0}" y1="${FAULT_BAND.y}" y2="${plotBottom}" stroke="${faultColour}" stroke-width="1.5"/>${end}</g>`
  })

  const xAxis = clockTicks(from, to).map((tick) =>
    `<g class="tick"><line x1="${x(tick.t)}" x2="${x(tick.t)}" y1="${plotBottom}" y2="${plotBottom + 4}" stroke="${axisColour}"/>` +
    `<text x="${x(tick.t)}" y="${plotBottom + 15}" text-anchor="middle">${tick.label}</text></g>`
  )
  const yAxis = yScale.ticks(Math.min(4, Math.max(total, 1))).filter(Number.isInteger).map((n) =>
    `<g class="tick"><line x1="${margin.left - 4}" x2="${margin.left}" y1="${y(n)}" y2="${y(n)}" stroke="${axisColour}"/>` +
    `<text x="${margin.left - 6}" y="${y(n) + 3}" text-anchor="end">${n}</text></g>`
  )

  const title = `${service}: participants by status, ${clockSpan(from, to)}`
  const description = STATUSES.filter((s) => s !== "served").map((s) => peakText(spans, s)).join("; ")
  return `<figure class="chart health-chart" id="${id}" data-service="${html(service)}">` +
    `<figcaption>${html(service)} <span class="of">(${total} participants)</span></figcaption>` +
    `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc">` +
    `<title id="${id}-title">${html(title)}</title><desc id="${id}-desc">${html(description)}</desc>` +
    `<g class="areas">${areas.join("")}</g><g class="phases">${phases.join("")}</g>` +
    `<g class="faults">${faults.join("")}</g><g class="steps">${steps.join("")}</g>` +
    `<g class="axis x-axis"><line x1="${margin.left}" x2="${WIDTH - margin.right}" y1="${plotBottom}" y2="${plotBottom}" stroke="${axisColour}"/>${xAxis.join("")}</g>` +
    `<g class="axis y-axis"><line x1="${margin.left}" x2="${margin.left}" y1="${plotTop}" y2="${plotBottom}" stroke="${axisColour}"/>${yAxis.join("")}` +
    `</g>` +
    `</svg><p class="chart-note">${html(description)}</p></figure>`
}

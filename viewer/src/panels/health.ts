/**
 * Per-service health now (participants per status) and over the whole window (a small stacked chart per
 * service with the cursor), from the index's samples — each its bucket's worst, so a short outage shows
 * (state/trace-index.ts): `[data-testid="health"]`.
 *
 * The chart is drawn in device pixels: one column per pixel, each the worst of the samples it covers
 * (`healthColumns`), and a status present in a column at least one pixel tall — so a 3-second loss of all
 * 572 subscribers is a red column, never blended away into amber by a bucket narrower than a pixel.
 */
import * as d3 from "d3"
import { healthColour, healthGlyph, healthLabel } from "../map/palette.ts"
import type { TraceIndex } from "../state/trace-index.ts"
import type { ViewState } from "../state/view-state.ts"
import type { HealthSample } from "../state/trace-index.ts"
import { type HealthStatus, healthStatuses, type Service, services } from "../trace/types.ts"
import { el } from "../util/dom.ts"

const W = 300
/** The chart's height in CSS pixels (styles.css `.health-chart`). */
const CSS_HEIGHT = 24

type Column = Record<HealthStatus, number>

/**
 * One service's samples as `columns` equal columns of [from, to]: each the worst of every sample whose
 * interval meets it (per level: down, degraded or worse, not served, all), so nothing narrower than a
 * column is lost. Sample i covers [t_i, t_{i+1}), the last `step` (live: the open bucket) or up to `to`.
 */
export const healthColumns = (samples: ReadonlyArray<HealthSample>, sv: Service, from: number, to: number, columns: number, step = Number.POSITIVE_INFINITY): Array<Column> => {
  const width = Math.max(1, to - from) / columns
  const levels = Array.from({ length: columns }, () => ({ down: 0, degradedOrWorse: 0, notServed: 0, total: 0 }))
  for (let i = 0; i < samples.length; i++) {
    const c = samples[i]!.counts[sv]
    const start = samples[i]!.t
    const end = samples[i + 1]?.t ?? Math.min(to, start + step)
    const first = Math.max(0, Math.min(columns - 1, Math.floor((start - from) / width)))
    // [start, end) meets the columns up to the one holding the last µs before `end` (the one holding `end` when empty).
    const last = Math.max(first, Math.min(columns - 1, Math.floor((Math.max(start, end - 1) - from) / width)))
    const down = c.down
    const degradedOrWorse = down + c.degraded
    const notServed = degradedOrWorse + c["served-without-redundancy"]
    const total = notServed + c.served
    for (let k = first; k <= last; k++) {
      const l = levels[k]!
      l.down = Math.max(l.down, down)
      l.degradedOrWorse = Math.max(l.degradedOrWorse, degradedOrWorse)
      l.notServed = Math.max(l.notServed, notServed)
      l.total = Math.max(l.total, total)
    }
  }
  return levels.map((l) => ({
    served: l.total - l.notServed,
    "served-without-redundancy": l.notServed - l.degradedOrWorse,
    degraded: l.degradedOrWorse - l.down,
    down: l.down
  }))
}

export class HealthPanel {
  private readonly root: HTMLElement
  private readonly cells = new Map<string, HTMLElement>()
  private readonly cursors: Array<d3.Selection<SVGLineElement, unknown, null, undefined>> = []
  private x = d3.scaleLinear()

  constructor(root: HTMLElement) {
    this.root = root
  }

  draw(index: TraceIndex): void {
    if (this.index === undefined) window.addEventListener("resize", this.resize)
    this.index = index
    this.root.replaceChildren()
    this.cells.clear()
    this.cursors.length = 0
    this.x = d3.scaleLinear().domain([index.from, Math.max(index.to, index.from + 1)]).range([0, W])
    const table = el("table", { class: "health-table" })
    const head = el("tr")
    head.append(el("th", {}, "service"))
    for (const st of healthStatuses) {
      const th = el("th", { title: st })
      th.append(el("span", { class: "swatch", style: `background:${healthColour[st]}`, "aria-hidden": "true" }, healthGlyph[st]), document.createTextNode(healthLabel[st]))
      head.append(th)
    }
    table.append(head)
    for (const sv of services) {
      const total = Math.max(...index.samplesSoFar().map((s) => healthStatuses.reduce((a, st) => a + s.counts[sv][st], 0)), 0)
      if (total === 0 && index.final.counts[sv].served === 0) continue
      const tr = el("tr", { "data-service": sv })
      tr.append(el("td", { class: "svc" }, sv))
      for (const st of healthStatuses) {
        const td = el("td", { "data-status": st }, "0")
        this.cells.set(`${sv}|${st}`, td)
        tr.append(td)
      }
      table.append(tr)
      const chartRow = el("tr", { class: "chart-row" })
      const td = el("td", { colspan: "5" })
      chartRow.append(td)
      table.append(chartRow)
      this.chart(td, index, sv, total)
    }
    this.root.append(table)
  }

  private readonly resize = (): void => {
    if (this.index !== undefined) this.draw(this.index)
  }
  private index: TraceIndex | undefined

  /** Stacked: worst on top so a red sliver is seen even on a tall green area. */
  private chart(td: HTMLElement, index: TraceIndex, sv: Service, total: number): void {
    const dpr = window.devicePixelRatio || 1
    const columns = Math.max(1, Math.round((this.root.clientWidth || W) * dpr))
    const rows = Math.max(1, Math.round(CSS_HEIGHT * dpr))
    const svg = d3.select(td).append("svg").attr("class", "health-chart").attr("viewBox", `0 0 ${columns} ${rows}`).attr("preserveAspectRatio", "none").attr("shape-rendering", "crispEdges")
    const cols = healthColumns(index.samplesSoFar(), sv, index.from, Math.max(index.to, index.from + 1), columns, index.sampleStep)
    // Per column, each status's height in device pixels from the top of its stack: at least 1 when present.
    const paths: Record<HealthStatus, Array<string>> = { served: [], "served-without-redundancy": [], degraded: [], down: [] }
    const scale = rows / Math.max(1, total)
    let run = 0
    for (let c = 0; c < cols.length; c += run) {
      const col = cols[c]!
      run = 1
      while (c + run < cols.length && healthStatuses.every((st) => cols[c + run]![st] === col[st])) run++
      let y = rows - healthStatuses.reduce((a, st) => a + col[st], 0) * scale
      for (const st of [...healthStatuses].reverse()) {
        if (col[st] === 0) continue
        const h = st === "served" ? Math.max(0, rows - y) : Math.max(1, col[st] * scale)
        paths[st].push(`M${c},${y.toFixed(2)}h${run}v${h.toFixed(2)}h${-run}Z`)
        y = Math.min(rows, y + h)
      }
    }
    for (const st of healthStatuses) {
      if (paths[st].length > 0) svg.append("path").attr("data-status", st).attr("fill", healthColour[st]).attr("d", paths[st].join(""))
    }
    this.cursors.push(svg.append("line").attr("class", "chart-cursor").attr("y1", 0).attr("y2", rows))
    this.columns = columns
  }

  private columns = W

  update(s: ViewState): void {
    for (const sv of services) {
      for (const st of healthStatuses) {
        const cell = this.cells.get(`${sv}|${st}`)
        const v = String(s.counts[sv][st])
        if (cell !== undefined && cell.textContent !== v) cell.textContent = v
      }
    }
  }

  setCursor(t: number): void {
    const px = (this.x(t) * this.columns) / W
    for (const c of this.cursors) c.attr("x1", px).attr("x2", px)
  }
}

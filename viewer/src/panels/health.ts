/**
 * Per-service health now (participants per status) and over the whole window (a small stacked chart per
 * service with the cursor), from the index's samples — each its bucket's worst, so a short outage shows
 * (state/trace-index.ts): `[data-testid="health"]`.
 */
import * as d3 from "d3"
import { healthColour, healthGlyph, healthLabel } from "../map/palette.ts"
import type { TraceIndex } from "../state/trace-index.ts"
import type { ViewState } from "../state/view-state.ts"
import { type HealthStatus, healthStatuses, services } from "../trace/types.ts"
import { el } from "../util/dom.ts"

const W = 300
const H = 26

export class HealthPanel {
  private readonly root: HTMLElement
  private readonly cells = new Map<string, HTMLElement>()
  private readonly cursors: Array<d3.Selection<SVGLineElement, unknown, null, undefined>> = []
  private x = d3.scaleLinear()

  constructor(root: HTMLElement) {
    this.root = root
  }

  draw(index: TraceIndex): void {
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
      const total = Math.max(...index.samples.map((s) => healthStatuses.reduce((a, st) => a + s.counts[sv][st], 0)), 0)
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

  /** Stacked: worst on top so a red sliver is seen even on a tall green area. */
  private chart(td: HTMLElement, index: TraceIndex, sv: (typeof services)[number], total: number): void {
    const svg = d3.select(td).append("svg").attr("class", "health-chart").attr("viewBox", `0 0 ${W} ${H}`).attr("preserveAspectRatio", "none")
    const y = d3.scaleLinear().domain([0, Math.max(1, total)]).range([H, 0])
    // Best first (the ranking's order), so the worst is stacked on top.
    const stack = d3
      .stack<(typeof index.samples)[number], HealthStatus>()
      .keys(healthStatuses)
      .value((d, key) => d.counts[sv][key])(index.samples)
    const area = d3
      .area<d3.SeriesPoint<(typeof index.samples)[number]>>()
      .curve(d3.curveStepAfter)
      .x((d) => this.x(d.data.t))
      .y0((d) => y(d[0]))
      .y1((d) => y(d[1]))
    svg
      .selectAll("path")
      .data(stack)
      .join("path")
      .attr("fill", (d) => healthColour[d.key])
      .attr("d", area)
    this.cursors.push(svg.append("line").attr("class", "chart-cursor").attr("y1", 0).attr("y2", H))
  }

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
    const px = this.x(t)
    for (const c of this.cursors) c.attr("x1", px).attr("x2", px)
  }
}

/**
 * The drill's health panel: participants per status for each service, now (the server's `health`
 * message; the trainee sees counts, not who or why). `[data-testid="drill-health"]`.
 */
import type { HealthPanel } from "../../../twin/contract/drill-protocol.ts"
import { healthColour, healthGlyph, healthLabel } from "../map/palette.ts"
import { healthStatuses } from "../trace/types.ts"
import { el } from "../util/dom.ts"

export class HealthCountsPanel {
  private readonly root: HTMLElement
  private lastKey = ""

  constructor(root: HTMLElement) {
    this.root = root
  }

  update(m: HealthPanel): void {
    const key = JSON.stringify(m.services)
    if (key === this.lastKey) return
    this.lastKey = key
    const table = el("table", { class: "health-table" })
    const head = el("tr")
    head.append(el("th", { scope: "col" }, "service"))
    for (const st of healthStatuses) {
      const th = el("th", { scope: "col", title: st })
      th.append(el("span", { class: "swatch", style: `background:${healthColour[st]}`, "aria-hidden": "true" }, healthGlyph[st]), document.createTextNode(healthLabel[st]))
      head.append(th)
    }
    table.append(head)
    for (const s of m.services) {
      const tr = el("tr", { "data-service": s.service })
      tr.append(el("th", { scope: "row", class: "svc" }, s.service))
      for (const st of healthStatuses) tr.append(el("td", { "data-status": st }, String(s.counts[st])))
      table.append(tr)
    }
    this.root.replaceChildren(table)
  }
}

/** Which cutover units are on the new backbone now (`[data-testid="moved-units"]`), and which are not yet. */
import type { ViewState } from "../state/view-state.ts"
import { el } from "../util/dom.ts"

export class UnitsPanel {
  private readonly list: HTMLElement
  private last = ""
  constructor(list: HTMLElement) {
    this.list = list
  }
  update(s: ViewState): void {
    const units = s.layout?.units ?? []
    const moved = units.filter((u) => s.moved.has(u.id))
    const key = moved.map((u) => u.id).join(",") + `|${units.length}`
    if (key === this.last) return
    this.last = key
    const items = moved.map((u) => {
      const li = el("li", { "data-unit": u.id, title: u.description }, u.id)
      return li
    })
    const summary = el("li", { class: "units-summary" }, `${moved.length} of ${units.length} moved`)
    this.list.replaceChildren(summary, ...items)
  }
}

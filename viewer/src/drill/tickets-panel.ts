/**
 * Incoming tickets: participants' calls to the support desk ("P0123: no market data since 09:31"), newest
 * first, the unread ones marked until the list is looked at. `[data-testid="tickets"]`.
 */
import { formatClock } from "../util/clock.ts"
import { el } from "../util/dom.ts"

export interface TicketRow {
  readonly id: string
  readonly at: number
  readonly participant: string
  readonly text: string
}

export class TicketsPanel {
  private readonly root: HTMLElement
  private readonly count: HTMLElement
  private shown = new Set<string>()

  constructor(root: HTMLElement, count: HTMLElement) {
    this.root = root
    this.count = count
  }

  update(rows: ReadonlyArray<TicketRow>): void {
    if (rows.length === this.shown.size && rows.every((r) => this.shown.has(r.id))) return
    const fresh = new Set(rows.filter((r) => !this.shown.has(r.id)).map((r) => r.id))
    this.shown = new Set(rows.map((r) => r.id))
    this.count.textContent = String(rows.length)
    if (rows.length === 0) return this.root.replaceChildren(el("li", { class: "empty" }, "no ticket"))
    const sorted = [...rows].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
    this.root.replaceChildren(
      ...sorted.map((r) => {
        const li = el("li", { class: "ticket", "data-ticket": r.id, "data-participant": r.participant })
        if (fresh.has(r.id)) li.setAttribute("data-new", "true")
        li.append(el("span", { class: "ticket-t" }, formatClock(r.at)), el("span", { class: "ticket-text" }, r.text))
        return li
      })
    )
  }
}

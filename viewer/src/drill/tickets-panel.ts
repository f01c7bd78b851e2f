/**
 * Incoming tickets: participants' calls to the support desk ("P0123: no market data since 09:31"), open
 * ones first, newest first; a resolved ticket says when the participant reported it working again. New
 * ones since the last update are marked (`data-new`). `[data-testid="tickets"]`.
 */
import type { Ticket } from "../../../twin/contract/drill-protocol.ts"
import { formatClock } from "../util/clock.ts"
import { el } from "../util/dom.ts"

export const ticketOrder = (tickets: ReadonlyArray<Ticket>): Array<Ticket> =>
  [...tickets].sort((a, b) => Number(a.resolved !== null) - Number(b.resolved !== null) || b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))

export class TicketsPanel {
  private readonly root: HTMLElement
  private readonly count: HTMLElement
  private seen = new Set<string>()
  private lastKey = ""

  constructor(root: HTMLElement, count: HTMLElement) {
    this.root = root
    this.count = count
  }

  update(tickets: ReadonlyArray<Ticket>): void {
    const key = JSON.stringify(tickets)
    if (key === this.lastKey) return
    this.lastKey = key
    // The first list (or the one after a reconnect to a fresh page) marks nothing new.
    const first = this.seen.size === 0
    const fresh = new Set(tickets.filter((t) => !this.seen.has(t.id)).map((t) => t.id))
    this.seen = new Set(tickets.map((t) => t.id))
    this.count.textContent = String(tickets.filter((t) => t.resolved === null).length)
    if (tickets.length === 0) return this.root.replaceChildren(el("li", { class: "empty" }, "no ticket"))
    this.root.replaceChildren(
      ...ticketOrder(tickets).map((t) => {
        const li = el("li", { class: "ticket", "data-ticket": t.id, "data-participant": t.participant, "data-service": t.service, "data-resolved": String(t.resolved !== null) })
        if (!first && fresh.has(t.id)) li.setAttribute("data-new", "true")
        li.append(el("span", { class: "ticket-t" }, formatClock(t.at)), el("span", { class: "ticket-text" }, t.text))
        if (t.resolved !== null) li.append(el("span", { class: "ticket-resolved" }, `working again ${formatClock(t.resolved)}`))
        return li
      })
    )
  }
}

/**
 * The faults on now (scripted and injected), each with a button that ends it: the instructor's `end-fault`
 * from a list, no ids to type. `[data-testid="active-faults"]`.
 */
import type { ActiveFault } from "../../../twin/contract/drill-protocol.ts"
import { formatClock } from "../util/clock.ts"
import { el } from "../util/dom.ts"

export class ActiveFaultsList {
  private readonly root: HTMLElement
  private readonly end: (id: string) => void
  private lastKey = ""

  constructor(root: HTMLElement, end: (id: string) => void) {
    this.root = root
    this.end = end
    root.replaceChildren(el("li", { class: "empty" }, "no fault active"))
  }

  update(faults: ReadonlyArray<ActiveFault>): void {
    const key = JSON.stringify(faults)
    if (key === this.lastKey) return
    this.lastKey = key
    if (faults.length === 0) return this.root.replaceChildren(el("li", { class: "empty" }, "no fault active"))
    this.root.replaceChildren(
      ...faults.map((f) => {
        const li = el("li", { class: "active-fault", "data-active-fault": f.id, "data-source": f.source })
        const button = el("button", { type: "button", "data-action": "end-fault", "aria-label": `End fault ${f.id}` }, "End")
        button.addEventListener("click", () => this.end(f.id))
        li.append(el("span", {}, `${f.id} — ${f.kind} on ${f.targets.join(", ")} since ${formatClock(f.since)} (${f.source})`), button)
        return li
      })
    )
  }
}

/** Hints the instructor gave, newest first, announced politely to screen readers. `[data-testid="hints"]`. */
import type { HintMessage } from "../../../twin/contract/drill-protocol.ts"
import { formatClock } from "../util/clock.ts"
import { el } from "../util/dom.ts"

export class HintsList {
  private readonly root: HTMLElement
  private readonly seen = new Set<string>()

  constructor(root: HTMLElement) {
    this.root = root
    root.setAttribute("aria-live", "polite")
    root.replaceChildren(el("li", { class: "empty" }, "no hint"))
  }

  add(h: HintMessage): void {
    // A reconnect may send a hint again: the same instant and words are one hint.
    const key = `${h.at}|${h.text}`
    if (this.seen.has(key)) return
    if (this.seen.size === 0) this.root.replaceChildren()
    this.seen.add(key)
    const li = el("li", { class: "hint" })
    li.append(el("span", { class: "hint-t" }, formatClock(h.at)), document.createTextNode(` ${h.text}`))
    this.root.prepend(li)
  }
}

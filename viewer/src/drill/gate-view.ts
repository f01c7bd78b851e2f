/**
 * The trainee's gate: until the instructor starts, a dialog over the page with the drill's briefing and
 * "waiting for the instructor to start"; it closes by itself when the drill runs (the briefing stays in its
 * panel). `[data-testid="gate"]`.
 */
import type { GateState } from "../../../twin/contract/drill-protocol.ts"
import { el } from "../util/dom.ts"

/** The briefing's paragraphs (blank lines part them), as text: nothing in it is read as markup. */
export const briefingParagraphs = (text: string): Array<HTMLElement> =>
  text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== "").map((p) => el("p", { class: "briefing-p" }, p))

export class GateView {
  private readonly root: HTMLElement
  private readonly waiting: HTMLElement
  private readonly body: HTMLElement

  constructor() {
    this.root = el("div", { class: "gate", "data-testid": "gate", role: "dialog", "aria-modal": "true", "aria-labelledby": "gate-title", tabindex: "-1" })
    const card = el("div", { class: "gate-card" })
    this.body = el("div", { class: "briefing" })
    this.waiting = el("p", { class: "gate-waiting", role: "status" }, "Waiting for the instructor to start the drill…")
    card.append(el("h2", { id: "gate-title" }, "Briefing"), this.body, this.waiting)
    this.root.append(card)
    this.root.hidden = true
    document.body.append(this.root)
  }

  briefing(text: string): void {
    this.body.replaceChildren(...briefingParagraphs(text))
  }

  state(state: GateState): void {
    const show = state === "waiting"
    if (show && this.root.hidden) {
      this.root.hidden = false
      this.root.focus()
    } else if (!show) this.root.hidden = true
    this.root.setAttribute("data-state", state)
  }
}

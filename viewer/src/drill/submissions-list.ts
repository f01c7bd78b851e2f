/**
 * Submissions, numbered in the order the server received them: the trainee's own (each the server's ack of
 * one request) and, on the instructor's page, every one live with its verdict. `[data-testid="submissions"]`.
 */
import type { Submission } from "../../../twin/contract/drill-protocol.ts"
import { formatClock } from "../util/clock.ts"
import { el } from "../util/dom.ts"

/** One line for a request: "diagnosis: ocg-dc1 · node-crash · 2 participants · otp-c" or "action: roll-back-unit access-dc1-a". */
export const describeRequest = (s: Submission): string => {
  const r = s.request
  if (r.type === "act") return `action: ${r.action} ${r.target}`
  const who = r.participants.length === 0 ? "no participant" : r.participants.length <= 3 ? r.participants.join(", ") : `${r.participants.length} participants`
  return `diagnosis: ${r.element} · ${r.fault} · ${who} · ${r.services.length === 0 ? "no service" : r.services.join(", ")}`
}

export class SubmissionsList {
  private readonly root: HTMLElement
  private readonly byN = new Map<number, Submission>()

  constructor(root: HTMLElement) {
    this.root = root
    this.render()
  }

  /** The whole list (after a (re)connect). */
  replace(all: ReadonlyArray<Submission>): void {
    this.byN.clear()
    for (const s of all) this.byN.set(s.n, s)
    this.render()
  }

  add(s: Submission): void {
    this.byN.set(s.n, s)
    this.render()
  }

  get size(): number {
    return this.byN.size
  }

  private render(): void {
    if (this.byN.size === 0) return this.root.replaceChildren(el("li", { class: "empty" }, "nothing submitted yet"))
    const rows = [...this.byN.values()].sort((a, b) => b.n - a.n)
    this.root.replaceChildren(
      ...rows.map((s) => {
        const li = el("li", { class: "submission", "data-submission": String(s.n), "data-type": s.request.type })
        li.append(el("span", { class: "sub-n" }, `#${s.n}`), el("span", { class: "sub-t" }, formatClock(s.at)), el("span", { class: "sub-text" }, describeRequest(s)))
        if (s.verdict !== undefined) li.append(el("span", { class: "sub-verdict" }, s.verdict))
        return li
      })
    )
  }
}

/**
 * The scenario at the cursor: each phase with its status, the faults active now, and the checks judged so
 * far (failed ones named): `[data-testid="scenario"]`.
 */
import type { ViewState } from "../state/view-state.ts"
import { formatClockExact } from "../util/clock.ts"
import { el } from "../util/dom.ts"

export class ScenarioPanel {
  private readonly root: HTMLElement
  private lastKey = ""
  constructor(root: HTMLElement) {
    this.root = root
  }

  update(s: ViewState): void {
    const key = `${s.scenario?.id}|${s.versions.world}|${s.phases.size}|${[...s.phases.values()].map((p) => p.status).join(",")}|${s.faults.size}|${s.checks.size}|${[...s.checks.values()].map((c) => c.verdict).join(",")}`
    if (key === this.lastKey) return
    this.lastKey = key
    const section = this.root.closest("section")
    if (s.scenario === null) {
      if (section !== null) section.hidden = true
      return
    }
    if (section !== null) section.hidden = false
    const phases = el("ul", { class: "phase-list" })
    for (const id of s.scenario.phases) {
      const p = s.phases.get(id)
      const li = el("li", { "data-phase-state": id, "data-status": p?.status ?? "pending" })
      const shown = p === undefined ? "pending" : p.status === "start" ? "running" : p.status
      li.append(el("span", { class: "ph-status" }, shown), document.createTextNode(` ${p?.name ?? id}`))
      if (p !== undefined) li.title = `${p.status} at ${formatClockExact(p.since)}${p.reason === null ? "" : ` — ${p.reason}`}`
      phases.append(li)
    }
    const faults = el("div", { class: "fault-list" })
    if (s.faults.size === 0) faults.append(el("span", { class: "empty" }, "no fault active"))
    for (const f of s.faults.values()) {
      faults.append(el("div", { class: "fault-now", "data-fault-active": f.id }, `⚡ ${f.id} — ${f.kind} on ${f.targets.join(", ")} since ${formatClockExact(f.since)}`))
    }
    const checks = [...s.checks.values()]
    const failed = checks.filter((c) => c.verdict === "fail")
    const summary = el("div", { class: "check-summary" }, checks.length === 0 ? "no check judged yet" : `checks judged: ${checks.length - failed.length} pass, ${failed.length} fail`)
    const failures = failed.map((c) => el("div", { class: "check-fail", "data-check": c.id, title: c.summary }, `✗ ${c.id}: ${c.summary}`))
    this.root.replaceChildren(phases, faults, summary, ...failures)
  }
}

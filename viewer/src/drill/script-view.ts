/**
 * The instructor's hidden script: the scripted faults (kind, when, how long, on what, with which
 * parameters) and what the trainee is expected to find and do, each with its time target. Only the
 * instructor's page gets the `script` message. `[data-testid="script"]`.
 */
import type { ScriptMessage } from "../../../twin/contract/drill-protocol.ts"
import { formatClock } from "../util/clock.ts"
import { el } from "../util/dom.ts"
import { formatAfter } from "./format.ts"

export const renderScript = (root: HTMLElement, m: ScriptMessage): void => {
  const faults = el("ul", { class: "script-faults" })
  for (const f of m.faults) {
    const params = Object.entries(f.params).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ")
    const li = el("li", { "data-script-fault": f.id })
    li.append(
      el("strong", {}, `${formatClock(f.at)} ${f.kind}`),
      document.createTextNode(` on ${f.targets.join(", ")} · ${f.lasts === null ? "to the end" : `for ${formatAfter(f.lasts)}`} · id ${f.id}`),
      ...(params === "" ? [] : [el("div", { class: "hint-text" }, params)])
    )
    faults.append(li)
  }
  const d = m.diagnosis
  const diag = el("dl", { class: "script-expected" })
  diag.append(
    el("dt", {}, "element"), el("dd", {}, d.element),
    el("dt", {}, "fault"), el("dd", {}, d.fault),
    el("dt", {}, "participants"), el("dd", {}, d.participants.length === 0 ? "none" : d.participants.join(", ")),
    el("dt", {}, "services"), el("dd", {}, d.services.join(", ")),
    el("dt", {}, "within"), el("dd", {}, formatAfter(d.within))
  )
  const actions = el("ol", { class: "script-actions" })
  for (const a of m.actions) actions.append(el("li", { "data-expected-action": a.action }, `${a.action} ${a.target} within ${formatAfter(a.within)}`))
  if (m.actions.length === 0) actions.append(el("li", { class: "empty" }, "no action expected"))
  root.replaceChildren(
    el("p", { class: "hint-text" }, `incident at ${formatClock(m.incidentAt)}; times count from there`),
    el("h3", {}, "Faults"), faults,
    el("h3", {}, "Expected diagnosis"), diag,
    el("h3", {}, "Expected actions"), actions
  )
}

/**
 * The score, shown to both pages when the drill is over: marks per part and in total, how soon the trouble
 * was detected and diagnosed, which parts of the diagnosis were right, each expected action (done? on
 * time?), the actions the drill did not expect, and the harm (participant-minutes down and degraded per service) next to
 * the ideal response's. `[data-testid="score"]`.
 */
import { type DrillScore, type Harm, notServedOf } from "../../../twin/contract/drill-protocol.ts"
import { services } from "../trace/types.ts"
import { el } from "../util/dom.ts"
import { formatAfter, formatMinutes } from "./format.ts"

const yes = (ok: boolean): string => (ok ? "✓ right" : "✗ wrong")

const harmRows = (harm: Harm, ideal: Harm): Array<HTMLElement> =>
  services
    .filter((s) => [harm.down, harm.degraded, ideal.down, ideal.degraded].some((t) => (t[s] ?? 0) > 0))
    .map((s) => {
      const tr = el("tr", { "data-harm-service": s })
      tr.append(
        el("th", { scope: "row" }, s),
        ...[harm.down, harm.degraded, ideal.down, ideal.degraded].map((t) => el("td", {}, formatMinutes(t[s] ?? 0)))
      )
      return tr
    })

const table = (caption: string, head: ReadonlyArray<string>, rows: ReadonlyArray<HTMLElement>): HTMLTableElement => {
  const t = el("table", { class: "score-table" })
  t.append(el("caption", {}, caption))
  const tr = el("tr")
  for (const h of head) tr.append(el("th", { scope: "col" }, h))
  t.append(tr, ...rows)
  return t
}

export const renderScore = (root: HTMLElement, score: DrillScore, saved: string): void => {
  const m = score.marks
  const total = el("p", { class: "score-total", "data-marks": `${m.total}/${m.max}` }, `${m.total} / ${m.max} marks`)
  const parts = table("Marks", ["part", "marks"], (["detection", "diagnosis", "actions", "harm"] as const).map((k) => {
    const tr = el("tr", { "data-part": k })
    tr.append(el("th", { scope: "row" }, k), el("td", {}, String(m[k])))
    return tr
  }))
  const d = score.diagnosis
  const times = el("dl", { class: "score-times" })
  times.append(
    el("dt", {}, "detected after"), el("dd", { "data-testid": "detected-after" }, formatAfter(score.detectedAfter)),
    el("dt", {}, "diagnosed after"), el("dd", { "data-testid": "diagnosed-after" }, formatAfter(score.diagnosedAfter))
  )
  const diag = table("Diagnosis", ["part", "verdict"], (["element", "fault", "participants", "services"] as const).map((k) => {
    const tr = el("tr", { "data-diagnosis-part": k, "data-correct": String(d[k]) })
    tr.append(el("th", { scope: "row" }, k), el("td", {}, yes(d[k])))
    return tr
  }))
  diag.setAttribute("data-correct", String(d.correct))
  // The only diagnoses came before the incident: say why they earned nothing.
  const early = d.beforeIncident === true ? [el("p", { class: "hint-text", "data-testid": "diagnosis-before-incident" }, "This diagnosis was made before the incident: it counts for nothing.")] : []
  const actions = table("Expected actions", ["action", "target", "done after", "target time"], score.actions.map((a) => {
    const tr = el("tr", { "data-action-score": a.action, "data-on-time": String(a.onTime) })
    tr.append(el("td", {}, a.action), el("td", {}, a.target), el("td", {}, formatAfter(a.after)), el("td", {}, `${formatAfter(a.within)}${a.onTime ? " ✓" : " ✗"}`))
    return tr
  }))
  const wrong = table("Actions not expected", ["action", "target", "after"], score.wrongActions.map((a) => {
    const tr = el("tr", { "data-wrong-action": a.action })
    tr.append(el("td", {}, a.action), el("td", {}, a.target), el("td", {}, formatAfter(a.after)))
    return tr
  }))
  const harm = table("Harm: participant-minutes down and degraded", ["service", "down, this run", "degraded, this run", "down, ideal", "degraded, ideal"], harmRows(score.harm, score.idealHarm))
  const totals = el("p", { class: "score-harm", "data-harm-down": String(score.harm.totalDown), "data-ideal-down": String(score.idealHarm.totalDown), "data-harm-not-served": String(notServedOf(score.harm)) },
    `participant-minutes not served (down or degraded, what the harm mark compares): ${formatMinutes(notServedOf(score.harm))} (ideal ${formatMinutes(notServedOf(score.idealHarm))})`)
  const where = el("p", { class: "hint-text" }, `saved in ${saved}`)
  root.replaceChildren(total, parts, times, diag, ...early, actions, ...(score.wrongActions.length > 0 ? [wrong] : []), harm, totals, where)
}

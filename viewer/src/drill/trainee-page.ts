/**
 * The trainee's page (`/?drill`): BLIND — it shows only what support staff would see (the map's element
 * states, grouped alarms, tickets, health counts, hints) and never a fault's name: the server sends none,
 * and nothing here writes one. The briefing (first behind the gate), the diagnosis and action forms, the
 * trainee's own submissions with their receipts, and the score at the end.
 */
import type { DrillServerMessage, DrillWelcome, GateState } from "../../../twin/contract/drill-protocol.ts"
import { formatClock } from "../util/clock.ts"
import { el } from "../util/dom.ts"
import { ActionForm } from "./action-form.ts"
import { DiagnosisForm } from "./diagnosis-form.ts"
import type { DrillContext, RolePage } from "./drill-page.ts"
import type { DrillMap } from "./drill-map.ts"
import { briefingParagraphs, GateView } from "./gate-view.ts"
import { panel } from "./page-layout.ts"
import { resultLine } from "./result-line.ts"
import { describeRequest } from "./submissions-list.ts"

export const traineePage = (ctx: DrillContext): RolePage => {
  const result = resultLine()
  const gate = new GateView()
  const diagnosis = new DiagnosisForm(ctx.pick, (d) => ctx.send({ type: "diagnose", ...d }), (t) => result.say(t, true))
  const action = new ActionForm(ctx.pick, (a) => ctx.send({ type: "act", ...a }), (t) => result.say(t, true))
  const briefing = panel("Briefing", "briefing", el("div", { class: "briefing" }))
  const respond = el("div")
  respond.append(el("h3", {}, "Diagnosis"), diagnosis.root, el("h3", {}, "Action"), action.root, result.root)
  const response = panel("Your response", "response", respond)
  ctx.slots.side.append(ctx.score, ctx.alarms, ctx.tickets, ctx.health, ctx.hints, response.section, ctx.submissions, briefing.section)
  const enable = (on: boolean): void => {
    for (const f of [diagnosis.root, action.root]) for (const b of Array.from(f.querySelectorAll("button[type=submit]"))) (b as HTMLButtonElement).disabled = !on
  }
  enable(false)
  return {
    welcome: (w: DrillWelcome, map: DrillMap) => {
      gate.briefing(w.drill.briefing)
      briefing.body.replaceChildren(...briefingParagraphs(w.drill.briefing))
      diagnosis.configure(w.picks.faultKinds, map.layout)
      action.configure(w.actions, map.layout)
    },
    gate: (state: GateState) => {
      gate.state(state)
      // Submissions count while the drill runs (paused too: the trainee may think while the world waits).
      enable(state === "running" || state === "paused")
    },
    message: (m: DrillServerMessage) => {
      if (m.type === "submitted") result.say(`received #${m.submission.n} at ${formatClock(m.submission.at)}: ${describeRequest(m.submission)}`, false)
    },
    result: result.say
  }
}

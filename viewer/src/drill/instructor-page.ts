/**
 * The instructor's page (`/?drill&token=…`): on the left the controls (start, pause, speed, end, hints), the
 * hidden script, the active faults (each with an End button) and the form that adds a fault from pick
 * lists; on the right what the trainee sees, and the trainee's submissions live with their verdicts.
 */
import type { DrillServerMessage, DrillWelcome, GateState } from "../../../twin/contract/drill-protocol.ts"
import { el } from "../util/dom.ts"
import { ActiveFaultsList } from "./active-faults.ts"
import type { DrillContext, RolePage } from "./drill-page.ts"
import type { DrillMap } from "./drill-map.ts"
import { FaultForm } from "./fault-form.ts"
import { InstructorControls } from "./instructor-controls.ts"
import { panel } from "./page-layout.ts"
import { resultLine } from "./result-line.ts"
import { renderScript } from "./script-view.ts"

export const instructorPage = (ctx: DrillContext): RolePage => {
  const left = ctx.slots.left!
  const result = resultLine()
  const controls = new InstructorControls(ctx.send)
  const control = panel("Drill", "instructor", el("div"))
  control.body.append(controls.root, result.root)
  const script = panel("Hidden script", "script", el("div", { class: "script" }))
  const active = panel("Active faults", "active-faults", el("ul", { class: "active-faults" }))
  const faults = new ActiveFaultsList(active.body, (id) => ctx.send({ type: "end-fault", id }))
  const form = new FaultForm(ctx.pick, (r) => ctx.send({ type: "inject", ...r }), (t) => result.say(t, true))
  const add = panel("Add a fault", "add-fault", el("div"))
  add.body.append(form.root)
  left.append(control.section, script.section, active.section, add.section, ctx.hints)
  ctx.slots.side.append(ctx.score, ctx.submissions, ctx.alarms, ctx.tickets, ctx.health)
  return {
    welcome: (w: DrillWelcome, map: DrillMap) => {
      controls.clock(w.speed)
      form.configure(w.picks.faultKinds, map.layout)
    },
    gate: (state: GateState) => controls.gate(state),
    message: (m: DrillServerMessage) => {
      if (m.type === "script") renderScript(script.body, m)
      else if (m.type === "active-faults") faults.update(m.faults)
      else if (m.type === "clock") controls.clock(m.speed)
    },
    result: result.say
  }
}

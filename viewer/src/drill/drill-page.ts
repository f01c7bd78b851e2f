/**
 * What both drill pages do with the server's messages: the bar (drill name, clock, gate, connection), the
 * map, the monitoring panels (alarms, tickets, health), hints, submissions and the score. The trainee's and
 * the instructor's pages (trainee-page.ts, instructor-page.ts) add their own parts through `extra`.
 */
import type { DrillServerMessage, DrillWelcome, GateState } from "../../../twin/contract/drill-protocol.ts"
import { formatClock } from "../util/clock.ts"
import { el } from "../util/dom.ts"
import { heldNote } from "../live/protocol.ts"
import { AlarmsPanel } from "./alarms-panel.ts"
import { type ConnectionStatus, DrillConnection, type Outgoing } from "./connection.ts"
import { DrillMap } from "./drill-map.ts"
import { HealthCountsPanel } from "./health-counts.ts"
import { HintsList } from "./hints-list.ts"
import { MapPick } from "./map-pick.ts"
import { buildDrillPage, type DrillSlots, panel } from "./page-layout.ts"
import { renderScore } from "./score-view.ts"
import { SubmissionsList } from "./submissions-list.ts"
import { TicketsPanel } from "./tickets-panel.ts"

/** A role's page: builds its parts into the slots, and reads what the common part does not. */
export interface RolePage {
  welcome(w: DrillWelcome, map: DrillMap): void
  gate(state: GateState): void
  message(m: DrillServerMessage): void
  /** Where an ack, a submission's receipt or an error is said. */
  result(text: string, error: boolean): void
}

export interface DrillContext {
  readonly slots: DrillSlots
  readonly pick: MapPick
  readonly send: (m: Outgoing) => void
  /** The panels' common parts, placed by the role page where it wants them. */
  readonly alarms: HTMLElement
  readonly tickets: HTMLElement
  readonly health: HTMLElement
  readonly hints: HTMLElement
  readonly submissions: HTMLElement
  readonly score: HTMLElement
}

export const startDrillPage = (role: "trainee" | "instructor", token: string | null, makeRole: (ctx: DrillContext) => RolePage): void => {
  const slots = buildDrillPage(role)
  let map: DrillMap | undefined
  const pick = new MapPick(slots.svg, () => map?.layout ?? null)
  const alarms = panel("Alarms", "alarms", el("ul", { class: "alarm-list" }), true)
  const tickets = panel("Incoming tickets", "tickets", el("ul", { class: "ticket-list" }), true)
  const health = panel("Service health", "drill-health", el("div"))
  const hints = panel("Hints", "hints", el("ul", { class: "hint-list" }))
  const submissions = panel(role === "trainee" ? "Submissions (your team's)" : "Trainee submissions", "submissions", el("ol", { class: "submission-list" }), false)
  const score = panel("Score", "score", el("div", { class: "score" }))
  score.section.hidden = true
  const alarmsPanel = new AlarmsPanel(alarms.body, alarms.count)
  const ticketsPanel = new TicketsPanel(tickets.body, tickets.count)
  const healthPanel = new HealthCountsPanel(health.body)
  const hintsList = new HintsList(hints.body)
  const submitted = new SubmissionsList(submissions.body)
  let page: RolePage | undefined
  const setStatus = (s: ConnectionStatus): void => {
    slots.status.textContent = s
    slots.status.setAttribute("data-status", s)
  }
  const problem = (text: string): void => page?.result(text, true)
  const connection = new DrillConnection(token, (m) => onMessage(m), setStatus, problem)
  const send = (m: Outgoing): void => {
    if (connection.send(m) === undefined) problem("not connected: try again in a moment")
  }
  page = makeRole({ slots, pick, send, alarms: alarms.section, tickets: tickets.section, health: health.section, hints: hints.section, submissions: submissions.section, score: score.section })
  const rolePage = page

  const onMessage = (m: DrillServerMessage): void => {
    switch (m.type) {
      case "welcome":
        // A wrong or stale token joins as trainee: the instructor's page says so rather than offer dead controls.
        if (m.role !== role) problem(`joined as ${m.role}: ${role === "instructor" ? "check the token in the address" : "reload the page"}`)
        // The trainee is not told the drill's name: a name often says what goes wrong.
        if (m.drill.name !== undefined) {
          slots.title.textContent = m.drill.name
          document.title = `drill · ${m.drill.name}`
        }
        if (map === undefined) map = new DrillMap(slots.svg, m.layout)
        rolePage.welcome(m, map)
        document.body.setAttribute("data-ready", "true")
        return
      case "gate":
        slots.gate.textContent = m.state
        slots.gate.setAttribute("data-state", m.state)
        document.body.setAttribute("data-gate", m.state)
        rolePage.gate(m.state)
        return
      case "clock": {
        // A world that cannot keep the speed asked says so beside the clock (viewer/src/live/protocol.ts).
        const held = heldNote(m)
        slots.clock.textContent = held === undefined ? formatClock(m.t) : `${formatClock(m.t)} · ${held}`
        slots.clock.setAttribute("data-paused", String(m.paused))
        break
      }
      case "alarms":
        alarmsPanel.update(m.alarms)
        return
      case "tickets":
        ticketsPanel.update(m.tickets)
        map?.tickets(m.tickets)
        return
      case "health":
        healthPanel.update(m)
        return
      case "map":
        map?.update(m)
        return
      case "hint":
        hintsList.add(m)
        return
      case "submissions":
        submitted.replace(m.submissions)
        return
      case "submitted":
        submitted.add(m.submission)
        break
      case "score":
        renderScore(score.body, m.score, m.saved)
        if (score.section.hidden) {
          score.section.hidden = false
          score.section.scrollIntoView({ block: "start" })
        }
        break
      case "ack":
        rolePage.result(m.detail, false)
        return
      case "error":
        rolePage.result(m.message, true)
        return
    }
    rolePage.message(m)
  }
  connection.connect()
}

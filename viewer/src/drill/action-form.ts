/**
 * The trainee's actions, from the drill's fixed vocabulary (roll back a unit, fail over to the backup
 * site, tell a carrier's participants to switch circuits, restart a server, escalate to a carrier, …):
 * the action from a list, then its target (if it takes one) from a searchable list or the map.
 * `[data-testid="action-form"]`.
 */
import type { ActionInfo, DrillActionKind } from "../../../twin/contract/drill-protocol.ts"
import type { EstateLayout } from "../trace/types.ts"
import { el } from "../util/dom.ts"
import { ElementField } from "./element-field.ts"
import type { MapPick } from "./map-pick.ts"

export interface ActionRequest {
  readonly action: DrillActionKind
  readonly target: string
}

/** Minutes and seconds of an action's delay: "takes 2 min", "takes 30 s". */
const takes = (us: number): string => {
  const s = Math.round(us / 1_000_000)
  return s >= 60 && s % 60 === 0 ? `takes ${s / 60} min` : `takes ${s} s`
}

let serial = 0

export class ActionForm {
  readonly root: HTMLFormElement
  private readonly action: HTMLSelectElement
  private readonly target: ElementField
  private readonly delay: HTMLElement
  private choices: ReadonlyArray<ActionInfo> = []
  private layout: EstateLayout | null = null

  constructor(pick: MapPick, submit: (a: ActionRequest) => void, problem: (text: string) => void) {
    const n = ++serial
    this.root = el("form", { class: "drill-form", "data-testid": "action-form", "aria-label": "Action" })
    this.action = el("select", { id: `ac-action-${n}`, name: "action" })
    const row = el("div", { class: "field" })
    row.append(el("label", { for: this.action.id }, "Action"), this.action)
    this.target = new ElementField("Target", "action-target", [], pick)
    this.delay = el("p", { class: "hint-text", id: `ac-delay-${n}`, "aria-live": "polite" })
    this.action.setAttribute("aria-describedby", this.delay.id)
    const go = el("button", { type: "submit", "data-action": "submit-action" }, "Take action")
    this.root.append(row, this.delay, this.target.root, go)
    this.action.addEventListener("change", () => this.retarget())
    this.root.addEventListener("submit", (ev) => {
      ev.preventDefault()
      const a = this.choices.find((c) => c.action === this.action.value)
      if (a === undefined) return problem("action: choose one from the list")
      if (this.target.value === "") return problem(`${a.label}: choose its target, from the list or on the map`)
      submit({ action: a.action, target: this.target.value })
    })
  }

  configure(choices: ReadonlyArray<ActionInfo>, layout: EstateLayout | null): void {
    const keep = this.action.value
    this.choices = choices
    this.layout = layout
    this.action.replaceChildren(el("option", { value: "" }, "choose…"), ...choices.map((c) => el("option", { value: c.action }, c.label)))
    if (choices.some((c) => c.action === keep)) this.action.value = keep
    this.retarget()
  }

  /** Lists the chosen action's targets (every element of its kind, from the server: not a hint). */
  private retarget(): void {
    const a = this.choices.find((c) => c.action === this.action.value)
    this.target.root.hidden = a === undefined
    this.delay.textContent = a === undefined ? "" : takes(a.delay)
    this.target.setLayout(this.layout, a === undefined ? [] : [a.target], a?.choices ?? [])
  }
}

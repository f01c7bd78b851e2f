/**
 * The trainee's actions, from the drill's fixed vocabulary (roll back a unit, fail over to the backup
 * site, tell a carrier's participants to switch circuits, restart a server, escalate to a carrier, …):
 * the action from a list, then its target (if it takes one) from a searchable list or the map.
 * `[data-testid="action-form"]`.
 */
import type { EstateLayout } from "../trace/types.ts"
import { el } from "../util/dom.ts"
import { ElementField } from "./element-field.ts"
import type { ElementKind } from "./element-options.ts"
import type { MapPick } from "./map-pick.ts"

export interface ActionChoice {
  readonly id: string
  readonly label: string
  /** The kinds of element it acts on; empty: no target. */
  readonly target: ReadonlyArray<ElementKind>
}

export interface ActionRequest {
  readonly action: string
  readonly target: string | null
}

let serial = 0

export class ActionForm {
  readonly root: HTMLFormElement
  private readonly action: HTMLSelectElement
  private readonly target: ElementField
  private choices: ReadonlyArray<ActionChoice> = []
  private layout: EstateLayout | null = null

  constructor(pick: MapPick, submit: (a: ActionRequest) => void, problem: (text: string) => void) {
    const n = ++serial
    this.root = el("form", { class: "drill-form", "data-testid": "action-form", "aria-label": "Action" })
    this.action = el("select", { id: `ac-action-${n}`, name: "action" })
    const row = el("div", { class: "field" })
    row.append(el("label", { for: this.action.id }, "Action"), this.action)
    this.target = new ElementField("Target", "action-target", [], pick)
    const go = el("button", { type: "submit", "data-action": "submit-action" }, "Take action")
    this.root.append(row, this.target.root, go)
    this.action.addEventListener("change", () => this.retarget())
    this.root.addEventListener("submit", (ev) => {
      ev.preventDefault()
      const a = this.choices.find((c) => c.id === this.action.value)
      if (a === undefined) return problem("action: choose one from the list")
      if (a.target.length > 0 && this.target.value === "") return problem(`${a.label}: choose its target, from the list or on the map`)
      submit({ action: a.id, target: a.target.length === 0 ? null : this.target.value })
    })
  }

  configure(choices: ReadonlyArray<ActionChoice>, layout: EstateLayout | null): void {
    const keep = this.action.value
    this.choices = choices
    this.layout = layout
    this.action.replaceChildren(el("option", { value: "" }, "choose…"), ...choices.map((c) => el("option", { value: c.id }, c.label)))
    if (choices.some((c) => c.id === keep)) this.action.value = keep
    this.retarget()
  }

  /** Shows the target field only for an action that takes one, listing elements of its kinds. */
  private retarget(): void {
    const a = this.choices.find((c) => c.id === this.action.value)
    const kinds = a?.target ?? []
    this.target.root.hidden = kinds.length === 0
    this.target.setLayout(this.layout, kinds)
  }
}

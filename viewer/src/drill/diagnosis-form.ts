/**
 * The trainee's diagnosis: which element is at fault (from a searchable list or the map), what went wrong
 * (from the drill's list of kinds of trouble), which participants and services are affected. Submitted as
 * often as the trainee likes; each submission gets its own ack. `[data-testid="diagnosis-form"]`.
 */
import type { FaultKindPick } from "../../../twin/contract/drill-protocol.ts"
import { type EstateLayout, type Service, services } from "../trace/types.ts"
import { el } from "../util/dom.ts"
import { ElementField } from "./element-field.ts"
import type { MapPick } from "./map-pick.ts"
import { ParticipantChips } from "./participant-chips.ts"

export interface Diagnosis {
  readonly element: string
  readonly fault: string
  readonly participants: ReadonlyArray<string>
  readonly services: ReadonlyArray<Service>
}

let serial = 0

export class DiagnosisForm {
  readonly root: HTMLFormElement
  private readonly element: ElementField
  private readonly kind: HTMLSelectElement
  private readonly participants: ParticipantChips
  private readonly services: Array<HTMLInputElement> = []

  constructor(pick: MapPick, submit: (d: Diagnosis) => void, problem: (text: string) => void) {
    const n = ++serial
    this.root = el("form", { class: "drill-form", "data-testid": "diagnosis-form", "aria-label": "Diagnosis" })
    this.element = new ElementField("Element at fault", "diagnosis-element", ["node", "link", "site", "unit"], pick)
    this.kind = el("select", { id: `dg-kind-${n}`, name: "diagnosis-kind" })
    const kindRow = el("div", { class: "field" })
    kindRow.append(el("label", { for: this.kind.id }, "What went wrong"), this.kind)
    this.participants = new ParticipantChips("Affected participants", pick)
    const svc = el("fieldset", { class: "services-field" })
    svc.append(el("legend", {}, "Affected services"))
    for (const s of services) {
      const box = el("input", { type: "checkbox", name: "diagnosis-service", value: s, id: `dg-${s}-${n}` })
      const label = el("label", { for: box.id }, s)
      this.services.push(box)
      svc.append(box, label)
    }
    const go = el("button", { type: "submit", "data-action": "submit-diagnosis" }, "Submit diagnosis")
    this.root.append(this.element.root, kindRow, this.participants.root, svc, go)
    this.root.addEventListener("submit", (ev) => {
      ev.preventDefault()
      if (this.element.value === "") return problem("diagnosis: choose the element at fault, from the list or on the map")
      if (this.kind.value === "") return problem("diagnosis: choose what went wrong")
      submit({
        element: this.element.value,
        fault: this.kind.value,
        participants: this.participants.values,
        services: services.filter((s) => this.services.some((b) => b.checked && b.value === s))
      })
    })
  }

  /** `kinds`: the whole fault catalogue, the same for every drill (not a hint). */
  configure(kinds: ReadonlyArray<FaultKindPick>, layout: EstateLayout | null): void {
    const keep = this.kind.value
    this.kind.replaceChildren(el("option", { value: "" }, "choose…"), ...kinds.map((k) => el("option", { value: k.kind }, k.kind)))
    if (kinds.some((k) => k.kind === keep)) this.kind.value = keep
    this.element.setLayout(layout)
    this.participants.setLayout(layout)
  }
}

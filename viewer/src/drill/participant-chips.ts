/**
 * A set of participants chosen one by one (from a searchable list or the map), shown as removable chips:
 * the "affected participants" of a trainee's diagnosis.
 */
import type { EstateLayout } from "../trace/types.ts"
import { el } from "../util/dom.ts"
import { ElementField } from "./element-field.ts"
import type { MapPick } from "./map-pick.ts"

export class ParticipantChips {
  readonly root: HTMLElement
  private readonly field: ElementField
  private readonly chips: HTMLElement
  private readonly chosen = new Set<string>()

  constructor(label: string, pick: MapPick) {
    this.root = el("div", { class: "chips-field" })
    this.field = new ElementField(label, "affected-participant", ["participant"], pick)
    const add = el("button", { type: "button", "data-action": "add-participant" }, "Add")
    add.addEventListener("click", () => {
      if (this.field.value !== "") this.add(this.field.value)
    })
    this.chips = el("ul", { class: "chips", "aria-label": `${label}: chosen` })
    this.root.append(this.field.root, add, this.chips)
  }

  setLayout(layout: EstateLayout | null): void {
    this.field.setLayout(layout)
  }

  get values(): Array<string> {
    return [...this.chosen].sort()
  }

  add(id: string): void {
    if (this.chosen.has(id)) return
    this.chosen.add(id)
    this.render()
  }

  clear(): void {
    this.chosen.clear()
    this.render()
  }

  private render(): void {
    this.chips.replaceChildren(
      ...this.values.map((id) => {
        const li = el("li", { class: "chip", "data-chip": id })
        const remove = el("button", { type: "button", "aria-label": `remove ${id}`, class: "chip-x" }, "×")
        remove.addEventListener("click", () => {
          this.chosen.delete(id)
          this.render()
        })
        li.append(document.createTextNode(id), remove)
        return li
      })
    )
  }
}

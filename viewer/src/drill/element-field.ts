/**
 * A form field naming one estate element: a search box over a list of the estate's elements (of the kinds
 * the field takes) and a "Pick on map" button. Labelled, reached with Tab; ↓ from the search box enters
 * the list. `value` is the chosen id ("" when none).
 */
import type { EstateLayout } from "../trace/types.ts"
import { el } from "../util/dom.ts"
import { type ElementKind, type ElementOption, elementOptions, filterOptions } from "./element-options.ts"
import type { MapPick } from "./map-pick.ts"

/** At most this many options listed at once: a search narrows a 640-participant estate. */
const SHOWN = 200
let serial = 0

export class ElementField {
  readonly root: HTMLElement
  private readonly search: HTMLInputElement
  private readonly list: HTMLSelectElement
  private readonly more: HTMLElement
  private options: Array<ElementOption> = []
  private kinds: ReadonlyArray<ElementKind>
  private readonly onChange: (id: string) => void

  constructor(label: string, name: string, kinds: ReadonlyArray<ElementKind>, pick: MapPick, onChange: (id: string) => void = () => {}) {
    this.kinds = kinds
    this.onChange = onChange
    const id = `el-field-${++serial}`
    this.root = el("div", { class: "element-field", "data-field": name })
    this.search = el("input", { type: "search", id: `${id}-search`, placeholder: "search id or name…", "aria-label": `${label}: search`, autocomplete: "off" })
    this.list = el("select", { id, name, size: "5", "aria-label": label })
    this.more = el("div", { class: "empty", "aria-live": "polite" })
    const onMap = el("button", { type: "button", "data-action": `pick-${name}`, title: "Then click the element on the map (Escape cancels)" }, "Pick on map")
    onMap.addEventListener("click", () => {
      onMap.setAttribute("aria-pressed", "true")
      pick.arm(this.kinds, (picked) => {
        onMap.removeAttribute("aria-pressed")
        if (picked !== undefined) this.set(picked.id)
        this.list.focus()
      })
    })
    this.search.addEventListener("input", () => this.fill())
    this.search.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown" && this.list.options.length > 0) {
        ev.preventDefault()
        this.list.focus()
        if (this.list.selectedIndex < 0) this.list.selectedIndex = 0
        this.onChange(this.value)
      }
    })
    this.list.addEventListener("change", () => this.onChange(this.value))
    const head = el("div", { class: "row" })
    head.append(el("label", { for: id }, label), onMap)
    this.root.append(head, this.search, this.list, this.more)
  }

  /** (Re)reads the estate; keeps the choice when still listed. `only`: just these ids (an action's choices). */
  setLayout(layout: EstateLayout | null, kinds: ReadonlyArray<ElementKind> = this.kinds, only?: ReadonlyArray<string>): void {
    this.kinds = kinds
    const all = layout === null ? [] : elementOptions(layout, kinds)
    const keep = only === undefined ? undefined : new Set(only)
    this.options = keep === undefined ? all : all.filter((o) => keep.has(o.id))
    this.fill()
  }

  get value(): string {
    return this.list.value
  }

  /** The kind of the chosen element (a field taking links and nodes sends the one it is). */
  get kind(): string {
    return this.list.selectedOptions[0]?.getAttribute("data-kind") ?? ""
  }

  focus(): void {
    this.search.focus()
  }

  /** Chooses an id (from the map): clears the search so the choice is listed and shown. */
  set(id: string): void {
    if (!this.options.some((o) => o.id === id)) return
    this.search.value = id
    this.fill()
    this.list.value = id
    this.onChange(this.value)
  }

  private fill(): void {
    const keep = this.list.value
    const hits = filterOptions(this.options, this.search.value)
    this.list.replaceChildren(...hits.slice(0, SHOWN).map((o) => el("option", { value: o.id, "data-kind": o.kind }, o.label)))
    if (keep !== "" && hits.some((o) => o.id === keep)) this.list.value = keep
    this.more.textContent = hits.length > SHOWN ? `${hits.length - SHOWN} more: narrow the search` : hits.length === 0 ? "nothing matches" : ""
  }
}

/**
 * The instructor's "add a fault" form: the kind from a pick list, then each of its parameters as a field
 * (fault-params.ts): elements from a searchable list or the map, durations, numbers, choices. Optional
 * `for` (how long) and `id`. No YAML: the form builds the fault entry, the server checks it.
 */
import type { EstateLayout } from "../trace/types.ts"
import { el } from "../util/dom.ts"
import { ElementField } from "./element-field.ts"
import type { MapPick } from "./map-pick.ts"
import type { FaultKindPick } from "../../../twin/contract/drill-protocol.ts"
import { type FormParam, formKinds, formParams } from "./fault-params.ts"

export interface FaultRequest {
  readonly fault: Record<string, string | number | boolean | ReadonlyArray<string>>
  readonly for?: string
  readonly id?: string
}

type Reader = () => { ok: true; value: string | number | boolean | ReadonlyArray<string> | undefined; name: string } | { ok: false; problem: string }

let serial = 0

export class FaultForm {
  readonly root: HTMLFormElement
  private readonly kind: HTMLSelectElement
  private readonly summary: HTMLElement
  private readonly fields: HTMLElement
  private readonly forInput: HTMLInputElement
  private readonly idInput: HTMLInputElement
  private readonly pick: MapPick
  private kinds: Array<FaultKindPick> = []
  private layout: EstateLayout | null = null
  private readers: Array<Reader> = []

  constructor(pick: MapPick, submit: (r: FaultRequest) => void, problem: (text: string) => void) {
    this.pick = pick
    const n = ++serial
    this.root = el("form", { class: "fault-form", "data-testid": "fault-form", "aria-label": "Add a fault" })
    this.kind = el("select", { id: `ff-kind-${n}`, name: "fault-kind" })
    this.summary = el("p", { class: "hint-text", id: `ff-sum-${n}` })
    this.kind.setAttribute("aria-describedby", this.summary.id)
    this.fields = el("div", { class: "fault-params" })
    this.forInput = el("input", { id: `ff-for-${n}`, name: "for", placeholder: "until ended", size: "8" })
    this.idInput = el("input", { id: `ff-id-${n}`, name: "fault-id", placeholder: "live-N", size: "10" })
    const kindRow = el("div", { class: "field" })
    kindRow.append(el("label", { for: this.kind.id }, "Fault kind"), this.kind)
    const extra = el("div", { class: "row" })
    extra.append(el("label", { for: this.forInput.id }, "for"), this.forInput, el("label", { for: this.idInput.id }, "id"), this.idInput)
    const go = el("button", { type: "submit", "data-action": "add-fault" }, "Add fault")
    this.root.append(kindRow, this.summary, this.fields, extra, go)
    this.kind.addEventListener("change", () => this.build())
    this.root.addEventListener("submit", (ev) => {
      ev.preventDefault()
      const fault: FaultRequest["fault"] = { kind: this.kind.value }
      for (const read of this.readers) {
        const r = read()
        if (!r.ok) return problem(r.problem)
        if (r.value !== undefined) fault[r.name] = r.value
      }
      const forText = this.forInput.value.trim()
      const id = this.idInput.value.trim()
      submit({ fault, ...(forText === "" ? {} : { for: forText }), ...(id === "" ? {} : { id }) })
    })
  }

  configure(kinds: ReadonlyArray<FaultKindPick>, layout: EstateLayout | null): void {
    const keep = this.kind.value
    this.kinds = formKinds(kinds)
    this.layout = layout
    this.kind.replaceChildren(...this.kinds.map((k) => el("option", { value: k.kind }, k.kind)))
    if (this.kinds.some((k) => k.kind === keep)) this.kind.value = keep
    this.build()
  }

  /** The parameter fields of the chosen kind. */
  private build(): void {
    const k = this.kinds.find((x) => x.kind === this.kind.value)
    this.summary.textContent = k?.summary ?? ""
    this.readers = []
    this.fields.replaceChildren()
    if (k === undefined) return
    for (const p of formParams(k.kind, k.params)) this.readers.push(this.addField(k.kind, p))
  }

  private addField(kind: string, p: FormParam): Reader {
    const { name, field, label } = p
    const id = `ff-${kind}-${name}-${++serial}`
    const missing = (): { ok: false; problem: string } => ({ ok: false, problem: `${kind}: ${label} is required` })
    const row = el("div", { class: "field", "data-param": name })
    this.fields.append(row)
    switch (field.type) {
      case "element": {
        const f = new ElementField(label, `param-${name}`, field.kinds, this.pick)
        f.setLayout(this.layout)
        row.append(f.root)
        return () =>
          f.value === "" ? (p.optional ? { ok: true, name, value: undefined } : { ok: false, problem: `${kind}: choose its ${label} from the list or on the map` })
            : { ok: true, name: name === "element" ? f.kind : name, value: f.value }
      }
      case "elements": {
        const input = el("input", { id, name: `param-${name}`, placeholder: "P0001, P0002 (optional)" })
        row.append(el("label", { for: id }, `${label}: ids, comma-separated`), input)
        return () => {
          const ids = input.value.split(/[\s,]+/).filter((x) => x !== "")
          return { ok: true, name, value: ids.length === 0 ? undefined : ids }
        }
      }
      case "duration": {
        const input = el("input", { id, name: `param-${name}`, placeholder: "e.g. 30s, 2m, 50ms", size: "10" })
        row.append(el("label", { for: id }, label), input)
        return () => (input.value.trim() === "" ? (p.optional ? { ok: true, name, value: undefined } : missing()) : { ok: true, name, value: input.value.trim() })
      }
      case "number": {
        const input = el("input", { id, name: `param-${name}`, type: "number", step: "any" })
        row.append(el("label", { for: id }, label), input)
        return () => {
          if (input.value.trim() === "") return p.optional ? { ok: true, name, value: undefined } : missing()
          const v = Number(input.value)
          return Number.isFinite(v) ? { ok: true, name, value: v } : { ok: false, problem: `${name}: expected a number, got ${input.value}` }
        }
      }
      case "choice": {
        const select = el("select", { id, name: `param-${name}` })
        select.append(...(p.optional ? [el("option", { value: "" }, "(default)")] : []), ...field.choices.map((c) => el("option", { value: c }, c)))
        row.append(el("label", { for: id }, label), select)
        return () => ({ ok: true, name, value: select.value === "" ? undefined : select.value })
      }
      case "flag": {
        const select = el("select", { id, name: `param-${name}` })
        select.append(el("option", { value: "" }, "(default)"), el("option", { value: "true" }, "yes"), el("option", { value: "false" }, "no"))
        row.append(el("label", { for: id }, label), select)
        return () => ({ ok: true, name, value: select.value === "" ? undefined : select.value === "true" })
      }
      case "text": {
        const input = el("input", { id, name: `param-${name}` })
        row.append(el("label", { for: id }, label), input)
        return () => (input.value.trim() === "" ? (p.optional ? { ok: true, name, value: undefined } : missing()) : { ok: true, name, value: input.value.trim() })
      }
    }
  }
}

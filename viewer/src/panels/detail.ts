/**
 * Drill-down: a participant group (its members and their worst health) or one participant (each service
 * with its status and cause, its circuits, its flows). Follows the cursor while open.
 */
import { healthColour, healthLabel } from "../map/palette.ts"
import { linkState, nodeState, worstStatus } from "../state/derive.ts"
import type { ViewState } from "../state/view-state.ts"
import { el } from "../util/dom.ts"

export type Selection = { readonly group: string } | { readonly participant: string } | null

export class DetailPanel {
  private readonly root: HTMLElement
  private readonly onPick: (sel: Selection) => void
  selection: Selection = null
  private lastKey = ""

  constructor(root: HTMLElement, onPick: (sel: Selection) => void) {
    this.root = root
    this.onPick = onPick
  }

  select(sel: Selection, s: ViewState): void {
    this.selection = sel
    this.lastKey = ""
    this.update(s)
  }

  update(s: ViewState): void {
    const sel = this.selection
    if (sel === null || s.layout === null) {
      this.root.hidden = true
      return
    }
    const key = `${JSON.stringify(sel)}|${s.versions.health}|${s.versions.flows}|${s.versions.world}`
    if (key === this.lastKey) return
    this.lastKey = key
    this.root.hidden = false
    const close = el("button", { class: "close", title: "Close", "data-action": "close-detail" }, "×")
    close.addEventListener("click", () => this.onPick(null))
    if ("group" in sel) {
      const members = s.layout.participants.filter((p) => p.group === sel.group)
      const head = el("h2", {}, `Group ${sel.group.split("+").join(" + ")} · ${members.length}`)
      const list = el("div", { class: "members", "data-testid": "group-members" })
      for (const p of members) {
        const w = worstStatus(s, p)
        const chip = el("button", { class: "member", "data-member": p.id, title: `${p.name}: ${w ?? "no health yet"}` }, p.id)
        chip.style.borderColor = w === undefined ? "#ccc" : healthColour[w]
        chip.addEventListener("click", () => this.onPick({ participant: p.id }))
        list.append(chip)
      }
      this.root.replaceChildren(close, head, list)
      return
    }
    const p = s.layout.participants.find((x) => x.id === sel.participant)
    if (p === undefined) {
      this.root.replaceChildren(close, el("p", {}, `${sel.participant}: not in this estate`))
      return
    }
    const head = el("h2", {}, `${p.id} · ${p.name}`)
    const back = el("button", { class: "link-btn" }, `group ${p.group.split("+").join(" + ")}`)
    back.addEventListener("click", () => this.onPick({ group: p.group }))
    const table = el("table", { class: "detail-table", "data-testid": "participant-detail", "data-participant-detail": p.id })
    for (const sv of p.services) {
      const st = s.health.get(`${p.id}|${sv}`)
      const tr = el("tr")
      tr.append(el("td", {}, sv))
      const td = el("td", {}, st === undefined ? "—" : healthLabel[st])
      if (st !== undefined) td.style.color = healthColour[st]
      tr.append(td, el("td", { class: "cause" }, s.causes.get(`${p.id}|${sv}`) ?? ""))
      table.append(tr)
    }
    const circuits = el("div", { class: "circuits-list" })
    for (const c of p.circuits) {
      const st = nodeState(s, c.pop) === "down" ? "down" : linkState(s, c.id)
      circuits.append(el("span", { class: `circ st-${st}`, "data-link": c.id, "data-state": st }, `${c.id} → ${c.pop} (${st})`))
    }
    const flows = el("div", { class: "flows-list" })
    for (const [id, f] of s.flows) {
      if (f.participant !== p.id) continue
      // a session needs one member (its primary or backup gateway); a multicast short of a line is impaired
      const multicast = f.service === "omd-c" || f.service === "omd-cc"
      const st = f.up === 0 ? " st-down" : multicast && f.up < f.of ? " st-impaired" : f.degraded ? " st-impaired" : ""
      flows.append(el("div", { class: `flow${st}` }, `${id}: ${f.up}/${f.of} — ${f.detail}`))
    }
    this.root.replaceChildren(close, head, back, table, el("h3", {}, "Circuits"), circuits, el("h3", {}, "Flows"), flows)
  }
}

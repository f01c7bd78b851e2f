/**
 * Drill-down: a participant group (its members and their worst health) or one participant (each service
 * with its status and cause, its circuits, its flows, its timeline: each status change of the trace
 * with the cause chain of each worsening — twin/contract/participant-timeline.ts, what `twin participant
 * --trace` prints; a time in it moves the cursor there — and its orders' answers: late, unanswered or
 * waiting, twin/contract/participant-orders.ts, so sessions that stayed up while orders stalled do not
 * read as untouched), or a node, link or unit (its state, its changes,
 * the participants attached to it and those whose worsening's cause chain names it: state/element-story.ts).
 * Follows the cursor while open.
 */
import { type OrderNote, participantOrders } from "../../../twin/contract/participant-orders.ts"
import { participantTimeline, type ServiceTimeline } from "../../../twin/contract/participant-timeline.ts"
import { healthColour, healthGlyph, healthLabel } from "../map/palette.ts"
import { darkReason } from "../state/dark-reason.ts"
import { linkState, nodeState, worstStatus } from "../state/derive.ts"
import { type ElementKind, elementStory } from "../state/element-story.ts"
import type { TraceIndex } from "../state/trace-index.ts"
import type { ViewState } from "../state/view-state.ts"
import { formatClockExact } from "../util/clock.ts"
import { el } from "../util/dom.ts"

export type Selection =
  | { readonly group: string }
  | { readonly participant: string }
  | { readonly element: ElementKind; readonly id: string }
  | null

/** Who depended on an element: listed up to this many, then a count. */
const MAX_HURT = 40

export class DetailPanel {
  private readonly root: HTMLElement
  private readonly onPick: (sel: Selection) => void
  selection: Selection = null
  private lastKey = ""
  private readonly index: () => TraceIndex
  private readonly onSeek: (t: number) => void
  /** The selected participant's timeline, told once per selection and trace (a whole-trace fold). */
  private timeline: { readonly participant: string; readonly index: TraceIndex; readonly events: number; readonly services: ReadonlyArray<ServiceTimeline> } | undefined
  /** The selected participant's order notes, likewise told once per selection and trace. */
  private orders: { readonly participant: string; readonly index: TraceIndex; readonly events: number; readonly notes: ReadonlyArray<OrderNote> } | undefined

  constructor(root: HTMLElement, onPick: (sel: Selection) => void, index: () => TraceIndex, onSeek: (t: number) => void) {
    this.root = root
    this.onPick = onPick
    this.index = index
    this.onSeek = onSeek
  }

  select(sel: Selection, s: ViewState): void {
    this.selection = sel
    this.lastKey = ""
    this.update(s)
  }

  private timelineOf(participant: string): ReadonlyArray<ServiceTimeline> {
    const index = this.index()
    const t = this.timeline
    if (t !== undefined && t.participant === participant && t.index === index && t.events === index.events.length) return t.services
    const services = participantTimeline(index.events, participant, index.causes)
    this.timeline = { participant, index, events: index.events.length, services }
    return services
  }

  private ordersOf(participant: string): ReadonlyArray<OrderNote> {
    const index = this.index()
    const o = this.orders
    if (o !== undefined && o.participant === participant && o.index === index && o.events === index.events.length) return o.notes
    const notes = participantOrders(index.events, participant)
    this.orders = { participant, index, events: index.events.length, notes }
    return notes
  }

  /** Each order note of the whole trace (whatever the cursor: the panel is redrawn on status changes only); a time is a button that moves the cursor. */
  private ordersList(participant: string): HTMLElement {
    const list = el("ol", { class: "timeline-list", "data-testid": "participant-orders" })
    for (const n of this.ordersOf(participant)) {
      const li = el("li", { "data-kind": n.kind, "data-session": n.session })
      li.append(this.seekButton(n.t), el("span", { class: "status" }, ` ${n.session} (${n.service})`), el("div", { class: "cause" }, n.text))
      list.append(li)
    }
    if (list.childElementCount === 0) list.append(el("li", {}, "no answer late, no order unanswered or waiting"))
    return list
  }

  private seekButton(t: number): HTMLButtonElement {
    const at = el("button", { class: "link-btn", "data-seek": String(t), title: "Move the cursor here" }, formatClockExact(t))
    at.addEventListener("click", () => this.onSeek(t))
    return at
  }

  private participantChip(id: string): HTMLButtonElement {
    const chip = el("button", { class: "member", "data-member": id }, id)
    chip.addEventListener("click", () => this.onPick({ participant: id }))
    return chip
  }

  private elementDetail(kind: ElementKind, id: string, s: ViewState): Array<HTMLElement> {
    const layout = s.layout!
    const index = this.index()
    const story = elementStory(index.events, index.causes, layout, kind, id)
    const unit = layout.units.find((u) => u.id === id)
    const state = kind === "unit"
      ? `${s.moved.has(id) ? "on the new backbone" : "on the old backbone"}${unit === undefined ? "" : (() => {
        const why = darkReason(s, layout, unit)
        return why.text === "" ? "" : ` — ${why.text}`
      })()}`
      : kind === "node" ? nodeState(s, id) : linkState(s, id)
    const changes = el("ol", { class: "timeline-list", "data-testid": "element-changes" })
    for (const c of story.changes) {
      const li = el("li", {})
      li.append(this.seekButton(c.t), el("span", {}, ` ${c.text}`))
      changes.append(li)
    }
    if (story.changes.length === 0) changes.append(el("li", {}, "no change in this trace"))
    const attached = el("div", { class: "members", "data-testid": "element-attached" })
    for (const p of story.attached) attached.append(this.participantChip(p))
    const hurt = el("ol", { class: "timeline-list", "data-testid": "element-dependents" })
    for (const h of story.hurt.slice(0, MAX_HURT)) {
      const li = el("li", { "data-participant": h.participant })
      li.append(this.participantChip(h.participant), el("span", {}, ` ${h.service} worse at `), this.seekButton(h.t), el("div", { class: "cause" }, `cause: ${h.chain}`))
      hurt.append(li)
    }
    if (story.hurt.length > MAX_HURT) hurt.append(el("li", {}, `and ${story.hurt.length - MAX_HURT} more`))
    if (story.hurt.length === 0) hurt.append(el("li", {}, "none in this trace"))
    return [
      el("h2", { "data-element-detail": id }, `${kind} ${id}`),
      el("p", { "data-testid": "element-state" }, state),
      el("h3", {}, "Changes"),
      changes,
      ...(story.attached.length === 0 ? [] : [el("h3", {}, `Attached participants · ${story.attached.length}`), attached]),
      el("h3", {}, `Who depended on it · ${story.hurt.length}`),
      hurt
    ]
  }

  /** Each status change, the one in force at the cursor marked; a time is a button that moves the cursor. */
  private timelineList(participant: string, cursor: number): HTMLElement {
    const list = el("ol", { class: "timeline-list", "data-testid": "participant-timeline" })
    for (const sv of this.timelineOf(participant)) {
      const current = sv.changes.filter((c) => c.t <= cursor).pop()
      for (const c of sv.changes) {
        const at = this.seekButton(c.t)
        const li = el("li", { "data-service": sv.service, "data-status": c.status, ...(c === current ? { "data-current": "true" } : {}) })
        const status = el("span", { class: "status" }, ` ${sv.service} ${healthLabel[c.status]}`)
        status.style.color = healthColour[c.status]
        li.append(at, el("span", { class: "glyph", "aria-hidden": "true" }, ` ${healthGlyph[c.status]}`), status)
        if (c.chain !== "") li.append(el("div", { class: "cause", "data-chain": "" }, `cause: ${c.chain}`))
        list.append(li)
      }
    }
    if (list.childElementCount === 0) list.append(el("li", {}, "no status in this trace"))
    return list
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
    if ("element" in sel) {
      this.root.replaceChildren(close, ...this.elementDetail(sel.element, sel.id, s))
      return
    }
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
    // The change in force is the last at or before the last applied event (a participant's change bumps versions.health).
    this.root.replaceChildren(close, head, back, table, el("h3", {}, "Circuits"), circuits, el("h3", {}, "Flows"), flows, el("h3", {}, "Timeline"), this.timelineList(p.id, s.t), el("h3", {}, "Orders"), this.ordersList(p.id))
  }
}

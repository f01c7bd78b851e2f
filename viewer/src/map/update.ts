/**
 * Puts a ViewState on the drawn map: link and node state, which side of each unit carries traffic, every
 * participant's worst health, each group's flows. Writes an attribute only when its value changed (a cache
 * per element), so a frame at ×1000 costs the changes, not the 640 participants.
 */
import { flowsByParticipant, linkActive, linkState, nodeState, serviceAffected, unitSides, worstStatus } from "../state/derive.ts"
import { darkReason } from "../state/dark-reason.ts"
import type { ViewState } from "../state/view-state.ts"
import type { MapElements } from "./draw.ts"

export class MapUpdater {
  private readonly map: MapElements
  private readonly written = new Map<Element, Map<string, string>>()
  private readonly sides: Map<string, "old" | "new">
  private lastFlowsKey = ""
  private lastWorld = -1
  private lastHealth = -1

  constructor(map: MapElements) {
    this.map = map
    this.sides = unitSides(map.estate)
  }

  private set(el: Element, attr: string, value: string): void {
    let m = this.written.get(el)
    if (m === undefined) {
      m = new Map()
      this.written.set(el, m)
    }
    if (m.get(attr) === value) return
    m.set(attr, value)
    el.setAttribute(attr, value)
  }

  update(s: ViewState): void {
    const worldChanged = s.versions.world !== this.lastWorld
    const healthChanged = s.versions.health !== this.lastHealth
    this.lastWorld = s.versions.world
    this.lastHealth = s.versions.health
    if (worldChanged) this.updateWorld(s)
    if (healthChanged) this.updateParticipants(s)
    this.updateGroups(s)
  }

  private updateWorld(s: ViewState): void {
    const { estate } = this.map
    for (const l of estate.links) {
      const el = this.map.links.get(l.id)
      if (el === undefined) continue
      this.set(el, "data-state", linkState(s, l.id))
      this.set(el, "data-active", linkActive(s, l, this.sides) ? "true" : "false")
    }
    for (const n of estate.nodes) {
      const el = this.map.nodes.get(n.id)
      if (el !== undefined) this.set(el, "data-state", nodeState(s, n.id))
    }
    for (const u of estate.units) {
      const el = this.map.units.get(u.id)
      if (el === undefined) continue
      const moved = s.moved.has(u.id)
      // wrong-route: routing keeps the unit's traffic on one side whatever the move said
      const held = s.routingHolds.get(u.id)
      const astray = held !== undefined && held !== moved
      this.set(el, "data-moved", moved ? "true" : "false")
      this.set(el, "data-astray", astray ? "true" : "false")
      // Why it carries nothing, on the map: a short label on the box, the sentence as its tooltip.
      const why = darkReason(s, estate, u)
      this.set(el, "data-dark", why.short === "" ? "false" : "true")
      const side = el.querySelector(".unit-side")
      if (side !== null) this.setText(side, `${astray ? `${moved ? "NEW" : "OLD"} · routed ${held ? "new" : "old"}` : moved ? "NEW" : "OLD"}${why.short === "" ? "" : ` · ${why.short}`}`)
      const title = el.querySelector("title")
      if (title !== null) this.setText(title, why.text === "" ? u.description : `${u.description} — ${why.text}`)
    }
  }

  private updateParticipants(s: ViewState): void {
    for (const p of this.map.estate.participants) {
      const dot = this.map.dots.get(p.id)
      if (dot === undefined) continue
      this.set(dot, "data-health", worstStatus(s, p) ?? "unknown")
      const affected = p.services.some((sv) => serviceAffected(s, p.id, sv))
      this.set(dot, "data-affected", affected ? "true" : "false")
    }
  }

  private readonly texts = new Map<Element, string>()
  private setText(el: Element, text: string): void {
    if (this.texts.get(el) === text) return
    this.texts.set(el, text)
    el.textContent = text
  }

  /** Circuits per group and PoP, and flow counts per group. Recomputed only when the state advanced. */
  private updateGroups(s: ViewState): void {
    const key = `${s.versions.flows}|${s.versions.world}`
    if (key === this.lastFlowsKey) return
    this.lastFlowsKey = key
    const flows = flowsByParticipant(s)
    for (const g of this.map.layout.groups) {
      const total = { multicast: 0, lineA: 0, lineB: 0, sessions: 0, sessionsUp: 0 }
      let worstGroup = "up" as "up" | "impaired" | "down"
      const perPop = new Map<string, { all: number; down: number; impaired: number }>()
      for (const m of g.members) {
        const f = flows.get(m.participant.id)
        if (f !== undefined) {
          total.multicast += f.multicast
          total.lineA += f.lineA
          total.lineB += f.lineB
          total.sessions += f.sessions
          total.sessionsUp += f.sessionsUp
        }
        for (const c of m.participant.circuits) {
          const st = linkState(s, c.id)
          const pop = perPop.get(c.pop) ?? { all: 0, down: 0, impaired: 0 }
          pop.all++
          if (st === "down") pop.down++
          else if (st === "impaired") pop.impaired++
          perPop.set(c.pop, pop)
        }
      }
      for (const [pop, c] of perPop) {
        const el = this.map.circuits.get(`${g.id}|${pop}`)
        const popDown = nodeState(s, pop) === "down"
        const st = popDown || (c.down === c.all && c.all > 0) ? "down" : c.down + c.impaired > 0 ? "impaired" : "up"
        if (st !== "up") worstGroup = st === "down" || worstGroup === "down" ? "down" : "impaired"
        if (el !== undefined) this.set(el, "data-state", st)
      }
      const groupEl = this.map.groups.get(g.id)
      if (groupEl !== undefined) this.set(groupEl, "data-state", worstGroup)
      const bar = (line: "A" | "B" | "S", up: number, all: number) => {
        const b = this.map.flowBars.get(`${g.id}|${line}`)
        if (b === undefined) return
        this.set(b.fg, "width", String(all === 0 ? 0 : Math.round((b.width * up) / all)))
        this.set(b.bg, "data-short", all > 0 && up < all ? "true" : "false")
      }
      bar("A", total.lineA, total.multicast)
      bar("B", total.lineB, total.multicast)
      bar("S", total.sessionsUp, total.sessions)
      const text = this.map.groupFlows.get(g.id)
      if (text !== undefined) {
        const key = `${total.lineA}/${total.lineB}/${total.multicast}/${total.sessionsUp}/${total.sessions}`
        if (this.texts.get(text) !== key) {
          this.texts.set(text, key)
          const x = text.getAttribute("x") ?? "0"
          const part = (cls: string, label: string, up: number, all: number, line: string) =>
            `<tspan class="${cls}${up < all ? " short" : ""}"${line}>${label} ${up}/${all}</tspan>`
          text.innerHTML =
            (total.multicast > 0
              ? part("fl-a", "A", total.lineA, total.multicast, "") + " " + part("fl-b", "B", total.lineB, total.multicast, "")
              : "") + part("fl-s", "S", total.sessionsUp, total.sessions, ` x="${x}" dy="12"`)
        }
      }
    }
  }
}

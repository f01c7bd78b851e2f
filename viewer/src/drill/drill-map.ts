/**
 * The drill's map: the estate drawn from the welcome's layout (map/draw.ts, as in playback), its element
 * states from the server's `map` messages — nodes and links down, units moved — and nothing else: monitoring
 * sees interfaces up or down, never why. Participants with an open ticket are ringed (`data-ticket`).
 */
import type { MapState, Ticket } from "../../../twin/contract/drill-protocol.ts"
import { drawMap, type MapElements } from "../map/draw.ts"
import { MapUpdater } from "../map/update.ts"
import { initialState, type ViewState } from "../state/view-state.ts"
import type { EstateLayout } from "../trace/types.ts"

/** The ViewState the map updater reads, from a `map` message: only what the message says. */
export const mapViewState = (layout: EstateLayout, m: MapState, version: number): ViewState => {
  const s = initialState()
  s.t = m.t
  s.layout = layout
  s.links = new Map(m.down.links.map((id) => [id, { down: true }]))
  s.nodes = new Map(m.down.nodes.map((id) => [id, { down: true }]))
  s.moved = new Set(m.moved)
  s.versions = { health: version, flows: version, world: version }
  return s
}

export class DrillMap {
  readonly layout: EstateLayout
  private readonly map: MapElements
  private readonly updater: MapUpdater
  private version = 0
  private ticketed = new Set<string>()

  constructor(svg: SVGSVGElement, layout: EstateLayout) {
    this.layout = layout
    this.map = drawMap(svg, layout)
    this.updater = new MapUpdater(this.map)
  }

  update(m: MapState): void {
    this.updater.update(mapViewState(this.layout, m, ++this.version))
  }

  /** Rings the dots of participants with an open ticket. */
  tickets(tickets: ReadonlyArray<Ticket>): void {
    const open = new Set(tickets.filter((t) => t.resolved === null).map((t) => t.participant))
    for (const p of this.ticketed) if (!open.has(p)) this.map.dots.get(p)?.removeAttribute("data-ticket")
    for (const p of open) this.map.dots.get(p)?.setAttribute("data-ticket", "open")
    this.ticketed = open
  }
}

/**
 * Builds the map's SVG once per estate (d3 selections, data joins keyed by id). Everything that changes with
 * time is an attribute `update.ts` sets: `data-state`, `data-active`, a participant's `data-health`; the
 * stylesheet turns those into colour, so a frame writes only the attributes that changed.
 */
import * as d3 from "d3"
import type { EstateLayout } from "../trace/types.ts"
import { drawLegend } from "./legend.ts"
import { enableZoom } from "./zoom.ts"
import { computeLayout, HEIGHT, type MapLayout, type Point, WIDTH } from "./layout.ts"

export interface MapElements {
  readonly layout: MapLayout
  readonly estate: EstateLayout
  readonly links: Map<string, SVGPathElement>
  readonly nodes: Map<string, SVGGElement>
  readonly units: Map<string, SVGGElement>
  readonly dots: Map<string, SVGCircleElement>
  readonly groups: Map<string, SVGGElement>
  /** Group → PoP edges (`group|pop`), standing for the group's circuits on that PoP. */
  readonly circuits: Map<string, SVGPathElement>
  readonly groupFlows: Map<string, SVGTextElement>
  /** Per group: bars of line A, line B and sessions up (`group|A`, `group|B`, `group|S`). */
  readonly flowBars: Map<string, { readonly bg: SVGRectElement; readonly fg: SVGRectElement; readonly width: number }>
}

const nodeShape = (kind: string): "router" | "host" | "pop" | "access" => {
  if (kind === "core-router" || kind === "distribution-router") return "router"
  if (kind === "carrier-pop") return "pop"
  if (kind === "firewall" || kind === "access-router") return "access"
  return "host"
}

const shortName = (id: string, kind: string): string => {
  if (kind === "core-router") return `core ${id.endsWith("-a") ? "A" : id.endsWith("-b") ? "B" : ""}`
  if (kind === "distribution-router") return `dist ${id.endsWith("-a") ? "A" : id.endsWith("-b") ? "B" : ""}`
  if (kind === "firewall") return `fw ${id.slice(-1).toUpperCase()}`
  if (kind === "access-router") return `access ${id.slice(-1).toUpperCase()}`
  return id
}

/** A link's path: host links run through their unit's port (bundled), inter-site links arc below. */
const linkPath = (layout: MapLayout, estate: EstateLayout, l: EstateLayout["links"][number], siteOf: Map<string, string>): string => {
  const a = layout.nodes.get(l.from)
  const b = layout.nodes.get(l.to)
  if (a === undefined || b === undefined) return ""
  const unit = layout.unitOfNode.get(l.from)
  if (unit !== undefined) {
    const box = layout.units.find((u) => u.unit === unit)
    if (box !== undefined) {
      const p = box.port
      return `M${a.x},${a.y}L${p.x},${p.y - 4}L${p.x},${p.y}C${p.x},${p.y + 60} ${b.x},${b.y - 70} ${b.x},${b.y}`
    }
  }
  if (siteOf.get(l.from) !== siteOf.get(l.to) && estate.sites.find((s) => s.id === siteOf.get(l.from))?.kind !== "carrier" && estate.sites.find((s) => s.id === siteOf.get(l.to))?.kind !== "carrier") {
    const dip = 120 + (l.plane === "B" ? 26 : 0)
    return `M${a.x},${a.y}C${a.x},${a.y + dip} ${b.x},${b.y + dip} ${b.x},${b.y}`
  }
  if (Math.abs(a.y - b.y) < 1) {
    // routers side by side: a gentle arc so parallel links stay apart
    const mid: Point = { x: (a.x + b.x) / 2, y: a.y - 16 }
    return `M${a.x},${a.y}Q${mid.x},${mid.y} ${b.x},${b.y}`
  }
  return `M${a.x},${a.y}L${b.x},${b.y}`
}

export const drawMap = (svgElement: SVGSVGElement, estate: EstateLayout): MapElements => {
  const layout = computeLayout(estate)
  const svg = d3.select(svgElement).attr("viewBox", `0 0 ${WIDTH} ${HEIGHT}`).attr("preserveAspectRatio", "xMidYMid meet")
  svg.selectAll("*").remove()
  const siteOf = new Map(estate.nodes.map((n) => [n.id, n.site]))
  // Everything but the legend sits in one layer that zoom and pan move (zoom.ts); the legend stays put.
  const world = svg.append("g").attr("class", "zoom-layer")

  const bands = world.append("g").attr("class", "bands")
  for (const s of layout.sites) {
    const g = bands.append("g").attr("class", "site").attr("data-site", s.id)
    g.append("rect").attr("class", "site-box").attr("x", s.x).attr("y", s.y).attr("width", s.w).attr("height", s.h).attr("rx", 10)
    g.append("text").attr("class", "site-title").attr("x", s.x + 12).attr("y", s.y + 24).text(`${s.id.toUpperCase()} · ${s.name}`)
    g.append("rect").attr("class", "band band-old").attr("x", s.old.x).attr("y", s.backboneY).attr("width", s.old.w).attr("height", s.backboneH).attr("rx", 8)
    g.append("rect").attr("class", "band band-new").attr("x", s.new.x).attr("y", s.backboneY).attr("width", s.new.w).attr("height", s.backboneH).attr("rx", 8)
    g.append("text").attr("class", "band-label band-label-old").attr("x", s.old.x + 10).attr("y", s.backboneY + 18).text("OLD BACKBONE")
    g.append("text").attr("class", "band-label band-label-new").attr("x", s.new.x + 10).attr("y", s.backboneY + 18).text("NEW BACKBONE")
    g.append("text").attr("class", "band-label").attr("x", s.x + 12).attr("y", s.y + 420).text("ACCESS")
  }
  for (const c of layout.carriers) {
    bands.append("rect").attr("class", "carrier-box").attr("x", c.x).attr("y", c.y).attr("width", c.w).attr("height", c.h).attr("rx", 10)
    bands.append("text").attr("class", "carrier-title").attr("x", c.x + 10).attr("y", c.y + 15).text(c.name)
  }
  const unitLayer = world.append("g").attr("class", "units")
  const units = new Map<string, SVGGElement>()
  for (const u of layout.units) {
    const g = unitLayer.append("g").attr("class", "unit").attr("data-unit-box", u.unit)
    g.append("title").text(estate.units.find((x) => x.id === u.unit)?.description ?? u.unit)
    g.append("rect").attr("class", "unit-box").attr("x", u.x).attr("y", u.y).attr("width", u.w).attr("height", u.h).attr("rx", 7)
    g.append("text").attr("class", "unit-label").attr("x", u.x + u.w / 2).attr("y", u.y + 15).text(u.label)
    g.append("text").attr("class", "unit-side").attr("x", u.x + u.w / 2).attr("y", u.y + u.h - 8).text("OLD")
    units.set(u.unit, g.node()!)
  }

  // Links: dark (inactive) ones underneath, so live traffic is what the eye follows.
  const linkLayer = world.append("g").attr("class", "links")
  const links = new Map<string, SVGPathElement>()
  linkLayer
    .selectAll<SVGPathElement, EstateLayout["links"][number]>("path")
    .data(estate.links, (l) => l.id)
    .join("path")
    .attr("class", (l) => `link gen-${l.generation}`)
    .attr("data-link", (l) => l.id)
    .attr("data-state", "up")
    .attr("d", (l) => linkPath(layout, estate, l, siteOf))
    .each(function (l) {
      links.set(l.id, this)
    })
    .append("title")
    .text((l) => `${l.id}${l.unit === null ? "" : ` (unit ${l.unit})`}`)

  // Group → PoP edges, one per PoP of the group.
  const circuitLayer = world.append("g").attr("class", "circuits")
  const circuits = new Map<string, SVGPathElement>()
  for (const g of layout.groups) {
    g.pops.forEach((pop, i) => {
      const p = layout.nodes.get(pop)
      if (p === undefined) return
      const from = { x: g.x + g.w / 2 + (i - (g.pops.length - 1) / 2) * 10, y: g.y + 2 }
      const el = circuitLayer
        .append("path")
        .attr("class", "circuit")
        .attr("data-circuits", `${g.id}|${pop}`)
        .attr("data-state", "up")
        .attr("d", `M${from.x},${from.y}C${from.x},${from.y - 40} ${p.x},${p.y + 40} ${p.x},${p.y}`)
      circuits.set(`${g.id}|${pop}`, el.node()!)
    })
  }

  const nodeLayer = world.append("g").attr("class", "nodes")
  const nodes = new Map<string, SVGGElement>()
  for (const n of estate.nodes) {
    const p = layout.nodes.get(n.id)
    if (p === undefined) continue
    const shape = nodeShape(n.kind)
    const g = nodeLayer
      .append("g")
      .attr("class", `node shape-${shape}${n.generation === null ? "" : ` gen-${n.generation}`}`)
      .attr("data-node", n.id)
      .attr("data-state", "up")
      .attr("transform", `translate(${p.x},${p.y})`)
    g.append("title").text(`${n.id} (${n.kind}${n.plane === null ? "" : `, plane ${n.plane}`}${n.name === null ? "" : `, ${n.name}`})`)
    if (shape === "router") g.append("rect").attr("x", -13).attr("y", -9).attr("width", 26).attr("height", 18).attr("rx", 4)
    else if (shape === "access") g.append("rect").attr("x", -11).attr("y", -8).attr("width", 22).attr("height", 16).attr("rx", 3)
    else if (shape === "pop") g.append("circle").attr("r", 9)
    else g.append("circle").attr("r", 4.8)
    g.append("path").attr("class", "cross").attr("d", "M-5,-5L5,5M5,-5L-5,5")
    if (shape !== "host") {
      g.append("text")
        .attr("class", "node-label")
        .attr("y", shape === "pop" ? 22 : 22)
        .text(shape === "pop" ? n.id : shortName(n.id, n.kind))
    }
    nodes.set(n.id, g.node()!)
  }

  const groupLayer = world.append("g").attr("class", "groups")
  const groups = new Map<string, SVGGElement>()
  const dots = new Map<string, SVGCircleElement>()
  const groupFlows = new Map<string, SVGTextElement>()
  const flowBars: MapElements["flowBars"] = new Map()
  for (const g of layout.groups) {
    const gg = groupLayer.append("g").attr("class", "group").attr("data-group", g.id)
    gg.append("rect").attr("class", "group-box").attr("x", g.x - 4).attr("y", g.y + 6).attr("width", g.w + 8).attr("height", g.h - 6).attr("rx", 6)
    // `ca-pop-1+cb-pop-2` → `ca1·cb2 58`
    const short = g.pops.map((p) => p.replace("-pop-", "")).join("·")
    gg.append("text").attr("class", "group-label").attr("x", g.x + g.w / 2).attr("y", g.y + 18).text(`${short} ${g.members.length}`)
    gg.append("title").text(`${g.label}: ${g.members.length} participants (click for the list)`)
    for (const m of g.members) {
      const c = gg
        .append("circle")
        .attr("class", "dot")
        .attr("data-p", m.participant.id)
        .attr("data-health", "unknown")
        .attr("cx", m.x)
        .attr("cy", m.y)
        .attr("r", 3.4)
      dots.set(m.participant.id, c.node()!)
    }
    ;(["A", "B", "S"] as const).forEach((line, i) => {
      const y = g.y + g.h - 50 + i * 6
      const width = g.w - 8
      const bg = gg.append("rect").attr("class", "bar-bg").attr("x", g.x + 4).attr("y", y).attr("width", width).attr("height", 4).attr("rx", 1)
      const fg = gg.append("rect").attr("class", `bar-fg bar-${line}`).attr("x", g.x + 4).attr("y", y).attr("width", width).attr("height", 4).attr("rx", 1)
      flowBars.set(`${g.id}|${line}`, { bg: bg.node()!, fg: fg.node()!, width })
    })
    const flows = gg.append("text").attr("class", "group-flows").attr("x", g.x + g.w / 2).attr("y", g.y + g.h - 16)
    groupFlows.set(g.id, flows.node()!)
    groups.set(g.id, gg.node()!)
  }
  drawLegend(svg)
  enableZoom(svgElement, world.node()!)
  return { layout, estate, links, nodes, units, dots, groups, circuits, groupFlows, flowBars }
}

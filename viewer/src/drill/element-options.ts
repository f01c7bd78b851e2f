/**
 * The estate's elements a drill form can name (a fault's target, a trainee's diagnosis), from the map's own
 * layout (`estate.layout`): nodes, links, sites, cutover units and participants, each with the words a
 * search matches. Read from the trace the page holds, never from a fault: the list is the whole estate.
 */
import type { EstateLayout } from "../trace/types.ts"

/** `carrier`: a site of kind `carrier` (a carrier-circuit-loss names one). */
export type ElementKind = "node" | "link" | "site" | "carrier" | "unit" | "participant"

export interface ElementOption {
  readonly kind: ElementKind
  readonly id: string
  /** What the list shows: the id and a few words of what it is. */
  readonly label: string
}

const nodeLabel = (n: EstateLayout["nodes"][number]): string =>
  `${n.id} — ${n.kind}${n.plane === null ? "" : `, plane ${n.plane}`}${n.name === null ? "" : `, ${n.name}`}`

/** Every element of the given kinds, in the layout's order (kinds in the order asked). */
export const elementOptions = (layout: EstateLayout, kinds: ReadonlyArray<ElementKind>): Array<ElementOption> => {
  const out: Array<ElementOption> = []
  for (const kind of kinds) {
    switch (kind) {
      case "node":
        for (const n of layout.nodes) out.push({ kind, id: n.id, label: nodeLabel(n) })
        break
      case "link":
        for (const l of layout.links) out.push({ kind, id: l.id, label: `${l.id} — ${l.generation} link ${l.from} ↔ ${l.to}` })
        break
      case "site":
        for (const s of layout.sites) out.push({ kind, id: s.id, label: `${s.id} — ${s.kind} site, ${s.name}` })
        break
      case "carrier":
        for (const s of layout.sites) if (s.kind === "carrier") out.push({ kind, id: s.id, label: `${s.id} — carrier, ${s.name}` })
        break
      case "unit":
        for (const u of layout.units) out.push({ kind, id: u.id, label: `${u.id} — cutover unit, ${u.description}` })
        break
      case "participant":
        for (const p of layout.participants) out.push({ kind, id: p.id, label: `${p.id} — ${p.name}` })
        break
    }
  }
  return out
}

/** Options whose id or label holds every word of the query (case-insensitive); all for an empty query. */
export const filterOptions = (options: ReadonlyArray<ElementOption>, query: string): Array<ElementOption> => {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== "")
  if (words.length === 0) return [...options]
  return options.filter((o) => {
    const text = o.label.toLowerCase()
    return words.every((w) => text.includes(w))
  })
}

/**
 * The element a click on the map names, among the kinds allowed: a participant's dot, a node, a link, a
 * unit's box, or a site (a click on a node names its site when only sites are asked for).
 */
export const elementAt = (target: Element, layout: EstateLayout, kinds: ReadonlyArray<ElementKind>): { kind: ElementKind; id: string } | undefined => {
  const attr = (selector: string, name: string): string | undefined => target.closest(selector)?.getAttribute(name) ?? undefined
  const p = attr("[data-p]", "data-p")
  if (p !== undefined && kinds.includes("participant")) return { kind: "participant", id: p }
  const node = attr("[data-node]", "data-node")
  if (node !== undefined && kinds.includes("node")) return { kind: "node", id: node }
  const link = attr("[data-link]", "data-link")
  if (link !== undefined && kinds.includes("link")) return { kind: "link", id: link }
  const unit = attr("[data-unit-box]", "data-unit-box")
  if (unit !== undefined && kinds.includes("unit")) return { kind: "unit", id: unit }
  // A site (or a carrier) is named by a click on its box or on one of its nodes.
  const site = attr("[data-site]", "data-site") ?? layout.nodes.find((n) => n.id === node)?.site
  if (site !== undefined && kinds.includes("site")) return { kind: "site", id: site }
  if (site !== undefined && kinds.includes("carrier") && layout.sites.some((s) => s.id === site && s.kind === "carrier")) return { kind: "carrier", id: site }
  return undefined
}

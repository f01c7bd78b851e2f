/**
 * Where everything goes on the map — a pure function of the estate layout, so the picture is the same on
 * every load. Data centres side by side; in each, the systems on top (one box per cutover unit), the old and
 * the new backbone side by side under them, access (firewalls, access routers) below; carriers and the
 * participant groups along the bottom. Positions are in the SVG's user units (viewBox `0 0 WIDTH HEIGHT`).
 */
import type { EstateLayout, LayoutParticipant } from "../trace/types.ts"

export const WIDTH = 1600
export const HEIGHT = 900

export interface Point {
  readonly x: number
  readonly y: number
}

export interface UnitBox {
  readonly unit: string
  readonly label: string
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
  /** Where the unit's links leave the box (bundled from here to the routers). */
  readonly port: Point
}

export interface SiteBox {
  readonly id: string
  readonly name: string
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
  /** Old and new backbone halves. */
  readonly old: { readonly x: number; readonly w: number }
  readonly new: { readonly x: number; readonly w: number }
  readonly backboneY: number
  readonly backboneH: number
}

export interface GroupBox {
  readonly id: string
  readonly label: string
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
  readonly members: ReadonlyArray<{ readonly participant: LayoutParticipant; readonly x: number; readonly y: number }>
  readonly pops: ReadonlyArray<string>
}

export interface MapLayout {
  readonly sites: ReadonlyArray<SiteBox>
  readonly carriers: ReadonlyArray<{ readonly id: string; readonly name: string; readonly x: number; readonly y: number; readonly w: number; readonly h: number }>
  readonly units: ReadonlyArray<UnitBox>
  readonly nodes: ReadonlyMap<string, Point>
  /** Host node → the unit box it sits in. */
  readonly unitOfNode: ReadonlyMap<string, string>
  readonly groups: ReadonlyArray<GroupBox>
}

const routerKinds = new Set(["core-router", "distribution-router"])
const accessKinds = new Set(["access-router", "firewall"])

const unitLabels: Record<string, string> = {
  "otp-c": "OTP-C",
  ocg: "OCG-C",
  lookup: "Lookup",
  cccg: "CCCG",
  "omdc-line-a": "OMD-C A",
  "omdcc-line-a": "OMD-CC A",
  "omdc-line-b": "OMD-C B",
  "omdcc-line-b": "OMD-CC B",
  rts: "RTS",
  ecp: "ECP"
}

/** `ocg-dc1` → `OCG-C`: the unit's system, without its site. */
export const unitLabel = (unit: string, site: string): string => {
  const bare = unit.replace(`-${site}`, "")
  return unitLabels[bare] ?? bare
}

export const computeLayout = (estate: EstateLayout): MapLayout => {
  const nodes = new Map<string, Point>()
  const unitOfNode = new Map<string, string>()
  const nodeById = new Map(estate.nodes.map((n) => [n.id, n]))
  // A host belongs to the unit that switches its links.
  for (const l of estate.links) {
    if (l.unit === null) continue
    const from = nodeById.get(l.from)
    if (from !== undefined && !routerKinds.has(from.kind) && !accessKinds.has(from.kind)) unitOfNode.set(from.id, l.unit)
  }

  const dcs = estate.sites.filter((s) => s.kind === "primary-dc" || s.kind === "secondary-dc")
  const margin = 16
  const gap = 24
  const siteW = (WIDTH - 2 * margin - gap * (dcs.length - 1)) / Math.max(1, dcs.length)
  const siteTop = 8
  const siteH = 560
  const sites: Array<SiteBox> = []
  const units: Array<UnitBox> = []

  dcs.forEach((site, si) => {
    const x = margin + si * (siteW + gap)
    const halfW = (siteW - 30) / 2
    const box: SiteBox = {
      id: site.id,
      name: site.name,
      x,
      y: siteTop,
      w: siteW,
      h: siteH,
      old: { x: x + 10, w: halfW },
      new: { x: x + 20 + halfW, w: halfW },
      backboneY: siteTop + 218,
      backboneH: 150
    }
    sites.push(box)

    // Systems: one box per unit, in the estate's unit order; hosts without a unit in a last box.
    const hosts = estate.nodes.filter((n) => n.site === site.id && !routerKinds.has(n.kind) && !accessKinds.has(n.kind))
    const unitIds: Array<string> = []
    for (const u of estate.units) if (hosts.some((h) => unitOfNode.get(h.id) === u.id)) unitIds.push(u.id)
    const loose = hosts.filter((h) => !unitOfNode.has(h.id))
    const boxes = [...unitIds.map((u) => ({ unit: u, members: hosts.filter((h) => unitOfNode.get(h.id) === u) })), ...(loose.length > 0 ? [{ unit: `${site.id}-other`, members: loose }] : [])]
    const boxGap = 6
    const bw = (siteW - 20 - boxGap * (boxes.length - 1)) / Math.max(1, boxes.length)
    const by = siteTop + 40
    const bh = 104
    boxes.forEach((b, bi) => {
      const bx = x + 10 + bi * (bw + boxGap)
      const n = b.members.length
      const cols = Math.max(1, Math.min(n, Math.floor((bw - 6) / 13)))
      const rows = Math.ceil(n / cols)
      b.members.forEach((h, hi) => {
        const c = hi % cols
        const r = Math.floor(hi / cols)
        nodes.set(h.id, { x: bx + bw / 2 + (c - (Math.min(n, cols) - 1) / 2) * 13, y: by + 50 + (r - (rows - 1) / 2) * 14 })
      })
      units.push({ unit: b.unit, label: unitLabel(b.unit, site.id), x: bx, y: by, w: bw, h: bh, port: { x: bx + bw / 2, y: by + bh } })
    })

    // Backbone routers: plane A left, plane B right, in the half of their generation; core below dist.
    const routers = estate.nodes.filter((n) => n.site === site.id && routerKinds.has(n.kind))
    const slot = new Map<string, number>()
    for (const r of routers) {
      const half = r.generation === "new" ? box.new : box.old
      const key = `${r.generation}|${r.kind}|${r.plane}`
      const k = slot.get(key) ?? 0
      slot.set(key, k + 1)
      const fx = r.plane === "B" ? 0.72 : r.plane === "A" ? 0.28 : 0.5
      const y = r.kind === "core-router" ? box.backboneY + 110 : box.backboneY + 45
      nodes.set(r.id, { x: half.x + half.w * fx + k * 26, y })
    }
    const access = estate.nodes.filter((n) => n.site === site.id && accessKinds.has(n.kind))
    for (const a of access) {
      const key = `${a.kind}|${a.plane}`
      const k = slot.get(key) ?? 0
      slot.set(key, k + 1)
      const fx = a.plane === "B" ? 0.62 : a.plane === "A" ? 0.38 : 0.5
      nodes.set(a.id, { x: x + siteW * fx + k * 26, y: a.kind === "firewall" ? siteTop + 432 : siteTop + 500 })
    }
  })

  // Carriers: PoPs along a band under the data centres.
  const carrierSites = estate.sites.filter((s) => s.kind === "carrier")
  const carrierY = siteTop + siteH + 22
  const carriers: Array<MapLayout["carriers"][number]> = []
  const cw = 300
  carrierSites.forEach((c, ci) => {
    const cx = (WIDTH / (carrierSites.length + 1)) * (ci + 1) - cw / 2
    carriers.push({ id: c.id, name: c.name, x: cx, y: carrierY, w: cw, h: 58 })
    const pops = estate.nodes.filter((n) => n.site === c.id)
    pops.forEach((p, pi) => nodes.set(p.id, { x: cx + (cw / (pops.length + 1)) * (pi + 1), y: carrierY + 36 }))
  })

  // Participant groups: ordered under their PoPs, dots in a grid.
  const byGroup = new Map<string, Array<LayoutParticipant>>()
  for (const p of estate.participants) {
    const g = byGroup.get(p.group)
    if (g === undefined) byGroup.set(p.group, [p])
    else g.push(p)
  }
  const meanX = (g: string): number => {
    const xs = g.split("+").map((p) => nodes.get(p)?.x ?? WIDTH / 2)
    return xs.reduce((a, b) => a + b, 0) / xs.length
  }
  const ordered = [...byGroup.keys()].sort((a, b) => meanX(a) - meanX(b) || (a < b ? -1 : 1))
  const spacing = 9
  const groupTop = carrierY + 96
  const groupH = HEIGHT - groupTop - 8
  const rowsMax = Math.max(1, Math.floor((groupH - 80) / spacing)) // room below for the flow bars and counts
  const widths = ordered.map((g) => Math.max(60, Math.ceil(byGroup.get(g)!.length / rowsMax) * spacing + 14))
  const totalW = widths.reduce((a, b) => a + b, 0)
  const groupGap = Math.max(8, (WIDTH - 2 * margin - totalW) / Math.max(1, ordered.length - 1))
  const groups: Array<GroupBox> = []
  let gx = margin
  ordered.forEach((g, gi) => {
    const members = byGroup.get(g)!
    const w = widths[gi]!
    const cols = Math.ceil(members.length / rowsMax)
    const gridW = cols * spacing
    groups.push({
      id: g,
      label: g.split("+").join(" + "),
      x: gx,
      y: groupTop,
      w,
      h: groupH,
      pops: g.split("+"),
      members: members.map((p, i) => ({
        participant: p,
        x: gx + (w - gridW) / 2 + (i % cols) * spacing + spacing / 2,
        y: groupTop + 22 + Math.floor(i / cols) * spacing + spacing / 2
      }))
    })
    gx += w + groupGap
  })
  return { sites, carriers, units, nodes, unitOfNode, groups }
}

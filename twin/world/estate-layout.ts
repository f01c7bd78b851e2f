/**
 * What the viewer needs to draw the estate, written once into the trace as `estate.layout` right after
 * `trace.start` (docs/trace.md). The viewer reads only traces, so the picture of the estate travels with them.
 *
 * Compact on purpose (one line of the trace): HKEX-side nodes and links as in the estate file, the cutover
 * units, and participants by their circuits, PoPs and services. Participants are put in groups by the set of
 * carrier PoPs they reach — participants of one group share every path inside HKEX, so the map can draw a
 * group as one thing and drill down to its members.
 */
import type { EstateModel } from "../../topology/model.ts"
import type { Service } from "../../topology/schema.ts"
import type { EstateLayout } from "../contract/estate-layout.ts"

/** Services a participant subscribes to, in the order of `services` (topology/schema.ts). */
const participantServices = (p: EstateModel["file"]["participants"][number]): Array<Service> => {
  const out: Array<Service> = []
  if (p.ocgSessions.length > 0) out.push("otp-c")
  if (p.cscSessions.length > 0) out.push("otp-csc")
  if (p.omdC.length > 0) out.push("omd-c")
  if (p.omdCC) out.push("omd-cc")
  if (p.ecp) out.push("ecp-sftp")
  return out
}

/** A participant group's id: its PoPs, sorted, joined by `+` (`ca-pop-1+cb-pop-2`). */
export const participantGroupId = (pops: ReadonlyArray<string>): string => [...new Set(pops)].sort().join("+")

/** The `data` of the `estate.layout` event; keys in a fixed order so the trace stays byte-stable. */
export const estateLayout = (model: EstateModel): EstateLayout => {
  const f = model.file
  return {
    sites: f.sites.map((s) => ({ id: s.id, kind: s.kind, name: s.name })),
    nodes: f.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      site: n.site,
      plane: n.plane ?? null,
      generation: n.generation ?? null,
      name: n.name ?? null
    })),
    links: f.links.map((l) => ({
      id: l.id,
      from: l.from,
      to: l.to,
      generation: l.generation,
      plane: l.plane ?? null,
      unit: model.linkById.get(l.id)?.unit?.id ?? null
    })),
    units: f.cutoverUnits.map((u) => ({ id: u.id, description: u.description, old: [...u.old], new: [...u.new] })),
    participants: f.participants.map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      group: participantGroupId(p.circuits.map((c) => c.pop)),
      circuits: p.circuits.map((c) => ({ id: c.id, carrier: c.carrier, pop: c.pop })),
      services: participantServices(p)
    }))
  }
}

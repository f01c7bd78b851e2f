/**
 * The pick lists both drill pages choose from (docs/drills.md "Protocol"): fault kinds with their
 * parameters, every HKEX node by kind, links, sites, carriers, units, participants, services, and the
 * action vocabulary with its choices. Whole lists of the estate: they say nothing of what is wrong.
 */
import { catalogues } from "../../../scenarios/catalogues.ts"
import { ACTION_KINDS } from "../../../scenarios/drill/actions.ts"
import type { EstateModel } from "../../../topology/model.ts"
import type { ActionInfo, FaultKindPick, PickLists } from "../../contract/drill-protocol.ts"
import { SERVICES } from "../../contract/services.ts"

/** What a parameter names, read from its name (the catalogue's parameters are named for what they hold). */
const paramKind = (name: string): string => {
  if (["link", "node", "site", "carrier", "unit", "port", "direction"].includes(name)) return name
  if (name === "participants") return "participant-list"
  if (name === "faults") return "fault-list"
  if (["for", "period", "added", "jitter", "skew", "drAfter"].includes(name)) return "duration"
  if (["percent", "duty", "mtu", "mbps"].includes(name)) return "number"
  if (name === "dr") return "boolean"
  return "text"
}

interface SchemaFields {
  readonly fields?: Readonly<Record<string, { readonly ast?: { readonly context?: { readonly isOptional?: boolean } } }>>
}

export const faultKindPicks = (): ReadonlyArray<FaultKindPick> =>
  [...catalogues.faults.values()].map((k) => {
    const fields = (k.params as SchemaFields).fields ?? {}
    return {
      kind: k.kind,
      summary: k.description,
      params: Object.entries(fields).map(([name, f]) => ({ name, kind: paramKind(name), optional: f.ast?.context?.isOptional === true }))
    }
  })

export const pickLists = (model: EstateModel): PickLists => {
  const byKind = new Map<string, Array<string>>()
  for (const n of model.nodes) {
    if (n.participant !== undefined) continue
    byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), n.id])
  }
  return {
    faultKinds: faultKindPicks(),
    nodes: [...byKind].sort(([a], [b]) => a.localeCompare(b)).map(([kind, ids]) => ({ kind, ids: ids.sort() })),
    links: model.links.filter((l) => l.generation !== "premises").map((l) => l.id).sort(),
    sites: model.file.sites.filter((s) => s.kind !== "participant").map((s) => s.id).sort(),
    carriers: model.file.sites.filter((s) => s.kind === "carrier").map((s) => s.id).sort(),
    units: model.file.cutoverUnits.map((u) => u.id).sort(),
    participants: model.file.participants.map((p) => p.id).sort(),
    services: [...SERVICES]
  }
}

export const actionInfo = (model: EstateModel): ReadonlyArray<ActionInfo> =>
  ACTION_KINDS.map((a) => ({ action: a.action, label: a.label, target: a.target, choices: a.choices(model), delay: a.delay }))

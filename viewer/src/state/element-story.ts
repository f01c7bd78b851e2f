/**
 * A node's, link's or unit's story in the trace (issue 15 item 7, the viewer's detail panel): its changes
 * (down, up, impaired, moved, routing caught up), the participants attached to it (a PoP's circuits, a
 * circuit's participant), and who depended on it as the trace shows: each participant whose status got
 * worse with a cause chain (twin/contract/cause-chain.ts) that names it — the chain's trigger is one of its
 * changes (a step moving the unit, a fault starting on the element), or an enabler (a fault on when the
 * trigger came) acts on it.
 */
import type { CauseIndex } from "../../../twin/contract/cause-chain.ts"
import { type EstateLayout, healthRank, isHealthStatus, type TraceEvent } from "../trace/types.ts"

export type ElementKind = "node" | "link" | "unit"

export interface ElementStory {
  readonly changes: ReadonlyArray<{ readonly t: number; readonly text: string }>
  /** Participants with a circuit on it (a PoP) or that it is (a circuit), in layout order. */
  readonly attached: ReadonlyArray<string>
  /** First worsening per participant whose cause chain names the element, in time order. */
  readonly hurt: ReadonlyArray<{ readonly participant: string; readonly service: string; readonly t: number; readonly chain: string }>
}

const changeText = (data: TraceEvent["data"]): string => {
  if (data.what === "unit") return data.moved === true ? "moved to the new backbone" : "moved back to the old backbone"
  if (data.what === "routing-hold") return data.held === true ? `routing held on the ${data.moved === true ? "new" : "old"} side` : "routing hold released"
  // A link's cleared field is null (docs/trace.md): `down: null` is up again.
  if ((data.what === "node" || data.what === "link") && "down" in data) return data.down === true ? "down" : "up"
  const fields = Object.entries(data).filter(([k]) => k !== "what").map(([k, v]) => `${k} ${JSON.stringify(v)}`)
  return `${String(data.what)}: ${fields.join(", ")}`
}

export const elementStory = (
  events: ReadonlyArray<TraceEvent>,
  causes: CauseIndex,
  layout: EstateLayout,
  kind: ElementKind,
  id: string
): ElementStory => {
  const changes: Array<{ t: number; text: string }> = []
  const changedAt = new Set<number>()
  for (const e of events) {
    if (e.subject !== id) continue
    if (e.kind === "world.change") {
      changes.push({ t: e.t, text: changeText(e.data) })
      changedAt.add(e.t)
    } else if (e.kind === "world.converged" && kind === "unit") changes.push({ t: e.t, text: "routing caught up" })
  }
  const attached = kind === "node"
    ? layout.participants.filter((p) => p.circuits.some((c) => c.pop === id)).map((p) => p.id)
    : kind === "link"
    ? layout.participants.filter((p) => p.circuits.some((c) => c.id === id)).map((p) => p.id)
    : []
  const hurt: Array<{ participant: string; service: string; t: number; chain: string }> = []
  const seen = new Set<string>()
  for (const e of events) {
    if (e.kind !== "health" || seen.has(e.subject)) continue
    const { status, previous } = e.data
    if (!isHealthStatus(status) || !isHealthStatus(previous) || healthRank[status] <= healthRank[previous]) continue
    const chain = causes.chainAt(e.t)
    if (chain === undefined) continue
    if (!changedAt.has(chain.trigger.at) && !chain.enablers.some((en) => en.targets.includes(id))) continue
    seen.add(e.subject)
    hurt.push({ participant: e.subject, service: String(e.data.service), t: e.t, chain: chain.sentence })
  }
  return { changes, attached, hurt }
}

/**
 * Why a cutover unit carries nothing (issue 15 item 8): the map says it on the unit's box, so a dark line
 * is explained where it is seen.
 * - **routing converging**: the unit was moved (or moved back) and routing has not caught up yet (between
 *   its `world.change` and `world.converged`, the estate's convergence delay), or routing holds its traffic
 *   on the other side (`routing-hold`, the wrong-route fault).
 * - **moved while its path is down**: from the side that carries there is no way to any carrier PoP (where
 *   participants' circuits land) over live links and working nodes of the unit's plane (a multicast line
 *   keeps to its plane; links and nodes of no plane serve both) — what the broken-plan drill does to both
 *   OMD-C lines at 06:30, with the new plane-A core router down. Named: the elements down on the edge of
 *   what can still be reached, at most three.
 * Neither: "" (the unit carries).
 */
import type { EstateLayout } from "../trace/types.ts"
import { linkActive, linkState, nodeState, unitSides } from "./derive.ts"
import type { ViewState } from "./view-state.ts"

export interface DarkReason {
  /** A few words for the map's label (the first reason): `path down`, `routing converging`; "" when it carries. */
  readonly short: string
  /** Every reason, as sentences joined by `; `, for the tooltip. */
  readonly text: string
}

export const darkReason = (s: ViewState, layout: EstateLayout, unit: EstateLayout["units"][number]): DarkReason => {
  const moved = s.moved.has(unit.id)
  const held = s.routingHolds.get(unit.id)
  const reasons: Array<[string, string]> = []
  const where = moved ? "moved to the new backbone" : "on the old backbone"
  if (held !== undefined && held !== moved) {
    reasons.push(["routing converging", `routing held: ${unit.id} ${moved ? "moved to the new backbone" : "moved back to the old backbone"}, its traffic still routed over the ${held ? "new" : "old"} side`])
  } else if (s.converging.has(unit.id)) {
    reasons.push(["routing converging", `routing converging: ${unit.id} ${moved ? "moved to the new backbone" : "moved back to the old backbone"}, routes not yet caught up`])
  }
  const carrying = (held ?? moved) ? unit.new : unit.old
  const down = pathDown(s, layout, carrying)
  if (down.length > 0) reasons.push(["path down", `${unit.id} ${where} while its path is down: ${down.join(", ")} down`])
  return { short: reasons[0]?.[0] ?? "", text: reasons.map((r) => r[1]).join("; ") }
}

const MAX_NAMED = 3

/**
 * The elements down that cut the carrying links off from every carrier PoP, or [] when a way remains:
 * a breadth-first walk from the carrying links' ends over what carries now.
 */
const pathDown = (s: ViewState, layout: EstateLayout, carrying: ReadonlyArray<string>): Array<string> => {
  const linkById = new Map(layout.links.map((l) => [l.id, l]))
  const kindOf = new Map(layout.nodes.map((n) => [n.id, n]))
  const links = carrying.map((id) => linkById.get(id)).filter((l) => l !== undefined)
  if (links.length === 0) return []
  const plane = links.find((l) => l.plane !== null)?.plane ?? null
  const onPlane = (p: "A" | "B" | null) => plane === null || p === null || p === plane
  const sides = unitSides(layout)
  const edges = new Map<string, Array<EstateLayout["links"][number]>>()
  for (const l of layout.links) {
    if (!onPlane(l.plane) || !linkActive(s, l, sides)) continue
    for (const n of [l.from, l.to]) edges.set(n, [...(edges.get(n) ?? []), l])
  }
  const cut: Array<string> = []
  const note = (id: string) => void (cut.includes(id) ? undefined : cut.push(id))
  const works = (n: string) => nodeState(s, n) !== "down" && onPlane(kindOf.get(n)?.plane ?? null)
  const seen = new Set<string>()
  const queue: Array<string> = []
  for (const l of links) {
    if (linkState(s, l.id) === "down") note(l.id)
    else for (const n of [l.from, l.to]) if (works(n)) queue.push(n)
      else if (nodeState(s, n) === "down") note(n)
  }
  while (queue.length > 0) {
    const n = queue.shift()!
    if (seen.has(n)) continue
    seen.add(n)
    if (kindOf.get(n)?.kind === "carrier-pop") return []
    for (const l of edges.get(n) ?? []) {
      const other = l.from === n ? l.to : l.from
      if (linkState(s, l.id) === "down") note(l.id)
      else if (nodeState(s, other) === "down") note(other)
      else if (works(other) && !seen.has(other)) queue.push(other)
    }
  }
  return cut.length <= MAX_NAMED ? cut : [...cut.slice(0, MAX_NAMED), `${cut.length - MAX_NAMED} more`]
}

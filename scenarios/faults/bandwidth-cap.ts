/**
 * `bandwidth-cap`: a link carries at most `mbps` (a mis-set policer, a LAG down to one member, a carrier
 * shaping a circuit). Every sender crossing the link shares the cap through one queue
 * (twin/world/sim-network.ts), so concurrent bulk transfers slow each other down; the queue has no buffer
 * limit [U], so congestion delays, it does not drop.
 */
import { Schema } from "effect"
import { issue } from "../../topology/input-issue.ts"
import { changeDuring } from "./during.ts"
import { WorldChange } from "../../twin/world/world-change.ts"
import { checkLink, ElementId } from "./estate-refs.ts"
import type { FaultKind } from "./fault.ts"

export const BandwidthCapParams = Schema.Struct({
  link: ElementId,
  mbps: Schema.Finite.check(Schema.isGreaterThan(0, { expected: "a bandwidth above 0 Mbps" }))
})
export type BandwidthCapParams = typeof BandwidthCapParams.Type

export const bandwidthCap: FaultKind<BandwidthCapParams> = {
  kind: "bandwidth-cap",
  description: "Caps a link at `mbps`, shared by all traffic crossing it (one queue: congestion delays, never drops).",
  params: BandwidthCapParams,
  validate: (p, model) => {
    const found = checkLink(model, "link", p.link)
    if (found.length > 0) return found
    const capacity = model.linkById.get(p.link)!.capacityMbps
    return p.mbps < capacity ? [] : [issue("mbps", `a cap below the link's capacity (${capacity} Mbps)`, String(p.mbps))]
  },
  targets: (p) => [p.link],
  schedule: (p, ctx, window) => changeDuring(ctx, window, WorldChange.linkCap(p.link, p.mbps))
}

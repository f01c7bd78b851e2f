/**
 * `mtu-cut`: a link's MTU is lowered (a new segment configured at a smaller MTU, a tunnel added): packets
 * bigger than it are dropped without notice (the path-MTU black hole) — small control messages pass, bulk
 * transfers stall.
 */
import { Schema } from "effect"
import { issue } from "../../topology/input-issue.ts"
import { changeDuring } from "./during.ts"
import { WorldChange } from "../../twin/world/world-change.ts"
import { checkLink, ElementId } from "./estate-refs.ts"
import type { FaultKind } from "./fault.ts"

export const MtuCutParams = Schema.Struct({
  link: ElementId,
  mtu: Schema.Int.check(Schema.isBetween({ minimum: 576, maximum: 9216 }, { expected: "an MTU between 576 and 9216 bytes" }))
})
export type MtuCutParams = typeof MtuCutParams.Type

export const mtuCut: FaultKind<MtuCutParams> = {
  kind: "mtu-cut",
  description: "Lowers a link's MTU to `mtu`: bigger packets are silently dropped (bulk transfers stall, small messages pass).",
  params: MtuCutParams,
  validate: (p, model) => {
    const found = checkLink(model, "link", p.link)
    if (found.length > 0) return found
    const own = model.linkById.get(p.link)!.mtu
    return p.mtu < own ? [] : [issue("mtu", `an MTU below the link's own (${own})`, String(p.mtu))]
  },
  targets: (p) => [p.link],
  schedule: (p, ctx, window) => changeDuring(ctx, window, WorldChange.linkMtu(p.link, p.mtu))
}

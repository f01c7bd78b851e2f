/** `link-loss`: random packet loss on a link (a dirty optic, a flapping LACP member, CRC errors). */
import { Schema } from "effect"
import { changeDuring } from "./during.ts"
import { WorldChange } from "../../twin/world/world-change.ts"
import { checkLink, ElementId } from "./estate-refs.ts"
import type { FaultKind } from "./fault.ts"

export const LinkLossParams = Schema.Struct({
  link: ElementId,
  /** Share of packets lost, 0–100 (%): per unicast message; for market data per sequence number, once per link (twin/world/sim-network.ts). */
  percent: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 100, exclusiveMinimum: true }, { expected: "a loss percentage above 0, at most 100" }))
})
export type LinkLossParams = typeof LinkLossParams.Type

export const linkLoss: FaultKind<LinkLossParams> = {
  kind: "link-loss",
  description: "Random loss of `percent` % of the packets crossing a link; multicast receivers behind it lose the same sequence numbers.",
  params: LinkLossParams,
  validate: (p, model) => checkLink(model, "link", p.link),
  targets: (p) => [p.link],
  schedule: (p, ctx, window) => changeDuring(ctx, window, WorldChange.linkLoss(p.link, p.percent))
}

/**
 * `link-blackhole`: one direction of a link drops everything while the other passes (a unidirectional
 * fibre fault, an ACL applied one way). Routing does not see it (the link is up), so it never reroutes:
 * TCP sessions across it stall, multicast in the dead direction is lost.
 */
import { Schema } from "effect"
import { changeDuring } from "./during.ts"
import { WorldChange } from "../../twin/world/world-change.ts"
import { checkLink, ElementId } from "./estate-refs.ts"
import type { FaultKind } from "./fault.ts"

export const LinkBlackholeParams = Schema.Struct({
  link: ElementId,
  /** The dead direction, relative to the link as written in the estate: `forward` is from → to. */
  direction: Schema.Literals(["forward", "reverse"])
})
export type LinkBlackholeParams = typeof LinkBlackholeParams.Type

export const linkBlackhole: FaultKind<LinkBlackholeParams> = {
  kind: "link-blackhole",
  description: "One direction of a link (forward = the estate's from → to) silently drops everything; routing does not notice.",
  params: LinkBlackholeParams,
  validate: (p, model) => checkLink(model, "link", p.link),
  targets: (p) => [p.link],
  schedule: (p, ctx, window) => changeDuring(ctx, window, WorldChange.linkBlackhole(p.link, p.direction))
}

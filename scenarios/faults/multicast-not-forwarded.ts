/**
 * `multicast-not-forwarded`: the new backbone carries unicast but not multicast across an element — PIM or
 * the rendezvous point was not configured on it. A `link`, or a routing `node` for the whole segment behind
 * it: every multicast copy whose path crosses it is dropped, unicast (RTS, OCG-C, SFTP) passes. Routing
 * does not notice (the element is up), so market data stays on the dead path until the fault ends.
 */
import { Schema } from "effect"
import { changeDuring } from "./during.ts"
import { WorldChange } from "../../twin/world/world-change.ts"
import { checkLinkOrNode, ElementId, routingKinds } from "./estate-refs.ts"
import type { FaultKind } from "./fault.ts"

export const MulticastNotForwardedParams = Schema.Struct({
  link: Schema.optionalKey(ElementId),
  /** A router, firewall or PoP: no multicast through it at all. */
  node: Schema.optionalKey(ElementId)
})
export type MulticastNotForwardedParams = typeof MulticastNotForwardedParams.Type

export const multicastNotForwarded: FaultKind<MulticastNotForwardedParams> = {
  kind: "multicast-not-forwarded",
  description: "Multicast crossing a link (or any path through a routing node) is dropped; unicast passes (missing PIM/RP).",
  params: MulticastNotForwardedParams,
  validate: (p, model) => checkLinkOrNode(model, p, routingKinds),
  targets: (p) => [p.link ?? p.node!],
  schedule: (p, ctx, window) =>
    changeDuring(ctx, window, p.link !== undefined ? WorldChange.linkMulticast(p.link, true) : WorldChange.nodeMulticast(p.node!, true))
}

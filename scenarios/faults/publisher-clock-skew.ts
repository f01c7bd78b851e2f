/**
 * `publisher-clock-skew`: an OMD publisher node's clock drifts (NTP/PTP lost): the SendTime of every packet
 * its publishers send is `skew` ahead or behind true time (twin/models/omd/publisher.ts, `omd.clock-skew`);
 * put right at the end of the window. Sequence numbers and delivery are unaffected: what it breaks is
 * whatever trusts SendTime (latency monitoring, stale-data checks downstream).
 */
import { Schema } from "effect"
import { Duration, durationMicros } from "../format/duration.ts"
import { during } from "./during.ts"
import { checkNode, ElementId } from "./estate-refs.ts"
import { WorldChange } from "../../twin/world/world-change.ts"
import type { FaultKind } from "./fault.ts"

export const PublisherClockSkewParams = Schema.Struct({
  node: ElementId,
  skew: Duration,
  /** Whether the clock runs ahead of true time (default) or behind it. */
  direction: Schema.optionalKey(Schema.Literals(["ahead", "behind"]))
})
export type PublisherClockSkewParams = typeof PublisherClockSkewParams.Type

export const skewMicros = (p: PublisherClockSkewParams): number => (p.direction === "behind" ? -1 : 1) * durationMicros(p.skew)

export const publisherClockSkew: FaultKind<PublisherClockSkewParams> = {
  kind: "publisher-clock-skew",
  description: "An OMD publisher node's clock runs `skew` `direction` (ahead|behind, default ahead): SendTime shifts; right again at the end.",
  params: PublisherClockSkewParams,
  validate: (p, model) => checkNode(model, "node", p.node, ["omd-c-publisher", "omd-cc-publisher"], "an OMD publisher node id"),
  targets: (p) => [p.node],
  schedule: (p, ctx, window) => {
    let before = 0
    during(
      ctx,
      window,
      () => {
        before = ctx.world.state.clockSkew.get(p.node) ?? 0
        ctx.world.apply(WorldChange.clockSkew(p.node, skewMicros(p)))
      },
      () => ctx.world.apply(WorldChange.clockSkew(p.node, before))
    )
  }
}

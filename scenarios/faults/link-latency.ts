/** `link-latency`: extra delay on a link (a longer protection path, a congested carrier), with optional jitter. */
import { Schema } from "effect"
import { Duration, durationMicros } from "../format/duration.ts"
import { changeDuring } from "./during.ts"
import { WorldChange } from "../../twin/world/world-change.ts"
import { checkLink, ElementId } from "./estate-refs.ts"
import type { FaultKind } from "./fault.ts"

export const LinkLatencyParams = Schema.Struct({
  link: ElementId,
  /** Added one-way delay, e.g. "2ms". */
  added: Duration,
  /** Extra delay drawn uniformly in [0, jitter] per message (order per path is kept). */
  jitter: Schema.optionalKey(Duration)
})
export type LinkLatencyParams = typeof LinkLatencyParams.Type

export const linkLatency: FaultKind<LinkLatencyParams> = {
  kind: "link-latency",
  description: "Adds `added` one-way latency (and up to `jitter` per message) to every message crossing a link.",
  params: LinkLatencyParams,
  validate: (p, model) => checkLink(model, "link", p.link),
  targets: (p) => [p.link],
  schedule: (p, ctx, window) =>
    changeDuring(ctx, window, WorldChange.linkLatency(p.link, durationMicros(p.added), p.jitter === undefined ? 0 : durationMicros(p.jitter)))
}

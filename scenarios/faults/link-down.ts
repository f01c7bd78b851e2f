/** `link-down`: a link out of service for the window (a cut fibre, a failed port), back up at its end. */
import { Schema } from "effect"
import { changeDuring } from "./during.ts"
import { WorldChange } from "../../twin/world/world-change.ts"
import { checkLink, ElementId } from "./estate-refs.ts"
import type { FaultKind } from "./fault.ts"

export const LinkDownParams = Schema.Struct({ link: ElementId })
export type LinkDownParams = typeof LinkDownParams.Type

export const linkDown: FaultKind<LinkDownParams> = {
  kind: "link-down",
  description: "A link is down for the window and up at its end; routing reroutes after the convergence delay.",
  params: LinkDownParams,
  validate: (p, model) => checkLink(model, "link", p.link),
  targets: (p) => [p.link],
  schedule: (p, ctx, window) => changeDuring(ctx, window, WorldChange.linkDown(p.link, true))
}

/**
 * `site-loss`: every node of a site fails at once (power, cooling, a building evacuated) and comes back at
 * the end of the window. For the primary data centre, HKEX declares a DR failover `drAfter` into the loss
 * (default on): the backup site's Lookup Service and SFTP servers open and DR Signal goes out on OMD.
 *
 * Assumptions [U]: the time from the loss to the DR declaration (`drAfter`, default 2 minutes; SGX took
 * 52 minutes to realise it had lost its primary DC, DOMAIN §6 — set it per drill); the failover stays in
 * force after the site returns (failing back is an operations decision, not the end of the fault).
 */
import { Schema } from "effect"
import { issue } from "../../topology/input-issue.ts"
import type { EstateModel } from "../../topology/model.ts"
import { Duration, durationMicros } from "../format/duration.ts"
import { nodesDownDuring } from "./during.ts"
import { ElementId } from "./estate-refs.ts"
import { WorldChange } from "../../twin/world/world-change.ts"
import type { FaultKind } from "./fault.ts"

/** [U] Time from the loss of the primary site to HKEX declaring DR. */
export const DEFAULT_DR_AFTER = "2m"

export const SiteLossParams = Schema.Struct({
  site: ElementId,
  /** Declare DR failover during the loss (default true for the primary data centre, false otherwise). */
  dr: Schema.optionalKey(Schema.Boolean),
  /** Time from the loss to the DR declaration (default "2m" [U]). */
  drAfter: Schema.optionalKey(Duration)
})
export type SiteLossParams = typeof SiteLossParams.Type

const siteNodes = (model: EstateModel, site: string): ReadonlyArray<string> =>
  model.nodes.filter((n) => n.participant === undefined && n.site === site).map((n) => n.id)

const isPrimary = (model: EstateModel, site: string) => model.file.sites.some((s) => s.id === site && s.kind === "primary-dc")

export const siteLoss: FaultKind<SiteLossParams> = {
  kind: "site-loss",
  description: "Every node of a site is down for the window; for the primary DC, DR failover is declared `drAfter` (default 2m) into it.",
  params: SiteLossParams,
  validate: (p, model) => {
    const site = model.file.sites.find((s) => s.id === p.site)
    if (site === undefined || site.kind === "participant") return [issue("site", "a data-centre or carrier site id of the estate", JSON.stringify(p.site))]
    if (p.dr === true && site.kind !== "primary-dc") return [issue("dr", "DR failover only for the primary data centre's loss", `true for ${site.kind} ${JSON.stringify(p.site)}`)]
    if (siteNodes(model, p.site).length === 0) return [issue("site", "a site with nodes", JSON.stringify(p.site))]
    return []
  },
  targets: (p, model) => siteNodes(model, p.site),
  schedule: (p, ctx, window) => {
    nodesDownDuring(ctx, window, siteNodes(ctx.model, p.site))
    if (!(p.dr ?? isPrimary(ctx.model, p.site))) return
    const at = window.start + durationMicros(p.drAfter ?? DEFAULT_DR_AFTER)
    if (window.end !== undefined && at >= window.end) return // the site is back before anyone declares DR
    ctx.runtime.at(at, () => {
      if (!ctx.world.state.drFailover) ctx.world.apply(WorldChange.drFailover(true))
    })
  }
}

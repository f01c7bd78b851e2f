/**
 * The estate's `roles` as the twin reads them: which node is the Lookup Service endpoint to try first, which
 * OTP-C host a gateway trades with, which node publishes line B, what takes over what on DR. Wirings and
 * models ask these questions here instead of knowing the default estate's ids.
 *
 * Build it only from a file that passed `checkReferences` (its roles were checked by check-roles.ts): an
 * absent role reads as nothing to wire, which validation has already refused where the participants need it.
 */
import type { EstateFile, LineNodes, Subscription } from "./schema.ts"

export interface EstateRoles {
  /** Lookup Service endpoints in connection order. */
  readonly lookupService: ReadonlyArray<string>
  /** The trading OTP-C hosts, in file order (one per data centre at most). */
  readonly otpcHosts: ReadonlyArray<string>
  /** The OTP-C host the OCG-C gateways at `site` trade with. */
  readonly otpcHostAt: (site: string) => string | undefined
  readonly omdcPublishers: LineNodes | undefined
  readonly omdcRefresh: LineNodes | undefined
  readonly omdccPublishers: LineNodes | undefined
  /** RTS servers in the order a feed handler tries them. */
  readonly rts: ReadonlyArray<string>
  readonly mainlandLinks: { readonly SSE: string; readonly SZSE: string } | undefined
  readonly drPairs: ReadonlyArray<{ readonly primary: string; readonly backup: string }>
  /** The secondary data centre's node that takes over `node`'s part on DR, if the estate pairs it. */
  readonly backupOf: (node: string) => string | undefined
  /** Whether `site` is the secondary data centre (its entrances open, its machines take over, on DR). */
  readonly isBackupSite: (site: string) => boolean
  /**
   * The multicast flow template a feed of `subscription` (`omdC:SS`, `omdCC`) is reported under: the
   * estate's multicast template subscribed by exactly that; absent, the subscription itself (no template id
   * can contain ':', so health then tracks nothing under it rather than the wrong flow).
   */
  readonly feedFlowTemplate: (subscription: Subscription) => string
}

export const rolesOf = (file: EstateFile): EstateRoles => {
  const roles = file.roles ?? {}
  const siteOf = new Map(file.nodes.map((n) => [n.id, n.site]))
  const hostBySite = new Map<string, string>()
  for (const h of roles.otpcHosts ?? []) {
    const site = siteOf.get(h)
    if (site !== undefined && !hostBySite.has(site)) hostBySite.set(site, h)
  }
  const drPairs = roles.drPairs ?? []
  const backup = new Map(drPairs.map((p) => [p.primary, p.backup]))
  const secondary = new Set(file.sites.filter((s) => s.kind === "secondary-dc").map((s) => s.id))
  return {
    lookupService: roles.lookupService ?? [],
    otpcHosts: roles.otpcHosts ?? [],
    otpcHostAt: (site) => hostBySite.get(site),
    omdcPublishers: roles.omdcPublishers,
    omdcRefresh: roles.omdcRefresh,
    omdccPublishers: roles.omdccPublishers,
    rts: roles.rts ?? [],
    mainlandLinks: roles.mainlandLinks,
    drPairs,
    backupOf: (node) => backup.get(node),
    isBackupSite: (site) => secondary.has(site),
    feedFlowTemplate: (subscription) =>
      file.flows.find((f) => f.pattern === "multicast" && f.subscribedBy === subscription)?.id ?? subscription
  }
}

/**
 * The estate's `roles` (README "Estate roles").
 *
 * `checkRoles` checks them like the file's other references (called by check-references.ts, so by every
 * command): every id names a node of the role's kind, each node plays a listed role once, line A and line B
 * are two nodes, a DR pair joins two nodes of one kind across the primary and the secondary data centre.
 *
 * `missingRoles` asks whether the engine can run the estate: where participants use a system and the
 * estate has the nodes of a part of it, the role must say which node plays that part — OCG-C sessions need
 * the Lookup Service endpoints (when there are lookup-service nodes) and a trading OTP-C host at every site
 * with a gateway (when there are otp-c-host nodes), OMD-C and OMD-CC subscribers the publishers of line A
 * and line B (when there are publisher nodes) and the refresh and RTS servers (when there are such nodes),
 * China Connect sessions a link per market (when there are mainland-link nodes). An estate that leaves a
 * part out altogether (hand-made estates for topology questions often have gateways and no Lookup
 * Service) simulates without it, as it always did. Only the commands that simulate ask (validate.ts
 * `checkSimulable`): topology questions need no roles; an estate the engine cannot run is refused, one line
 * per missing role, rather than simulated as a silent outage.
 */
import { flowTargetKinds } from "./flow-targets.ts"
import { describeValue, issue, type InputIssue } from "./input-issue.ts"
import type { EstateFile, NodeKind } from "./schema.ts"

/** `a lookup-service`, `an otp-c-host`, `an rts-server` (as check-references.ts reads kinds). */
const aKind = (kind: string): string => (/^(?:[aeio]|rts-)/.test(kind) ? `an ${kind}` : `a ${kind}`)

export const checkRoles = (file: EstateFile, nodeKind: ReadonlyMap<string, NodeKind>): ReadonlyArray<InputIssue> => {
  const issues: Array<InputIssue> = []
  const add = (path: string, expected: string, got: string) => issues.push(issue(path, expected, got))
  const roles = file.roles ?? {}
  const siteOf = new Map(file.nodes.map((n) => [n.id, n.site]))
  const siteKind = new Map(file.sites.map((s) => [s.id, s.kind]))

  /** Whether `id` (at `path`) is a node of `kind`; one line if not. */
  const ofKind = (path: string, id: string, kind: NodeKind): boolean => {
    const k = nodeKind.get(id)
    if (k === undefined) add(path, `${aKind(kind)} node id`, describeValue(id))
    else if (k !== kind) add(path, `${aKind(kind)} node`, `${id} (${k})`)
    return k === kind
  }
  const list = (name: string, ids: ReadonlyArray<string> | undefined, kind: NodeKind) => {
    const seen = new Map<string, number>()
    ids?.forEach((id, i) => {
      const path = `roles.${name}[${i}]`
      ofKind(path, id, kind)
      const earlier = seen.get(id)
      if (earlier !== undefined) add(path, "each node once", `${id}, already at [${earlier}]`)
      else seen.set(id, i)
    })
  }
  const lines = (name: string, pair: { readonly A: string; readonly B: string } | undefined, kind: NodeKind) => {
    if (pair === undefined) return
    const okA = ofKind(`roles.${name}.A`, pair.A, kind)
    const okB = ofKind(`roles.${name}.B`, pair.B, kind)
    // DOMAIN §3: line A and line B are redundant copies; one node for both is a single point of failure.
    if (okA && okB && pair.A === pair.B) add(`roles.${name}.B`, "a node other than line A's", pair.B)
  }

  list("lookupService", roles.lookupService, "lookup-service")
  list("otpcHosts", roles.otpcHosts, "otp-c-host")
  const hostAt = new Map<string, string>()
  roles.otpcHosts?.forEach((h, i) => {
    const site = siteOf.get(h)
    if (site === undefined || nodeKind.get(h) !== "otp-c-host") return
    const other = hostAt.get(site)
    if (other !== undefined && other !== h) add(`roles.otpcHosts[${i}]`, `one trading host per site (${site} has ${other})`, h)
    else hostAt.set(site, h)
  })
  lines("omdcPublishers", roles.omdcPublishers, "omd-c-publisher")
  lines("omdcRefresh", roles.omdcRefresh, "refresh-server")
  lines("omdccPublishers", roles.omdccPublishers, "omd-cc-publisher")
  list("rts", roles.rts, "rts-server")
  if (roles.mainlandLinks !== undefined) {
    const { SSE, SZSE } = roles.mainlandLinks
    const ok = [ofKind("roles.mainlandLinks.SSE", SSE, "mainland-link"), ofKind("roles.mainlandLinks.SZSE", SZSE, "mainland-link")]
    if (ok.every(Boolean) && SSE === SZSE) add("roles.mainlandLinks.SZSE", "a link other than SSE's (each market keeps its own quota)", SZSE)
  }

  const paired = new Map<string, string>()
  roles.drPairs?.forEach((pair, i) => {
    const path = `roles.drPairs[${i}]`
    for (const [end, site] of [["primary", "primary-dc"], ["backup", "secondary-dc"]] as const) {
      const id = pair[end]
      const kind = nodeKind.get(id)
      if (kind === undefined) {
        add(`${path}.${end}`, "a node id", describeValue(id))
        continue
      }
      const at = siteOf.get(id) ?? ""
      if (siteKind.get(at) !== site) add(`${path}.${end}`, `a node of the ${site} site`, `${id} at ${at} (${siteKind.get(at) ?? "no site"})`)
      const earlier = paired.get(id)
      if (earlier !== undefined) add(`${path}.${end}`, "a node in one DR pair only", `${id}, already in ${earlier}`)
      else paired.set(id, path)
    }
    const [a, b] = [nodeKind.get(pair.primary), nodeKind.get(pair.backup)]
    if (a !== undefined && b !== undefined && a !== b) add(`${path}.backup`, `${aKind(a)} node like its primary`, `${pair.backup} (${b})`)
  })

  issues.push(...unplayedNodes(file, nodeKind))
  return issues
}

/**
 * The nodes of each kind the engine runs, by the roles (README "Estate roles"): only the nodes a role names,
 * and for the kinds DR takes over (dr-takeover.ts: the OTP-C host, OMD publishers and refresh servers, the
 * mainland links' quota) the backups of their DR pairs. Kinds no role owns (gateways, CCCGs, SFTP servers,
 * routers, PoPs) are run or routed through by kind, every node of them. A kind whose role is absent is not
 * here: an estate for topology questions names none, and `missingRoles` refuses it where participants need it.
 */
const runByRole = (file: EstateFile): ReadonlyMap<NodeKind, { readonly role: string; readonly runs: ReadonlySet<string> }> => {
  const roles = file.roles ?? {}
  const backup = new Map((roles.drPairs ?? []).map((p) => [p.primary, p.backup]))
  const withBackups = (ids: ReadonlyArray<string>) => new Set(ids.flatMap((id) => [id, ...(backup.has(id) ? [backup.get(id)!] : [])]))
  const out = new Map<NodeKind, { role: string; runs: ReadonlySet<string> }>()
  const line = (pair: { readonly A: string; readonly B: string } | undefined) => (pair === undefined ? undefined : [pair.A, pair.B])
  const given = (kind: NodeKind, role: string, ids: ReadonlyArray<string> | undefined, drTakesOver: boolean) => {
    if (ids !== undefined && ids.length > 0) out.set(kind, { role, runs: drTakesOver ? withBackups(ids) : new Set(ids) })
  }
  given("lookup-service", "roles.lookupService", roles.lookupService, false)
  given("otp-c-host", "roles.otpcHosts", roles.otpcHosts, true)
  given("omd-c-publisher", "roles.omdcPublishers (line A or B)", line(roles.omdcPublishers), true)
  given("refresh-server", "roles.omdcRefresh (line A or B)", line(roles.omdcRefresh), true)
  given("omd-cc-publisher", "roles.omdccPublishers (line A or B)", line(roles.omdccPublishers), true)
  given("rts-server", "roles.rts", roles.rts, false)
  given("mainland-link", "roles.mainlandLinks (SSE or SZSE)", roles.mainlandLinks === undefined ? undefined : [roles.mainlandLinks.SSE, roles.mainlandLinks.SZSE], true)
  return out
}

/**
 * A node of a kind a role owns that no role has it play: the engine never runs it (wire-omd.ts builds one
 * refresh publisher per line, from `roles.omdcRefresh`), yet health would count it as a working member of
 * every flow that targets it — a second refresh server on line A hid 378 participant-services' outage. One
 * line at the node, and one at each flow target of such a kind the engine does not run. An OTP-C host in a
 * gateway's `dependsOn` group with its site's trading host is the hot standby that group names (README
 * "Estate roles"): a reachability fact, not a role, so it is let be as a node but not as a flow target.
 */
const unplayedNodes = (file: EstateFile, nodeKind: ReadonlyMap<string, NodeKind>): ReadonlyArray<InputIssue> => {
  const issues: Array<InputIssue> = []
  const run = runByRole(file)
  const roles = file.roles ?? {}
  const drBackupKinds = new Set<NodeKind>(["otp-c-host", "omd-c-publisher", "refresh-server", "omd-cc-publisher", "mainland-link"])
  const expectation = (kind: NodeKind, role: string) =>
    `${aKind(kind)} named by ${role}${drBackupKinds.has(kind) ? " or by roles.drPairs as the backup of one" : ""} (the engine runs no other)`
  const trading = new Set(roles.otpcHosts ?? [])
  const standbys = new Set(file.nodes.flatMap((n) => (n.dependsOn ?? []).filter((group) => group.some((h) => trading.has(h))).flat()))
  const reported = new Set<string>()
  file.nodes.forEach((n, i) => {
    const played = run.get(n.kind)
    if (played === undefined || played.runs.has(n.id)) return
    if (n.kind === "otp-c-host" && standbys.has(n.id)) return
    reported.add(n.id)
    issues.push(issue(`nodes[${i}]`, expectation(n.kind, played.role), `${n.id}, which no role names`))
  })
  file.flows.forEach((f, i) =>
    f.members?.forEach((m, j) =>
      m.targets.forEach((t, k) => {
        const kind = nodeKind.get(t)
        const played = kind === undefined ? undefined : run.get(kind)
        // A target of a kind the flow is not served by has its own line (check-references.ts).
        if (kind === undefined || played === undefined || played.runs.has(t) || reported.has(t) || !flowTargetKinds(f).includes(kind)) return
        issues.push(issue(`flows[${i}].members[${j}].targets[${k}]`, `a node the engine runs: ${expectation(kind, played.role)}`, `${t}, which no role names`))
      })
    )
  )
  return issues
}

/** The roles the participants need that the estate does not give (see the header). */
export const missingRoles = (file: EstateFile): ReadonlyArray<InputIssue> => {
  const issues: Array<InputIssue> = []
  const roles = file.roles ?? {}
  const siteOf = new Map(file.nodes.map((n) => [n.id, n.site]))
  const hostSites = new Set((roles.otpcHosts ?? []).flatMap((h) => siteOf.get(h) ?? []))
  // What the participants use must have its roles: without them the engine would wire nothing for it.
  const uses = (p: (x: EstateFile["participants"][number]) => boolean) => file.participants.some(p)
  const has = (kind: NodeKind) => file.nodes.some((n) => n.kind === kind)
  const missing = (name: string, expected: string) => issues.push(issue(`roles.${name}`, expected, "nothing"))
  if (uses((p) => p.ocgSessions.length > 0)) {
    if ((roles.lookupService ?? []).length === 0 && has("lookup-service")) {
      missing("lookupService", "the Lookup Service endpoints in connection order (participants have OCG-C sessions)")
    }
    const gatewaySites = [...new Set(file.nodes.filter((n) => n.kind === "ocg-gateway").map((n) => n.site))]
    const without = gatewaySites.filter((s) => !hostSites.has(s))
    if (without.length > 0 && has("otp-c-host")) {
      issues.push(issue("roles.otpcHosts", "an otp-c-host at every site with an ocg-gateway (its gateways trade with it)", `none at ${without.join(", ")}`))
    }
  }
  if (uses((p) => p.omdC.length > 0)) {
    if (roles.omdcPublishers === undefined && has("omd-c-publisher")) missing("omdcPublishers", "the OMD-C publisher of line A and of line B (participants take OMD-C)")
    if (roles.omdcRefresh === undefined && has("refresh-server")) missing("omdcRefresh", "the refresh server of line A and of line B (participants take OMD-C)")
  }
  if (uses((p) => p.omdCC) && roles.omdccPublishers === undefined && has("omd-cc-publisher")) {
    missing("omdccPublishers", "the OMD-CC publisher of line A and of line B (participants take OMD-CC)")
  }
  if (uses((p) => p.omdC.length > 0 || p.omdCC) && (roles.rts ?? []).length === 0 && has("rts-server")) {
    missing("rts", "the RTS servers in the order feed handlers try them (participants take OMD)")
  }
  if (uses((p) => p.cscSessions.length > 0) && roles.mainlandLinks === undefined && has("mainland-link")) {
    missing("mainlandLinks", "the SSE and the SZSE link (participants have China Connect sessions)")
  }
  return issues
}

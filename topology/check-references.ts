/**
 * Rules that need the whole file but no graph: ids are unique, every reference resolves to a thing of the
 * right kind, cutover units switch links of the right generation, participants' circuits and sessions make
 * sense, the roles name nodes of the right kind (check-roles.ts). Each finding is an `InputIssue` pointing at the exact field.
 */
import { checkRoles } from "./check-roles.ts"
import { flowKindLabel, flowTargetKinds } from "./flow-targets.ts"
import { describeValue, issue, type InputIssue } from "./input-issue.ts"
import type { EstateFile, NodeKind } from "./schema.ts"

/** `a carrier-pop`, `an ocg-gateway`, `an rts-server`: kinds are read letter by letter where abbreviated. */
const aKind = (kind: string): string => (/^(?:[aeio]|rts-)/.test(kind) ? `an ${kind}` : `a ${kind}`)

export const checkReferences = (file: EstateFile): ReadonlyArray<InputIssue> => {
  const issues: Array<InputIssue> = []
  const add = (path: string, expected: string, got: string) => issues.push(issue(path, expected, got))

  const siteKind = new Map<string, string>()
  file.sites.forEach((s, i) => {
    if (siteKind.has(s.id)) add(`sites[${i}].id`, "a unique site id", `"${s.id}" again`)
    siteKind.set(s.id, s.kind)
  })
  for (const kind of ["primary-dc", "secondary-dc"] as const) {
    const count = file.sites.filter((s) => s.kind === kind).length
    if (count !== 1) add("sites", `exactly one site of kind ${kind}`, `${count}`)
  }

  // Node ids and the ids model.ts (`premises`, `buildModel`) derives for participants' premises and circuits share one namespace.
  const seen = new Map<string, string>()
  const claim = (id: string, path: string, what: string) => {
    const earlier = seen.get(id)
    if (earlier !== undefined) add(path, `a unique ${what} id`, `"${id}", already used at ${earlier}`)
    else seen.set(id, path)
  }
  const nodeKind = new Map<string, NodeKind>()
  file.nodes.forEach((n, i) => {
    claim(n.id, `nodes[${i}].id`, "node")
    nodeKind.set(n.id, n.kind)
    const kind = siteKind.get(n.site)
    // Only a carrier's PoP can be let through: HKEX's own nodes always carry its traffic.
    if (n.transit !== undefined && n.kind !== "carrier-pop") add(`nodes[${i}].transit`, "no such field (transit is for a carrier-pop)", `${n.transit} on ${aKind(n.kind)}`)
    if (kind === undefined) add(`nodes[${i}].site`, "a site listed under sites", describeValue(n.site))
    else if (n.kind === "carrier-pop" && kind !== "carrier") {
      add(`nodes[${i}].site`, "a site of kind carrier for a carrier-pop", `${n.site} (${kind})`)
    } else if (n.kind !== "carrier-pop" && kind !== "primary-dc" && kind !== "secondary-dc") {
      add(`nodes[${i}].site`, `a data-centre site for ${aKind(n.kind)}`, `${n.site} (${kind})`)
    }
    const routed = n.kind === "core-router" || n.kind === "distribution-router"
    if (routed && n.generation === undefined) add(`nodes[${i}].generation`, `old or new for ${aKind(n.kind)}`, "nothing")
  })
  file.nodes.forEach((n, i) =>
    n.dependsOn?.forEach((group, g) =>
      group.forEach((d, j) => {
        if (!nodeKind.has(d)) add(`nodes[${i}].dependsOn[${g}][${j}]`, "a node id", describeValue(d))
        else if (d === n.id) add(`nodes[${i}].dependsOn[${g}][${j}]`, "a node other than itself", describeValue(d))
      })
    )
  )

  file.links.forEach((l, i) => {
    claim(l.id, `links[${i}].id`, "link")
    for (const end of ["from", "to"] as const) {
      if (!nodeKind.has(l[end])) add(`links[${i}].${end}`, "a node id", describeValue(l[end]))
    }
    if (l.from === l.to) add(`links[${i}].to`, "a node other than its from end", describeValue(l.to))
  })
  const linkGeneration = new Map(file.links.map((l) => [l.id, l.generation]))

  const unitOfLink = new Map<string, { unit: string; path: string }>()
  const unitIds = new Set<string>()
  file.cutoverUnits.forEach((u, i) => {
    if (unitIds.has(u.id)) add(`cutoverUnits[${i}].id`, "a unique cutover unit id", `"${u.id}" again`)
    unitIds.add(u.id)
    if (u.old.length + u.new.length === 0) add(`cutoverUnits[${i}]`, "at least one old or new link", "none")
    for (const side of ["old", "new"] as const) {
      u[side].forEach((l, j) => {
        const path = `cutoverUnits[${i}].${side}[${j}]`
        const generation = linkGeneration.get(l)
        if (generation === undefined) return add(path, "a link id", describeValue(l))
        if (generation !== side) add(path, `a link of generation ${side}`, `${l} (${generation})`)
        const other = unitOfLink.get(l)
        if (other === undefined) unitOfLink.set(l, { unit: u.id, path })
        else if (other.unit === u.id) add(path, "a link listed once in its unit", `${l}, already at ${other.path}`)
        else add(path, "a link switched by one unit only", `${l}, also in ${other.unit}`)
      })
    }
  })

  const flowIds = new Set<string>()
  file.flows.forEach((f, i) => {
    if (flowIds.has(f.id)) add(`flows[${i}].id`, "a unique flow id", `"${f.id}" again`)
    flowIds.add(f.id)
    const perSession = f.pattern === "per-session"
    const sessionSource = ["ocgSessions", "ocgTrading", "ocgDropCopy", "cscSessions"].includes(f.subscribedBy)
    if (perSession && !sessionSource) add(`flows[${i}].subscribedBy`, "a session list for a per-session flow", f.subscribedBy)
    if (perSession && f.members !== undefined) add(`flows[${i}].members`, "no members (they come from each session)", "a list")
    if (!perSession && (f.members ?? []).length === 0) add(`flows[${i}].members`, "at least one member", "none")
    if (f.pattern === "multicast" && !f.subscribedBy.startsWith("omd")) {
      add(`flows[${i}].subscribedBy`, "an OMD subscription for a multicast flow", f.subscribedBy)
    }
    const memberNames = new Map<string, number>()
    f.members?.forEach((m, j) => {
      const earlier = memberNames.get(m.name)
      // Members are told apart by name in the trace and the health of a flow (issue 17, item 3).
      if (earlier !== undefined) add(`flows[${i}].members[${j}].name`, "a member name not used before in this flow", `"${m.name}", already used at members[${earlier}]`)
      else memberNames.set(m.name, j)
      if (m.targets.length === 0) add(`flows[${i}].members[${j}].targets`, "at least one target node", "none")
      const kinds = flowTargetKinds(f)
      m.targets.forEach((t, k) => {
        const kind = nodeKind.get(t)
        if (kind === undefined) add(`flows[${i}].members[${j}].targets[${k}]`, "a node id", describeValue(t))
        // Health judges the flow by its targets, the engine runs the service on the nodes of these kinds: a
        // target of another kind (a refresh server as an SS line) would keep a service "up" that is down.
        else if (!kinds.includes(kind)) add(`flows[${i}].members[${j}].targets[${k}]`, `${kinds.map(aKind).join(" or ")} node (${f.service} ${flowKindLabel(f)})`, `${t} (${kind})`)
      })
    })
  })

  const participantIds = new Set<string>()
  const sessionIds = new Map<string, string>()
  file.participants.forEach((p, i) => {
    const path = `participants[${i}]`
    const repeated = participantIds.has(p.id)
    if (repeated) add(`${path}.id`, "a unique participant id", `"${p.id}" again`)
    participantIds.add(p.id)
    // A repeated participant id would also repeat its premises ids: one line for it is enough.
    if (!repeated) for (const suffix of ["rtr", "bss", "fh"]) claim(`${p.id}.${suffix}`, `${path}.id`, "node")
    const popsUsed = new Map<string, number>()
    p.circuits.forEach((c, j) => {
      const cp = `${path}.circuits[${j}]`
      claim(c.id, `${cp}.id`, "circuit")
      const kind = nodeKind.get(c.pop)
      // When the PoP resolves to a carrier, the circuit's carrier must be that one; otherwise (the PoP is
      // reported, here or at its own site) it must at least be some carrier. One line per field either way.
      let popCarrier: string | undefined
      if (kind === undefined) add(`${cp}.pop`, "a carrier-pop node id", describeValue(c.pop))
      else if (kind !== "carrier-pop") add(`${cp}.pop`, "a carrier-pop node", `${c.pop} (${kind})`)
      else {
        const popSite = file.nodes.find((n) => n.id === c.pop)?.site
        if (popSite !== undefined && siteKind.get(popSite) === "carrier") popCarrier = popSite
      }
      if (popCarrier !== undefined) {
        if (popCarrier !== c.carrier) add(`${cp}.carrier`, `${popCarrier} (the carrier of ${c.pop})`, describeValue(c.carrier))
      } else if (siteKind.get(c.carrier) !== "carrier") add(`${cp}.carrier`, "a site of kind carrier", describeValue(c.carrier))
      const earlier = popsUsed.get(c.pop)
      if (earlier !== undefined) {
        add(`${cp}.pop`, `a PoP other than circuits[${earlier}]'s for a second circuit (dual circuits on one PoP share its failure)`, c.pop)
      }
      popsUsed.set(c.pop, j)
    })
    const checkPair = (sp: string, primary: string, secondary: string, kind: NodeKind) => {
      for (const [field, id] of [["primary", primary], ["secondary", secondary]] as const) {
        const k = nodeKind.get(id)
        if (k === undefined) add(`${sp}.${field}`, `${aKind(kind)} node id`, describeValue(id))
        else if (k !== kind) add(`${sp}.${field}`, `${aKind(kind)} node`, `${id} (${k})`)
      }
      if (primary === secondary) add(`${sp}.secondary`, "a gateway other than the primary", secondary)
    }
    const claimSession = (id: string, sp: string) => {
      const earlier = sessionIds.get(id)
      if (earlier !== undefined) add(sp, "a unique session id", `"${id}", already used at ${earlier}`)
      else sessionIds.set(id, sp)
    }
    p.ocgSessions.forEach((s, j) => {
      const sp = `${path}.ocgSessions[${j}]`
      claimSession(s.compId, `${sp}.compId`)
      checkPair(sp, s.primary, s.secondary, "ocg-gateway")
    })
    p.cscSessions.forEach((s, j) => {
      const sp = `${path}.cscSessions[${j}]`
      claimSession(s.id, `${sp}.id`)
      checkPair(sp, s.primary, s.secondary, "cccg-gateway")
    })
    if (new Set(p.omdC).size !== p.omdC.length) add(`${path}.omdC`, "each channel group once", describeValue(p.omdC))
  })
  issues.push(...checkRoles(file, nodeKind))
  return issues
}

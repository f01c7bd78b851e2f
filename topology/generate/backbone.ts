/**
 * The HKEX side of the default estate: two data centres, each with the old and the new backbone side by
 * side (core and distribution routers per multicast plane A/B), access routers and firewalls, the five
 * systems' servers dual-homed to the backbone, SDNet/2 carrier PoPs, and the cutover units that move each
 * attachment from the old to the new backbone.
 *
 * Counts and latencies that docs/domain.md does not state come from `assumptions` (see default-assumptions.ts),
 * so changing them regenerates a consistent estate.
 */
import type { CutoverUnit, DrPair, EstateFile, FlowMember, FlowTemplate, Link, Node, Plane, Roles, Site } from "../schema.ts"

export interface BackboneParameters {
  readonly ocgGatewaysPerSite: number
  readonly cccgGatewaysPerSite: number
  readonly ecpSftpServersPerSite: number
  readonly interDcLatencyUs: number
  readonly popToDcLatencyUs: ReadonlyArray<number>
  readonly oldBackboneGbps: number
  readonly newBackboneGbps: number
  readonly newBackboneMtu: number
}

export const dataCentres = ["dc1", "dc2"] as const
export const planes: ReadonlyArray<Plane> = ["A", "B"]
export const carriers = ["carrier-a", "carrier-b"] as const
export const popsOf = (carrier: (typeof carriers)[number]): ReadonlyArray<string> =>
  carrier === "carrier-a" ? ["ca-pop-1", "ca-pop-2"] : ["cb-pop-1", "cb-pop-2"]

const pad = (n: number) => String(n).padStart(2, "0")
export const ocgGateway = (dc: string, i: number) => `ocg-${dc}-${pad(i)}`
export const cccgGateway = (dc: string, i: number) => `cccg-${dc}-${i}`

export type BackbonePart = Pick<EstateFile, "sites" | "nodes" | "links" | "cutoverUnits" | "flows" | "roles">

export const backbone = (p: BackboneParameters): BackbonePart => {
  const sites: Array<Site> = [
    { id: "dc1", kind: "primary-dc", name: "Primary data centre (Tseung Kwan O)" },
    { id: "dc2", kind: "secondary-dc", name: "Secondary data centre (location not public, see assumptions)" },
    { id: "carrier-a", kind: "carrier", name: "SDNet/2 carrier A (name not public)" },
    { id: "carrier-b", kind: "carrier", name: "SDNet/2 carrier B (name not public)" }
  ]
  const nodes: Array<Node> = []
  const links: Array<Link> = []
  const units: Array<CutoverUnit> = []
  const oldCap = p.oldBackboneGbps * 1000
  const newCap = p.newBackboneGbps * 1000

  const link = (id: string, from: string, to: string, generation: Link["generation"], latencyUs: number, plane?: Plane) => {
    const capacityMbps = generation === "new" ? newCap : generation === "old" ? oldCap : 10_000
    const mtu = generation === "new" ? p.newBackboneMtu : 1500
    links.push({ id, from, to, generation, capacityMbps, latencyUs, mtu, ...(plane === undefined ? {} : { plane }) })
    return id
  }
  /** A server attached to the distribution routers of both planes, on the old and on the new backbone. */
  const attach = (unit: string, description: string, servers: ReadonlyArray<string>, dc: string, only?: Plane) => {
    const old: Array<string> = []
    const neu: Array<string> = []
    for (const server of servers) {
      for (const plane of only === undefined ? planes : [only]) {
        const x = plane.toLowerCase()
        old.push(link(`${server}--old-dist-${dc}-${x}`, server, `old-dist-${dc}-${x}`, "old", 5))
        neu.push(link(`${server}--new-dist-${dc}-${x}`, server, `new-dist-${dc}-${x}`, "new", 5))
      }
    }
    units.push({ id: unit, description, old, new: neu })
  }

  for (const dc of dataCentres) {
    for (const gen of ["old", "new"] as const) {
      for (const plane of planes) {
        const x = plane.toLowerCase()
        nodes.push(
          { id: `${gen}-core-${dc}-${x}`, kind: "core-router", site: dc, generation: gen, plane },
          { id: `${gen}-dist-${dc}-${x}`, kind: "distribution-router", site: dc, generation: gen, plane }
        )
      }
      for (const plane of planes) {
        const x = plane.toLowerCase()
        const y = x === "a" ? "b" : "a"
        link(`${gen}-dist-${dc}-${x}--${gen}-core-${dc}-${x}`, `${gen}-dist-${dc}-${x}`, `${gen}-core-${dc}-${x}`, gen, 2)
        // Dual homing across planes: unicast survives a core router; multicast stays on its own plane.
        link(`${gen}-dist-${dc}-${x}--${gen}-core-${dc}-${y}`, `${gen}-dist-${dc}-${x}`, `${gen}-core-${dc}-${y}`, gen, 3)
      }
      link(`${gen}-core-${dc}-a--${gen}-core-${dc}-b`, `${gen}-core-${dc}-a`, `${gen}-core-${dc}-b`, gen, 2)
    }
    for (const plane of planes) {
      const x = plane.toLowerCase()
      // Migration interconnect between the generations: lets a moved system reach unmoved ones.
      link(`old-core-${dc}-${x}--new-core-${dc}-${x}`, `old-core-${dc}-${x}`, `new-core-${dc}-${x}`, "new", 2)
      nodes.push(
        { id: `ar-${dc}-${x}`, kind: "access-router", site: dc, plane },
        { id: `fw-${dc}-${x}`, kind: "firewall", site: dc, plane }
      )
      link(`ar-${dc}-${x}--fw-${dc}-${x}`, `ar-${dc}-${x}`, `fw-${dc}-${x}`, "access", 2)
      units.push({
        id: `access-${dc}-${x}`,
        description: `Participant access plane ${plane} at ${dc}: firewall uplink to the distribution router`,
        old: [link(`fw-${dc}-${x}--old-dist-${dc}-${x}`, `fw-${dc}-${x}`, `old-dist-${dc}-${x}`, "old", 3)],
        new: [link(`fw-${dc}-${x}--new-dist-${dc}-${x}`, `fw-${dc}-${x}`, `new-dist-${dc}-${x}`, "new", 3)]
      })
    }
  }
  for (const plane of planes) {
    const x = plane.toLowerCase()
    units.push({
      id: `inter-dc-${x}`,
      description: `Inter-data-centre core links, plane ${plane}`,
      old: [link(`old-core-dc1-${x}--old-core-dc2-${x}`, `old-core-dc1-${x}`, `old-core-dc2-${x}`, "old", p.interDcLatencyUs)],
      new: [link(`new-core-dc1-${x}--new-core-dc2-${x}`, `new-core-dc1-${x}`, `new-core-dc2-${x}`, "new", p.interDcLatencyUs)]
    })
  }

  for (const dc of dataCentres) {
    const backup = dc === "dc2"
    const closed = backup ? { closedUntilFailover: true } : {}
    // OTP-C runs as a hot-standby pair inside each site; the backup site's pair takes over only on DR.
    const hosts = [`otp-c-${dc}-1`, `otp-c-${dc}-2`]
    for (const h of hosts) nodes.push({ id: h, kind: "otp-c-host", site: dc, name: backup ? "OTP-C (DR site)" : "OTP-C" })
    attach(`otp-c-${dc}`, `OTP-C hosts at ${dc}`, hosts, dc)

    const gateways = Array.from({ length: p.ocgGatewaysPerSite }, (_, i) => ocgGateway(dc, i + 1))
    for (const g of gateways) nodes.push({ id: g, kind: "ocg-gateway", site: dc, dependsOn: [hosts] })
    attach(`ocg-${dc}`, `OCG-C gateways at ${dc}`, gateways, dc)

    const lookups = [`ls-${dc}-primary`, `ls-${dc}-mirror`]
    for (const l of lookups) nodes.push({ id: l, kind: "lookup-service", site: dc, ...closed })
    attach(`lookup-${dc}`, `OCG-C Lookup Service (primary and mirror) at ${dc}`, lookups, dc)

    const mainland = [`sse-link-${dc}`, `szse-link-${dc}`]
    nodes.push(
      { id: `sse-link-${dc}`, kind: "mainland-link", site: dc, name: "Link to SSE (Shanghai)" },
      { id: `szse-link-${dc}`, kind: "mainland-link", site: dc, name: "Link to SZSE (Shenzhen)" }
    )
    const cccgs = Array.from({ length: p.cccgGatewaysPerSite }, (_, i) => cccgGateway(dc, i + 1))
    for (const c of cccgs) {
      nodes.push({ id: c, kind: "cccg-gateway", site: dc, dependsOn: [["sse-link-dc1", "sse-link-dc2"], ["szse-link-dc1", "szse-link-dc2"]], ...closed })
    }
    attach(`cccg-${dc}`, `China Connect Central Gateways and the SSE/SZSE links at ${dc}`, [...cccgs, ...mainland], dc)

    for (const plane of planes) {
      const x = plane.toLowerCase()
      nodes.push(
        { id: `omdc-pub-${dc}-${x}`, kind: "omd-c-publisher", site: dc, plane, ...closed },
        { id: `refresh-${dc}-${x}`, kind: "refresh-server", site: dc, plane, ...closed }
      )
      attach(`omdc-${dc}-line-${x}`, `OMD-C line ${plane} publisher and refresh at ${dc}`, [`omdc-pub-${dc}-${x}`, `refresh-${dc}-${x}`], dc, plane)
      nodes.push({ id: `omdcc-pub-${dc}-${x}`, kind: "omd-cc-publisher", site: dc, plane, ...closed })
      attach(`omdcc-${dc}-line-${x}`, `OMD-CC line ${plane} publisher at ${dc}`, [`omdcc-pub-${dc}-${x}`], dc, plane)
    }

    const rts = [`rts-${dc}-1`, `rts-${dc}-2`]
    for (const r of rts) nodes.push({ id: r, kind: "rts-server", site: dc })
    attach(`rts-${dc}`, `OMD retransmission servers at ${dc}`, rts, dc)

    const sftp = Array.from({ length: p.ecpSftpServersPerSite }, (_, i) => `ecp-sftp-${dc}-${i + 1}`)
    for (const s of sftp) nodes.push({ id: s, kind: "ecp-sftp-server", site: dc, ...closed })
    attach(`ecp-${dc}`, `ECP SFTP servers at ${dc}`, sftp, dc)
  }

  carriers.forEach((carrier) =>
    popsOf(carrier).forEach((pop, pi) => {
      nodes.push({ id: pop, kind: "carrier-pop", site: carrier })
      dataCentres.forEach((dc, di) => {
        for (const plane of planes) {
          const x = plane.toLowerCase()
          const latency = p.popToDcLatencyUs[(pi + di) % p.popToDcLatencyUs.length]!
          link(`${pop}--ar-${dc}-${x}`, pop, `ar-${dc}-${x}`, "access", latency)
        }
      })
    })
  )

  return { sites, nodes, links, cutoverUnits: units, flows: flowTemplates(p), roles: roles(p) }
}

/**
 * The parts the twin's models play, by role (README "Estate roles"): dc1 is the primary site, so its
 * Lookup Service endpoints come first, its publishers and refresh servers are live and dc2's take over
 * slot by slot on DR; each site's first OTP-C host of the hot-standby pair is the one that trades.
 */
const roles = (p: BackboneParameters): Roles => {
  const [primary, backup] = dataCentres
  const line = (node: string) => ({ A: `${node}-${primary}-a`, B: `${node}-${primary}-b` })
  const pair = (at: (dc: string) => string): DrPair => ({ primary: at(primary), backup: at(backup) })
  return {
    lookupService: dataCentres.flatMap((dc) => [`ls-${dc}-primary`, `ls-${dc}-mirror`]),
    otpcHosts: dataCentres.map((dc) => `otp-c-${dc}-1`),
    omdcPublishers: line("omdc-pub"),
    omdcRefresh: line("refresh"),
    omdccPublishers: line("omdcc-pub"),
    rts: rtsServers,
    mainlandLinks: { SSE: `sse-link-${primary}`, SZSE: `szse-link-${primary}` },
    drPairs: [
      ...Array.from({ length: p.ocgGatewaysPerSite }, (_, i) => pair((dc) => ocgGateway(dc, i + 1))),
      pair((dc) => `otp-c-${dc}-1`),
      // China Connect [U, after OTP-C]: each CCCG's slot at the backup site, and each market's link (its ledger).
      ...Array.from({ length: p.cccgGatewaysPerSite }, (_, i) => pair((dc) => cccgGateway(dc, i + 1))),
      pair((dc) => `sse-link-${dc}`),
      pair((dc) => `szse-link-${dc}`),
      ...["omdc-pub", "refresh", "omdcc-pub"].flatMap((node) => planes.map((plane) => pair((dc) => `${node}-${dc}-${plane.toLowerCase()}`)))
    ]
  }
}

const rtsServers = dataCentres.flatMap((dc) => [`rts-${dc}-1`, `rts-${dc}-2`])

const lines = (publisher: string): ReadonlyArray<FlowMember> =>
  planes.map((plane) => {
    const x = plane.toLowerCase()
    return { name: `line${plane}`, plane, targets: [`${publisher}-dc1-${x}`, `${publisher}-dc2-${x}`] }
  })

const each = (ids: ReadonlyArray<string>) => ids.map((id) => ({ name: id, targets: [id] }))

const flowTemplates = (p: BackboneParameters): Array<FlowTemplate> => [
  ...(["SS", "SP", "SF"] as const).map((group): FlowTemplate => ({
    id: `omdc-${group.toLowerCase()}`,
    service: "omd-c",
    pattern: "multicast",
    subscribedBy: `omdC:${group}`,
    description: `OMD-C ${group} channels, line A and line B (backup-site publishers open only after DR)`,
    members: lines("omdc-pub")
  })),
  {
    id: "omdc-refresh",
    service: "omd-c",
    pattern: "multicast",
    role: "recovery",
    subscribedBy: "omdC",
    description: "OMD-C refresh (snapshot) channels, used after a late start or a long gap",
    members: lines("refresh")
  },
  {
    id: "omdc-rts",
    service: "omd-c",
    pattern: "session",
    role: "recovery",
    subscribedBy: "omdC",
    description: "OMD-C retransmission service: 4 endpoints, 2 per site, all usable whichever site is live",
    members: each(rtsServers)
  },
  {
    id: "omdcc",
    service: "omd-cc",
    pattern: "multicast",
    subscribedBy: "omdCC",
    description: "OMD-CC (China Connect A-share data), line A and line B",
    members: lines("omdcc-pub")
  },
  {
    id: "omdcc-rts",
    service: "omd-cc",
    pattern: "session",
    role: "recovery",
    subscribedBy: "omdCC",
    description: "OMD-CC retransmission over the same RTS servers (assumption rtsServesOmdcc)",
    members: each(rtsServers)
  },
  {
    id: "ocg-lookup",
    service: "otp-c",
    pattern: "session",
    subscribedBy: "ocgSessions",
    description: "OCG-C Lookup Service: 4 endpoints tried in order; the backup site's are closed until failover",
    members: each(["ls-dc1-primary", "ls-dc1-mirror", "ls-dc2-primary", "ls-dc2-mirror"])
  },
  {
    id: "ocg-trading",
    service: "otp-c",
    pattern: "per-session",
    subscribedBy: "ocgTrading",
    description: "OCG-C trading sessions to their primary and secondary gateway"
  },
  {
    id: "ocg-drop-copy",
    service: "otp-c",
    pattern: "per-session",
    subscribedBy: "ocgDropCopy",
    description: "OCG-C drop-copy sessions (receive-only) to their primary and secondary gateway"
  },
  {
    id: "csc-northbound",
    service: "otp-csc",
    pattern: "per-session",
    subscribedBy: "cscSessions",
    description: "China Connect northbound sessions through a CCCG to the SSE and SZSE links"
  },
  {
    id: "ecp-sftp",
    service: "ecp-sftp",
    pattern: "session",
    subscribedBy: "ecp",
    description: "ECP SFTP channel (backup-site servers open only after failover)",
    members: each([...dataCentres.flatMap((dc) => Array.from({ length: p.ecpSftpServersPerSite }, (_, i) => `ecp-sftp-${dc}-${i + 1}`))])
  }
]

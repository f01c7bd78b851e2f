/**
 * The OCG-C on the wire beside a live world (`twin serve`, the rig): every OCG-C gateway of the estate
 * listens on its own loopback port, every Lookup Service endpoint on another, and the world gates them:
 *
 * - a gateway node down (a crash) goes silent: its connections are held with nothing sent and what the
 *   client sends discarded, and new connects are never answered (the port keeps listening: a dead host
 *   refuses nothing), so the client's own heartbeat / Test Request timeout ends the session as it would
 *   (DOMAIN §1); back up, the held connections are reset and Logons answered again;
 * - the backup site's gateways (those no session registers as primary or secondary) and the Lookup Service
 *   endpoints `closedUntilFailover` listen only once DR is in force;
 * - a participant's path from its BSS (`premises(P).bss`) to the gateway, judged by `pathNow` at a Logon and
 *   after every step of the world that changes it (twin/rig/world-changes.ts), cuts that participant's connections: nothing passes either way (heartbeats then
 *   time out on both sides as they would), and a Logon arriving over a cut path is never answered;
 * - session timers and fills run on the world's virtual time (`tick` after every step), so they follow
 *   the live speed and stop while the world is paused.
 *
 * Comp IDs of the watched participants (`--rig`), their registered primary and secondary gateways come
 * from the estate (participants[].ocgSessions); each Comp ID's throttle and Cancel-on-Disconnect from the
 * world's settings (the estate's under the scenario's), read as the model's gateways read them
 * (`ocgSessionRules`); passwords and the RSA key pair from the state folder (keys.ts). No element is known by id.
 */
import { premises } from "../../../topology/model.ts"
import { clientMachineId, type OcgSessionRef, ocgSessionRules, ocgSessionsOf, realClientMachineId, type RealSessionReport, type Role } from "../../models/ocg/index.ts"
import type { OcgRelayArrival } from "../../simulate/taps.ts"
import type { RigContext, RigEndpoint, RigEndpointFactory, RigListing } from "../../rig/rig-endpoint.ts"
import { changesTheWorld } from "../../rig/world-changes.ts"
import { loadSecrets } from "./keys.ts"
import { type Listener, tcpListener } from "./listener.ts"
import { LookupExchange } from "./lookup.ts"
import type { CompConfig } from "./session/comp-session.ts"
import { OcgCore } from "./session/core.ts"
import type { RelayPort } from "./session/relay.ts"
import { timetableOf } from "../../models/trading-day.ts"

interface Served {
  readonly node: string
  readonly role: "fix-gateway" | "fix-lookup"
  readonly listener: Listener
  /** Whether it should listen now, given the world. */
  readonly wanted: () => boolean
}

export const startOcgRig = async (ctx: RigContext): Promise<RigEndpoint & { readonly core: OcgCore }> => {
  const { session } = ctx
  const model = session.model
  const roles = model.roles
  const gateways = model.nodes.filter((n) => n.kind === "ocg-gateway")
  const siteOf = new Map(model.nodes.map((n) => [n.id, n.site]))
  const atBackupSite = (g: string) => roles.backupOf(g) ?? g
  // The sessions of the participants the rig watches (`--rig`): theirs are the real BSSs.
  const watched = new Set(ctx.watched)
  const refs = ocgSessionsOf(model.file.participants).filter((r) => watched.has(r.participant))
  const secrets = loadSecrets(ctx.stateDir, refs.map((r) => r.compId))
  const sessions: Array<CompConfig> = refs.map((r) => {
    // The Comp ID's settings as the model's gateways have them (a relayed session's are the model's own anyway).
    const rules = ocgSessionRules(session.settings.ocg, r.compId)
    return {
      compId: r.compId,
      participant: r.participant,
      type: r.type,
      gateways: new Set([r.primary, r.secondary, atBackupSite(r.primary), atBackupSite(r.secondary)]),
      password: secrets.passwords.get(r.compId)!,
      throttleMps: rules.throttleMps,
      ...(rules.cancelOnDisconnect === undefined ? {} : { cancelOnDisconnect: rules.cancelOnDisconnect })
    }
  })
  const core = new OcgCore({
    sessions,
    clock: { now: () => session.now, wallMs: () => Date.now(), over: () => session.over },
    privateKey: secrets.privateKey,
    log: ctx.log,
    pathCut: (p, g) => session.pathNow(premises(p).bss, g)?.open !== true,
    credentials: secrets.folder,
    day: timetableOf(session.window.timetable),
    // A Comp ID the live world runs no BSS for (LiveWorldSpec realOcgSessions): the real session is the
    // model's. Its Logons, orders, Logouts and disconnects go to its stand-in (real-client.ts), which sends
    // them to the model's gateway; what that gateway answers comes back through the tap below.
    ...(session.realOcgSessions.size === 0 ? {} : { relay: relayTo(session, refs, atBackupSite) })
  })
  // Nobody to serve (`--rig none`, watched participants without OCG-C sessions): no gateway or Lookup
  // port that would refuse every Logon — as the ECP endpoint opens none.
  if (refs.length === 0) return { core, listing: () => [], close: async () => undefined }
  if (session.realOcgSessions.size > 0) {
    // Read during the world's step, written to the sockets after it (below, before the world's gating).
    session.taps.ocg = (arrival) => void relayed.push(arrival)
  }
  const served: Array<Served> = []
  const addressOf = new Map<string, string>()
  // A backup-site gateway some session registers as its primary or secondary serves from the start (the
  // twin's model runs it); one that stands only as a DR pair opens with DR.
  const registered = new Set(ocgSessionsOf(model.file.participants).flatMap((r) => [r.primary, r.secondary]))
  for (const g of gateways) {
    const backup = roles.isBackupSite(g.site) && !registered.has(g.id)
    const listener = tcpListener(ctx.host, (port) => core.open(g.id, port), ctx.log)
    // Down is not closed: a crashed gateway is silenced in the core (`gatewayDown`), its port stays bound.
    served.push({ node: g.id, role: "fix-gateway", listener, wanted: () => !backup || session.state.drFailover })
  }
  for (const ls of roles.lookupService) {
    const node = model.nodeById.get(ls)
    if (node === undefined) continue
    const backup = roles.isBackupSite(siteOf.get(ls) ?? "")
    const listener = tcpListener(ctx.host, (port) => new LookupExchange(`lookup ${ls}`, port, (compId) => {
      const r = refs.find((x) => x.compId === compId)
      if (r === undefined) return undefined
      const p = backup ? atBackupSite(r.primary) : r.primary
      const s = backup ? atBackupSite(r.secondary) : r.secondary
      return { primary: addressOf.get(p) ?? "", secondary: addressOf.get(s) ?? "" }
    }, () => core.sendingTime(), ctx.log), ctx.log)
    served.push({ node: ls, role: "fix-lookup", listener, wanted: () => !session.state.nodesDown.has(ls) && (!node.closedUntilFailover || session.state.drFailover) })
  }
  // Every listener binds once so its port is known from the start (a client's configuration, the Lookup
  // Service's answers); those the world keeps closed close again at once.
  for (const s of served) {
    await s.listener.open()
    addressOf.set(s.node, `${ctx.host}:${s.listener.port}`)
  }
  let busy: Promise<void> = Promise.resolve()
  const relayed: Array<OcgRelayArrival> = []
  let starting = true
  const sync = async (): Promise<void> => {
    for (const s of served) {
      if (s.role !== "fix-gateway") continue
      const down = session.state.nodesDown.has(s.node)
      if (down === core.isDown(s.node)) continue
      if (down) core.gatewayDown(s.node)
      else core.gatewayUp(s.node)
      if (!starting) ctx.log(`ocg-c ${s.node}: gateway ${down ? "down (node down): connections held silent, connects unanswered" : "back up: answering again"}`)
    }
    for (const s of served) {
      const want = s.wanted()
      if (want === s.listener.listening) continue
      if (!want) {
        await s.listener.close()
        if (!starting) ctx.log(`ocg-c ${s.node}: ${s.role === "fix-gateway" ? "gateway" : "Lookup Service"} closed (${session.state.nodesDown.has(s.node) ? "node down" : "closed until DR"})`)
      } else {
        await s.listener.open().catch((e: unknown) => ctx.log(`ocg-c ${s.node}: cannot listen again on ${s.listener.port}: ${e instanceof Error ? e.message : String(e)}`))
        ctx.log(`ocg-c ${s.node}: listening on ${ctx.host}:${s.listener.port}`)
      }
    }
  }
  await sync()
  // Quiet at start: `twin serve` prints the listing, and its stderr must stay one line on bad input.
  starting = false
  let closed = false
  // Gateways, listeners and paths follow the world, which a step changes only with a `world.change` or
  // `world.converged` (twin/rig/world-changes.ts); the sessions' timers run on every step. The work is
  // chained, so a job may run after later steps: it reads the world as it is then (as `tick` reads the
  // clock), and judges it when any step since the last judgement changed it — never a timer run on a
  // world changed but not yet judged.
  let unjudged = false
  session.onAdvanced((fresh) => {
    if (closed) return
    if (changesTheWorld(fresh)) unjudged = true
    busy = busy.then(async () => {
      // What the model's gateways answered the relayed sessions before this step's crashes silence them.
      for (const arrival of relayed.splice(0)) core.fromModel(arrival)
      if (unjudged) {
        unjudged = false
        await sync()
        if (closed) return
        core.recheckPaths()
      }
      if (closed) return
      core.tick()
    }).catch((e: unknown) => ctx.log(`ocg-c: ${e instanceof Error ? e.message : String(e)}`))
  })
  return {
    core,
    listing: (): ReadonlyArray<RigListing> =>
      // A crashed gateway's port is bound but nobody answers there: it is not listed while down.
      served.filter((s) => s.listener.listening && !core.isDown(s.node)).map((s) => ({
        service: "ocg-c",
        name: `${s.role === "fix-gateway" ? "gateway" : "Lookup Service"} ${s.node}`,
        transport: "tcp",
        address: ctx.host,
        port: s.listener.port,
        element: s.node,
        role: s.role
      })),
    close: async () => {
      closed = true
      if (session.taps.ocg !== undefined) session.taps.ocg = undefined
      await busy
      for (const s of served) await s.listener.close()
    }
  }
}

/** The relay's port to the model: each report to the Comp ID's stand-in, at the world's instant (`tell`). */
const relayTo = (session: RigContext["session"], refs: ReadonlyArray<OcgSessionRef>, atBackupSite: (g: string) => string): RelayPort => {
  const byCompId = new Map(refs.filter((r) => session.realOcgSessions.has(r.compId)).map((r) => [r.compId, r]))
  const tell = (compId: string, report: RealSessionReport) => {
    const r = byCompId.get(compId)
    if (r !== undefined) session.tell(realClientMachineId(clientMachineId(r.participant, r.compId)), report)
  }
  const roleAt = (compId: string, g: string): Role => {
    const r = byCompId.get(compId)!
    return g === r.primary || g === atBackupSite(r.primary) ? "primary" : "secondary"
  }
  return {
    has: (compId) => byCompId.has(compId),
    logon: (compId, gateway, conn) => tell(compId, { _tag: "RealLogon", gateway, role: roleAt(compId, gateway), conn }),
    order: (compId, conn, o) => tell(compId, { _tag: "RealOrder", conn, ...o }),
    amend: (compId, conn, o) => tell(compId, { _tag: "RealAmend", conn, ...o }),
    massCancel: (compId, conn, o) => tell(compId, { _tag: "RealMassCancel", conn, ...o }),
    logout: (compId, conn) => tell(compId, { _tag: "RealLogout", conn }),
    ended: (compId, gateway, conn, reason) => tell(compId, { _tag: "RealDisconnected", gateway, role: roleAt(compId, gateway), conn, reason })
  }
}

export const ocgRig: RigEndpointFactory = { service: "ocg-c", start: startOcgRig }

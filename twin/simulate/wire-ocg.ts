/**
 * OCG-C and OTP-C in a simulated world: the Lookup Service endpoints of the estate's roles (the backup
 * site's closed until failover; they hand out the backup site's gateways, each primary gateway's DR pair),
 * every OCG-C gateway with the sessions it may host, the trading OTP-C host of each site (`roles.otpcHosts`:
 * a gateway trades with its own site's), and one client machine per OCG-C session on the participant's BSS.
 *
 * Idle sessions are not simulated heartbeat by heartbeat (ocg-elision.ts, one unit per BSS); the trace is
 * the same as with `ocgWiringOf({ elideHeartbeats: false })`, which tests use as the reference.
 *
 * World changes reach the machines: a gateway or Lookup Service node down crashes that machine, back up
 * restarts it; a DR failover opens the backup site's Lookup Service endpoints. A session logged on to a
 * gateway that goes down can no longer trade from that instant, though its BSS notices only when its
 * heartbeats go unanswered (DOMAIN §1 Heartbeat, 120 s after it last heard the gateway) or, the gateway
 * back first, at its first segment after the restart, which the fresh host resets (gateway.ts): the wiring
 * reports its flow down then (`flow.status`, up 0), and the BSS reports it up again when it has logged on
 * (issue 13, defect 4).
 *
 * DR failover with the primary OTP-C host down (a site loss): its DR pair, the backup site's host, takes
 * over (dr-takeover.ts) the primary host's state as it was when the primary was last up (the state the
 * world saw at its node going down: the replicated copy [U], otp-c.ts), the primary host retires and the primary site's Lookup Service
 * endpoints close (the failover stays in force, so a returning primary site must not hand out its
 * gateways, whose host is retired). Sessions then find the backup gateways through the backup Lookup
 * Service and log on with their continuing sequence numbers. A DR declared while the primary host is up
 * only opens the backup entrances; if that host goes down later while DR is in force, the takeover
 * happens then. Not modelled: a session that survives on a primary-site gateway (only possible if the
 * gateway outlived its host) keeps its connection but gets no executions until it reconnects.
 *
 * The assumptions a user sets (`settings.ocg`, twin/settings/ocg.ts) reach the machines here: each
 * session's order flow, its throttle and Cancel-on-Disconnect (on every gateway that may host it). Unset,
 * order flow is an assumption [U]: each trading session sends one order a minute through the continuous
 * sessions (09:30–12:00, 13:00–16:00), its minute offset drawn from the seed so that 1,600 sessions do not
 * all send in the same microsecond; a staggered window of the settings is offset the same way, by the same
 * draw times its own spacing (so the default flow written as a setting gives the same trace).
 */
import { keyedRandom } from "../engine/random.ts"
import type { Runtime } from "../engine/runtime.ts"
import { type Micros, MICROS_PER_SECOND } from "../engine/time.ts"
import { type OcgOrderWindow, ocgSessionSettings } from "../settings/ocg.ts"
import type { World } from "../world/world.ts"
import { FLOW_STATUS, gatewayDownStatus } from "../models/flow-status.ts"
import {
  clientMachineId,
  clientSession,
  type ClientState,
  clientState,
  control,
  gateway,
  gatewayState,
  keptHostState,
  lookupService,
  lookupServiceState,
  type OcgSessionRef,
  ocgSessionRules,
  ocgSessionsOf,
  otpcHost,
  type OtpcState,
  otpcState,
  realClient,
  realClientMachineId,
  type RealClientState,
  realClientState
} from "../models/ocg/index.ts"
import { continuousSpans, type SessionChange, timetableOf } from "../models/trading-day.ts"
import { DrTakeover } from "./dr-takeover.ts"
import { HeartbeatElision, PERIOD } from "./ocg-elision.ts"
import type { SimulationTaps } from "./taps.ts"
import { inShare, type ParticipantShare } from "./participant-share.ts"
import type { Wiring } from "./wiring.ts"

/** The default flow [U]: one order a minute through the day's continuous trading (09:30–12:00, 13:00–16:00 on a full day), staggered. */
const continuousFlow = (day: ReadonlyArray<SessionChange>): ReadonlyArray<OcgOrderWindow> =>
  continuousSpans(day).map(([from, to]) => ({ from, to, perMinute: 1, stagger: true }))

/** A window's order spacing, as order-schedule.ts spaces it. */
const spacing = (w: OcgOrderWindow): Micros => Math.max(1, Math.round((60 * MICROS_PER_SECOND) / w.perMinute))

/**
 * `elideHeartbeats: false` simulates every heartbeat (the reference the elision is tested against).
 * `realSessions`: Comp IDs a real FIX client drives (twin/wire/ocg/, `twin serve --real-sessions`): each gets
 * the stand-in `realClient` (twin/models/ocg/real-client.ts) at its BSS instead of `clientSession`, fed by the
 * endpoint, and is left out of the elision. Absent or empty: the wiring is exactly the one without it.
 */
export const ocgWiringOf = (options: {
  readonly elideHeartbeats: boolean
  readonly realSessions?: ReadonlySet<string>
  /** Only these participants' BSSs (a trading part of a run split by participants, parts.ts); default all. */
  readonly share?: ParticipantShare
}): Wiring => ({
  system: "otp-c",
  wire: ({ model, runtime, window, seed, world, settings, taps }) => {
    const participants = inShare(model.file.participants, options.share)
    const sessions = ocgSessionsOf(participants)
    const gateways = model.nodes.filter((n) => n.kind === "ocg-gateway").map((n) => n.id)
    if (sessions.length === 0 || gateways.length === 0) return
    const roles = model.roles
    const lookupEndpoints = roles.lookupService
    const real = options.realSessions ?? new Set<string>()
    /** The backup site's gateway in the same slot (its DR pair); a gateway without one stands for itself. */
    const atBackupSite = (g: string) => roles.backupOf(g) ?? g
    // Validation (topology/check-roles.ts) requires a trading host at every gateway's site once the estate
    // has OTP-C hosts; an estate with none leaves its gateways hostless (their claims go nowhere).
    const hostOf = (g: string) => roles.otpcHostAt(model.nodeById.get(g)?.site ?? "") ?? ""
    const day = timetableOf(window.timetable)
    const continuous = continuousFlow(day)
    for (const host of roles.otpcHosts) runtime.add(host, host, otpcHost, otpcState({ sessions, day }), window.from)
    for (const ls of lookupEndpoints) {
      const node = model.nodeById.get(ls)
      if (node === undefined) continue
      const backup = roles.isBackupSite(node.site)
      const assignments = sessions.map((s) => ({
        compId: s.compId,
        primary: backup ? atBackupSite(s.primary) : s.primary,
        secondary: backup ? atBackupSite(s.secondary) : s.secondary
      }))
      runtime.add(ls, ls, lookupService, lookupServiceState({ open: !node.closedUntilFailover, assignments }), window.from)
    }
    for (const g of gateways) {
      const hosted = sessions
        .filter((s) => [s.primary, s.secondary].some((x) => x === g || atBackupSite(x) === g))
        .map((s) => {
          const rules = ocgSessionRules(settings.ocg, s.compId)
          return { ...s, throttleMps: rules.throttleMps, ...(rules.cancelOnDisconnect === undefined ? {} : { cancelOnDisconnect: rules.cancelOnDisconnect }) }
        })
      runtime.add(g, g, gateway, gatewayState(g, { host: hostOf(g), sessions: hosted }), window.from)
    }
    // The world drives the machines: a gateway node going down crashes its gateway (and coming back restarts
    // it); a DR failover opens the backup site's Lookup Service, which hands out the backup gateways.
    const hostedBy = new Map(gateways.map((g) => [g, sessions.filter((s) => [s.primary, s.secondary].some((x) => x === g || atBackupSite(x) === g))]))
    world.onChange((change) => {
      if (change._tag === "NodeDown") {
        const subject = change.node
        const hosted = world.state.nodesDown.has(subject) ? hostedBy.get(subject) : undefined
        if (hosted !== undefined) cannotTrade(runtime, subject, hosted, real)
        if (gateways.includes(subject) || (lookupEndpoints.includes(subject) && runtime.has(subject))) {
          runtime.inject(runtime.now, subject, control(world.state.nodesDown.has(subject) ? "crash" : "restart"))
        }
      }
      if (change._tag === "DrFailover") {
        for (const ls of lookupEndpoints) {
          if (model.nodeById.get(ls)?.closedUntilFailover === true) runtime.inject(runtime.now, ls, control(world.state.drFailover ? "open" : "close"))
        }
      }
    })
    const primaryLookup = lookupEndpoints.filter((ls) => runtime.has(ls) && model.nodeById.get(ls)?.closedUntilFailover !== true)
    for (const { primary, backup } of roles.drPairs) {
      if (roles.otpcHosts.includes(primary) && roles.otpcHosts.includes(backup)) hostTakeover(runtime, world, { primary, backup }, primaryLookup)
    }
    for (const s of sessions) {
      if (real.has(s.compId)) {
        const flow = clientMachineId(s.participant, s.compId)
        runtime.add(realClientMachineId(flow), `${s.participant}.bss`, relayTapped(taps), realClientState({ participant: s.participant, compId: s.compId, flow }), window.from)
        continue
      }
      const draw = keyedRandom(seed, `ocg|${s.compId}`).next()
      const flow = ocgSessionSettings(settings.ocg, s.compId).orders ?? continuous
      const orders = s.type === "trading"
        ? flow.map((w) => ({ from: w.from + (w.stagger ? Math.floor(draw * spacing(w)) : 0), to: w.to, perMinute: w.perMinute }))
        : []
      runtime.add(
        clientMachineId(s.participant, s.compId),
        `${s.participant}.bss`,
        clientSession,
        clientState({ participant: s.participant, compId: s.compId, type: s.type, lookupEndpoints, orders }),
        window.from
      )
    }
    if (!options.elideHeartbeats) return
    // Idle sessions are not simulated heartbeat by heartbeat (ocg-elision.ts); one unit per BSS.
    const units = participants
      .filter((p) => p.ocgSessions.length > 0)
      .map((p) => ({ bss: `${p.id}.bss`, members: p.ocgSessions.filter((s) => !real.has(s.compId)).map((s) => ({ client: clientMachineId(p.id, s.compId), compId: s.compId })) }))
      .filter((u) => u.members.length > 0)
    new HeartbeatElision(runtime, world, units).start(window.from + PERIOD)
  }
})

export const ocgWiring: Wiring = ocgWiringOf({ elideHeartbeats: true })

/**
 * The stand-in of a real session with what it relays to the real client handed to `taps.ocg` while it is
 * set (taps.ts): read after the step, never written back.
 */
const relayTapped = (taps: SimulationTaps | undefined): typeof realClient =>
  taps === undefined ? realClient : {
    step: (state, input, now) => {
      const step = realClient.step(state, input, now)
      const next = step[0]
      const observer = taps.ocg
      if (observer !== undefined && next.relayed.length > 0 && next.relayed !== state.relayed) observer({ at: now, compId: next.compId, relayed: next.relayed })
      return step
    }
  }

/**
 * Gateway `g` has just gone down: every session logged on to it (as its BSS sees it) can no longer trade.
 * Reported as its model would (`flow.status`, twin/models/flow-status.ts) so health says down from now, not
 * from when the BSS notices; the BSS's own report when it disconnects keeps it down, its logon brings it up.
 */
const cannotTrade = (runtime: Runtime, g: string, hosted: ReadonlyArray<OcgSessionRef>, real: ReadonlySet<string>): void => {
  for (const s of hosted) {
    const flow = clientMachineId(s.participant, s.compId)
    if (real.has(s.compId)) {
      // A real client's session (real-client.ts): down from the crash too, though its client notices later.
      if (runtime.stateOf<RealClientState>(realClientMachineId(flow)).at?.gateway !== g) continue
    } else {
      if (!runtime.has(flow)) continue
      const p = runtime.stateOf<ClientState>(flow).phase
      if (p._tag !== "active" || p.gateway !== g) continue
    }
    runtime.record(FLOW_STATUS, s.participant, gatewayDownStatus(flow, "otp-c", g))
  }
}

/**
 * The OTP-C site failover of one DR pair of trading hosts: once DR is in force and the primary host is
 * down, the backup host takes over the primary's last-up state (once, dr-takeover.ts), the primary retires
 * and the primary site's Lookup Service closes. The backup host's machine exists from the start (it
 * hosts its own site's gateways), so taking over is a command to it, not a new machine.
 */
const hostTakeover = (
  runtime: Runtime,
  world: World,
  pair: { readonly primary: string; readonly backup: string },
  primaryLookup: ReadonlyArray<string>
): void => {
  const primary = { id: pair.primary, node: pair.primary }
  const dr = new DrTakeover<OtpcState>(runtime, (node) => (node === pair.primary ? pair.backup : undefined), keptHostState)
  const takeOverIfDue = () => {
    if (!world.state.drFailover || !world.state.nodesDown.has(pair.primary)) return
    dr.takeOver(primary, (backup, copy) => {
      const now = runtime.now
      runtime.inject(now, backup, control({ _tag: "Control", command: "take-over", primary: pair.primary, state: copy.state, asOf: copy.at }))
      runtime.inject(now, pair.primary, control({ _tag: "Control", command: "retire", successor: backup }))
      for (const ls of primaryLookup) runtime.inject(now, ls, control("close"))
      return backup
    })
  }
  world.onChange((change) => {
    if (change._tag === "NodeDown" && change.node === pair.primary) {
      dr.nodeChanged([primary], change.node, world.state.nodesDown.has(change.node))
      takeOverIfDue()
    }
    if (change._tag === "DrFailover") takeOverIfDue()
  })
}

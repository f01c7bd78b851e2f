/**
 * OMD-C and OMD-CC in a simulated world: per channel group and line a publisher on the line's publisher
 * node (primary site, `roles.omdcPublishers`/`omdccPublishers`) and a refresh publisher on the line's
 * refresh server (`roles.omdcRefresh`), the DR channel, the RTS servers (`roles.rts`), and the participants'
 * feed handlers — grouped into cohorts (cohort.ts): participants taking the
 * same channel group over the same PoPs (in circuit order) share one feed-handler machine, hosted on the
 * cohort's first member. On the default estate that is about 60 machines instead of about 1,070.
 *
 * World changes reach the machines: a publisher node down crashes its publishers (back up restarts them,
 * without catch-up), an RTS server node down crashes that server (its sessions are lost); a clock skew on a
 * publisher node shifts the SendTime of every publisher on it (the DR channel's too); a DR failover sends
 * DR Signal 1 on the DR channel.
 *
 * DR failover (DOMAIN §3, spec §2.2.4.2 and §3.4.3). DR Signal 1 goes out at the declaration from the DR
 * channel's publisher on the primary site, or — when that node is down (a site loss) — from the DR
 * publisher of its DR pair on the backup site, which takes over the DR channel at once. `DR_COMPLETES_AFTER`
 * later [U: 30 s], every OMD-C and OMD-CC publisher and refresh publisher whose primary-site node is down
 * is taken over by the node the estate pairs it with (`roles.drPairs`, dr-takeover.ts): a new machine with
 * the primary's state when its node went down
 * (publisher.ts `continuedAtBackup`: same channels, same lines A and B, sequence numbers continuing, no
 * Sequence Reset [U]); then DR Signal 2 (completed) goes out, and feed handlers rebuild from the backup
 * site's refresh. Without a site loss nothing is taken over, and DR Signal 2 still follows the same delay.
 * A primary-site publisher taken over is retired: should its node return, it stays silent (the failover
 * stays in force). A primary node lost while DR is already in force is taken over the same delay later.
 * OMD-CC feed handlers do not follow the OMD-C DR channel [U]: OMD-CC has its own DR channel and refresh,
 * neither modelled, so they follow real time only: a gap is recovered through the RTS as far as it keeps
 * it and otherwise lost, and a late start syncs on real time (feed-handler.ts, gaps.ts).
 *
 * A cohort holds while its members' paths are the same: when a fault touches one member's own circuit or
 * premises, that member leaves (or, if it hosts the cohort, the others leave) with a copy of the cohort's
 * feed-handler state, so from then on each side sees its own path. Both sides hear the market data already
 * on its way at the split (sent over the shared path: the network judged it then) — a split at the day's
 * first instant leaves each side the Sequence Reset sent at that instant, not a late start. The copy
 * starts a fresh RTS session of its own (one session per user); a recovery in flight at the split (the
 * RTS's answers too) stays with the original machine.
 */
import type { Participant } from "../../topology/schema.ts"
import { fromOps, type Input } from "../engine/machine.ts"
import type { Runtime } from "../engine/runtime.ts"
import { type Micros, seconds } from "../engine/time.ts"
import { type Control as OmdControl, type Line, LINES, type OmdMessage } from "../models/omd/messages.ts"
import {
  continuedAtBackup,
  drPublisherNode,
  feedHandler,
  type FeedHandlerState,
  feedHandlerNode,
  lineGroup,
  publisherNode,
  type PublisherState,
  publisher as publisherMachine,
  refreshPublisher,
  type RefreshPublisherState,
  refreshPublisherNode,
  rtsServerNode,
  RtsRequestsToday
} from "../models/omd/index.ts"
import { initialRtsClient } from "../models/omd/rts-client.ts"
import { meanMessageBytesOf, realChannelsOf, RTS_LIMITS, type RtsLimits } from "../models/omd/index.ts"
import type { RtsSettings } from "../settings/settings.ts"
import { cohortMachine } from "./cohort.ts"
import { DrTakeover, type Placed } from "./dr-takeover.ts"
import type { EstateRoles } from "../../topology/roles.ts"
import type { World } from "../world/world.ts"
import { elementOf } from "../world/world-change.ts"
import { fullDayTimetable, timetableOf } from "../models/trading-day.ts"
import type { SimulationTaps } from "./taps.ts"
import type { Wiring } from "./wiring.ts"

interface Product {
  /** Channel group as the models name it. */
  readonly group: string
  readonly channel: string
  readonly service: "omd-c" | "omd-cc"
  /** The estate's flow template a feed of this group is reported under (roles.ts `feedFlowTemplate`). */
  readonly flowTemplate: string
  readonly publisherNode: (line: Line) => string | undefined
  readonly refreshNode: (line: Line) => string | undefined
  readonly takes: (p: Participant) => boolean
  /**
   * Whether its day is the securities market's (OMD-C) rather than China Connect's (OMD-CC: [U] Northbound
   * follows the Mainland markets' hours — "home market rules", DOMAIN §2 — so a Hong Kong half day leaves
   * it a full day's, as it leaves OTP-CSC's hours, twin/models/csc/hours.ts).
   */
  readonly keepsHongKongDay: boolean
}

/** The channel groups, each on the nodes the estate's roles name for it. */
const productsOf = (roles: EstateRoles): ReadonlyArray<Product> => [
  ...(["SS", "SP", "SF"] as const).map((g): Product => ({
    group: g,
    channel: `omdc/${g}`,
    service: "omd-c",
    flowTemplate: roles.feedFlowTemplate(`omdC:${g}`),
    publisherNode: (l) => roles.omdcPublishers?.[l],
    refreshNode: (l) => roles.omdcRefresh?.[l],
    takes: (p) => p.omdC.includes(g),
    keepsHongKongDay: true
  })),
  {
    group: "CC",
    channel: "omdcc/CC",
    service: "omd-cc",
    flowTemplate: roles.feedFlowTemplate("omdCC"),
    publisherNode: (l) => roles.omdccPublishers?.[l],
    // OMD-CC's refresh is not modelled: the estate names no refresh server for it, so its feed handlers
    // have no refresh path (recovery through the RTS only, as far as it keeps; the rest is lost).
    refreshNode: () => undefined,
    takes: (p) => p.omdCC,
    keepsHongKongDay: false
  }
]

/** [U] From the DR declaration to the backup site's OMD publishing and DR Signal 2 (DR completed). */
export const DR_COMPLETES_AFTER = seconds(30)

/** The RTS limits with what the user set (twin/settings/settings.ts); unset: DOMAIN §3. */
const rtsLimitsOf = (rts: RtsSettings): RtsLimits => ({
  ...RTS_LIMITS,
  ...(rts.retentionPerChannel === undefined ? {} : { retention: rts.retentionPerChannel }),
  ...(rts.messagesPerRequest === undefined ? {} : { maxRange: rts.messagesPerRequest }),
  ...(rts.requestsPerUserPerDay === undefined ? {} : { dailyRequests: rts.requestsPerUserPerDay })
})

/**
 * The RTS user of `participant`'s feed handler for the `index`-th of the channel groups it takes. Unset
 * `usersPerParticipant` [U]: one user per feed handler (`P0001-SS`), so its sessions never collide. Set to
 * n: the participant's feed handlers share n users in turn (`P0001-rts1` …), so two sharing a user meet
 * "one session per user" (spec §4.3) at a server and share its daily request count at all of them.
 */
const rtsUser = (participant: string, group: string, index: number, usersPerParticipant: number | undefined): string =>
  usersPerParticipant === undefined ? `${participant}-${group}` : `${participant}-rts${(index % usersPerParticipant) + 1}`

export const omdWiring: Wiring = {
  system: "omd",
  wire: ({ model, runtime, window, world, settings, taps }) => {
    const observe = tapObserver(taps)
    const products = productsOf(model.roles)
    const rtsSettings = settings.rts ?? {}
    const rtsLimits = rtsLimitsOf(rtsSettings)
    const realChannels = (group: string) => rtsSettings.realChannels?.[group] ?? realChannelsOf(group)
    const present = (id: string | undefined): id is string => id !== undefined && model.nodeById.has(id)
    const start = Math.min(window.from, 6 * 3_600_000_000) // publishers start the day at or before 06:00
    const day = timetableOf(window.timetable)
    for (const product of products) {
      for (const l of LINES) {
        const pubNode = product.publisherNode(l)
        if (!present(pubNode)) continue
        const pub = publisherNode({ group: product.group, channel: product.channel, line: l, timetable: product.keepsHongKongDay ? day : fullDayTimetable })
        runtime.add(`${pubNode}/${product.group}`, pubNode, pub.machine, pub.state, start)
        const refreshNode = product.refreshNode(l)
        if (present(refreshNode)) {
          const refresh = refreshPublisherNode({
            group: product.group,
            channel: product.channel,
            line: l,
            ...(rtsSettings.refreshPeriod === undefined ? {} : { period: rtsSettings.refreshPeriod })
          })
          const id = `${refreshNode}/${product.group}`
          runtime.add(id, refreshNode, refresh.machine, refresh.state, start)
          for (const g of refresh.subscribe) runtime.subscribe(g, id)
        }
      }
    }
    // The DR channel of each line rides on that line's OMD-C publisher.
    const drNodeOf = (l: Line) => model.roles.omdcPublishers?.[l]
    for (const l of LINES) {
      const node = drNodeOf(l)
      if (!present(node)) continue
      const dr = drPublisherNode(l)
      runtime.add(`${node}/DR`, node, dr.machine, dr.state, start)
    }
    const rtsEndpoints = model.roles.rts.filter(present)
    // The daily limit is each user's, at all servers and on all their channels — OMD-CC's too, which the
    // same servers serve (the default estate's assumption rtsServesOmdcc): one count for all (rts-requests.ts).
    const requestsToday = new RtsRequestsToday()
    for (const id of rtsEndpoints) {
      const rts = rtsServerNode({
        // The channel's own message size: its packets (retransmissions, and the requests' cost in real
        // channels, stream.ts) are the publisher's.
        channels: products.map((p) => ({ channel: p.channel, meanMessageBytes: meanMessageBytesOf(p.group), realChannels: realChannels(p.group) })),
        limits: rtsLimits,
        requests: requestsToday
      })
      runtime.add(id, id, rts.machine, rts.state, start)
      for (const g of rts.subscribe) runtime.subscribe(g, id)
      // Fed inside HKEX, not over participants' paths (rts-server.ts header).
      for (const g of rts.feed ?? []) runtime.subscribeInternal(g, id)
    }

    const participantById = new Map(model.file.participants.map((p) => [p.id, p]))
    /** Which of `participant`'s channel groups `product` is, in product order (its RTS user: rtsUser). */
    const groupIndex = (participant: string, product: Product): number =>
      products.filter((p) => p.takes(participantById.get(participant)!)).indexOf(product)
    const cohorts: Array<Cohort> = []
    for (const product of products) {
      const byPops = new Map<string, Array<string>>()
      for (const p of model.file.participants) {
        if (!product.takes(p)) continue
        const key = p.circuits.map((c) => c.pop).join(",")
        const members = byPops.get(key)
        if (members === undefined) byPops.set(key, [p.id])
        else members.push(p.id)
      }
      for (const members of byPops.values()) {
        const representative = members[0]!
        const fh = feedHandlerNode({
          participant: representative,
          group: product.group,
          channel: product.channel,
          service: product.service,
          flow: `${representative}/${product.flowTemplate}`,
          rtsEndpoints,
          user: rtsUser(representative, product.group, groupIndex(representative, product), rtsSettings.usersPerParticipant),
          rtsLimits,
          realChannels: realChannels(product.group),
          // Refresh exists only where the estate places a refresh server for the product (feed-handler.ts).
          refreshChannel: LINES.some((l) => present(product.refreshNode(l))),
          ...(rtsSettings.arbitrationTimeout === undefined ? {} : { arbitrationTimeout: rtsSettings.arbitrationTimeout }),
          // OMD-CC's own DR channel is not modelled: its feed handlers do not follow OMD-C's.
          ...(product.service === "omd-cc" ? { drChannel: null } : {})
        })
        const userOf = (participant: string) => rtsUser(participant, product.group, groupIndex(participant, product), rtsSettings.usersPerParticipant)
        const cohort: Cohort = { id: `${representative}.fh/${product.group}`, group: product.group, representative, host: representative, members, subscribe: fh.subscribe, userOf, observe }
        runtime.add(cohort.id, `${representative}.fh`, cohortMachine(fh.machine, representative, () => cohort.members, observe), fh.state, window.from)
        for (const g of fh.subscribe) runtime.subscribe(g, cohort.id)
        cohorts.push(cohort)
      }
    }

    const publishers: Array<{ readonly id: string; readonly node: string }> = []
    for (const product of products) {
      for (const l of LINES) {
        const node = product.publisherNode(l)
        if (present(node)) publishers.push({ id: `${node}/${product.group}`, node })
      }
    }
    const drNodes = LINES.map(drNodeOf).filter(present)
    const drPublishers = drNodes.map((n) => `${n}/DR`)
    const failover = drFailover(runtime, world, model.roles.backupOf, {
      publishers: [...publishers, ...drPublishers.map((id, i) => ({ id, node: drNodes[i]! }))],
      refresh: products.flatMap((product) =>
        LINES.flatMap((l) => {
          const node = product.refreshNode(l)
          return present(node) ? [{ id: `${node}/${product.group}`, node }] : []
        })
      ),
      drPublishers,
      onPublisherAdded: (id, node) => {
        if (id.endsWith("/DR")) drNodes.push(node)
        else publishers.push({ id, node })
      }
    })
    world.onChange((change) => {
      if (change._tag === "NodeDown") {
        const subject = change.node
        const down = world.state.nodesDown.has(subject)
        for (const p of publishers) {
          if (p.node === subject && !failover.retired(p.id)) {
            runtime.inject(runtime.now, p.id, fromOps<OmdControl>(down ? { _tag: "control", command: "crash" } : { _tag: "control", command: "restart", catchUp: false }))
          }
        }
        if (rtsEndpoints.includes(subject)) {
          runtime.inject(runtime.now, subject, fromOps<OmdControl>(down ? { _tag: "control", command: "crash" } : { _tag: "control", command: "restart", catchUp: false }))
        }
      }
      if (change._tag === "ClockSkew") {
        const subject = change.node
        const skew = world.state.clockSkew.get(subject) ?? 0
        const onNode = [...publishers.filter((p) => p.node === subject).map((p) => p.id), ...(drNodes.includes(subject) ? [`${subject}/DR`] : [])]
        for (const id of onNode) runtime.inject(runtime.now, id, fromOps<OmdControl>({ _tag: "control", command: "clock-skew", skew }))
      }
    })
    // A change to a member's own circuit or premises (any aspect of a link or node of a participant).
    world.onChange((change) => {
      const element = elementOf(change)
      const participant = element === undefined ? undefined : "link" in element ? model.linkById.get(element.link)?.participant : model.nodeById.get(element.node)?.participant
      if (participant === undefined) return
      for (const cohort of [...cohorts]) {
        if (cohort.members.length < 2 || !cohort.members.includes(participant)) continue
        const leaving = participant === cohort.host ? cohort.members.filter((m) => m !== participant) : [participant]
        cohort.members = cohort.members.filter((m) => !leaving.includes(m))
        cohorts.push(split(runtime, cohort, leaving))
      }
    })
  }
}

interface Cohort {
  readonly id: string
  readonly group: string
  /** The participant the machine's state speaks for (its events are renamed to each member). */
  readonly representative: string
  /** The participant whose feed-handler node hosts the machine: traffic follows its path. */
  readonly host: string
  members: ReadonlyArray<string>
  readonly subscribe: ReadonlyArray<string>
  /** The RTS user a feed handler of this cohort hosted on `participant` logs on as. */
  readonly userOf: (participant: string) => string
  /** The rig's tap on its inputs (undefined: none, nothing wrapped). */
  readonly observe: CohortObserver | undefined
}

type CohortObserver = (input: Input<OmdMessage>, now: Micros, members: ReadonlyArray<string>) => void

/**
 * The feed handlers' inputs handed to `taps.omd` while it is set (taps.ts); undefined without taps, so a
 * world built for `twin simulate` wraps nothing.
 */
const tapObserver = (taps: SimulationTaps | undefined): CohortObserver | undefined => {
  if (taps === undefined) return undefined
  return (input, now, members) => {
    const observer = taps.omd
    if (observer === undefined || input._tag !== "receive") return
    observer({ at: now, participants: members, from: input.from, message: input.message, lost: input.lost ?? [] })
  }
}

const isRtsAnswer = (m: OmdMessage): boolean => m._tag.startsWith("rts-")

/**
 * A new machine for `members`, hosted on the first of them, with a copy of the cohort's state, that also
 * hears what is on its way to the cohort's machine at the split.
 */
const split = (runtime: Runtime, from: Cohort, members: ReadonlyArray<string>): Cohort => {
  const host = members[0]!
  const state = runtime.stateOf<FeedHandlerState>(from.id)
  const copy: FeedHandlerState = {
    ...state,
    // Lazy timers are re-armed by the machine when these are unset (the new slot has no timers).
    watching: false,
    expiryAt: undefined,
    rts: initialRtsClient({ ...state.rts.config, user: from.userOf(host) })
  }
  const cohort: Cohort = { id: `${host}.fh/${from.group}`, group: from.group, representative: from.representative, host, members, subscribe: from.subscribe, userOf: from.userOf, observe: from.observe }
  runtime.add(cohort.id, `${host}.fh`, cohortMachine(feedHandler, from.representative, () => cohort.members, from.observe), copy, runtime.now)
  for (const g of from.subscribe) runtime.subscribe(g, cohort.id)
  // The copy knows what the cohort has heard; what is still on its way was sent while the members shared
  // the path, so each side hears it (a split at 06:00: the day's Sequence Reset and reference data). Not
  // the RTS's answers: they belong to the cohort's session, which stays with the original machine.
  runtime.shareInFlight<OmdMessage>(from.id, cohort.id, (input) => input._tag === "receive" && !isRtsAnswer(input.message))
  runtime.record("omd.cohort.split", cohort.id, { from: from.id, members: [...members] })
  return cohort
}

/**
 * The OMD side of a DR failover (see the header): remembers each primary-site machine's state when its
 * node went down, sends DR Signal 1 and 2 from the live DR publishers and takes over what is down, each on
 * its node's DR pair (dr-takeover.ts).
 */
const drFailover = (
  runtime: Runtime,
  world: World,
  backupOf: (node: string) => string | undefined,
  primaries: {
    readonly publishers: ReadonlyArray<Placed>
    readonly refresh: ReadonlyArray<Placed>
    readonly drPublishers: ReadonlyArray<string>
    readonly onPublisherAdded: (id: string, node: string) => void
  }
): { readonly retired: (id: string) => boolean } => {
  const all = [...primaries.publishers, ...primaries.refresh]
  const publishing = new DrTakeover<PublisherState>(runtime, backupOf)
  const refreshing = new DrTakeover<RefreshPublisherState>(runtime, backupOf)
  const isRefresh = (p: Placed) => primaries.refresh.includes(p)
  /** The backup machine in the same place: the primary's id on the backup node (`NODE/SS`). */
  const onBackup = (p: Placed, backupNode: string) => `${backupNode}/${p.id.slice(p.id.indexOf("/") + 1)}`

  const takeOver = (p: Placed): void => {
    if (isRefresh(p)) {
      refreshing.takeOver(p, (backupNode, { state }) => {
        const id = onBackup(p, backupNode)
        if (runtime.has(id)) return undefined
        runtime.add(id, backupNode, refreshPublisher, { ...state, down: false, pending: undefined }, runtime.now)
        runtime.subscribe(lineGroup(state.config.channel, state.config.line), id)
        // The primary's refresh server is network-only while its node is down; retired, it stays silent after.
        runtime.inject(runtime.now, p.id, fromOps<OmdControl>({ _tag: "control", command: "crash" }))
        return id
      })
      return
    }
    publishing.takeOver(p, (backupNode, { state }) => {
      const id = onBackup(p, backupNode)
      if (runtime.has(id)) return undefined
      runtime.add(id, backupNode, publisherMachine, continuedAtBackup(state, runtime.now), runtime.now)
      primaries.onPublisherAdded(id, backupNode)
      return id
    })
  }
  const successorOf = (id: string) => publishing.successorOf(id) ?? refreshing.successorOf(id)
  const takeOverDown = (which: ReadonlyArray<Placed>) => {
    for (const p of which) if (world.state.nodesDown.has(p.node)) takeOver(p)
  }
  const drSignal = (drStatus: 1 | 2) => {
    for (const id of primaries.drPublishers) {
      runtime.inject(runtime.now, successorOf(id) ?? id, fromOps<OmdControl>({ _tag: "control", command: "dr-signal", drStatus }))
    }
  }
  const drChannel = primaries.publishers.filter((p) => primaries.drPublishers.includes(p.id))

  world.onChange((change) => {
    if (change._tag === "NodeDown") {
      const subject = change.node
      const down = world.state.nodesDown.has(subject)
      // The state now is the replicated copy as of the loss (dr-takeover.ts).
      publishing.nodeChanged(primaries.publishers, subject, down)
      refreshing.nodeChanged(primaries.refresh, subject, down)
      if (down && world.state.drFailover && all.some((p) => p.node === subject && successorOf(p.id) === undefined)) {
        runtime.at(runtime.now + DR_COMPLETES_AFTER, () => {
          if (world.state.drFailover) takeOverDown(all.filter((p) => p.node === subject))
        })
      }
    }
    if (change._tag === "DrFailover" && world.state.drFailover) {
      // DOMAIN §3: DR Signal 1 (in progress, clear caches) now, from the backup site's DR channel if the
      // primary's is down; 2 (completed, rebuild from refresh) once the backup site publishes.
      takeOverDown(drChannel)
      drSignal(1)
      runtime.at(runtime.now + DR_COMPLETES_AFTER, () => {
        if (!world.state.drFailover) return
        takeOverDown(all)
        drSignal(2)
      })
    }
  })
  return { retired: (id) => successorOf(id) !== undefined }
}

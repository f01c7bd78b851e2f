/**
 * OMD models for the integrator: factories that turn plain configuration (from the estate: which
 * participants take which channel groups, which publisher nodes, RTS endpoints in order) into a machine,
 * its initial state and the multicast groups it must be subscribed to.
 *
 * ```ts
 * const fh = feedHandlerNode({ participant: "P0001", group: "SS", rtsEndpoints: model.roles.rts })
 * rt.add("P0001.fh/SS", "P0001.fh", fh.machine, fh.state, parseClock("05:00"))
 * for (const g of fh.subscribe) rt.subscribe(g, "P0001.fh/SS")
 * ```
 *
 * Every default is DOMAIN §3 where it has a figure and a labelled assumption [U] where it has none; each can
 * be overridden. Start publishers at or before 06:00, both lines at the same time.
 */
import type { Machine } from "../../engine/machine.ts"
import { millis, parseClock, seconds, type Micros } from "../../engine/time.ts"
import type { Service } from "../../../topology/schema.ts"
import { feedHandler, initialFeedHandlerState, type FeedHandlerState } from "./feed-handler.ts"
import { LINES, type Line, type OmdMessage } from "./messages.ts"
import { initialPublisherState, publisher, type PublisherState } from "./publisher.ts"
import { initialRefreshPublisherState, refreshPublisher, type RefreshPublisherState } from "./refresh-publisher.ts"
import { initialRtsServerState, rtsServer, type RtsServerState } from "./rts-server.ts"
import type { RtsRequestsToday } from "./rts-requests.ts"
import { DAY, groupRts, lineGroup, messagesPerPacket, omdcChannel, refreshGroup, RTS_LIMITS, type RtsLimits } from "./stream.ts"
import { fullDayTimetable, type SessionChange } from "../trading-day.ts"
import { tradingDayRates, type RateProfile } from "./timetable.ts"

export * from "./messages.ts"
export * from "./stream.ts"
export * from "./timetable.ts"
export { feedHandler, type FeedHandlerConfig, type FeedHandlerState } from "./feed-handler.ts"
export { continuedAtBackup, publisher, type PublisherConfig, type PublisherState } from "./publisher.ts"
export { refreshPublisher, type RefreshPublisherConfig, type RefreshPublisherState } from "./refresh-publisher.ts"
export { rtsServer, type RtsServerConfig, type RtsServerState } from "./rts-server.ts"
export { RtsRequestsToday } from "./rts-requests.ts"

export interface OmdNode<S> {
  readonly machine: Machine<S, OmdMessage>
  readonly state: S
  /** Multicast groups to subscribe the machine to. */
  readonly subscribe: ReadonlyArray<string>
  /**
   * Groups the machine follows inside HKEX, not over the estate's multicast paths
   * (`Runtime.subscribeInternal`): the RTS servers' copy of the channels.
   */
  readonly feed?: ReadonlyArray<string>
}

/**
 * [U] Per channel group: no public peak rate or message mix (DOMAIN §3 "Peak messages per second [U]"),
 * nor the number of real channels a group is split into (spec §2.1.2: listed in the Connectivity Guide,
 * not stored here). `realChannels` assumes enough channels that none carries more than
 * `PEAK_PER_REAL_CHANNEL` messages a second at the group's peak (stream.ts: what the RTS limits apply to).
 */
export const GROUP_ASSUMPTIONS: Readonly<Record<string, { readonly peakPerSecond: number; readonly meanMessageBytes: number; readonly realChannels: number }>> = {
  // SS: Trade Ticker 36, Aggregate Order Book Update 12+24n, Broker Queue.
  SS: { peakPerSecond: 5_000, meanMessageBytes: 40, realChannels: 5 },
  // SP: aggregated book updates, 12 + 24 for one level.
  SP: { peakPerSecond: 20_000, meanMessageBytes: 36, realChannels: 20 },
  // SF: Add 32 / Modify 28 / Delete 20 order by order.
  SF: { peakPerSecond: 40_000, meanMessageBytes: 28, realChannels: 40 }
}
/** [U] The busiest a real channel is assumed to run at a group's peak (messages a second). */
export const PEAK_PER_REAL_CHANNEL = 1_000
const assumed = (group: string) => GROUP_ASSUMPTIONS[group] ?? { peakPerSecond: 1_000, meanMessageBytes: 32, realChannels: 1 }
/** The real channels channel group `group` is assumed to have (GROUP_ASSUMPTIONS; 1 for any other). */
export const realChannelsOf = (group: string): number => assumed(group).realChannels
export const meanMessageBytesOf = (group: string): number => assumed(group).meanMessageBytes

/** [U] Reference data after the Sequence Reset, in messages. */
export const START_OF_DAY_MESSAGES = 20_000
/** The dedicated DR channel (spec §3.4.3). */
export const DR_CHANNEL = "omdc/DR"

export interface PublisherSetup {
  /** Channel group: SS, SP, SF. */
  readonly group: string
  readonly line: Line
  readonly channel?: string
  readonly slice?: Micros
  readonly rates?: RateProfile
  readonly timetable?: ReadonlyArray<SessionChange>
  readonly startOfDayMessages?: number
  readonly meanMessageBytes?: number
  readonly marketCode?: string
  /** [U] DR Signal repeat period. */
  readonly drRepeat?: Micros
}

export const publisherNode = (setup: PublisherSetup): OmdNode<PublisherState> => {
  const channel = setup.channel ?? omdcChannel(setup.group)
  const a = assumed(setup.group)
  const timetable = setup.timetable ?? fullDayTimetable
  return {
    machine: publisher,
    state: initialPublisherState({
      channel,
      line: setup.line,
      group: lineGroup(channel, setup.line),
      slice: setup.slice ?? seconds(1),
      rates: setup.rates ?? tradingDayRates(a.peakPerSecond, timetable),
      startOfDayMessages: setup.startOfDayMessages ?? START_OF_DAY_MESSAGES,
      timetable,
      marketCode: setup.marketCode ?? "MAIN",
      meanMessageBytes: setup.meanMessageBytes ?? a.meanMessageBytes,
      startOfDay: DAY.startOfDay,
      endOfTraffic: DAY.endOfTraffic,
      heartbeatInterval: DAY.heartbeatInterval,
      drRepeat: setup.drRepeat ?? seconds(60)
    }),
    subscribe: []
  }
}

/**
 * The DR channel's publisher: DR Signal on `dr-signal` control, repeated until end of day (spec §3.4.3).
 * Spec §3.4.3 says the channel otherwise carries heartbeats all day; they are off unless `heartbeats`, as
 * feed handlers act on nothing in them and every subscriber would receive 22,500 a line a day.
 */
export const drPublisherNode = (line: Line, options: { readonly drRepeat?: Micros; readonly heartbeats?: boolean } = {}): OmdNode<PublisherState> => {
  const node = publisherNode({ group: "DR", channel: DR_CHANNEL, line, rates: [], timetable: [], startOfDayMessages: 0, drRepeat: options.drRepeat ?? seconds(60) })
  return options.heartbeats === true ? node : { ...node, state: { ...node.state, config: { ...node.state.config, heartbeatInterval: undefined } } }
}

export interface RefreshSetup {
  readonly group: string
  readonly line: Line
  readonly channel?: string
  /** [U] default 30 s. */
  readonly period?: Micros
  /** [U] default 1 s. */
  readonly snapshotDuration?: Micros
  /** [U] default 30,000 messages. */
  readonly snapshotMessages?: number
  readonly meanMessageBytes?: number
}

export const refreshPublisherNode = (setup: RefreshSetup): OmdNode<RefreshPublisherState> => {
  const channel = setup.channel ?? omdcChannel(setup.group)
  return {
    machine: refreshPublisher,
    state: initialRefreshPublisherState({
      channel,
      line: setup.line,
      group: refreshGroup(channel, setup.line),
      period: setup.period ?? seconds(30),
      snapshotDuration: setup.snapshotDuration ?? seconds(1),
      snapshotMessages: setup.snapshotMessages ?? 30_000,
      meanMessageBytes: setup.meanMessageBytes ?? assumed(setup.group).meanMessageBytes,
      startOfDay: DAY.startOfDay,
      endOfTraffic: DAY.endOfTraffic
    }),
    subscribe: [lineGroup(channel, setup.line)]
  }
}

export interface RtsServerSetup {
  /** Channel groups served (default SS, SP, SF) or explicit channels. */
  readonly groups?: ReadonlyArray<string>
  readonly channels?: ReadonlyArray<{ readonly channel: string; readonly meanMessageBytes: number; readonly realChannels?: number }>
  readonly users?: ReadonlyArray<string>
  readonly limits?: RtsLimits
  /** The users' requests today, shared by every server of the run (rts-requests.ts); default the server's own. */
  readonly requests?: RtsRequestsToday
}

export const rtsServerNode = (setup: RtsServerSetup = {}): OmdNode<RtsServerState> => {
  const channels = setup.channels ??
    (setup.groups ?? ["SS", "SP", "SF"]).map((g) => ({ channel: omdcChannel(g), meanMessageBytes: assumed(g).meanMessageBytes, realChannels: assumed(g).realChannels }))
  const limits = setup.limits ?? RTS_LIMITS
  return {
    machine: rtsServer,
    state: initialRtsServerState({ channels, users: setup.users, ...limits }, setup.requests),
    subscribe: [],
    // It records each channel as published, from both lines, inside HKEX (rts-server.ts header).
    feed: channels.flatMap((c) => LINES.map((l) => lineGroup(c.channel, l)))
  }
}

export interface FeedHandlerSetup {
  readonly participant: string
  readonly group: string
  /** In the order to try them (the estate's `roles.rts`). */
  readonly rtsEndpoints: ReadonlyArray<string>
  /** [U] RTS user; default `${participant}-${group}`: one per feed handler, so sessions never collide. */
  readonly user?: string
  readonly service?: Service
  readonly flow?: string
  readonly channel?: string
  /** The DR channel; null for none. */
  readonly drChannel?: string | null
  /** [U] default 50 ms. */
  readonly arbitrationTimeout?: Micros
  /** Default 3 heartbeat intervals (6 s). */
  readonly silentAfter?: Micros
  /** Default one heartbeat interval plus [U] 500 ms (2.5 s): see FeedHandlerConfig. */
  readonly blackoutAfter?: Micros
  /** [U] default 18:35: five minutes after traffic stops, outstanding gaps are lost. */
  readonly closeAt?: Micros
  /** [U] default 5 s. */
  readonly rtsResponseTimeout?: Micros
  /** Per real channel and request (DOMAIN §3); default RTS_LIMITS. */
  readonly rtsLimits?: RtsLimits
  /** Real channels the group stands for (stream.ts); default GROUP_ASSUMPTIONS, else 1. */
  readonly realChannels?: number
  /** Mean message size on the channel (packets of stream.ts `messagesPerPacket`); default GROUP_ASSUMPTIONS. */
  readonly meanMessageBytes?: number
  /** Default true; false: the handler does not use refresh although the channel has it. */
  readonly useRefresh?: boolean
  /**
   * Whether the channel has refresh lines at all; default true. False for a product the estate gives no
   * refresh server (OMD-CC as modelled, twin/simulate/wire-omd.ts): the handler is not subscribed to them.
   */
  readonly refreshChannel?: boolean
}

export const feedHandlerNode = (setup: FeedHandlerSetup): OmdNode<FeedHandlerState> => {
  const channel = setup.channel ?? omdcChannel(setup.group)
  const flow = setup.flow ?? `${setup.participant}/omdc-${setup.group.toLowerCase()}`
  const drChannel = setup.drChannel === undefined ? DR_CHANNEL : (setup.drChannel ?? undefined)
  const limits = setup.rtsLimits ?? RTS_LIMITS
  const realChannels = setup.realChannels ?? assumed(setup.group).realChannels
  const state = initialFeedHandlerState({
    participant: setup.participant,
    flow,
    service: setup.service ?? "omd-c",
    channel,
    drChannel,
    arbitrationTimeout: setup.arbitrationTimeout ?? millis(50),
    silentAfter: setup.silentAfter ?? 3 * DAY.heartbeatInterval,
    blackoutAfter: setup.blackoutAfter ?? DAY.heartbeatInterval + millis(500),
    startOfDay: DAY.startOfDay,
    endOfTraffic: DAY.endOfTraffic,
    closeAt: setup.closeAt ?? parseClock("18:35")!,
    rtsRetention: groupRts(limits, realChannels).retention,
    withoutRefresh: setup.refreshChannel === false ? "no refresh on the channel" : setup.useRefresh === false ? "refresh not used" : undefined,
    rts: {
      participant: setup.participant,
      flow,
      channel,
      user: setup.user ?? `${setup.participant}-${setup.group}`,
      endpoints: setup.rtsEndpoints,
      responseTimeout: setup.rtsResponseTimeout ?? seconds(5),
      maxRange: limits.maxRange,
      dailyRequests: limits.dailyRequests,
      realChannels,
      perPacket: messagesPerPacket(setup.meanMessageBytes ?? assumed(setup.group).meanMessageBytes)
    }
  })
  const subscribe = [
    ...LINES.map((l) => lineGroup(channel, l)),
    ...(setup.refreshChannel === false ? [] : LINES.map((l) => refreshGroup(channel, l))),
    ...(drChannel === undefined ? [] : LINES.map((l) => lineGroup(drChannel, l)))
  ]
  return { machine: feedHandler, state, subscribe }
}

/**
 * An OMD refresh publisher for one channel on one line (DOMAIN §3 "Refresh"; spec §4.4): every `period`
 * it sends a snapshot of the market state, then Refresh Complete carrying LastSeqNum, the real-time
 * sequence number the snapshot is synchronised with.
 *
 * It subscribes (integrator) to the real-time line it shadows to know the channel's position; LastSeqNum is
 * the highest sequence number it has seen when the snapshot starts. The snapshot is one model message for
 * all its packets (`snapshotMessages` messages), multicast with a `range` on the refresh line's own
 * stream, so a loss anywhere in it spoils that snapshot for that receiver; Refresh Complete follows
 * `snapshotDuration` later. Refresh channels have no retransmission (spec §4.4 "Missed messages"): a
 * receiver that misses part of a snapshot waits for the next one.
 *
 * Day cycle as the real-time channels: nothing before 06:00, nothing from 18:30 (spec §2.2.2).
 */
import { emit, multicast, timer, type Action, type Input, type Machine, type Step } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import { realTimeLastSeq, wireBytes, type Line, type OmdMessage } from "./messages.ts"
import { messagesPerPacket, refreshStream } from "./stream.ts"

export interface RefreshPublisherConfig {
  readonly channel: string
  readonly line: Line
  /** Multicast group of this refresh line. */
  readonly group: string
  /** [U] Snapshot period; the spec says "at regular intervals" without a figure. */
  readonly period: Micros
  /** [U] Time from a snapshot's start to its Refresh Complete. */
  readonly snapshotDuration: Micros
  /** [U] Messages in one snapshot (market size). */
  readonly snapshotMessages: number
  readonly meanMessageBytes: number
  readonly startOfDay: Micros
  readonly endOfTraffic: Micros
}

export interface RefreshPublisherState {
  readonly config: RefreshPublisherConfig
  readonly down: boolean
  /** Highest real-time sequence number seen. */
  readonly highest: number
  readonly cycle: number
  /** Last sequence number used on the refresh line's own stream. */
  readonly refreshSeq: number
  readonly pending: { readonly cycle: number; readonly lastSeqNum: number } | undefined
}

export const initialRefreshPublisherState = (config: RefreshPublisherConfig): RefreshPublisherState => ({
  config,
  down: false,
  highest: 0,
  cycle: 0,
  refreshSeq: 0,
  pending: undefined
})

type A = Action<OmdMessage>

/** The first snapshot time after `now`: 06:00 + k·period. */
const nextSnapshotAt = (c: RefreshPublisherConfig, now: Micros): Micros =>
  now < c.startOfDay ? c.startOfDay + c.period : c.startOfDay + (Math.floor((now - c.startOfDay) / c.period) + 1) * c.period

const complete = (s: RefreshPublisherState, actions: Array<A>): RefreshPublisherState => {
  const p = s.pending
  if (p === undefined) return s
  const c = s.config
  const seq = s.refreshSeq + 1
  const message: OmdMessage = { _tag: "refresh-complete", channel: c.channel, line: c.line, cycle: p.cycle, lastSeqNum: p.lastSeqNum }
  actions.push(multicast(c.group, message, wireBytes(message, c.meanMessageBytes), { stream: refreshStream(c.channel, c.line), first: seq, last: seq }))
  return { ...s, refreshSeq: seq, pending: undefined }
}

const snapshot = (s: RefreshPublisherState, actions: Array<A>, now: Micros): RefreshPublisherState => {
  const c = s.config
  if (now >= c.endOfTraffic) return s
  actions.push(timer("snapshot", nextSnapshotAt(c, now) - now))
  if (s.down) return s
  const cycle = s.cycle + 1
  const first = s.refreshSeq + 1
  const last = s.refreshSeq + c.snapshotMessages
  const message: OmdMessage = { _tag: "snapshot", channel: c.channel, line: c.line, cycle, messages: c.snapshotMessages }
  actions.push(multicast(c.group, message, wireBytes(message, c.meanMessageBytes), { stream: refreshStream(c.channel, c.line), first, last, perPacket: messagesPerPacket(c.meanMessageBytes) }))
  actions.push(emit("omd.refresh.cycle", { channel: c.channel, line: c.line, cycle, lastSeqNum: s.highest }))
  const next = { ...s, cycle, refreshSeq: last, pending: { cycle, lastSeqNum: s.highest } }
  if (c.snapshotDuration <= 0) return complete(next, actions)
  actions.push(timer("complete", c.snapshotDuration))
  return next
}

export const refreshPublisher: Machine<RefreshPublisherState, OmdMessage> = {
  step: (state: RefreshPublisherState, input: Input<OmdMessage>, now: Micros): Step<RefreshPublisherState, OmdMessage> => {
    const actions: Array<A> = []
    const c = state.config
    switch (input._tag) {
      case "start":
        return [state, [timer("snapshot", nextSnapshotAt(c, now) - now)]]
      case "timer":
        if (input.name === "snapshot") return [snapshot(state, actions, now), actions]
        if (input.name === "complete" && !state.down) return [complete(state, actions), actions]
        return [state, []]
      case "receive": {
        const m = input.message
        if (m._tag === "control") {
          if (m.command === "crash") return [{ ...state, down: true, pending: undefined }, [emit("omd.refresh.publisher", { channel: c.channel, line: c.line, state: "down" })]]
          if (m.command === "restart") return [{ ...state, down: false }, [emit("omd.refresh.publisher", { channel: c.channel, line: c.line, state: "up" })]]
          return [state, []]
        }
        const seq = realTimeLastSeq(m)
        if (seq === undefined || !("channel" in m) || m.channel !== c.channel) return [state, []]
        if (m._tag === "sequence-reset") return [{ ...state, highest: 0 }, []]
        return seq > state.highest ? [{ ...state, highest: seq }, []] : [state, []]
      }
    }
  }
}

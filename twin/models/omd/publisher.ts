/**
 * An OMD-C publisher for one channel (one channel group modelled as one sequence space) on one line.
 * Line A and line B are two machines with the same configuration: the rate profile is integrated exactly,
 * so both allocate the same sequence numbers to the same slices without talking to each other.
 *
 * THE ABSTRACTION. The publisher does not send one simulated event per OMD packet. Per time slice
 * (`slice`, e.g. 1 s) it multicasts one `slice` message standing for the messages `first..last` published
 * in it, with the multicast action's `range` (stream `omdc/SS/A`), so the network reports per receiver
 * exactly which of those sequence numbers were lost on its path.
 *
 * What it preserves:
 * - sequence numbers: every message has its real number, identical on line A and B (DOMAIN §3 arbitration);
 * - which seqs are lost on which line, for each receiver, so gap sizes and positions are exact;
 * - heartbeats: MsgCount 0 with the last seq, every `heartbeatInterval` (2 s) on an idle channel;
 * - the exact individual messages: Sequence Reset first at 06:00, Trading Session Status at the timetable
 *   times (one seq each), DR Signal 1 then 2 and its periodic repeats (one seq each);
 * - recovery traffic: RTS requests and refresh cycles are sized from these exact ranges;
 * - bytes per slice (messages × mean size plus a 16-byte header per packet), for capacity.
 * What it does not preserve:
 * - timing inside a slice: all messages of a slice leave at its end (loss is detected up to one slice late,
 *   latency inside a slice is not modelled);
 * - packet bundling: A and B may bundle differently in reality (spec §4.2); here they carry the same slices
 *   packed the same way (stream.ts `messagesPerPacket` per packet, from the slice's first number), and the
 *   network loses whole packets;
 * - message contents (book, trades) beyond their count and mean size.
 *
 * Day cycle (DOMAIN §3): Sequence Reset at 06:00 (then start-of-day reference data), traffic including
 * heartbeats stops at 18:30. Start both lines' machines at or before 06:00: a line that starts late begins
 * its day late and no longer matches the other.
 *
 * Control (a `control` message, typically `from: "ops"`): `crash` silences the line while its sequence keeps
 * advancing (the matching engine does not stop: the seqs it misses are lost on this line only — the RTS still
 * keeps them, rts-server.ts); `restart` resumes it, with `catchUp` sending what it missed first;
 * `dr-signal`; `clock-skew` shifts SendTime.
 * Spec §2.2.4.1 failovers map onto these: active-active (SP/SF book and trades) loses one line — crash it
 * and restart without catch-up, the other line carried everything; active-standby (reference data, session
 * status, SS) interrupts both lines — crash both and restart both with `catchUp` (late, not lost) [U: the
 * spec says "a short interruption", not whether messages are then lost].
 *
 * DR failover (spec §2.2.4.2: "OMD at the disaster recovery (DR) site will take up servicing"): the backup
 * site's publisher is a new machine whose state is `continuedAtBackup(primary's state when last up, now)`;
 * its start announces the channel's position with a heartbeat instead of a start of day. See that function
 * for how its sequence numbers continue [U].
 */
import type { OmdPublisherData } from "../../contract/kinds-omd.ts"
import { emit, multicast, timer, type Action, type Input, type Machine, type Step } from "../../engine/machine.ts"
import { MICROS_PER_SECOND, type Micros } from "../../engine/time.ts"
import { type Control, type Line, type OmdMessage, wireBytes } from "./messages.ts"
import { lineStream, messagesPerPacket } from "./stream.ts"
import type { SessionChange } from "../trading-day.ts"
import { accrue, nextBusyAt, type RateProfile } from "./timetable.ts"

export interface PublisherConfig {
  readonly channel: string
  readonly line: Line
  /** Multicast group the line is sent to. */
  readonly group: string
  readonly slice: Micros
  readonly rates: RateProfile
  /** Reference data published right after the Sequence Reset (DOMAIN §3), in messages. */
  readonly startOfDayMessages: number
  readonly timetable: ReadonlyArray<SessionChange>
  readonly marketCode: string
  readonly meanMessageBytes: number
  readonly startOfDay: Micros
  readonly endOfTraffic: Micros
  /** DOMAIN §3: about every 2 s on an idle channel; undefined: no heartbeats (see drPublisherNode). */
  readonly heartbeatInterval: Micros | undefined
  /** Spec §3.4.3: the same DR Signal is sent periodically until end of day; [U] period. */
  readonly drRepeat: Micros
}

export interface PublisherState {
  readonly config: PublisherConfig
  readonly phase: "waiting" | "running" | "stopped"
  readonly down: boolean
  /** Last sequence number allocated (the channel's position, advancing even while this line is down). */
  readonly lastSeq: number
  /** Last sequence number this line put on the wire. */
  readonly lastSentSeq: number
  readonly sliceStart: Micros
  readonly nextBoundary: Micros | undefined
  /** Accrued message·µs not yet turned into whole messages. */
  readonly owed: number
  readonly nextSession: number
  readonly lastSendAt: Micros
  readonly skew: Micros
  readonly dr: { readonly drStatus: 1 | 2; readonly nextAt: Micros } | undefined
  readonly resets: number
}

export const initialPublisherState = (config: PublisherConfig): PublisherState => ({
  config,
  phase: "waiting",
  down: false,
  lastSeq: 0,
  lastSentSeq: 0,
  sliceStart: config.startOfDay,
  nextBoundary: undefined,
  owed: 0,
  nextSession: 0,
  lastSendAt: config.startOfDay,
  skew: 0,
  dr: undefined,
  resets: 0
})

type A = Action<OmdMessage>

/** What one step builds up: the state so far and the actions to carry out. */
interface Out {
  state: PublisherState
  readonly actions: Array<A>
}

/** Multicasts on this line unless it is down; a send restarts the heartbeat interval. */
const send = (o: Out, now: Micros, message: OmdMessage, range?: { readonly first: number; readonly last: number }): void => {
  if (o.state.down) return
  const c = o.state.config
  const bytes = wireBytes(message, c.meanMessageBytes)
  o.actions.push(multicast(c.group, message, bytes, range && { stream: lineStream(c.channel, c.line), ...range, perPacket: messagesPerPacket(c.meanMessageBytes) }))
  o.state = { ...o.state, lastSendAt: now, lastSentSeq: range?.last ?? o.state.lastSentSeq }
}

/** Allocates the next `count` sequence numbers and sends them as one slice. */
const sendSlice = (o: Out, now: Micros, count: number): void => {
  const c = o.state.config
  const first = o.state.lastSeq + 1
  const last = o.state.lastSeq + count
  o.state = { ...o.state, lastSeq: last }
  send(o, now, { _tag: "slice", channel: c.channel, line: c.line, first, last, sendTime: now + o.state.skew }, { first, last })
}

const nextBoundaryAfter = (c: PublisherConfig, t: Micros): Micros | undefined => {
  const busy = nextBusyAt(c.rates, t)
  if (busy === undefined || busy >= c.endOfTraffic) return undefined
  const b = c.startOfDay + (Math.floor((busy - c.startOfDay) / c.slice) + 1) * c.slice
  return Math.min(b, c.endOfTraffic)
}

const nextWake = (s: PublisherState): Micros | undefined => {
  if (s.phase === "stopped") return undefined
  const c = s.config
  if (s.phase === "waiting") return c.startOfDay
  let t = c.endOfTraffic
  if (s.nextBoundary !== undefined) t = Math.min(t, s.nextBoundary)
  const session = c.timetable[s.nextSession]
  if (session !== undefined) t = Math.min(t, session.at)
  if (s.dr !== undefined) t = Math.min(t, s.dr.nextAt)
  if (!s.down && c.heartbeatInterval !== undefined) t = Math.min(t, s.lastSendAt + c.heartbeatInterval)
  return t
}

const withTick = (s: PublisherState, actions: Array<A>, now: Micros): Step<PublisherState, OmdMessage> => {
  const wake = nextWake(s)
  if (wake !== undefined) actions.push(timer("tick", Math.max(0, wake - now)))
  return [s, actions]
}

const sessionStatus = (o: Out, change: SessionChange, now: Micros): void => {
  const c = o.state.config
  const seq = o.state.lastSeq + 1
  o.state = { ...o.state, lastSeq: seq }
  const message: OmdMessage = {
    _tag: "session-status",
    channel: c.channel,
    line: c.line,
    seq,
    marketCode: c.marketCode,
    subId: change.subId,
    status: change.status,
    sendTime: now + o.state.skew
  }
  send(o, now, message, { first: seq, last: seq })
  o.actions.push(emit("omd.session-status", { channel: c.channel, line: c.line, seq, subId: change.subId, status: change.status, name: change.name, sent: !o.state.down }))
}

const drSignal = (o: Out, drStatus: 1 | 2, now: Micros): void => {
  const c = o.state.config
  const seq = o.state.lastSeq + 1
  o.state = { ...o.state, lastSeq: seq, dr: { drStatus, nextAt: now + c.drRepeat } }
  send(o, now, { _tag: "dr-signal", channel: c.channel, line: c.line, seq, drStatus, sendTime: now + o.state.skew }, { first: seq, last: seq })
  o.actions.push(emit("omd.dr-signal", { channel: c.channel, line: c.line, seq, drStatus, sent: !o.state.down }))
}

/** 06:00: Sequence Reset first (spec §2.2.1), then reference data, then the statuses already due. */
const startOfDay = (o: Out, now: Micros): void => {
  const c = o.state.config
  const resetNo = o.state.resets + 1
  o.state = { ...o.state, phase: "running", resets: resetNo, sliceStart: now, nextBoundary: nextBoundaryAfter(c, now), lastSendAt: now }
  send(o, now, { _tag: "sequence-reset", channel: c.channel, line: c.line, newSeqNo: 1, resetNo, sendTime: now + o.state.skew })
  o.actions.push(emit("omd.publisher", { channel: c.channel, line: c.line, state: "start-of-day", seq: 0 }))
  if (c.startOfDayMessages > 0) sendSlice(o, now, c.startOfDayMessages)
}

const tick = (o: Out, now: Micros): void => {
  const c = o.state.config
  const boundary = o.state.nextBoundary
  if (boundary !== undefined && now >= boundary) {
    const owed = o.state.owed + accrue(c.rates, o.state.sliceStart, boundary)
    const count = Math.floor(owed / MICROS_PER_SECOND)
    o.state = { ...o.state, owed: owed - count * MICROS_PER_SECOND, sliceStart: boundary, nextBoundary: nextBoundaryAfter(c, boundary) }
    if (count > 0) sendSlice(o, now, count)
  }
  if (now >= c.endOfTraffic) {
    o.state = { ...o.state, phase: "stopped", nextBoundary: undefined, dr: undefined }
    o.actions.push(emit("omd.publisher", { channel: c.channel, line: c.line, state: "stopped", seq: o.state.lastSeq }))
    return
  }
  for (let change = c.timetable[o.state.nextSession]; change !== undefined && change.at <= now; change = c.timetable[o.state.nextSession]) {
    o.state = { ...o.state, nextSession: o.state.nextSession + 1 }
    sessionStatus(o, change, now)
  }
  const dr = o.state.dr
  if (dr !== undefined && now >= dr.nextAt) drSignal(o, dr.drStatus, now)
  // DOMAIN §3: a heartbeat only on an idle channel (any send above restarted the interval).
  if (!o.state.down && c.heartbeatInterval !== undefined && now - o.state.lastSendAt >= c.heartbeatInterval) {
    send(o, now, { _tag: "heartbeat", channel: c.channel, line: c.line, seq: o.state.lastSentSeq, sendTime: now + o.state.skew })
  }
}

const control = (o: Out, command: Control, now: Micros): void => {
  const c = o.state.config
  const note = (state: OmdPublisherData["state"]) => o.actions.push(emit("omd.publisher", { channel: c.channel, line: c.line, state, seq: o.state.lastSeq }))
  switch (command.command) {
    case "crash":
      if (o.state.down) return
      o.state = { ...o.state, down: true }
      return void note("down")
    case "restart": {
      if (!o.state.down) return
      o.state = { ...o.state, down: false }
      note("up")
      if (o.state.phase !== "running") return
      const { lastSentSeq, lastSeq } = o.state
      if (command.catchUp && lastSentSeq < lastSeq) {
        send(o, now, { _tag: "slice", channel: c.channel, line: c.line, first: lastSentSeq + 1, last: lastSeq, sendTime: now + o.state.skew }, { first: lastSentSeq + 1, last: lastSeq })
        return
      }
      // Resume at the channel's position: the heartbeat tells receivers which seqs this line skipped.
      o.state = { ...o.state, lastSentSeq: lastSeq }
      send(o, now, { _tag: "heartbeat", channel: c.channel, line: c.line, seq: lastSeq, sendTime: now + o.state.skew })
      return
    }
    case "dr-signal":
      if (o.state.phase === "running") drSignal(o, command.drStatus, now)
      return
    case "clock-skew":
      o.state = { ...o.state, skew: command.skew }
      o.actions.push(emit("omd.clock-skew", { channel: c.channel, line: c.line, skew: command.skew }))
  }
}

/**
 * The state of the backup site's publisher taking over this channel and line at `now` from `primary` (the
 * primary's state when it was last up, as replicated) [U]: it continues the channel's sequence numbers
 * after the last one the primary allocated, with no Sequence Reset — spec v1.45 replaced the Sequence-Reset
 * DR mechanism by DR Signal (change log: "Remove DR mechanism based on Sequence Reset"), and DR Signal 2
 * tells clients to rebuild from refresh. Nothing is published between the loss and the takeover: the
 * matching engine was lost with the site, so the rate profile restarts at `now` (activity accrued in the
 * outage is dropped) and the Trading Session Statuses that fell due go out at once, in order. A copy
 * taken before 06:00 starts the day as usual. Add the machine with `runtime.add(id, node, publisher, state,
 * now)`; the DR channel's publisher is taken over the same way, without the DR Signal it was repeating.
 */
export const continuedAtBackup = (primary: PublisherState, now: Micros): PublisherState => {
  if (primary.phase === "waiting") return { ...primary, down: false, skew: 0, dr: undefined }
  const c = primary.config
  return {
    ...primary,
    phase: now >= c.endOfTraffic ? "stopped" : "running",
    down: false,
    lastSentSeq: primary.lastSeq,
    sliceStart: now,
    nextBoundary: nextBoundaryAfter(c, now),
    owed: 0,
    lastSendAt: now,
    skew: 0,
    dr: undefined
  }
}

/** A backup publisher's start (running already): `took-over`, then a heartbeat at the channel's position. */
const resumeAtBackup = (state: PublisherState, now: Micros): Step<PublisherState, OmdMessage> => {
  const c = state.config
  const o: Out = { state, actions: [emit("omd.publisher", { channel: c.channel, line: c.line, state: "took-over", seq: state.lastSeq })] }
  send(o, now, { _tag: "heartbeat", channel: c.channel, line: c.line, seq: state.lastSeq, sendTime: now })
  tick(o, now)
  return withTick(o.state, o.actions, now)
}

export const publisher: Machine<PublisherState, OmdMessage> = {
  step: (state: PublisherState, input: Input<OmdMessage>, now: Micros): Step<PublisherState, OmdMessage> => {
    switch (input._tag) {
      case "start":
        if (state.phase === "running") return resumeAtBackup(state, now)
        if (state.phase === "stopped") return [state, []]
        if (now < state.config.startOfDay) return withTick(state, [], now)
        return startAndTick(state, now)
      case "timer": {
        if (input.name !== "tick") return [state, []]
        if (state.phase === "waiting") return startAndTick(state, now)
        if (state.phase === "stopped") return [state, []]
        const o: Out = { state, actions: [] }
        tick(o, now)
        return withTick(o.state, o.actions, now)
      }
      case "receive": {
        if (input.message._tag !== "control") return [state, []]
        const o: Out = { state, actions: [] }
        control(o, input.message, now)
        return withTick(o.state, o.actions, now)
      }
    }
  }
}

const startAndTick = (state: PublisherState, now: Micros): Step<PublisherState, OmdMessage> => {
  const o: Out = { state, actions: [] }
  startOfDay(o, now)
  tick(o, now)
  return withTick(o.state, o.actions, now)
}

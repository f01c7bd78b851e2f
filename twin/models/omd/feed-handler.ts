/**
 * A participant's feed handler for one OMD channel (channel group): listens to line A and line B,
 * arbitrates on sequence numbers, recovers gaps from the retransmission service or from refresh, watches
 * both lines for silence, and reports what it sees.
 *
 * Subscribe it (integrator) to both real-time line groups, both refresh groups, and optionally the DR
 * channel's groups; RTS answers come to it directly. It reports:
 * - `flow.status` for its flow at start and on every change: `up` = lines alive of 2, `degraded` while gaps
 *   are outstanding or it is out of sync (late start, DR). Both lines are presumed alive at start and are
 *   called silent only after `silentAfter` without anything from them, counted from 06:00 at the earliest
 *   and not after 18:30 (traffic stops: DOMAIN §3);
 * - `omd.line` when a line goes silent (no data or heartbeat for `silentAfter`) or comes back;
 * - `omd.blackout.start` as soon as nothing has arrived on either line for more than `blackoutAfter`
 *   (`from` the last arrival), so that an outage still under way is known before the next message — a
 *   verdict taken during it counts it;
 * - `omd.blackout` when a message arrives after more than `blackoutAfter` without any on either line:
 *   `from` the last arrival before it, `duration` the time between them — the time without market data,
 *   measured from arrivals, not from when a silence timer fires (so the same outage measures the same for
 *   every receiver behind it, and one shorter than `silentAfter` is measured too);
 * - `omd.gap`, `omd.recovered`, `omd.loss.unrecovered` (gaps.ts), `omd.sync` and `omd.refresh`.
 *
 * Sync states: `awaiting-reset` until the day's Sequence Reset; data before it means a late start (spec
 * §2.2.1: use refresh) → `awaiting-refresh`; DR Signal 1 → `dr`, 2 → `awaiting-refresh` (spec §3.4.3);
 * a usable refresh → `synced`; `closed` after `closeAt`. A handler without a refresh path
 * (`withoutRefresh`) would wait for ever there: a late start syncs on the first number seen and the
 * numbers of the day before it (from 1, the Sequence Reset's NewSeqNo) are a gap like any other; DR Signal 2
 * syncs on real time, releasing the gaps held while in DR.
 *
 * Refresh (spec §4.4): keep following real time (the cache), wait for a whole snapshot — one whose start
 * arrived after refresh was wanted, every number on line A or line B — and its Refresh Complete, then drop
 * everything ≤ LastSeqNum.
 * Gotcha: the handler must be subscribed to the refresh groups all day (the engine has no join/leave).
 *
 * Speed: one lazy timer (`watch`) serves both the silence and the blackout deadlines, armed for the earlier
 * of them and never re-armed per message; when it fires with both moved on by traffic, `deadline` tells the
 * runtime the next instant without a step (it fires about every 2 s per feed handler).
 */
import { timer, type Input, type Machine, type Step } from "../../engine/machine.ts"
import { flowStatus } from "../flow-status.ts"
import type { Micros } from "../../engine/time.ts"
import type { Service } from "../../../topology/schema.ts"
import { arbitrationAfter, emptyArbitration, expire, nextExpiry, observe, resetArbitration, settleUpTo, type Arbitration } from "./arbitration.ts"
import { abandonAll, applyRts, declare, feedOf, note, recover, refreshWanted, releaseHeld, type Gap, type Work } from "./gaps.ts"
import { LINES, type Line, type OmdMessage } from "./messages.ts"
import { formatRange, total } from "./ranges.ts"
import { initialRtsClient, rtsReceive, rtsSettleUpTo, rtsShutdown, rtsTimeout, type RtsClient, type RtsClientConfig } from "./rts-client.ts"

export interface FeedHandlerConfig {
  readonly participant: string
  /** `P0001/omdc-ss` (topology/model.ts). */
  readonly flow: string
  readonly service: Service
  readonly channel: string
  readonly drChannel: string | undefined
  /** DOMAIN §3: lost on one line, fill from the other within a configurable timeout. */
  readonly arbitrationTimeout: Micros
  /** A line with no data and no heartbeat for this long is silent (e.g. 3 heartbeat intervals). */
  readonly silentAfter: Micros
  /**
   * Nothing on either line for longer than this is a blackout (`omd.blackout`). A live channel sends at
   * least every heartbeat interval (DOMAIN §3: 2 s), so the default is that plus [U] 500 ms for delivery
   * jitter; the model's 1 s slices make its resolution one slice.
   */
  readonly blackoutAfter: Micros
  readonly startOfDay: Micros
  readonly endOfTraffic: Micros
  /** Gaps still outstanding now are lost for good. */
  readonly closeAt: Micros
  /**
   * What the client assumes the RTS keeps of this channel's numbers (DOMAIN §3: the last 50,000 per real
   * channel, times the real channels the modelled channel stands for: stream.ts); older gaps go to refresh.
   */
  readonly rtsRetention: number
  /**
   * Why the handler has no refresh path ("no refresh on the channel", "refresh not used"); undefined when
   * it has one. Without one, what refresh would have brought is asked of the RTS as far as it still keeps
   * it, and the rest is lost (gaps.ts); a late start and DR Signal 2 sync on real time instead of waiting.
   */
  readonly withoutRefresh: string | undefined
  readonly rts: RtsClientConfig
}

export type Sync = "awaiting-reset" | "synced" | "awaiting-refresh" | "dr" | "closed"

export interface LineWatch {
  readonly alive: boolean
  readonly lastHeard: Micros
}

export interface FeedHandlerStats {
  /** Sequence numbers: found lost on both lines, recovered each way, lost for good. */
  readonly gaps: number
  readonly recoveredRts: number
  readonly recoveredRefresh: number
  readonly unrecovered: number
}

export interface FeedHandlerState {
  readonly config: FeedHandlerConfig
  readonly sync: Sync
  readonly syncReason: string
  readonly resetNo: number
  readonly drStatus: 0 | 1 | 2
  readonly arb: Arbitration
  /** Outstanding gaps, sorted. */
  readonly gaps: ReadonlyArray<Gap>
  /** Late start: the first sequence number cached; a snapshot older than it leaves a gap before it. */
  readonly cacheFrom: number | undefined
  readonly lines: Readonly<Record<Line, LineWatch>>
  /** The `watch` timer (silence and blackout) is armed; the runtime re-arms it lazily (`deadline`). */
  readonly watching: boolean
  /** The last arrival before the blackout reported begun (`omd.blackout.start`); stale once anything arrives. */
  readonly blackoutFrom: Micros | undefined
  readonly expiryAt: Micros | undefined
  /**
   * The refresh cycle whose snapshot arrived while refresh was wanted, with the numbers neither refresh line
   * brought of it (lines A and B carry the same numbers: one line's copy fills what the other lost).
   */
  readonly snapshot: { readonly cycle: number; readonly lost: ReadonlyArray<number> } | undefined
  readonly rts: RtsClient
  readonly reported: { readonly up: number; readonly degraded: boolean } | undefined
  readonly stats: FeedHandlerStats
}

export const initialFeedHandlerState = (config: FeedHandlerConfig): FeedHandlerState => ({
  config,
  sync: "awaiting-reset",
  syncReason: "waiting for the Sequence Reset",
  resetNo: 0,
  drStatus: 0,
  arb: emptyArbitration,
  gaps: [],
  cacheFrom: undefined,
  lines: { A: { alive: true, lastHeard: config.startOfDay }, B: { alive: true, lastHeard: config.startOfDay } },
  watching: false,
  blackoutFrom: undefined,
  expiryAt: undefined,
  snapshot: undefined,
  rts: initialRtsClient(config.rts),
  reported: undefined,
  stats: { gaps: 0, recoveredRts: 0, recoveredRefresh: 0, unrecovered: 0 }
})

const setSync = (w: Work, sync: Sync, reason: string): void => {
  w.s = { ...w.s, sync, syncReason: reason }
  note(w, "omd.sync", { ...feedOf(w), state: sync, reason })
}

const putLine = (lines: Readonly<Record<Line, LineWatch>>, line: Line, watch: LineWatch): Readonly<Record<Line, LineWatch>> =>
  line === "A" ? { A: watch, B: lines.B } : { A: lines.A, B: watch }

const heard = (w: Work, line: Line): void => {
  const watch = w.s.lines[line]
  if (watch.alive && watch.lastHeard === w.now) return
  w.s = { ...w.s, lines: putLine(w.s.lines, line, { alive: true, lastHeard: w.now }) }
  if (!watch.alive) note(w, "omd.line", { ...feedOf(w), line, state: "alive", silentFor: w.now - watch.lastHeard })
}

/** Something arrived on `line`: a blackout ends if neither line had brought anything for `blackoutAfter`. */
const arrived = (w: Work, line: Line): void => {
  const { A, B } = w.s.lines
  const last = Math.max(A.lastHeard, B.lastHeard)
  if (w.now - last > w.s.config.blackoutAfter) note(w, "omd.blackout", { ...feedOf(w), line, from: last, duration: w.now - last })
}

/** Data, a status message or a heartbeat on the real-time channel. */
const realTime = (w: Work, line: Line, first: number, last: number, lost: ReadonlyArray<number>, isHeartbeat: boolean): void => {
  let missedBefore = 1
  if (w.s.sync === "awaiting-reset") {
    if (last < 1) return // a heartbeat before any message says nothing
    const without = w.s.config.withoutRefresh
    if (without === undefined) {
      w.s = { ...w.s, cacheFrom: first }
      setSync(w, "awaiting-refresh", "late start")
    } else {
      missedBefore = first
      w.s = { ...w.s, arb: arbitrationAfter(w.s.arb, first - 1) }
      setSync(w, "synced", `late start; ${without}`)
    }
  }
  const seen = observe(w.s.arb, line, first, last, lost, w.now)
  if (seen.received > 0 || isHeartbeat) arrived(w, line)
  const watch = w.s.lines[line]
  if ((seen.received > 0 || isHeartbeat) && watch.alive) {
    // The hot path: one new state per message.
    w.s = { ...w.s, arb: seen.arbitration, lines: watch.lastHeard === w.now ? w.s.lines : putLine(w.s.lines, line, { alive: true, lastHeard: w.now }) }
  } else {
    w.s = { ...w.s, arb: seen.arbitration }
    if (seen.received > 0 || isHeartbeat) heard(w, line)
  }
  // After `observe`: the RTS retention counts back from the highest number seen.
  if (missedBefore > 1) declare(w, [{ first: 1, last: missedBefore - 1 }], "late start: before the first number seen")
  if (seen.gaps.length > 0) declare(w, seen.gaps, "lost on both lines")
}

const sequenceReset = (w: Work, line: Line, resetNo: number): void => {
  arrived(w, line)
  heard(w, line)
  if (resetNo <= w.s.resetNo) return // the other line's copy of a reset already applied
  abandonAll(w, "sequence reset")
  w.s = { ...w.s, resetNo, arb: resetArbitration(w.s.arb), cacheFrom: undefined, rts: rtsSettleUpTo(w.s.rts, Infinity) }
  setSync(w, "synced", "sequence reset")
}

const applyRefresh = (w: Work, line: Line, lastSeqNum: number): void => {
  const highest = w.s.arb.highest ?? 0
  const cacheFrom = w.s.cacheFrom
  const settled = settleUpTo(w.s.arb, lastSeqNum)
  w.s = { ...w.s, arb: settled.arbitration, rts: rtsSettleUpTo(w.s.rts, lastSeqNum), snapshot: undefined }
  recover(w, { first: 0, last: lastSeqNum }, "refresh", { lastSeqNum, line })
  const reason = w.s.sync === "synced" ? "gap" : w.s.syncReason
  if (cacheFrom === undefined) note(w, "omd.refresh", { ...feedOf(w), line, lastSeqNum, reason })
  else {
    // Spec §4.4: cached real-time messages ≤ LastSeqNum are dropped, the rest processed.
    const dropped = Math.max(0, Math.min(lastSeqNum, highest) - cacheFrom + 1)
    note(w, "omd.refresh", { ...feedOf(w), line, lastSeqNum, reason, cachedFrom: cacheFrom, dropped, kept: Math.max(0, highest - lastSeqNum) })
  }
  if (w.s.sync !== "synced") setSync(w, "synced", "refresh")
  w.s = { ...w.s, cacheFrom: undefined }
  releaseHeld(w)
  // The snapshot is older than the first cached message: what lies between is a gap like any other.
  if (cacheFrom !== undefined && lastSeqNum + 1 < cacheFrom) declare(w, [{ first: lastSeqNum + 1, last: cacheFrom - 1 }], "between snapshot and cache")
}

/**
 * Refresh lines A and B arbitrated by number, as the real-time lines are (and as `twin omd listen` does,
 * wire/omd/listen/refresh-collector.ts): a cycle's snapshot is whole when every number came on one line or
 * the other; its Refresh Complete, on either line, then applies it.
 */
const refreshChannel = (w: Work, m: OmdMessage, lost: ReadonlyArray<number>): void => {
  if (m._tag === "snapshot") {
    if (!refreshWanted(w.s)) {
      if (w.s.snapshot !== undefined) w.s = { ...w.s, snapshot: undefined }
      return
    }
    const had = w.s.snapshot
    const stillLost = had?.cycle === m.cycle ? had.lost.filter((n) => lost.includes(n)) : lost
    w.s = { ...w.s, snapshot: { cycle: m.cycle, lost: stillLost } }
    return
  }
  if (m._tag !== "refresh-complete" || lost.length > 0 || !refreshWanted(w.s)) return
  const s = w.s.snapshot
  if (s !== undefined && s.cycle === m.cycle && s.lost.length === 0) applyRefresh(w, m.line, m.lastSeqNum)
}

const drSignal = (w: Work, drStatus: 1 | 2): void => {
  if (drStatus === w.s.drStatus) return // spec §3.4.3: the same signal repeats until end of day
  w.s = { ...w.s, drStatus }
  const without = w.s.config.withoutRefresh
  if (drStatus === 1) setSync(w, "dr", "DR in progress: caches cleared")
  else if (without === undefined) setSync(w, "awaiting-refresh", "DR completed: rebuild from refresh")
  else {
    setSync(w, "synced", `DR completed; ${without}: real time only`)
    releaseHeld(w)
  }
}

const receive = (w: Work, from: string, m: OmdMessage, lost: ReadonlyArray<number>): void => {
  const c = w.s.config
  if (m._tag.startsWith("rts-")) return applyRts(w, rtsReceive(w.s.rts, from, m))
  if (!("channel" in m)) return
  if (m.channel === c.drChannel) {
    if (m._tag === "dr-signal" && lost.length === 0) drSignal(w, m.drStatus)
    return
  }
  if (m.channel !== c.channel) return
  switch (m._tag) {
    case "slice":
      return realTime(w, m.line, m.first, m.last, lost, false)
    case "session-status":
    case "dr-signal":
      return realTime(w, m.line, m.seq, m.seq, lost, false)
    case "heartbeat":
      return realTime(w, m.line, m.seq + 1, m.seq, [], true)
    case "sequence-reset":
      return sequenceReset(w, m.line, m.resetNo)
    case "snapshot":
    case "refresh-complete":
      return refreshChannel(w, m, lost)
  }
}

const checkSilence = (w: Work): void => {
  const c = w.s.config
  for (const line of LINES) {
    const watch = w.s.lines[line]
    if (!watch.alive || w.now - watch.lastHeard < c.silentAfter) continue
    w.s = { ...w.s, lines: putLine(w.s.lines, line, { alive: false, lastHeard: watch.lastHeard }) }
    note(w, "omd.line", { ...feedOf(w), line, state: "silent", silentFor: w.now - watch.lastHeard })
  }
}

/** Nothing on either line for more than `blackoutAfter`: the blackout `arrived` will measure has begun. */
const checkBlackout = (w: Work): void => {
  const { A, B } = w.s.lines
  const last = Math.max(A.lastHeard, B.lastHeard)
  if (w.s.blackoutFrom === last || w.now - last <= w.s.config.blackoutAfter) return
  w.s = { ...w.s, blackoutFrom: last }
  note(w, "omd.blackout.start", { ...feedOf(w), from: last })
}

/**
 * When the `watch` timer is next due (Infinity: nothing to watch for): a live line unheard for
 * `silentAfter`, or — unless reported already — nothing on either line for more than `blackoutAfter`
 * (1 µs past it: `arrived`'s rule, so a message exactly `blackoutAfter` after the last is no blackout).
 */
const watchDue = (s: FeedHandlerState): Micros => {
  const c = s.config
  const { A, B } = s.lines
  const silence = Math.min(A.alive ? A.lastHeard + c.silentAfter : Infinity, B.alive ? B.lastHeard + c.silentAfter : Infinity)
  const last = Math.max(A.lastHeard, B.lastHeard)
  return s.blackoutFrom === last ? silence : Math.min(silence, last + c.blackoutAfter + 1)
}

const close = (w: Work): void => {
  abandonAll(w, "end of day")
  applyRts(w, rtsShutdown(w.s.rts))
  w.s = { ...w.s, sync: "closed", syncReason: "end of day" }
}

const detail = (s: FeedHandlerState, up: number): string => {
  const silent = LINES.filter((l) => !s.lines[l].alive)
  const parts = [up === 2 ? "lines A and B live" : up === 0 ? "lines A and B silent" : `line ${silent[0]} silent`]
  if (s.sync === "awaiting-refresh" || s.sync === "dr") parts.push(s.syncReason)
  const first = s.gaps[0]
  if (first !== undefined) parts.push(`${total(s.gaps)} seqs outstanding from ${formatRange(first)}`)
  return parts.join("; ")
}

/** Re-arms the lazy timers and reports the flow when its observed state changed. */
const finish = (w: Work): Step<FeedHandlerState, OmdMessage> => {
  const c = w.s.config
  const { A, B } = w.s.lines
  if (w.s.sync !== "closed") {
    if (w.s.arb.holes.length > 0) {
      const expiry = nextExpiry(w.s.arb, c.arbitrationTimeout)!
      if (w.s.expiryAt === undefined || expiry < w.s.expiryAt) {
        w.actions.push(timer("arbitration", Math.max(0, expiry - w.now)))
        w.s = { ...w.s, expiryAt: expiry }
      }
    }
    if (!w.s.watching && w.now < c.endOfTraffic) {
      const due = watchDue(w.s)
      if (due !== Infinity) {
        w.actions.push(timer("watch", Math.max(0, due - w.now)))
        w.s = { ...w.s, watching: true }
      }
    }
  }
  const up = (A.alive ? 1 : 0) + (B.alive ? 1 : 0)
  const degraded = w.s.gaps.length > 0 || w.s.sync === "awaiting-refresh" || w.s.sync === "dr"
  const r = w.s.reported
  if (r === undefined || r.up !== up || r.degraded !== degraded) {
    w.actions.push(flowStatus({ participant: c.participant, flow: c.flow, service: c.service, up, of: 2, degraded, detail: detail(w.s, up) }))
    w.s = { ...w.s, reported: { up, degraded } }
  }
  return [w.s, w.actions]
}

export const feedHandler: Machine<FeedHandlerState, OmdMessage> = {
  step: (state: FeedHandlerState, input: Input<OmdMessage>, now: Micros): Step<FeedHandlerState, OmdMessage> => {
    if (state.sync === "closed") return [state, []]
    const w: Work = { s: state, actions: [], now }
    const c = state.config
    switch (input._tag) {
      case "start": {
        const from = Math.max(now, c.startOfDay)
        // A state that has heard its lines already (a copy taken when a cohort splits) keeps what it heard.
        const heard = (l: Line) => (w.s.lines[l].lastHeard > c.startOfDay ? w.s.lines[l] : { alive: true, lastHeard: from })
        w.s = { ...w.s, lines: { A: heard("A"), B: heard("B") } }
        if (now < c.closeAt) w.actions.push(timer("close", c.closeAt - now))
        break
      }
      case "receive":
        receive(w, input.from, input.message, input.lost ?? [])
        break
      case "timer":
        switch (input.name) {
          case "arbitration": {
            const expired = expire(w.s.arb, now, c.arbitrationTimeout)
            w.s = { ...w.s, arb: expired.arbitration, expiryAt: undefined }
            declare(w, expired.gaps, "arbitration timeout")
            break
          }
          case "watch":
            w.s = { ...w.s, watching: false }
            if (now < c.endOfTraffic) {
              checkBlackout(w)
              checkSilence(w)
            }
            break
          case "rts":
            applyRts(w, rtsTimeout(w.s.rts))
            break
          case "close":
            close(w)
            break
        }
    }
    return finish(w)
  },
  // Traffic moved both deadlines on since the timer was armed: a step would only re-arm it for this instant.
  deadline: (state, name, now) => {
    if (name !== "watch" || state.sync === "closed" || now >= state.config.endOfTraffic) return undefined
    const due = watchDue(state)
    return due === Infinity ? undefined : due
  }
}

/**
 * What heartbeats change in an idle OCG-C session, on each side: the sequence numbers and the last
 * transmit and receive times (`Beats`). Everything else in the session stays as it is while only
 * heartbeats flow, which is what lets the simulation skip them (twin/simulate/ocg-elision.ts): it checks
 * that two states differ only in their beats, and moves a state on by whole heartbeat cycles.
 *
 * When to use: `clientBeats` / `sessionBeats` read, `sameButBeats…` compare, `with…Beats` write back.
 * Gotcha: "idle" here also means nothing outstanding — no Test Request, no recovery, no replay, nothing held,
 * no order waiting for its answer
 * — since those end in messages that are not heartbeats.
 */
import type { Micros } from "../../engine/time.ts"
import type { ClientState } from "./client-state.ts"
import type { Connection, GatewaySession } from "./gateway-session.ts"

export interface Beats {
  readonly nextOut: number
  readonly nextIn: number
  readonly lastTx: Micros
  readonly lastRx: Micros
}

type Active = ClientState["phase"] & { readonly _tag: "active" }

/** The client's beats when it is logged on with nothing outstanding, else undefined. */
export const clientBeats = (s: ClientState): Beats | undefined => {
  const p = s.phase
  if (p._tag !== "active" || p.recovering !== undefined || p.liveness.testSentAt !== undefined || s.pending.size > 0) return undefined
  return { nextOut: s.nextOut, nextIn: s.nextIn, lastTx: p.liveness.lastTx, lastRx: p.liveness.lastRx }
}

/** The gateway side's beats when its connection is active with nothing outstanding, else undefined. */
export const sessionBeats = (s: GatewaySession): Beats | undefined => {
  const c = s.connection
  const r = s.record
  if (c === undefined || r === undefined || c.phase !== "active" || c.replay.length > 0 || c.held.length > 0 || s.turns.length > 0) return undefined
  if (c.liveness.testSentAt !== undefined || r.resyncing) return undefined
  return { nextOut: r.nextOut, nextIn: r.nextIn, lastTx: c.liveness.lastTx, lastRx: c.liveness.lastRx }
}

/** Whether two idle client states differ at most in their beats. */
export const sameButBeatsClient = (a: ClientState, b: ClientState): boolean => {
  const p = a.phase as Active
  const q = b.phase as Active
  return a.config === b.config && a.endpoint === b.endpoint && a.gateways === b.gateways && a.nextConn === b.nextConn &&
    a.loggedOnOnce === b.loggedOnOnce && a.nextClOrdId === b.nextClOrdId && a.execHighWater === b.execHighWater &&
    a.pending === b.pending && a.lateWorst === b.lateWorst && a.awaited === b.awaited &&
    a.counts === b.counts && a.downReason === b.downReason && a.reported === b.reported && p.role === q.role &&
    p.gateway === q.gateway && p.conn === q.conn && p.liveness.nextTestReqId === q.liveness.nextTestReqId
}

/** Whether two idle gateway sessions differ at most in their beats. */
export const sameButBeatsSession = (a: GatewaySession, b: GatewaySession): boolean => {
  const r = a.record!
  const t = b.record!
  const c = a.connection!
  const d = b.connection!
  return a.throttle === b.throttle && a.forwarded === b.forwarded && a.throttled === b.throttled && r.store === t.store &&
    r.base === t.base && r.have === t.have && c.peer === d.peer && c.conn === d.conn && c.logonSeq === d.logonSeq &&
    c.logonPossDup === d.logonPossDup && c.nextExpected === d.nextExpected && c.liveness.nextTestReqId === d.liveness.nextTestReqId
}

export const withClientBeats = (s: ClientState, b: Beats): ClientState => {
  const p = s.phase as Active
  return { ...s, nextOut: b.nextOut, nextIn: b.nextIn, phase: { ...p, liveness: { ...p.liveness, lastTx: b.lastTx, lastRx: b.lastRx } } }
}

export const withSessionBeats = (s: GatewaySession, b: Beats): GatewaySession => {
  const c: Connection = s.connection!
  return {
    ...s,
    record: { ...s.record!, nextOut: b.nextOut, nextIn: b.nextIn },
    connection: { ...c, liveness: { ...c.liveness, lastTx: b.lastTx, lastRx: b.lastRx } }
  }
}

/** `b` moved on by `cycles` cycles of `period`, each adding `delta`'s sequence numbers. */
export const advanceBeats = (b: Beats, delta: Beats, cycles: number, period: Micros): Beats => ({
  nextOut: b.nextOut + cycles * delta.nextOut,
  nextIn: b.nextIn + cycles * delta.nextIn,
  lastTx: b.lastTx + cycles * period,
  lastRx: b.lastRx + cycles * period
})

/** `later` is `earlier` one `period` on, with `delta` more sequence numbers; undefined if not. */
export const beatsDelta = (earlier: Beats, later: Beats, period: Micros): Beats | undefined => {
  if (later.lastTx !== earlier.lastTx + period || later.lastRx !== earlier.lastRx + period) return undefined
  const delta = { nextOut: later.nextOut - earlier.nextOut, nextIn: later.nextIn - earlier.nextIn, lastTx: period, lastRx: period }
  return delta.nextOut >= 0 && delta.nextIn >= 0 ? delta : undefined
}

/**
 * One Comp ID as an OCG-C gateway holds it: the session record (sequence numbers and the store of business
 * messages sent, DOMAIN §1 Sequence numbers / Recovery) and, while a BSS is connected, the connection
 * (logon phase, heartbeat liveness, a replay in progress and the messages held behind it).
 *
 * When to use: gateway.ts dispatches inputs; the helpers here write to a step accumulator (`GatewayStep`)
 * so that one input can update several sessions and emit actions in order.
 *
 * Gotchas:
 * - New messages never overtake a replay: while one is being written they are held and get their
 *   sequence numbers when it ends, so the client sees sequence numbers in order.
 * - Business messages produced with no live connection are still numbered and stored: the BSS gets them
 *   through the NextExpectedSeq replay when it logs on again (DOMAIN §1 Recovery).
 */
import type { KeyedTable } from "../../engine/keyed-table.ts"
import type { OcgGatewayData } from "../../contract/kinds-ocg.ts"
import { type Action, cancel, emit, send, STANDING_STREAM, timer } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import { armLiveness, type Liveness, sent } from "./liveness.ts"
import { bytes, type DetachCause, isApplication, type OcgBody, type OcgMessage, type OcgWire, wire } from "./messages.ts"
import type { RowArena } from "../../engine/row-arena.ts"
import { type OutboundStore, store } from "./outbound-store.ts"
import { freshThrottle, type Throttle } from "./throttle.ts"

/** A message of the session still to be answered (turns.ts): passed to the host (its ClOrdID), or refused here (the refusal). */
export type Turn =
  | { readonly _tag: "host"; readonly clOrdId: number }
  | { readonly _tag: "refused"; readonly body: OcgBody }

export interface GatewaySessionConfig {
  readonly type: "trading" | "drop-copy"
  readonly throttleMps: number
  /** Cancel-on-Disconnect delay, when the Comp ID has it (DOMAIN §1: optional, per Comp ID). */
  readonly cancelOnDisconnect: Micros | undefined
}

export interface GatewayConfig {
  /** The OTP-C host machine this gateway forwards orders to. */
  readonly host: string
  readonly heartbeat: Micros
  readonly replayBatch: number
  readonly replayTick: Micros
  /** The Comp IDs that may log on here; any other is dropped without a Logout (spec §4.1). */
  readonly sessions: ReadonlyMap<string, GatewaySessionConfig>
}

export interface SessionRecord {
  readonly nextIn: number
  readonly nextOut: number
  readonly store: OutboundStore
  /** The host log entry the store starts after, and the next one expected from the host. */
  readonly base: number
  readonly have: number
  /** A resync was asked for; deliveries are ignored until entry `have` comes again. */
  readonly resyncing: boolean
}

interface Held {
  readonly body: OcgBody
  readonly possResend: boolean
  readonly index: number | undefined
}

export interface Connection {
  readonly peer: string
  readonly conn: number
  /** `attaching`: the Logon is valid and the host is asked for the session; `active`: Logon answered. */
  readonly phase: "attaching" | "active"
  readonly logonSeq: number
  readonly logonPossDup: boolean
  readonly nextExpected: number
  readonly liveness: Liveness
  /** Replay frames not yet written. */
  readonly replay: ReadonlyArray<OcgWire>
  readonly held: ReadonlyArray<Held>
}

export interface GatewaySession {
  readonly record: SessionRecord | undefined
  readonly connection: Connection | undefined
  /**
   * The connection the gateway held when it crashed (gateway.ts `crash`), until the BSS's first segment on it
   * after the restart, which is answered with a reset (the fresh host has no socket for it), or a new Logon.
   */
  readonly lost: { readonly peer: string; readonly conn: number } | undefined
  readonly throttle: Throttle
  readonly forwarded: number
  readonly throttled: number
  /** The business messages taken whose answers are still to come, oldest first, while a refusal waits its turn (turns.ts). */
  readonly turns: ReadonlyArray<Turn>
}

export interface GatewayState {
  readonly id: string
  readonly config: GatewayConfig
  readonly up: boolean
  /** Per Comp ID; a linear table (keyed-table.ts: written in place, the state given to a step is spent): a gateway hosts hundreds of sessions. */
  readonly sessions: KeyedTable<GatewaySession>
  /** Where the sessions' stores of sent messages are kept (every version of the state shares it; append-only). */
  readonly arena: RowArena
}

export const emptySession: GatewaySession = {
  record: undefined,
  connection: undefined,
  lost: undefined,
  throttle: freshThrottle,
  forwarded: 0,
  throttled: 0,
  turns: []
}

export interface SessionTimerNames {
  readonly heartbeat: string
  readonly idle: string
  readonly replay: string
}

// Built once per Comp ID: timers are re-armed on every heartbeat, and the names are the runtime's keys.
const namesByCompId = new Map<string, SessionTimerNames>()

/** A session timer's name read back: its kind and Comp ID (looked up, not parsed, on every firing). */
export interface SessionTimer {
  readonly kind: "hb" | "idle" | "replay"
  readonly compId: string
  readonly names: SessionTimerNames
}

const timerByName = new Map<string, SessionTimer>()

export const timerNames = (compId: string): SessionTimerNames => {
  let names = namesByCompId.get(compId)
  if (names === undefined) {
    names = { heartbeat: `hb:${compId}`, idle: `idle:${compId}`, replay: `replay:${compId}` }
    namesByCompId.set(compId, names)
    timerByName.set(names.heartbeat, { kind: "hb", compId, names })
    timerByName.set(names.idle, { kind: "idle", compId, names })
    timerByName.set(names.replay, { kind: "replay", compId, names })
  }
  return names
}

// The last name looked up: a firing looks its name up twice (the gateway's `deadline`, then its step).
let lastName = ""
let lastTimer: SessionTimer | undefined

/** The session timer named `name` (`hb:COMPID`, `idle:…`, `replay:…`); undefined for any other name. */
export const sessionTimer = (name: string): SessionTimer | undefined => {
  if (name === lastName) return lastTimer
  const known = timerByName.get(name)
  if (known !== undefined) {
    lastName = name
    lastTimer = known
    return known
  }
  const colon = name.indexOf(":")
  const kind = name.slice(0, colon)
  if (colon < 0 || (kind !== "hb" && kind !== "idle" && kind !== "replay")) return undefined
  timerNames(name.slice(colon + 1))
  return timerByName.get(name)
}

/** The accumulator of one step: the state so far and the actions in order. */
export interface GatewayStep {
  state: GatewayState
  readonly actions: Array<Action<OcgMessage>>
  readonly now: Micros
}

export const sessionOf = (g: GatewayStep, compId: string): GatewaySession =>
  g.state.sessions.get(compId) ?? emptySession

/** A session as the gateway `state` holds it (outside a step: heartbeat elision reads and writes these). */
export const sessionIn = (state: GatewayState, compId: string): GatewaySession | undefined =>
  state.sessions.get(compId)

export const withSession = (state: GatewayState, compId: string, s: GatewaySession): GatewayState => ({
  ...state,
  sessions: state.sessions.set(compId, s)
})

export const put = (g: GatewayStep, compId: string, s: GatewaySession): GatewaySession => {
  g.state = { ...g.state, sessions: g.state.sessions.set(compId, s) }
  return s
}

export const note = (g: GatewayStep, data: OcgGatewayData): void => {
  g.actions.push(emit("ocg.gateway", data))
}

/** Writes `message` (already numbered) on the live connection. */
const transmit = (g: GatewayStep, s: GatewaySession, message: OcgWire): GatewaySession => {
  const c = s.connection
  return c === undefined ? s : { ...s, connection: sendOn(g, c, message) }
}

/** Sends `message` on connection `c`: the connection as it is after (its liveness knows it sent). */
const sendOn = (g: GatewayStep, c: Connection, message: OcgWire): Connection => {
  g.actions.push(send(c.peer, message, bytes(message, false), c.conn))
  return { ...c, liveness: sent(c.liveness, g.now) }
}

/** Numbers `body` as the session's next message, stores it if it is business, and writes it if connected. */
const number = (g: GatewayStep, compId: string, s: GatewaySession, body: OcgBody, possResend: boolean, index: number | undefined): GatewaySession => {
  const r = s.record
  if (r === undefined) return s
  const c = s.connection
  const live = c !== undefined && c.phase === "active"
  if (!live && !isApplication(body)) return s
  const message = wire({ compId, conn: c?.conn ?? 0, seq: r.nextOut, possDup: false, possResend }, body)
  const record: SessionRecord = { ...r, nextOut: r.nextOut + 1, store: isApplication(body) ? store(r.store, message, index, g.state.arena) : r.store }
  // Live: sent, with the new record in the same new session.
  return live ? { ...s, record, connection: sendOn(g, c, message) } : { ...s, record }
}

/** Sends a new message on the session, or holds it behind a replay in progress. */
export const outbound = (
  g: GatewayStep,
  compId: string,
  s: GatewaySession,
  body: OcgBody,
  possResend = false,
  index: number | undefined = undefined
): GatewaySession => {
  const c = s.connection
  if (c !== undefined && c.phase === "active" && c.replay.length > 0) {
    return { ...s, connection: { ...c, held: [...c.held, { body, possResend, index }] } }
  }
  return number(g, compId, s, body, possResend, index)
}

/** Writes the next batch of the replay; when it is done, releases the messages held behind it. */
export const pumpReplay = (g: GatewayStep, compId: string, s: GatewaySession): GatewaySession => {
  const c = s.connection
  if (c === undefined || c.replay.length === 0) return s
  const batch = c.replay.slice(0, g.state.config.replayBatch)
  let next: GatewaySession = { ...s, connection: { ...c, replay: c.replay.slice(batch.length) } }
  for (const frame of batch) next = transmit(g, next, frame)
  const after = next.connection!
  if (after.replay.length > 0) {
    g.actions.push(timer(timerNames(compId).replay, g.state.config.replayTick))
    return next
  }
  next = { ...next, connection: { ...after, held: [] } }
  for (const h of after.held) next = number(g, compId, next, h.body, h.possResend, h.index)
  return next
}

/** The connection becomes active: heartbeat timers armed. */
export const armSession = (g: GatewayStep, compId: string, s: GatewaySession): void => {
  const c = s.connection
  if (c !== undefined) g.actions.push(...armLiveness<OcgMessage>(timerNames(compId), c.liveness, g.now, g.state.config.heartbeat))
}

export interface Ending {
  readonly cause: DetachCause
  /** Send a Logout with this text first (a Logout ends the session; otherwise it is dropped silently). */
  readonly logout: string | undefined
  /** Tell the peer the connection is closed (false when the peer closed it). */
  readonly disconnect: string | undefined
  /** Report the session gone to the host (it was attached there). */
  readonly detach: boolean
}

/** Ends the connection of `compId` as `how` says; the record stays. */
export const endConnection = (g: GatewayStep, compId: string, s: GatewaySession, how: Ending): GatewaySession => {
  const c = s.connection
  if (c === undefined) return s
  let next = s
  if (how.logout !== undefined && s.record !== undefined && c.phase === "active") {
    next = number(g, compId, { ...s, connection: { ...c, replay: [], held: [] } }, { _tag: "Logout", text: how.logout }, false, undefined)
  }
  if (how.disconnect !== undefined) {
    const m: OcgMessage = { _tag: "Disconnect", compId, conn: c.conn, reason: how.disconnect }
    g.actions.push(send(c.peer, m, bytes(m), c.conn))
  }
  const names = timerNames(compId)
  g.actions.push(cancel(names.heartbeat), cancel(names.idle), cancel(names.replay))
  if (how.detach) {
    const cod = g.state.config.sessions.get(compId)?.cancelOnDisconnect
    const m: OcgMessage = { _tag: "HostDetach", compId, cause: how.cause, cancelOnDisconnect: cod }
    g.actions.push(send(g.state.config.host, m, bytes(m), STANDING_STREAM))
  }
  note(g, { event: "session-end", compId, peer: c.peer, cause: how.cause, logout: how.logout !== undefined })
  return { ...next, connection: undefined }
}

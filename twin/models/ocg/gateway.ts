/**
 * An OCG-C gateway hosting many sessions (DOMAIN §1 session rules): Logon checks, heartbeats and Test
 * Requests, NextExpectedSeq and Resend Request replays, the throttle, and the link to the OTP-C host
 * (orders in; Execution Reports, with drop-copy copies made by the host, out).
 *
 * Logon: a valid Logon (known Comp ID, no other connection for it) makes the gateway claim the session at
 * the host; the host answers whether this gateway's record is the live one (then the sequence rules apply
 * to it and it replays from its store) or not (then it takes the client's numbers; see
 * session-registry.ts for this assumption), then hands over the business messages the BSS has not had.
 *
 * Controls (a `Control` message from a scenario): `crash` — the gateway answers nothing and loses every
 * connection, without a Logout or a Detach (so no Cancel-on-Disconnect); `restart` — it answers again, as a
 * fresh host: it has no socket for a connection it held before the crash, so the BSS's first segment on
 * one is answered with a reset (a `Disconnect`, the TCP RST), and a session that had not noticed the crash
 * is lost then, not when its heartbeats go unanswered (as the real endpoint resets them, docs/ocg-fix.md).
 * Assumption: session records (sequence numbers, store) survive a crash and restart (spec §4.6.2.2: the
 * OCG-C retains sequence numbers through an outage); business messages the host handed over while it was
 * down are lost here and re-sent by the host with PossResend=1.
 *
 * Not modelled: client-side retransmission (a gap in what the BSS sent is accepted as is and traced),
 * password checks. Cancel and amend (`AmendOrder`) pass like orders; only a real client sends them.
 */
import { KeyedTable, KeyHandle } from "../../engine/keyed-table.ts"
import { cancel, close, type Machine, send, STANDING_STREAM, type Step, timer } from "../../engine/machine.ts"
import { heartbeatDeadline, idleDeadline, liveness, onHeartbeatTimer, onIdleTimer, received } from "./liveness.ts"
import { bytes, type HostLink, type OcgMessage, type OcgWire } from "./messages.ts"
import { clientHas, emptyStore, newStoreArena, replayFrames } from "./outbound-store.ts"
import { admit, freshThrottle } from "./throttle.ts"
import { awaitHost, hostAnswered, NO_TURNS, refuse } from "./turns.ts"
import {
  armSession,
  type Connection,
  endConnection,
  type GatewaySession,
  type GatewayState,
  type GatewayStep,
  note,
  outbound,
  pumpReplay,
  put,
  type SessionRecord,
  sessionOf,
  type SessionTimer,
  sessionTimer,
  timerNames
} from "./gateway-session.ts"

/** The reason a restarted gateway's reset gives (the BSS reports `dropped by gateway: …`). */
const RESET_REASON = "connection reset (gateway restarted)"

const drop = (g: GatewayStep, to: string, compId: string, conn: number, reason: string): void => {
  const m: OcgMessage = { _tag: "Disconnect", compId, conn, reason }
  g.actions.push(send(to, m, bytes(m), conn), close(to, conn))
}

const onLogon = (g: GatewayStep, from: string, m: OcgWire & { readonly _tag: "Logon" }): void => {
  if (!g.state.config.sessions.has(m.compId)) {
    // Spec §4.1: an invalid Comp ID is terminated without a Logout.
    drop(g, from, m.compId, m.conn, "invalid Comp ID")
    note(g, { event: "logon-refused", compId: m.compId, peer: from, reason: "invalid Comp ID" })
    return
  }
  const s = sessionOf(g, m.compId)
  const c = s.connection
  if (c !== undefined) {
    if (c.peer === from && c.conn === m.conn) return
    // DOMAIN §1 Duplicate logon: "both connections are dropped, with no Logout".
    drop(g, from, m.compId, m.conn, "duplicate logon")
    note(g, { event: "duplicate-logon", compId: m.compId, peer: from, holder: c.peer })
    put(g, m.compId, endConnection(g, m.compId, s, { cause: "duplicate-logon", logout: undefined, disconnect: "duplicate logon", detach: c.phase === "active" }))
    return
  }
  const connection: Connection = {
    peer: from,
    conn: m.conn,
    phase: "attaching",
    logonSeq: m.seq,
    logonPossDup: m.possDup,
    nextExpected: m.nextExpected,
    liveness: liveness(g.now, g.now),
    replay: [],
    held: []
  }
  put(g, m.compId, { ...s, connection, lost: undefined })
  const r = s.record
  const claim: OcgMessage = {
    _tag: "HostAttach",
    compId: m.compId,
    logonSeq: m.seq,
    resume: r?.have,
    clientHas: r === undefined ? undefined : clientHas(r.store, m.nextExpected, r.base)
  }
  g.actions.push(send(g.state.config.host, claim, bytes(claim), STANDING_STREAM))
}

const onAttachAck = (g: GatewayStep, m: HostLink & { readonly _tag: "HostAttachAck" }): void => {
  const compId = m.compId
  let s = sessionOf(g, compId)
  // Not current: the host answers elsewhere what this gateway passed on before (turns.ts).
  if (!m.current) s = { ...s, record: undefined, turns: NO_TURNS }
  const c = s.connection
  if (c === undefined || c.phase !== "attaching") {
    put(g, compId, s)
    if (!m.refused) {
      const detach: OcgMessage = { _tag: "HostDetach", compId, cause: "abandoned", cancelOnDisconnect: undefined }
      g.actions.push(send(g.state.config.host, detach, bytes(detach), STANDING_STREAM))
    }
    return
  }
  if (m.refused) {
    // DOMAIN §1 Sequence numbers: a start sequence number above 1 at start of day is dropped.
    put(g, compId, endConnection(g, compId, s, { cause: "sequence-error", logout: undefined, disconnect: "start sequence above 1", detach: false }))
    return
  }
  const record: SessionRecord = s.record ?? {
    nextIn: c.logonSeq,
    nextOut: c.nextExpected,
    store: emptyStore,
    base: m.start,
    have: m.start,
    resyncing: false
  }
  s = { ...s, record, connection: { ...c, phase: "active" } }
  const ending = { cause: "sequence-error" as const, disconnect: "logout", detach: true }
  // DOMAIN §1 Sequence numbers: a lower sequence number with PossDup≠1 gets a Logout.
  if (c.logonSeq < record.nextIn && !c.logonPossDup) {
    put(g, compId, endConnection(g, compId, s, { ...ending, logout: "sequence number lower than expected" }))
    return
  }
  // Spec §5.3: NextExpectedSeq above the gateway's next to send: Logout, manual intervention.
  if (c.nextExpected > record.nextOut) {
    put(g, compId, endConnection(g, compId, s, { ...ending, logout: "NextExpectedSeq ahead of the gateway" }))
    return
  }
  const logonSeqOut = record.nextOut
  s = { ...s, record: { ...record, nextIn: Math.max(record.nextIn, c.logonSeq + 1) } }
  s = outbound(g, compId, s, { _tag: "Logon", nextExpected: s.record!.nextIn })
  // DOMAIN §1 Recovery: "Logon carries NextExpectedSeq and the gateway replays from there automatically";
  // spec §5.3: up to the Logon's own sequence number, which is gap-filled.
  const frames = c.nextExpected < logonSeqOut ? replayFrames(s.record!.store, c.nextExpected, logonSeqOut, compId, c.conn) : []
  s = { ...s, connection: { ...s.connection!, replay: frames } }
  armSession(g, compId, s)
  s = pumpReplay(g, compId, s)
  note(g, { event: "logon", compId, peer: c.peer, record: m.current ? "current" : "fresh", replayed: frames.length })
  put(g, compId, s)
}

const onDeliver = (g: GatewayStep, m: HostLink & { readonly _tag: "HostDeliver" }): void => {
  const s = sessionOf(g, m.compId)
  const r = s.record
  if (r === undefined || m.index < r.have || (r.resyncing && m.index !== r.have)) return
  if (m.index > r.have) {
    const resync: OcgMessage = { _tag: "HostResync", compId: m.compId, from: r.have }
    g.actions.push(send(g.state.config.host, resync, bytes(resync), STANDING_STREAM))
    put(g, m.compId, { ...s, record: { ...r, resyncing: true } })
    return
  }
  const next: GatewaySession = { ...s, record: { ...r, have: r.have + 1, resyncing: false } }
  const report = (s: GatewaySession) => outbound(g, m.compId, s, { _tag: "ExecutionReport", report: m.report }, m.possResend, m.index)
  put(g, m.compId, hostAnswered(g, m.compId, next, m.report.clOrdId, report))
}

const onClientMessage = (g: GatewayStep, from: string, m: OcgWire): void => {
  let s = sessionOf(g, m.compId)
  const c = s.connection
  if (c === undefined || c.conn !== m.conn || c.peer !== from || s.record === undefined) {
    const l = s.lost
    if (l !== undefined && l.peer === from && l.conn === m.conn) {
      // Restarted: no socket for a connection held before the crash — its first segment gets a reset, any
      // later one (already on its way) finds no connection either, and goes unanswered.
      const reset: OcgMessage = { _tag: "Disconnect", compId: m.compId, conn: m.conn, reason: RESET_REASON }
      g.actions.push(send(from, reset, bytes(reset), m.conn))
      put(g, m.compId, { ...s, lost: undefined })
    }
    return
  }
  const compId = m.compId
  if (c.phase === "attaching") {
    // Spec §4.1: messages before the exchange of Logons drop the connection.
    put(g, compId, endConnection(g, compId, s, { cause: "abandoned", logout: undefined, disconnect: "message before Logon", detach: false }))
    return
  }
  const connection: Connection = { ...c, liveness: received(c.liveness, g.now) }
  const r = s.record
  if (m.seq < r.nextIn) {
    s = { ...s, connection }
    if (m.possDup) {
      put(g, compId, s)
      return
    }
    put(g, compId, endConnection(g, compId, s, { cause: "sequence-error", logout: "sequence number lower than expected", disconnect: "logout", detach: true }))
    return
  }
  if (m.seq > r.nextIn) note(g, { event: "inbound-gap", compId, expected: r.nextIn, got: m.seq })
  s = { ...s, record: { ...r, nextIn: m._tag === "SequenceReset" && m.gapFill ? Math.max(m.newSeq, m.seq + 1) : m.seq + 1 }, connection }
  switch (m._tag) {
    case "TestRequest":
      s = outbound(g, compId, s, { _tag: "Heartbeat", testReqId: m.testReqId })
      break
    case "ResendRequest": {
      if (s.connection!.replay.length > 0) {
        // DOMAIN §1 Recovery: "A second Resend Request during a replay kills the session."
        s = endConnection(g, compId, s, { cause: "resend-during-replay", logout: undefined, disconnect: "second Resend Request during a replay", detach: true })
        break
      }
      const last = s.record!.nextOut - 1
      const to = m.end === 0 ? last : Math.min(m.end, last)
      const frames = replayFrames(s.record!.store, m.start, to, compId, c.conn)
      note(g, { event: "resend", compId, from: m.start, to, frames: frames.length })
      s = pumpReplay(g, compId, { ...s, connection: { ...s.connection!, replay: frames } })
      break
    }
    case "NewOrder":
    case "AmendOrder":
    case "MassCancel": {
      const config = g.state.config.sessions.get(compId)!
      if (config.type === "drop-copy") {
        s = refuse(g, compId, s, { _tag: "BusinessMessageReject", refSeq: m.seq, reason: "receive-only", usLeft: 0 })
        break
      }
      const verdict = admit(s.throttle, config.throttleMps, g.now)
      if (verdict._tag === "reject") {
        s = { ...s, throttle: verdict.throttle, throttled: s.throttled + 1 }
        // Traced, so a staged throttle breach shows in the trace and the checks (which read nothing else).
        note(g, { event: "throttle-reject", compId, clOrdId: m.clOrdId, refSeq: m.seq, mps: config.throttleMps, usLeft: verdict.usLeft })
        // In its turn: after the host's answers to the orders before it (turns.ts).
        s = refuse(g, compId, s, { _tag: "BusinessMessageReject", refSeq: m.seq, reason: "throttle", usLeft: verdict.usLeft })
        break
      }
      s = { ...s, throttle: verdict.throttle, forwarded: s.forwarded + 1 }
      const order: OcgMessage = m._tag === "NewOrder"
        ? { _tag: "HostOrder", compId, clOrdId: m.clOrdId, side: m.side, quantity: m.quantity, price: m.price }
        : m._tag === "AmendOrder"
        ? { _tag: "HostAmend", compId, clOrdId: m.clOrdId, origClOrdId: m.origClOrdId, replace: m.replace }
        : { _tag: "HostMassCancel", compId, clOrdId: m.clOrdId, orders: m.orders }
      g.actions.push(send(g.state.config.host, order, bytes(order), STANDING_STREAM))
      if (m._tag !== "MassCancel") s = awaitHost(s, m.clOrdId)
      break
    }
    case "Logout":
      // Spec §4.4: the contra party answers a Logout with a Logout; the session ends without Cancel-on-Disconnect.
      s = endConnection(g, compId, s, { cause: "logout", logout: "logout reply", disconnect: "logout", detach: true })
      break
    default:
      break
  }
  put(g, compId, s)
}

const onTimer = (g: GatewayStep, name: string, key: GatewayTimerKey | undefined): void => {
  // The runtime's firings carry the key worked out when the timer was armed: no lookup by name.
  const t = key?.timer ?? sessionTimer(name)
  if (t === undefined) return
  const { kind, compId, names } = t
  let s = sessionOf(g, compId)
  const c = s.connection
  if (c === undefined || c.phase !== "active") return
  const heartbeat = g.state.config.heartbeat
  if (kind === "replay") {
    put(g, compId, pumpReplay(g, compId, s))
  } else if (kind === "hb") {
    const verdict = onHeartbeatTimer(c.liveness, g.now, heartbeat)
    if (verdict._tag === "wait") return void g.actions.push(timer(names.heartbeat, verdict.after))
    s = outbound(g, compId, s, { _tag: "Heartbeat", testReqId: undefined })
    g.actions.push(timer(names.heartbeat, heartbeat))
    put(g, compId, s)
  } else if (kind === "idle") {
    const verdict = onIdleTimer(c.liveness, g.now, heartbeat)
    if (verdict._tag === "wait") return void g.actions.push(timer(names.idle, verdict.after))
    if (verdict._tag === "dead") {
      // DOMAIN §1 Heartbeat: no reply to the Test Request within 3 more intervals: Logout and disconnect.
      put(g, compId, endConnection(g, compId, s, { cause: "missed-heartbeats", logout: "no reply to Test Request", disconnect: "logout", detach: true }))
      return
    }
    s = { ...s, connection: { ...c, liveness: verdict.liveness } }
    s = outbound(g, compId, s, { _tag: "TestRequest", testReqId: verdict.testReqId })
    g.actions.push(timer(names.idle, verdict.after))
    put(g, compId, s)
  }
}

const crash = (g: GatewayStep): void => {
  let lost = 0
  // Read out first: each `put` spends the version being iterated (keyed-table.ts).
  for (const [compId, s] of [...g.state.sessions]) {
    const c = s.connection
    if (c === undefined) {
      // Refusals waiting their turn are the gateway's memory, lost with it (turns.ts).
      if (s.turns.length > 0) put(g, compId, { ...s, turns: NO_TURNS })
      continue
    }
    lost++
    const names = timerNames(compId)
    g.actions.push(cancel(names.heartbeat), cancel(names.idle), cancel(names.replay))
    put(g, compId, { ...s, connection: undefined, lost: { peer: c.peer, conn: c.conn }, throttle: freshThrottle, turns: NO_TURNS })
  }
  g.state = { ...g.state, up: false }
  note(g, { event: "crash", connectionsLost: lost })
}

/** What the gateway's `deadline` knows of a session timer: its name read back, and its session's slot. */
interface GatewayTimerKey {
  readonly timer: SessionTimer
  readonly session: KeyHandle
}

export const gateway: Machine<GatewayState, OcgMessage, GatewayTimerKey | undefined> = {
  step: (state, input, now): Step<GatewayState, OcgMessage> => {
    const g: GatewayStep = { state, actions: [], now }
    if (!state.up) {
      if (input._tag === "receive" && input.message._tag === "Control" && input.message.command === "restart") {
        g.state = { ...state, up: true }
        note(g, { event: "restart" })
      }
      return [g.state, g.actions]
    }
    if (input._tag === "timer") onTimer(g, input.name, input.key as GatewayTimerKey | undefined)
    if (input._tag !== "receive") return [g.state, g.actions]
    const m = input.message
    switch (m._tag) {
      case "Control":
        if (m.command === "crash") crash(g)
        break
      case "Logon":
        onLogon(g, input.from, m)
        break
      case "HostAttachAck":
        onAttachAck(g, m)
        break
      case "HostDeliver":
        onDeliver(g, m)
        break
      case "HostRevoke": {
        const s = sessionOf(g, m.compId)
        const ended = endConnection(g, m.compId, s, { cause: "abandoned", logout: undefined, disconnect: "session taken over", detach: false })
        put(g, m.compId, { ...ended, record: undefined, turns: NO_TURNS })
        break
      }
      case "Disconnect": {
        const s = sessionOf(g, m.compId)
        const c = s.connection
        if (c === undefined || c.conn !== m.conn || c.peer !== input.from) break
        // DOMAIN §1 Cancel-on-Disconnect: an abrupt disconnect triggers it (when the session was up).
        put(g, m.compId, endConnection(g, m.compId, s, { cause: "disconnect", logout: undefined, disconnect: undefined, detach: c.phase === "active" }))
        break
      }
      case "HostAttach":
      case "HostDetach":
      case "HostOrder":
      case "HostAmend":
      case "HostMassCancel":
      case "HostResync":
        break
      default:
        onClientMessage(g, input.from, m)
    }
    return [g.state, g.actions]
  },
  // The liveness timers re-arm lazily (onTimer: a "wait" verdict only re-arms): the runtime does that itself.
  deadline: (state, _name, _now, k) => {
    if (!state.up || k === undefined) return undefined
    const t = k.timer
    if (t.kind === "replay") return undefined
    const c = state.sessions.getBy(k.session)?.connection
    if (c === undefined || c.phase !== "active") return undefined
    return t.kind === "hb" ? heartbeatDeadline(c.liveness, state.config.heartbeat) : idleDeadline(c.liveness, state.config.heartbeat)
  },
  // The Comp ID and kind a timer's name stands for, read once per timer rather than on every firing, and
  // the session's slot in the table, found at the first firing (a timer fires thousands of times a day).
  timerKey: (name) => {
    const timer = sessionTimer(name)
    return timer === undefined ? undefined : { timer, session: new KeyHandle(timer.compId) }
  }
}

export const initialGatewayState = (id: string, config: GatewayState["config"]): GatewayState => ({
  id,
  config,
  up: true,
  sessions: KeyedTable.empty(),
  arena: newStoreArena()
})

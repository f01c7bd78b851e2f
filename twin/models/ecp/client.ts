/**
 * The participant's side of the ECP SFTP channel: one machine per participant that keeps an SFTP session
 * to an ECP server and moves the day's files over it, one at a time, in the order they fall due.
 *
 * - Session: servers are tried in configured order (primary site first; the backup site's refuse until
 *   failover, DOMAIN §4 / estate `closedUntilFailover`); a refusal or a connect timeout moves to the next;
 *   after the last one the client pauses `reconnectDelay` and starts again from the first. Each connect
 *   attempt is a new TCP connection with a new number (`session`, messages.ts) that every message of the
 *   session rides; replies on any other connection are ignored. SSH keepalives detect a dead path:
 *   `keepaliveMissedMax` unanswered ones drop the session, even while the kernel still retransmits (a
 *   keepalive waits behind what the cut holds), and the next server gets a new connection.
 * - Transfer (attempt.ts): SFTP OPEN, the file in chunks through a sliding window (window.ts), CLOSE. The
 *   connection's kernel retransmits what a cut or a loss held up (twin/engine/tcp.ts), so a short cut only
 *   delays the transfer to the first retransmission after it. An attempt that makes no progress for
 *   `stallAfter` is reported stalled (the flow degraded); for `failAfter` it fails, the session is torn
 *   down (as a hung `sftp` process would be) and, after `retryDelay`, the file is sent again from its
 *   start on the next server, up to `maxAttempts`.
 * - Responses: while uploads' responses are awaited and a session is up, the client polls its outbox on the
 *   session every `pollEvery`, counted from the session's start (a poll loop started with the session, so
 *   its phase owes nothing to when a response falls due); one timer, none while nothing is awaited. Each
 *   awaited response the answer lists is fetched as a download job, due when the listing says (the
 *   service's `responseDeadline` after the instant it became ready, server.ts): one found after that has
 *   missed it already, and is written so at once. The poll rides the connection like any request: a cut
 *   or a loss delays the fetch, to the poll's retransmission or the next poll after it, and loses nothing.
 *
 * Trace: `ecp.transfer` (subject = participant; fields in attempt.ts) with `event` started | stalled |
 * resumed | failed | retried | completed | missed-deadline; `flow.status` for `${participant}/ecp-sftp` on
 * change (up = 1 while a session works, of = servers not known to be closed, degraded while stalled and
 * from a job given up after its last attempt until a transfer completes again, detail `session to
 * SERVER`, `…; FILE stalled`, `…; FILE given up after attempt N` or `no session`); a session on a server
 * that crashed is down from the crash (up = 0, `SERVER down: no session until connected again`: the world
 * tells the client, `server-lost`, for this report only), until the client's keepalives find it out.
 */
import type { EcpTransferData } from "../../contract/kinds-csc-ecp.ts"
import type { FlowStatusData } from "../../contract/kinds-world.ts"
import { flowStatus, serverDownStatus } from "../flow-status.ts"
import { type Action, cancel, close, type Input, type Machine, send, timer } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import { type Attempt, inFlight, onReply, open, transferEvent as attemptEvent, waitingAttempt } from "./attempt.ts"
import { byTime, type FileJob, type ServerRef, type SessionPolicy, type TransferPolicy } from "./config.ts"
import { type EcpMessage, wireBytes } from "./messages.ts"
import { armPoll, fetchResponses } from "./poll.ts"

export interface EcpClientSettings {
  readonly participant: string
  readonly flow: string
  readonly servers: ReadonlyArray<ServerRef>
  readonly jobs: ReadonlyArray<FileJob>
  readonly transfer: TransferPolicy
  readonly session: SessionPolicy
}

export type Connection =
  | { readonly _tag: "down" }
  | { readonly _tag: "connecting"; readonly server: number; readonly session: number }
  | { readonly _tag: "open"; readonly server: number; readonly session: number; readonly missed: number; readonly since: Micros }

export interface EcpClientState {
  readonly settings: EcpClientSettings
  readonly closed: ReadonlyArray<boolean>
  readonly connection: Connection
  readonly sessions: number
  readonly transfers: number
  /** Jobs not started yet, by (at, id). */
  readonly queue: ReadonlyArray<FileJob>
  readonly active: Attempt | undefined
  /** Jobs not completed (queued, active or given up): what a deadline timer looks up. */
  readonly unfinished: ReadonlyArray<FileJob>
  /** The last attempt of each job given up (its number, server and bytes moved): what its missed deadline tells. */
  readonly givenUp: ReadonlyArray<Attempt>
  /** The last job given up since a transfer last completed: the channel does not move files (degraded). */
  readonly failing: Attempt | undefined
  readonly nextJobAt: Micros | undefined
  readonly reported: string | undefined
  /** Uploads completed whose response has not been found in the outbox yet, in completion order. */
  readonly awaiting: ReadonlyArray<FileJob>
  /** The poll timer is armed. */
  readonly polling: boolean
  /** The open session whose server crashed (`server-lost`): reported down until the connection changes. */
  readonly lost: number | undefined
}

type Act = Action<EcpMessage>
type Out = Array<Act>

export const initialClientState = (settings: EcpClientSettings): EcpClientState => ({
  settings,
  closed: settings.servers.map((s) => s.closedUntilFailover),
  connection: { _tag: "down" },
  sessions: 0,
  transfers: 0,
  queue: [...settings.jobs].sort(byTime),
  active: undefined,
  unfinished: [...settings.jobs].sort(byTime),
  givenUp: [],
  failing: undefined,
  nextJobAt: undefined,
  reported: undefined,
  awaiting: [],
  polling: false,
  lost: undefined
})

const transferEvent = (s: EcpClientState, a: Attempt, event: EcpTransferData["event"], extra: Pick<EcpTransferData, "reason" | "willRetry" | "deadline"> = {}): Act =>
  attemptEvent(s.settings.participant, s.settings.transfer, a, event, extra)

const serverId = (s: EcpClientState, i: number): string => s.settings.servers[i]!.id

const connect = (s: EcpClientState, server: number, out: Out): EcpClientState => {
  const session = s.sessions + 1
  const m: EcpMessage = { _tag: "connect", session }
  out.push(send(serverId(s, server), m, wireBytes(m), session), timer("connect-timeout", s.settings.session.connectTimeout))
  return { ...s, sessions: session, connection: { _tag: "connecting", server, session } }
}

/** The session to (or attempt at) `server` is over — its socket closed — : the next server now, or a pause after the last one. */
const moveOn = (s: EcpClientState, server: number, out: Out): EcpClientState => {
  out.push(close(serverId(s, server), s.sessions))
  if (server + 1 < s.settings.servers.length) return connect(s, server + 1, out)
  out.push(timer("reconnect", s.settings.session.reconnectDelay))
  return { ...s, connection: { _tag: "down" } }
}

const attemptTimers = ["stall", "fail"] as const

const armProgressTimers = (s: EcpClientState, out: Out): void => {
  const p = s.settings.transfer
  out.push(timer("stall", p.stallAfter), timer("fail", p.failAfter))
}

/** The attempt under way fails; `dropSession` tears the (hung) session down too. */
const failAttempt = (s: EcpClientState, reason: string, dropSession: boolean, out: Out): EcpClientState => {
  const a = s.active!
  const willRetry = a.attempt < s.settings.transfer.maxAttempts
  out.push(transferEvent(s, a, "failed", { reason, willRetry }), ...attemptTimers.map((n) => cancel<EcpMessage>(n)))
  let next: EcpClientState = willRetry
    ? {
      ...s,
      active: { ...waitingAttempt(a.job, a.attempt + 1), phase: "backoff" }
    }
    : {
      ...s,
      active: undefined,
      givenUp: [...s.givenUp, a],
      failing: a,
      // The client cannot know whether an attempt's CLOSE got through: the server may still answer it, and
      // the client's poll of its outbox fetches that response as it would any other (poll.ts).
      awaiting: a.job.direction === "upload" ? [...s.awaiting, a.job] : s.awaiting
    }
  if (willRetry) out.push(timer("retry", s.settings.transfer.retryDelay))
  if (dropSession && next.connection._tag === "open") {
    out.push(cancel("keepalive"))
    next = moveOn(next, next.connection.server, out)
  }
  return next
}

const sessionLost = (s: EcpClientState, out: Out): EcpClientState => {
  if (s.connection._tag !== "open") return s
  const server = s.connection.server
  out.push(cancel("keepalive"))
  const failed = inFlight(s.active) ? failAttempt(s, "session-lost", false, out) : s
  return moveOn({ ...failed, connection: { _tag: "down" } }, server, out)
}

/** Progress in the attempt: re-arm the no-progress timers and report a recovery from a stall. */
const progressed = (s: EcpClientState, a: Attempt, out: Out): Attempt => {
  armProgressTimers(s, out)
  if (!a.stalled) return a
  const resumed = { ...a, stalled: false }
  out.push(transferEvent(s, resumed, "resumed"))
  return resumed
}

const onReceive = (s: EcpClientState, m: EcpMessage, now: Micros, out: Out): EcpClientState => {
  const c = s.connection
  if (m._tag === "site" || m._tag === "power") return s
  if (m._tag === "server-lost") {
    const lost = serverLostStatus(s, m.server)
    // The world wrote the report at the crash (wire-ecp.ts): the client takes it as its own, so writes it not again.
    return lost === undefined || c._tag !== "open" ? s : { ...s, lost: c.session, reported: reportKey(lost) }
  }
  if (c._tag === "connecting" && m.session === c.session) {
    if (m._tag === "connected") {
      out.push(cancel("connect-timeout"), timer("keepalive", s.settings.session.keepaliveEvery))
      const closed = s.closed.map((x, i) => (i === c.server ? false : x))
      return { ...s, closed, connection: { _tag: "open", server: c.server, session: c.session, missed: 0, since: now } }
    }
    if (m._tag === "refused") {
      out.push(cancel("connect-timeout"))
      const closed = s.closed.map((x, i) => (i === c.server ? true : x))
      return moveOn({ ...s, closed }, c.server, out)
    }
    return s
  }
  if (c._tag !== "open" || m.session !== c.session) return s
  // Any reply proves the session alive.
  const live: EcpClientState = c.missed === 0 ? s : { ...s, connection: { ...c, missed: 0 } }
  if (m._tag === "outbox") return fetchResponses(live, m.files, now, out)
  const a = live.active
  if (!inFlight(a) || !("transfer" in m) || m.transfer !== a.transfer) return live
  const r = onReply(live.settings.transfer, a, m, out)
  if (!r.progress) return live
  if (r.done) {
    out.push(transferEvent(live, a, "completed"), ...attemptTimers.map((n) => cancel<EcpMessage>(n)), cancel(`deadline:${a.job.id}`))
    const awaiting = a.job.direction === "upload" ? [...live.awaiting, a.job] : live.awaiting
    return { ...live, active: undefined, unfinished: live.unfinished.filter((j) => j.id !== a.job.id), failing: undefined, awaiting }
  }
  return { ...live, active: progressed(live, r.attempt, out) }
}

const onTimer = (s: EcpClientState, name: string, out: Out): EcpClientState => {
  const c = s.connection
  const a = s.active
  switch (name) {
    case "connect-timeout":
      return c._tag === "connecting" ? moveOn(s, c.server, out) : s
    case "reconnect":
      return c._tag === "down" ? connect(s, 0, out) : s
    case "keepalive": {
      if (c._tag !== "open") return s
      if (c.missed >= s.settings.session.keepaliveMissedMax) return sessionLost(s, out)
      const m: EcpMessage = { _tag: "keepalive", session: c.session }
      out.push(send(serverId(s, c.server), m, wireBytes(m), c.session), timer("keepalive", s.settings.session.keepaliveEvery))
      return { ...s, connection: { ...c, missed: c.missed + 1 } }
    }
    case "poll": {
      // armPoll re-arms it after this step while still wanted.
      if (c._tag !== "open") return { ...s, polling: false }
      const m: EcpMessage = { _tag: "poll", session: c.session }
      out.push(send(serverId(s, c.server), m, wireBytes(m), c.session))
      return { ...s, polling: false }
    }
    case "stall": {
      if (!inFlight(a) || a.stalled) return s
      const stalled = { ...a, stalled: true }
      out.push(transferEvent(s, stalled, "stalled"))
      return { ...s, active: stalled }
    }
    case "fail":
      return inFlight(a) ? failAttempt(s, "timeout", true, out) : s
    case "retry":
      return a !== undefined && a.phase === "backoff" ? { ...s, active: { ...a, phase: "waiting" } } : s
    case "next-job":
      return { ...s, nextJobAt: undefined }
    default: {
      if (!name.startsWith("deadline:")) return s
      const id = name.slice("deadline:".length)
      const job = s.unfinished.find((j) => j.id === id)
      if (job === undefined) return s
      // Under way, given up after its last attempt (docs/checks.md: "attempt 2, 2 MiB of 4 MiB moved"), or never
      // started (attempt 0).
      const view: Attempt = a !== undefined && a.job.id === id ? a : s.givenUp.findLast((g) => g.job.id === id) ?? waitingAttempt(job, 0)
      out.push(transferEvent(s, view, "missed-deadline", { deadline: job.deadline }))
      return s
    }
  }
}

/** Starts the next due job, and an attempt when a session is up; keeps the next-job timer armed. */
const advance = (s: EcpClientState, now: Micros, out: Out): EcpClientState => {
  let next = s
  const head = next.queue[0]
  if (next.active === undefined && head !== undefined && head.at <= now) {
    next = {
      ...next,
      queue: next.queue.slice(1),
      active: waitingAttempt(head)
    }
  }
  const a = next.active
  const c = next.connection
  if (a !== undefined && a.phase === "waiting" && c._tag === "open") {
    const transfer = next.transfers + 1
    const [started, request] = open(next.settings.transfer, a, transfer, c.session, serverId(next, c.server), next.settings.participant)
    next = { ...next, transfers: transfer, active: started }
    out.push(transferEvent(next, started, started.attempt === 1 ? "started" : "retried"), request)
    armProgressTimers(next, out)
  }
  const due = next.queue[0]
  if (next.active === undefined && due !== undefined && due.at > now && next.nextJobAt !== due.at) {
    out.push(timer("next-job", due.at - now))
    next = { ...next, nextJobAt: due.at }
  }
  return next
}

/**
 * A state that came out of a step has `reported` worked out from its connection, server list and attempt:
 * a step that changed none of them (a keepalive) need not build the detail again.
 */
const report = (before: EcpClientState, s: EcpClientState, out: Out): EcpClientState => {
  if (
    before.reported !== undefined && s.reported === before.reported && s.settings === before.settings && s.closed === before.closed &&
    s.active === before.active && s.failing === before.failing && s.lost === before.lost && sameConnectionReport(before.connection, s.connection)
  ) return s
  const c = s.connection
  // A session on a crashed server is down from the crash, though the client finds out only by its keepalives.
  if (c._tag === "open" && s.lost === c.session) return reportAs(s, serverLostStatus(s, serverId(s, c.server))!, out)
  const up = c._tag === "open" ? 1 : 0
  // Degraded while a transfer is stalled, and from a job given up until a transfer completes again: a
  // session that is up but has just failed to move a file after every attempt does not serve the channel.
  const stalled = s.active?.stalled === true
  const failing = s.failing
  const degraded = stalled || failing !== undefined
  const trouble = stalled ? `; ${s.active!.job.file} stalled` : failing !== undefined ? `; ${failing.job.file} given up after attempt ${failing.attempt}` : ""
  const detail = c._tag !== "open" ? "no session" : `session to ${serverId(s, c.server)}${trouble}`
  return reportAs(s, { flow: s.settings.flow, service: "ecp-sftp", up, of: usable(s), degraded, detail }, out)
}

/** Servers not known to be closed. */
const usable = (s: EcpClientState): number => s.closed.filter((x) => !x).length

const reportKey = (d: FlowStatusData): string => `${d.up}/${d.of}/${d.degraded}/${d.detail}`

/** A `flow.status` when what the client would report differs from what it last reported. */
const reportAs = (s: EcpClientState, d: FlowStatusData, out: Out): EcpClientState => {
  const key = reportKey(d)
  if (key === s.reported) return s
  out.push(flowStatus({ ...d, participant: s.settings.participant }))
  return { ...s, reported: key }
}

/**
 * What the client reports once `server`, which its open session is on, has crashed (undefined: its session
 * is not on it): down, until its connection changes. The wiring writes it at the crash instant (wire-ecp.ts).
 */
export const serverLostStatus = (s: EcpClientState, server: string): FlowStatusData | undefined =>
  s.connection._tag === "open" && serverId(s, s.connection.server) === server
    ? serverDownStatus(s.settings.flow, "ecp-sftp", server, usable(s), "no session until connected again")
    : undefined

export const ecpClient: Machine<EcpClientState, EcpMessage> = {
  step: (state: EcpClientState, input: Input<EcpMessage>, now: Micros) => {
    const out: Out = []
    let s = state
    switch (input._tag) {
      case "start":
        for (const j of s.queue) out.push(timer(`deadline:${j.id}`, Math.max(0, j.deadline - now)))
        s = connect(s, 0, out)
        break
      case "timer":
        s = onTimer(s, input.name, out)
        break
      case "receive":
        s = onReceive(s, input.message, now, out)
    }
    const advanced = advance(s, now, out)
    s = armPoll(advanced, advanced.connection._tag === "open" ? advanced.connection.since : undefined, now, out)
    return [report(state, s, out), out]
  }
}

/** Whether two connections report the same (the detail names the server of an open one). */
const sameConnectionReport = (a: EcpClientState["connection"], b: EcpClientState["connection"]): boolean =>
  a === b || (a._tag === "open" ? b._tag === "open" && a.server === b.server : b._tag !== "open")

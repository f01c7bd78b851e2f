/**
 * The feed handler's side of the retransmission service (DOMAIN §3 RTS; spec §4.3): one TCP session at a
 * time, to one of the endpoints in the configured order, with requests sent one after another.
 *
 * Rules it follows:
 * - spec §4.3 "should not connect to multiple retransmission servers concurrently" and "In the event that a
 *   Retransmission Server does not respond to a logon or retransmission request, another Retransmission
 *   Server should be used": on a timeout, a refused logon or a dropped connection it closes the session
 *   and tries the next endpoint; after every endpoint failed once in a row it gives the work back
 *   (`failed`, for refresh) and starts over with the next gap;
 * - requests of at most `maxRange` (10,000), at most `dailyRequests` (1,000) a day — counted here too, so a
 *   well-behaved client never meets reject 101 unless another feed handler shares its user (the servers
 *   count the user's requests, rts-requests.ts; this counts its own). Both are per real channel and real
 *   request: on a modelled channel of `realChannels` k (stream.ts `groupRts`) one request spans up to
 *   `maxRange`·k numbers and counts min(n, k) real requests;
 * - spec §4.3 figure 6 "Can the request be reformulated based on reject reason?": 100 (range too large) is
 *   split in halves and retried; 1 and 2 cannot be, and go to refresh; 101 ends retransmission for the day
 *   (the server closes the connection);
 * - the server's heartbeat is echoed (spec §4.3: an exact copy).
 *
 * Pure functions over a sub-state of the feed handler; its timer is named `rts`.
 */
import type { FeedOf } from "../../contract/kinds-omd.ts"
import type { TraceKind, TraceKinds } from "../../contract/trace-kinds.ts"
import { cancel, close, emit, send, timer, type Action } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import { wireBytes, type OmdMessage } from "./messages.ts"
import { span, splitBy, subtract, type SeqRange } from "./ranges.ts"
import { realRequests } from "./stream.ts"

export interface RtsClientConfig {
  /** Trace subject. */
  readonly participant: string
  readonly flow: string
  readonly channel: string
  readonly user: string
  /** In the order to try them (DOMAIN §3: 4 endpoints, 2 per site, all usable whichever site is live). */
  readonly endpoints: ReadonlyArray<string>
  /** [U] How long to wait for a logon or request answer before trying the next endpoint. */
  readonly responseTimeout: Micros
  /** Per real request (DOMAIN §3: 10,000). */
  readonly maxRange: number
  /** Real requests per day (DOMAIN §3: 1,000). */
  readonly dailyRequests: number
  /** Real channels the modelled channel stands for (stream.ts; default 1). */
  readonly realChannels?: number
  /** Messages per packet on the channel (stream.ts `messagesPerPacket`; default 1). */
  readonly perPacket?: number
}

export type RtsConnection = "closed" | "logging-on" | "ready" | "awaiting-response" | "receiving"

export interface RtsClient {
  readonly config: RtsClientConfig
  /** Index of the endpoint in use, or to try next. */
  readonly endpoint: number
  readonly conn: RtsConnection
  /** The TCP connection of the current (or last) connect, numbered from 1; messages of any other are stale. */
  readonly connNo: number
  readonly queue: ReadonlyArray<SeqRange>
  readonly inFlight: SeqRange | undefined
  readonly sent: number
  /** No more requests today (reject 101, or the client's own count reached the limit). */
  readonly exhausted: boolean
  /** Endpoints that failed in a row. */
  readonly failures: number
  readonly maxRange: number
}

export const initialRtsClient = (config: RtsClientConfig): RtsClient => ({
  config,
  endpoint: 0,
  conn: "closed",
  connNo: 0,
  queue: [],
  inFlight: undefined,
  sent: 0,
  exhausted: false,
  failures: 0,
  maxRange: config.maxRange * (config.realChannels ?? 1)
})

export interface RtsFailure extends SeqRange {
  readonly reason: string
}

export interface RtsResult {
  readonly client: RtsClient
  readonly actions: Array<Action<OmdMessage>>
  readonly recovered: { readonly first: number; readonly last: number; readonly endpoint: string } | undefined
  readonly failed: Array<RtsFailure>
}

export const rtsUsable = (c: RtsClient): boolean => !c.exhausted && c.config.endpoints.length > 0

interface Work {
  client: RtsClient
  readonly actions: Array<Action<OmdMessage>>
  recovered: RtsResult["recovered"]
  readonly failed: Array<RtsFailure>
}

const result = (w: Work): RtsResult => w
const endpointOf = (c: RtsClient): string => c.config.endpoints[c.endpoint]!

/** Sends on the current connection (a TCP stream: held while the path is cut, never lost). */
const tell = (w: Work, message: OmdMessage & { readonly conn: number }): void => {
  w.actions.push(send(endpointOf(w.client), message, wireBytes(message, 0), message.conn))
}
/** The client's flow and channel: every event of the client starts with them. */
const feedOf = (w: Work): FeedOf => ({ flow: w.client.config.flow, channel: w.client.config.channel })

const note = <K extends TraceKind>(w: Work, kind: K, data: TraceKinds[K]): void => {
  w.actions.push(emit(kind, data, w.client.config.participant))
}

const giveBack = (w: Work, reason: string): void => {
  const c = w.client
  const all = c.inFlight === undefined ? c.queue : [c.inFlight, ...c.queue]
  for (const r of all) w.failed.push({ first: r.first, last: r.last, reason })
  w.client = { ...c, queue: [], inFlight: undefined }
}

/** Connects if work waits and no session is open; sends the next request if the session is idle. */
const pump = (w: Work): void => {
  const c = w.client
  if (c.inFlight !== undefined || c.queue.length === 0) return
  if (c.exhausted) return giveBack(w, "retransmission exhausted for the day")
  if (c.conn === "closed") {
    const conn = c.connNo + 1
    w.client = { ...c, conn: "logging-on", connNo: conn }
    tell(w, { _tag: "rts-connect", conn })
    tell(w, { _tag: "rts-logon", conn, user: c.config.user })
    w.actions.push(timer("rts", c.config.responseTimeout))
    return
  }
  if (c.conn !== "ready") return
  const [next, ...rest] = c.queue
  const cost = realRequests(span(next!), c.config.realChannels ?? 1, c.config.perPacket)
  if (c.sent + cost > c.config.dailyRequests) {
    w.client = { ...c, exhausted: true }
    return giveBack(w, "daily request limit reached (client count)")
  }
  w.client = { ...c, queue: rest, inFlight: next, sent: c.sent + cost, conn: "awaiting-response" }
  tell(w, { _tag: "rts-request", conn: c.connNo, channel: c.config.channel, first: next!.first, last: next!.last })
  note(w, "omd.rts.request", { ...feedOf(w), endpoint: endpointOf(c), first: next!.first, last: next!.last, request: c.sent + cost })
  w.actions.push(timer("rts", c.config.responseTimeout))
}

/** Leaves the current endpoint for the next one (spec §4.3 high availability). */
const failover = (w: Work, reason: string): void => {
  const c = w.client
  const n = c.config.endpoints.length
  const from = endpointOf(c)
  if (c.conn !== "closed") {
    tell(w, { _tag: "rts-close", conn: c.connNo, reason })
    // The socket closed: a connection still opening never reaches the server (twin/engine/tcp.ts).
    w.actions.push(close(from, c.connNo))
  }
  const queue = c.inFlight === undefined ? c.queue : [c.inFlight, ...c.queue]
  w.client = { ...c, conn: "closed", inFlight: undefined, queue, endpoint: (c.endpoint + 1) % n, failures: c.failures + 1 }
  w.actions.push(cancel("rts"))
  note(w, "omd.rts.failover", { ...feedOf(w), from, to: endpointOf(w.client), reason })
  if (w.client.failures >= n) {
    w.client = { ...w.client, failures: 0 }
    return giveBack(w, "no retransmission server answered")
  }
  pump(w)
}

export const rtsEnqueue = (c: RtsClient, ranges: ReadonlyArray<SeqRange>): RtsResult => {
  const pieces = ranges.flatMap((r) => splitBy(r, c.maxRange))
  const w: Work = { client: { ...c, queue: [...c.queue, ...pieces] }, actions: [], recovered: undefined, failed: [] }
  pump(w)
  return result(w)
}

/** Forgets queued work a refresh has made unnecessary (everything up to `lastSeqNum`). */
export const rtsSettleUpTo = (c: RtsClient, lastSeqNum: number): RtsClient => {
  const queue = subtract(c.queue, [{ first: -Infinity, last: lastSeqNum }]).kept
  return queue.length === c.queue.length && queue.every((r, i) => r === c.queue[i]) ? c : { ...c, queue }
}

export const rtsTimeout = (c: RtsClient): RtsResult => {
  const w: Work = { client: c, actions: [], recovered: undefined, failed: [] }
  if (c.conn === "logging-on" || c.conn === "awaiting-response" || c.conn === "receiving") failover(w, "no response")
  return result(w)
}

export const rtsReceive = (c: RtsClient, from: string, m: OmdMessage): RtsResult => {
  const w: Work = { client: c, actions: [], recovered: undefined, failed: [] }
  // Another endpoint's, a closed session's, or an earlier connection's (its socket is closed).
  if (c.config.endpoints[c.endpoint] !== from || c.conn === "closed" || !("conn" in m) || m.conn !== c.connNo) return result(w)
  switch (m._tag) {
    case "rts-heartbeat":
      tell(w, { _tag: "rts-heartbeat-response", conn: c.connNo })
      break
    case "rts-logon-response":
      if (c.conn !== "logging-on") break
      note(w, "omd.rts.logon", { ...feedOf(w), endpoint: from, user: c.config.user, sessionStatus: m.sessionStatus })
      if (m.sessionStatus !== 0) {
        // Spec §4.3: the server closes the connection after a refused logon.
        w.client = { ...c, conn: "closed" }
        failover(w, m.sessionStatus === 100 ? "user already connected" : "invalid username")
        break
      }
      w.client = { ...c, conn: "ready" }
      w.actions.push(cancel("rts"))
      pump(w)
      break
    case "rts-response": {
      const asked = c.inFlight
      if (c.conn !== "awaiting-response" || asked === undefined) break
      note(w, "omd.rts.response", { ...feedOf(w), endpoint: from, status: m.status, first: m.first, last: m.last })
      if (m.status === 0) {
        w.client = { ...c, conn: "receiving" }
        break
      }
      w.actions.push(cancel("rts"))
      if (m.status === 100) {
        const maxRange = Math.max(1, Math.min(c.maxRange, Math.floor(span(asked) / 2)))
        w.client = { ...c, conn: "ready", inFlight: undefined, maxRange, queue: [...splitBy(asked, maxRange), ...c.queue] }
      } else if (m.status === 101) {
        // Spec §4.3: the server closes the connection after this response.
        w.client = { ...c, conn: "closed", exhausted: true }
        giveBack(w, "reject 101: daily request limit")
        break
      } else {
        w.failed.push({ first: asked.first, last: asked.last, reason: m.status === 1 ? "reject 1: unknown channel" : "reject 2: not available" })
        w.client = { ...c, conn: "ready", inFlight: undefined }
      }
      pump(w)
      break
    }
    case "rts-retransmission":
      if (c.conn !== "receiving") break
      w.recovered = { first: m.first, last: m.last, endpoint: from }
      w.client = { ...c, conn: "ready", inFlight: undefined, failures: 0 }
      w.actions.push(cancel("rts"))
      pump(w)
      break
    case "rts-close":
      // Spec §4.3: a lost connection means this server failed; use another one next time.
      w.client = { ...c, conn: "closed" }
      if (!c.exhausted) failover(w, `closed by server: ${m.reason}`)
      break
  }
  return result(w)
}

/** End of day: close the session gracefully (spec §4.3 "Closing the session"). */
export const rtsShutdown = (c: RtsClient): RtsResult => {
  const w: Work = { client: c, actions: [], recovered: undefined, failed: [] }
  if (c.conn !== "closed") tell(w, { _tag: "rts-close", conn: c.connNo, reason: "end of day" })
  w.client = { ...c, conn: "closed", queue: [], inFlight: undefined }
  w.actions.push(cancel("rts"))
  return result(w)
}

/**
 * An OMD retransmission server (DOMAIN §3 RTS; spec §4.3). It keeps each channel it serves up to `highest`,
 * and serves TCP sessions.
 *
 * What it keeps [U: HKEX does not say how its RTS is fed]: the channel's messages — every number the
 * channel allocated, whether or not a line got it out — as far as a line has sent or announced them. Spec
 * §4.3 promises the last 50,000 messages *of the channel*, and a number is a message of the channel from
 * when the matching engine allocates it: a publisher crash loses the line's sending, not the message
 * (publisher.ts: the numbers it misses are lost on that line only). So the server serves numbers neither
 * line sent: after both lines' publishers crash and restart without catch-up, the numbers allocated in
 * between are served (0), and that is how a feed handler gets them back.
 * How it learns the channel's position: it is fed both lines at the instant of publication inside HKEX
 * (`Runtime.subscribeInternal`, via `feed` of `rtsServerNode`), never over the multicast paths to
 * participants — a lossy or broken participant path cannot make the server miss what it must keep, and a
 * request inside the retention window is served. `highest` is the highest number either line has sent, or
 * announced by a heartbeat (a restarted publisher's first heartbeat carries the channel's position). A
 * line that is down is simply not sent, and the other line still advances `highest`; while both are down
 * nothing does, so a request above the last number sent is refused 2 (not yet seen) until a line is back.
 *
 * Limits are per real channel (stream.ts `groupRts`): a modelled channel of k real channels keeps its last
 * `retention`·k numbers, takes ranges of up to `maxRange`·k numbers (one request per real channel), and a
 * request for n numbers counts min(n, k) against the user's daily limit.
 *
 * Limits and answers (spec §4.3 "System limits", §3.5.2, §3.5.4), checked in this order [U: the spec
 * gives no order]:
 * - a user whose requests today, with this one's, would pass `dailyRequests` (1,000) → 101, then the
 *   server closes the connection (spec §4.3); [U] every request before that counts, whatever its answer,
 *   and the one answered 101 does not;
 * - a request on a channel it does not serve → RetransStatus 1;
 * - more than `maxRange` (10,000) numbers → 100;
 * - numbers not among the last `retention` (50,000) of the channel, or above `highest` (not yet seen) → 2;
 * - otherwise 0, followed right away by the messages (one `rts-retransmission` for the whole range).
 *
 * Sessions: no Logon within `logonTimeout` (5 s) → the server closes the connection. One session per user:
 * a second logon for a user who already has a session is answered SessionStatus 100 "User already
 * connected" and that NEW connection is closed; the first session stays (spec §3.5.2 SessionStatus 100,
 * §4.3 "Logons may be rejected for … User already connected. In all cases the server will close the
 * connection after sending the Logon Response message"). The server sends a heartbeat every 30 s and
 * closes a session whose echo does not come within 5 s.
 *
 * The daily count is the user's across every server and channel (DOMAIN §3 "all channels";
 * docs/scenario-format.md `requestsPerUserPerDay`): the servers share one record of it (rts-requests.ts), so a user who
 * fails over to another server, or logs on at two, does not start afresh. "One session per user" holds per
 * server [U]: the spec does not say whether the servers share sessions (docs/scenario-format.md
 * `usersPerParticipant`). The feed handler also counts, its own requests only (rts-client.ts).
 */
import { cancel, emit, send, timer, type Action, type Input, type Machine, type Step } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import { groupRts, messagesPerPacket, realRequests, type RtsLimits } from "./stream.ts"
import { realTimeLastSeq, wireBytes, type OmdMessage, type RetransStatus } from "./messages.ts"
import { RtsRequestsToday } from "./rts-requests.ts"

export interface RtsServerConfig extends RtsLimits {
  /** `realChannels`: the real channels the modelled channel stands for (stream.ts; default 1). */
  readonly channels: ReadonlyArray<{ readonly channel: string; readonly meanMessageBytes: number; readonly realChannels?: number }>
  /** Users allowed to log on; undefined: anyone (SessionStatus 5 otherwise). */
  readonly users: ReadonlyArray<string> | undefined
}

interface Connection {
  /** The client's TCP connection (its number): messages of any other are stale, answers go on it. */
  readonly conn: number
  /** Set once logged on. */
  readonly user: string | undefined
}

export interface RtsServerState {
  readonly config: RtsServerConfig
  readonly down: boolean
  /** Per channel, the highest sequence number sent or announced by a heartbeat, on either line. */
  readonly highest: Readonly<Record<string, number>>
  /** Per channel, the Sequence Resets applied (each line sends its copy; one counts). */
  readonly resets: Readonly<Record<string, number>>
  /** By client machine id. */
  readonly connections: Readonly<Record<string, Connection>>
  readonly sessionOf: Readonly<Record<string, string>>
  /** Real requests per user today, at every server: shared with the others and counted in place (rts-requests.ts). */
  readonly requests: RtsRequestsToday
}

/** `requests`: the record the run's servers share; default one of this server's own (a server alone). */
export const initialRtsServerState = (config: RtsServerConfig, requests: RtsRequestsToday = new RtsRequestsToday()): RtsServerState => ({
  config,
  down: false,
  highest: Object.fromEntries(config.channels.map((c) => [c.channel, 0])),
  resets: Object.fromEntries(config.channels.map((c) => [c.channel, 0])),
  connections: {},
  sessionOf: {},
  requests
})

type A = Action<OmdMessage>

/** Answers on the client's connection (a TCP stream: held while the path is cut, never lost). */
const reply = (actions: Array<A>, to: string, message: OmdMessage & { readonly conn: number }, meanMessageBytes = 0): void => {
  actions.push(send(to, message, wireBytes(message, meanMessageBytes), message.conn))
}

const without = <T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> => {
  const { [key]: _, ...rest } = record
  return rest
}

/** Forgets a connection and its session; `reason` is sent to the client unless the server died. */
const drop = (s: RtsServerState, actions: Array<A>, client: string, reason: string, tellClient: boolean): RtsServerState => {
  const conn = s.connections[client]
  if (conn === undefined) return s
  if (tellClient) reply(actions, client, { _tag: "rts-close", conn: conn.conn, reason })
  actions.push(cancel(`logon:${client}`), cancel(`hb:${client}`), cancel(`hbto:${client}`))
  actions.push(emit("omd.rts.session", { client, user: conn.user ?? null, state: "closed", reason }))
  const sessionOf = conn.user !== undefined && s.sessionOf[conn.user] === client ? without(s.sessionOf, conn.user) : s.sessionOf
  return { ...s, connections: without(s.connections, client), sessionOf }
}

const logon = (s: RtsServerState, actions: Array<A>, client: string, user: string): RtsServerState => {
  const conn = s.connections[client]
  if (conn === undefined || conn.user !== undefined) return s
  const refuse = (sessionStatus: 5 | 100, reason: string) => {
    reply(actions, client, { _tag: "rts-logon-response", conn: conn.conn, sessionStatus })
    actions.push(emit("omd.rts.session", { client, user, state: "refused", sessionStatus }))
    return drop(s, actions, client, reason, true)
  }
  if (s.config.users !== undefined && !s.config.users.includes(user)) return refuse(5, "invalid username")
  if (s.sessionOf[user] !== undefined) return refuse(100, "user already connected")
  reply(actions, client, { _tag: "rts-logon-response", conn: conn.conn, sessionStatus: 0 })
  actions.push(cancel(`logon:${client}`), timer(`hb:${client}`, s.config.heartbeatInterval))
  actions.push(emit("omd.rts.session", { client, user, state: "logged-on" }))
  return { ...s, connections: { ...s.connections, [client]: { conn: conn.conn, user } }, sessionOf: { ...s.sessionOf, [user]: client } }
}

const request = (s: RtsServerState, actions: Array<A>, client: string, channel: string, first: number, last: number): RtsServerState => {
  const connection = s.connections[client]
  const user = connection?.user
  if (connection === undefined || user === undefined) return s
  const conn = connection.conn
  const c = s.config
  const made = s.requests.of(user)
  const served = c.channels.find((x) => x.channel === channel)
  const realChannels = served?.realChannels ?? 1
  const cost = realRequests(last - first + 1, realChannels, served === undefined ? 1 : messagesPerPacket(served.meanMessageBytes))
  const answer = (status: RetransStatus) => {
    reply(actions, client, { _tag: "rts-response", conn, channel, status, first, last })
    actions.push(emit("omd.rts.served", { client, user, channel, first, last, status, request: made + cost }))
  }
  if (made + cost > c.dailyRequests) {
    answer(101)
    return drop(s, actions, client, "daily request limit", true)
  }
  const limits = groupRts(c, realChannels)
  const highest = s.highest[channel] ?? 0
  if (served === undefined) answer(1)
  else if (last < first || last - first + 1 > limits.maxRange) answer(100)
  else if (first < 1 || first <= highest - limits.retention || last > highest) answer(2)
  else {
    answer(0)
    reply(actions, client, { _tag: "rts-retransmission", conn, channel, first, last }, served.meanMessageBytes)
  }
  s.requests.count(user, cost)
  return s
}

const receive = (s: RtsServerState, actions: Array<A>, from: string, m: OmdMessage): RtsServerState => {
  const seq = realTimeLastSeq(m)
  if (seq !== undefined && "channel" in m) {
    const known = s.highest[m.channel]
    if (known === undefined) return s
    if (m._tag === "sequence-reset") {
      // The other line's copy of a reset already applied must not undo what followed it.
      if (m.resetNo <= (s.resets[m.channel] ?? 0)) return s
      return { ...s, highest: { ...s.highest, [m.channel]: 0 }, resets: { ...s.resets, [m.channel]: m.resetNo } }
    }
    return seq > known ? { ...s, highest: { ...s.highest, [m.channel]: seq } } : s
  }
  if (m._tag === "rts-connect") {
    const fresh = drop(s, actions, from, "replaced by a new connection", false)
    actions.push(timer(`logon:${from}`, s.config.logonTimeout))
    return { ...fresh, connections: { ...fresh.connections, [from]: { conn: m.conn, user: undefined } } }
  }
  // A message of a connection this server does not hold (closed, or replaced) meets a closed socket.
  if (!("conn" in m) || s.connections[from]?.conn !== m.conn) return s
  switch (m._tag) {
    case "rts-logon":
      return logon(s, actions, from, m.user)
    case "rts-request":
      return request(s, actions, from, m.channel, m.first, m.last)
    case "rts-heartbeat-response":
      actions.push(cancel(`hbto:${from}`))
      return s
    case "rts-close":
      return drop(s, actions, from, m.reason, false)
    default:
      return s
  }
}

const onTimer = (s: RtsServerState, actions: Array<A>, name: string): RtsServerState => {
  const [kind, client] = name.split(":") as [string, string]
  const conn = s.connections[client]
  if (conn === undefined) return s
  switch (kind) {
    case "logon":
      return conn.user === undefined ? drop(s, actions, client, "logon timeout", true) : s
    case "hb":
      reply(actions, client, { _tag: "rts-heartbeat", conn: conn.conn })
      actions.push(timer(`hbto:${client}`, s.config.heartbeatResponseTimeout), timer(`hb:${client}`, s.config.heartbeatInterval))
      return s
    case "hbto":
      return drop(s, actions, client, "heartbeat timeout", true)
    default:
      return s
  }
}

export const rtsServer: Machine<RtsServerState, OmdMessage> = {
  step: (state: RtsServerState, input: Input<OmdMessage>, _now: Micros): Step<RtsServerState, OmdMessage> => {
    const actions: Array<A> = []
    if (input._tag === "receive" && input.message._tag === "control") {
      const command = input.message.command
      if (command === "crash" && !state.down) {
        // A dead server tells no one: its clients notice by timeouts.
        let s = state
        for (const client of Object.keys(state.connections)) s = drop(s, actions, client, "server crashed", false)
        actions.push(emit("omd.rts.server", { state: "down" }))
        return [{ ...s, down: true }, actions]
      }
      if (command === "restart" && state.down) return [{ ...state, down: false }, [emit("omd.rts.server", { state: "up" })]]
      return [state, []]
    }
    if (state.down) return [state, []]
    switch (input._tag) {
      case "start":
        return [state, []]
      case "timer":
        return [onTimer(state, actions, input.name), actions]
      case "receive":
        return [receive(state, actions, input.from, input.message), actions]
    }
  }
}

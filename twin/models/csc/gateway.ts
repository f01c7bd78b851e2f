/**
 * A China Connect Central Gateway (CCCG): takes participants' northbound sessions (logon, heartbeats
 * echoed), checks each order against the Northbound hours and the market's quota state, forwards it to
 * the SSE or SZSE mainland link, and relays the link's reports back to the session's client.
 *
 * Quota: the CCCG enforces the rule (a buy is refused while the market's buys are closed — DOMAIN §2);
 * the ledger itself is kept by the market's mainland link (quota.ts), because the quota is market-wide and
 * the estate has several CCCGs: each one keeping its own ledger would admit 52 bn per gateway. The link
 * tells every CCCG each change of DQB and of whether buys are open (`quota-state`), so a buy already on its way when the quota
 * closes still reaches the market and is counted, as an order that takes DQB below 0 is.
 *
 * Session recovery [U, after OCG-C — DOMAIN §1 Recovery; session-store.ts says why]: every report for a
 * session is numbered in the platform's session store, shared by every CCCG, and written by the CCCG that
 * holds the session (the one that took its last Logon) on its connection, in sequence order. A report that
 * reaches another CCCG (the one its order came through) is numbered there and passed to the holder. A Logon
 * makes this CCCG the holder; it answers, then writes again every report from the Logon's next expected
 * number with PossDup=1, `replayBatch` of them every `replayTick` (OCG-C's pacing, twin/models/ocg/rules.ts),
 * new reports waiting behind the replay. A session held nowhere (its CCCG closed) keeps its reports for
 * its next Logon.
 *
 * Simplifications [U]: no Lookup Service, no duplicate-logon rule, no numbers on the participant → CCCG
 * direction, no Resend Request, no session timeout on the gateway's side (a client that went away just
 * stops sending); a re-logon replaces the session's client and connection: what arrives on the older
 * connection is not the session's.
 *
 * A crash (`power`, its node down: a fault, a site loss, a restart) [as OCG-C's gateways, twin/models/ocg/
 * gateway.ts]: the host answers nothing while down and loses its sessions (held nowhere until they log on
 * again); when it comes back it is a fresh host, and a segment on a connection it held before the crash is
 * answered with a reset (`reset`), so a session that had not noticed the crash is lost then, not when its
 * heartbeats go unanswered.
 *
 * DR [U, after OCG-C's Lookup Service, DOMAIN §1]: a CCCG the estate marks `closedUntilFailover` (the
 * backup site's, which its Lookup Service hands out only after a failover) is closed until operations open
 * it (`site`): it refuses a logon's connection at once (`refused`) and answers nothing else. Closing drops
 * its sessions (held nowhere until they log on again). `relink` points a market's orders at the link that
 * took the ledger over.
 */
import { type Action, cancel, type Input, type Machine, send, STANDING_STREAM, timer } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import { accepting, cancelAllowed, type NorthboundHours } from "./hours.ts"
import { type CscMessage, type Market, type RejectReason, wireBytes } from "./messages.ts"
import type { CscSessionStore, SessionRecord, SessionReport } from "./session-store.ts"

export interface CccgSettings {
  /** This CCCG's machine id: how the session store names the holder. */
  readonly id: string
  /** The platform's session records, shared by every CCCG (session-store.ts). */
  readonly store: CscSessionStore
  /** Replay pacing after a Logon: this many reports per tick. */
  readonly replayBatch: number
  readonly replayTick: Micros
  readonly links: Readonly<Record<Market, string>>
  readonly hours: NorthboundHours
  /** The quota state the CCCG starts with, before the links say otherwise. */
  readonly dailyQuota: Readonly<Record<Market, number>>
}

export interface MarketQuotaView {
  readonly buysOpen: boolean
  readonly dqb: number
}

export interface CccgState {
  readonly settings: CccgSettings
  /** Taking sessions (a closed CCCG refuses them). */
  readonly open: boolean
  /** Its node is down: the host answers nothing. */
  readonly crashed: boolean
  /** Logged-on sessions, the client machine of each and the connection it logged on with. */
  readonly sessions: ReadonlyArray<{ readonly session: string; readonly client: string; readonly conn: number }>
  /**
   * The connections it held when it crashed: the first segment heard on one after the restart is answered
   * with a reset (`reset` then true), any later one is not the host's (no socket).
   */
  readonly lost: ReadonlyArray<{ readonly session: string; readonly client: string; readonly conn: number; readonly reset: boolean }>
  readonly quota: Readonly<Record<Market, MarketQuotaView>>
}

type Act = Action<CscMessage>

export const initialCccgState = (settings: CccgSettings, open = true): CccgState => ({
  settings,
  open,
  crashed: false,
  sessions: [],
  lost: [],
  quota: {
    SSE: { buysOpen: settings.dailyQuota.SSE > 0, dqb: settings.dailyQuota.SSE },
    SZSE: { buysOpen: settings.dailyQuota.SZSE > 0, dqb: settings.dailyQuota.SZSE }
  }
})

/** To a session's client on connection `conn`; inside HKEX (a mainland link, another CCCG) on STANDING_STREAM. */
const to = (id: string, m: CscMessage, conn: number = STANDING_STREAM): Act => send(id, m, wireBytes(m), conn)

type Logon = CccgState["sessions"][number]

/** Each sessions list's logon by session, built once per list (a list changes only at a logon). */
const logonsOf = new WeakMap<CccgState["sessions"], ReadonlyMap<string, Logon>>()

const logonOf = (s: CccgState, session: string): Logon | undefined => {
  let logons = logonsOf.get(s.sessions)
  if (logons === undefined) {
    logons = new Map(s.sessions.map((x) => [x.session, x]))
    logonsOf.set(s.sessions, logons)
  }
  return logons.get(session)
}

/** Whether `session` is logged on here from `client` on `conn` (the last logon of a session wins, as in `sessions`). */
const loggedOn = (s: CccgState, session: string, client: string, conn: number): boolean => {
  const l = logonOf(s, session)
  return l !== undefined && l.client === client && l.conn === conn
}

const REPLAY = "replay:"

/**
 * Writes what the holder has not written of the session's reports, in sequence order, at most a batch;
 * arms the replay timer when more remain. A report that comes during a paced replay waits for its turn.
 */
const pump = (s: CccgState, session: string, r: SessionRecord, tick: boolean, out: Array<Act>): void => {
  if (r.replaying && !tick) return
  const until = Math.min(r.reports.length, r.written + s.settings.replayBatch - 1)
  for (let seq = r.written; seq <= until; seq++) {
    const m: CscMessage = { ...r.reports[seq - 1]!, conn: r.conn, seq }
    // DOMAIN §1 Recovery (OCG-C): what was stored before the Logon goes again with PossDup=1.
    out.push(to(r.client, seq < r.replayEnd ? { ...m, possDup: true } : m, r.conn))
  }
  r.written = Math.max(r.written, until + 1)
  r.replaying = r.written <= r.reports.length
  if (r.replaying) out.push(timer(REPLAY + session, s.settings.replayTick))
}

/**
 * A report for a session: numbered in the store (unless a CCCG numbered it already and passes it on), then
 * written here if this CCCG holds the session, else passed to the one that does.
 */
const deliver = (s: CccgState, report: SessionReport, out: Array<Act>): void => {
  const store = s.settings.store
  const seq = report.seq ?? store.append(report.session, report)
  const r = store.record(report.session)!
  if (r.holder === s.settings.id) pump(s, report.session, r, false, out)
  else if (r.holder !== undefined && report.seq === undefined) out.push(to(r.holder, { ...report, seq }))
}

const refusal = (s: CccgState, m: CscMessage & { readonly _tag: "order" | "cancel" }, client: string, now: Micros): RejectReason | undefined => {
  if (!loggedOn(s, m.session, client, m.conn)) return "not-logged-on"
  if (m._tag === "cancel") return cancelAllowed(s.settings.hours, now) ? undefined : accepting(s.settings.hours, now) ? "no-cancel-period" : "outside-hours"
  if (!accepting(s.settings.hours, now)) return "outside-hours"
  if (m.side === "buy" && !s.quota[m.market].buysOpen) return "quota"
  return undefined
}

const onTimer = (s: CccgState, name: string): ReadonlyArray<Act> => {
  if (!s.open || !name.startsWith(REPLAY)) return []
  const session = name.slice(REPLAY.length)
  const r = s.settings.store.record(session)
  if (r === undefined || r.holder !== s.settings.id) return []
  const out: Array<Act> = []
  pump(s, session, r, true, out)
  return out
}

const step = (s: CccgState, input: Input<CscMessage>, now: Micros): readonly [CccgState, ReadonlyArray<Act>] => {
  if (input._tag === "timer") return [s, onTimer(s, input.name)]
  if (input._tag !== "receive") return [s, []]
  const { from, message: m } = input
  // Operations and the quota view reach a CCCG open or closed; sessions only an open one.
  switch (m._tag) {
    case "site":
      if (m.open) return [{ ...s, open: true }, []]
      for (const l of s.sessions) s.settings.store.release(l.session, s.settings.id)
      return [{ ...s, open: false, sessions: [] }, []]
    case "relink":
      return [{ ...s, settings: { ...s.settings, links: { ...s.settings.links, [m.market]: m.link } } }, []]
    case "quota-state":
      return [{ ...s, quota: { ...s.quota, [m.market]: { buysOpen: m.buysOpen, dqb: m.dqb } } }, []]
    case "power":
      if (m.up) return [{ ...s, crashed: false }, []]
      for (const l of s.sessions) s.settings.store.release(l.session, s.settings.id)
      return [{ ...s, crashed: true, sessions: [], lost: [...s.lost, ...s.sessions.map((l) => ({ ...l, reset: false }))] }, []]
  }
  if (s.crashed) return [s, []]
  // After a restart: the first segment on a connection the crashed host held is answered with a reset.
  if (s.lost.length > 0 && "conn" in m && "session" in m) {
    const i = s.lost.findIndex((l) => l.session === m.session && l.client === from && l.conn === m.conn)
    if (i >= 0) {
      if (s.lost[i]!.reset) return [s, []]
      return [{ ...s, lost: s.lost.map((l, j) => (j === i ? { ...l, reset: true } : l)) }, [to(from, { _tag: "reset", session: m.session, conn: m.conn }, m.conn)]]
    }
  }
  // Closed: a logon's connection is refused at once, anything else goes unanswered.
  if (!s.open) return m._tag === "logon" ? [s, [to(from, { _tag: "refused", session: m.session, conn: m.conn }, m.conn)]] : [s, []]
  switch (m._tag) {
    case "logon": {
      // DOMAIN §1 Recovery (OCG-C): the Logon's next expected number is where the replay starts.
      const r = s.settings.store.attach(m.session, s.settings.id, from, m.conn, m.nextExpected)
      const out: Array<Act> = [cancel(REPLAY + m.session), to(from, { _tag: "logon-ack", session: m.session, conn: m.conn }, m.conn)]
      pump(s, m.session, r, true, out)
      const lost = s.lost.some((l) => l.session === m.session) ? s.lost.filter((l) => l.session !== m.session) : s.lost
      return [{ ...s, lost, sessions: [...s.sessions.filter((x) => x.session !== m.session), { session: m.session, client: from, conn: m.conn }] }, out]
    }
    case "heartbeat":
      return loggedOn(s, m.session, from, m.conn) ? [s, [to(from, m, m.conn)]] : [s, []]
    case "order":
    case "cancel": {
      const reason = refusal(s, m, from, now)
      const ref = { session: m.session, conn: m.conn, client: from, order: m.order, market: m.market, side: m.side, amount: m.amount }
      if (reason === undefined) return [s, [to(s.settings.links[m.market], { ...ref, _tag: m._tag })]]
      const answer: SessionReport = m._tag === "cancel"
        ? { ...ref, _tag: "cancel-rejected", reason }
        : { ...ref, _tag: "rejected", reason, dqb: reason === "quota" ? s.quota[m.market].dqb : null }
      // No session here: the answer is the connection's, not a session message (unnumbered).
      if (reason === "not-logged-on") return [s, [to(from, answer, m.conn)]]
      const out: Array<Act> = []
      deliver(s, answer, out)
      return [s, out]
    }
    case "accepted":
    case "rejected":
    case "traded":
    case "cancelled":
    case "cancel-rejected": {
      const out: Array<Act> = []
      deliver(s, m, out)
      return [s, out]
    }
    case "logon-ack":
    case "refused":
    case "reset":
    case "reroute":
    case "retire":
      return [s, []]
  }
}

export const cccgGateway: Machine<CccgState, CscMessage> = { step }

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
 * Simplifications [U]: no Lookup Service, no sequence numbers, no duplicate-logon rule, no session
 * timeout on the gateway's side (a client that went away just stops sending); a re-logon replaces the
 * session's client and connection: what arrives on the older connection is not the session's (a report
 * for an order that came on it goes on the newer one).
 *
 * DR [U, after OCG-C's Lookup Service, DOMAIN §1]: a CCCG the estate marks `closedUntilFailover` (the
 * backup site's, which its Lookup Service hands out only after a failover) is closed until operations open
 * it (`site`): it refuses a logon's connection at once (`refused`) and answers nothing else. Closing drops
 * its sessions. `relink` points a market's orders at the link that took the ledger over.
 */
import { type Action, type Input, type Machine, send } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import { accepting, cancelAllowed, type NorthboundHours } from "./hours.ts"
import { type CscMessage, type Market, type RejectReason, wireBytes } from "./messages.ts"

export interface CccgSettings {
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
  /** Logged-on sessions, the client machine of each and the connection it logged on with. */
  readonly sessions: ReadonlyArray<{ readonly session: string; readonly client: string; readonly conn: number }>
  readonly quota: Readonly<Record<Market, MarketQuotaView>>
}

type Act = Action<CscMessage>

export const initialCccgState = (settings: CccgSettings, open = true): CccgState => ({
  settings,
  open,
  sessions: [],
  quota: {
    SSE: { buysOpen: settings.dailyQuota.SSE > 0, dqb: settings.dailyQuota.SSE },
    SZSE: { buysOpen: settings.dailyQuota.SZSE > 0, dqb: settings.dailyQuota.SZSE }
  }
})

/** To a session's client on connection `conn`; to a mainland link (inside HKEX) as a datagram. */
const to = (id: string, m: CscMessage, conn?: number): Act => send(id, m, wireBytes(m), conn)

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

/** The connection a report for `ref` goes on: the session's here if it is still logged on from that client, else the order's. */
const reportConn = (s: CccgState, ref: { readonly session: string; readonly client: string; readonly conn: number }): number => {
  const l = logonOf(s, ref.session)
  return l !== undefined && l.client === ref.client ? l.conn : ref.conn
}

const refusal = (s: CccgState, m: CscMessage & { readonly _tag: "order" | "cancel" }, client: string, now: Micros): RejectReason | undefined => {
  if (!loggedOn(s, m.session, client, m.conn)) return "not-logged-on"
  if (m._tag === "cancel") return cancelAllowed(s.settings.hours, now) ? undefined : accepting(s.settings.hours, now) ? "no-cancel-period" : "outside-hours"
  if (!accepting(s.settings.hours, now)) return "outside-hours"
  if (m.side === "buy" && !s.quota[m.market].buysOpen) return "quota"
  return undefined
}

const step = (s: CccgState, input: Input<CscMessage>, now: Micros): readonly [CccgState, ReadonlyArray<Act>] => {
  if (input._tag !== "receive") return [s, []]
  const { from, message: m } = input
  // Operations and the quota view reach a CCCG open or closed; sessions only an open one.
  switch (m._tag) {
    case "site":
      return [m.open ? { ...s, open: true } : { ...s, open: false, sessions: [] }, []]
    case "relink":
      return [{ ...s, settings: { ...s.settings, links: { ...s.settings.links, [m.market]: m.link } } }, []]
    case "quota-state":
      return [{ ...s, quota: { ...s.quota, [m.market]: { buysOpen: m.buysOpen, dqb: m.dqb } } }, []]
  }
  // Closed: a logon's connection is refused at once, anything else goes unanswered.
  if (!s.open) return m._tag === "logon" ? [s, [to(from, { _tag: "refused", session: m.session, conn: m.conn }, m.conn)]] : [s, []]
  switch (m._tag) {
    case "logon":
      return [
        { ...s, sessions: [...s.sessions.filter((x) => x.session !== m.session), { session: m.session, client: from, conn: m.conn }] },
        [to(from, { _tag: "logon-ack", session: m.session, conn: m.conn }, m.conn)]
      ]
    case "heartbeat":
      return loggedOn(s, m.session, from, m.conn) ? [s, [to(from, m, m.conn)]] : [s, []]
    case "order":
    case "cancel": {
      const reason = refusal(s, m, from, now)
      const ref = { session: m.session, conn: m.conn, client: from, order: m.order, market: m.market, side: m.side, amount: m.amount }
      if (reason === undefined) return [s, [to(s.settings.links[m.market], { ...ref, _tag: m._tag })]]
      if (m._tag === "cancel") return [s, [to(from, { ...ref, _tag: "cancel-rejected", reason }, m.conn)]]
      return [s, [to(from, { ...ref, _tag: "rejected", reason, dqb: reason === "quota" ? s.quota[m.market].dqb : null }, m.conn)]]
    }
    case "accepted":
    case "rejected":
    case "traded":
    case "cancelled":
    case "cancel-rejected": {
      const conn = reportConn(s, m)
      return [s, [to(m.client, conn === m.conn ? m : { ...m, conn }, conn)]]
    }
    case "logon-ack":
    case "refused":
    case "retire":
      return [s, []]
  }
}

export const cccgGateway: Machine<CccgState, CscMessage> = { step }

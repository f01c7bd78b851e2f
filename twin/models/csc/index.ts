/**
 * China Connect northbound models (DOMAIN §2): a participant's CSC session, the CCCG gateways and the SSE /
 * SZSE mainland links that keep each market's quota ledger. Build initial states from plain config here.
 *
 * Wiring (the integrator's part): per CSC session `s` of participant `p`,
 * `rt.add(\`${p}.csc.${s.id}\`, \`${p}.bss\`, cscSession, cscSessionState({ participant: p, session: s.id, primary: s.primary, secondary: s.secondary, orders }), t)`;
 * per CCCG node `rt.add(id, id, cccgGateway, cccgState({ id, store, links: { SSE: sseLink, SZSE: szseLink } }))`,
 * the links being the estate's `roles.mainlandLinks` and `store` one `new CscSessionStore()` shared by every
 * CCCG of the world; per market link `rt.add(sseLink, sseLink, mainlandLink,
 * mainlandLinkState({ market: "SSE", gateways: [every CCCG id] }))`.
 */
import { type Micros, seconds } from "../../engine/time.ts"
import { REPLAY_BATCH, REPLAY_TICK } from "../ocg/rules.ts"
import { type CccgState, initialCccgState } from "./gateway.ts"
import { northboundHours, type NorthboundHours } from "./hours.ts"
import { initialLinkState, type MainlandLinkState } from "./mainland-link.ts"
import type { Market, Side } from "./messages.ts"
import { NORTHBOUND_DAILY_QUOTA, openLedger } from "./quota.ts"
import { type CscSessionState, initialSessionState, type SessionOrder } from "./session.ts"
import type { CscSessionStore } from "./session-store.ts"

export { cccgGateway, type CccgState } from "./gateway.ts"
export { accepting, cancelAllowed, nextMatchAt, northboundHours, type NorthboundHours, type Phase, phaseAt } from "./hours.ts"
export { mainlandLink, type MainlandLinkState } from "./mainland-link.ts"
export type { CscMessage, Market, RejectReason, Side } from "./messages.ts"
export { buysOpen, dqb, NORTHBOUND_DAILY_QUOTA, openLedger, type QuotaLedger, settle } from "./quota.ts"
export { cscSession, type CscSessionState, gatewayOf, type SessionOrder } from "./session.ts"
export { CscSessionStore, type SessionRecord, type SessionReport } from "./session-store.ts"

/** One line of a session's order schedule: an order, or the cancel of an earlier order of the schedule. */
export type ScheduledOrder =
  | { readonly at: Micros; readonly order: string; readonly market: Market; readonly side: Side; readonly amount: number }
  | { readonly at: Micros; readonly cancel: string }

export interface CscSessionConfig {
  readonly participant: string
  /** The session id of the estate (`cscSessions[].id`); the flow is `${participant}/${session}`. */
  readonly session: string
  readonly primary: string
  readonly secondary: string
  /** A gateway's DR pair at the backup site (estate `roles.drPairs`), tried after the two. */
  readonly backupOf?: (gateway: string) => string | undefined
  readonly orders?: ReadonlyArray<ScheduledOrder>
  /** OCG-C: 20 s (DOMAIN §1). */
  readonly heartbeatEvery?: Micros
  /** The session is lost at this many-th heartbeat tick after the last message heard: OCG-C's 3 + ~3 after a Test Request. */
  readonly silentIntervals?: number
  /** OCG-C: no Logon response within 60 s drops the connection, and 60 s pass before retrying. */
  readonly logonTimeout?: Micros
  readonly logonRetryDelay?: Micros
  /** OCG-C: 10 s after a disconnect. */
  readonly reconnectDelay?: Micros
}

export const cscFlowId = (participant: string, session: string): string => `${participant}/${session}`

/** Resolves cancels against the orders they name and sorts by time (stable: schedule order at equal times). */
export const resolveOrders = (orders: ReadonlyArray<ScheduledOrder>): ReadonlyArray<SessionOrder> => {
  const out = orders.map((o): SessionOrder => {
    if ("order" in o) return { at: o.at, action: "order", order: o.order, market: o.market, side: o.side, amount: o.amount }
    const target = orders.find((x): x is Extract<ScheduledOrder, { order: string }> => "order" in x && x.order === o.cancel)
    if (target === undefined) throw new Error(`cancel of unknown order ${o.cancel}`)
    return { at: o.at, action: "cancel", order: target.order, market: target.market, side: target.side, amount: target.amount }
  })
  return out.map((o, i) => [o, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([o]) => o)
}

/** The gateways a session tries, in order: its primary, its secondary, then the DR pair of each. */
const gatewaysOf = (config: CscSessionConfig): ReadonlyArray<{ readonly id: string; readonly role: string }> => {
  const out: Array<{ readonly id: string; readonly role: string }> = []
  const add = (id: string | undefined, role: string) => {
    if (id !== undefined && !out.some((g) => g.id === id)) out.push({ id, role })
  }
  add(config.primary, "primary")
  add(config.secondary, "secondary")
  add(config.backupOf?.(config.primary), "primary's DR pair")
  add(config.backupOf?.(config.secondary), "secondary's DR pair")
  return out
}

export const cscSessionState = (config: CscSessionConfig): CscSessionState =>
  initialSessionState({
    participant: config.participant,
    session: config.session,
    flow: cscFlowId(config.participant, config.session),
    gateways: gatewaysOf(config),
    orders: resolveOrders(config.orders ?? []),
    heartbeatEvery: config.heartbeatEvery ?? seconds(20),
    silentIntervals: config.silentIntervals ?? 6,
    logonTimeout: config.logonTimeout ?? seconds(60),
    logonRetryDelay: config.logonRetryDelay ?? seconds(60),
    reconnectDelay: config.reconnectDelay ?? seconds(10)
  })

export interface CccgConfig {
  /** The CCCG's own machine id. */
  readonly id: string
  /** The platform's session records: one store shared by every CCCG of the world (session-store.ts). */
  readonly store: CscSessionStore
  /** Replay pacing after a Logon [U]: OCG-C's, 100 reports a millisecond (twin/models/ocg/rules.ts). */
  readonly replayBatch?: number
  readonly replayTick?: Micros
  /** The link (node id) of each market, where the CCCG sends its orders. */
  readonly links: Readonly<Record<Market, string>>
  readonly hours?: NorthboundHours
  readonly dailyQuota?: Readonly<Record<Market, number>>
  /** False for a CCCG closed until a DR failover (estate `closedUntilFailover`). */
  readonly open?: boolean
}

export const cccgState = (config: CccgConfig): CccgState =>
  initialCccgState(
    {
      id: config.id,
      store: config.store,
      replayBatch: config.replayBatch ?? REPLAY_BATCH,
      replayTick: config.replayTick ?? REPLAY_TICK,
      links: config.links,
      hours: config.hours ?? northboundHours,
      dailyQuota: config.dailyQuota ?? { SSE: NORTHBOUND_DAILY_QUOTA, SZSE: NORTHBOUND_DAILY_QUOTA }
    },
    config.open ?? true
  )

export interface MainlandLinkConfig {
  readonly market: Market
  readonly gateways: ReadonlyArray<string>
  readonly hours?: NorthboundHours
  /** RMB; DOMAIN §2: 52 bn per market. */
  readonly dailyQuota?: number
  /** Continuous trading: from acceptance to the fill [U]. */
  readonly tradeDelay?: Micros
  /** Price improvement of buy fills, returned to DQB as an adjustment [U]. */
  readonly buyImprovementBp?: number
  /** Scheduled adjustments of this market's quota (RMB, negative takes quota away), in any order. */
  readonly adjustments?: ReadonlyArray<{ readonly at: Micros; readonly amount: number }>
}

export const mainlandLinkState = (config: MainlandLinkConfig): MainlandLinkState =>
  initialLinkState(
    {
      market: config.market,
      gateways: config.gateways,
      hours: config.hours ?? northboundHours,
      tradeDelay: config.tradeDelay ?? seconds(1),
      buyImprovementBp: config.buyImprovementBp ?? 0,
      adjustments: [...(config.adjustments ?? [])].sort((a, b) => a.at - b.at)
    },
    openLedger(config.dailyQuota ?? NORTHBOUND_DAILY_QUOTA)
  )

/**
 * The Northbound daily quota of one market (DOMAIN §2 [S]): RMB 52 bn each for Shanghai and Shenzhen;
 * Daily Quota Balance DQB = Daily Quota − Buy Orders + Sell Trades + Adjustments. If DQB reaches 0 during
 * continuous auction, buy orders are rejected for the rest of the day; during the opening call auction
 * buys are accepted again if DQB recovers. Sells are always allowed.
 *
 * When to use: the mainland-link machine keeps the market's ledger (every order of the market passes it,
 * whichever CCCG it came through) and tells the CCCGs whether buys are open; `buysOpen` is the admission
 * rule they apply.
 *
 * Reading of the rule [U where DOMAIN is silent]: a buy is admitted while DQB > 0, and the buy that takes
 * DQB to or below 0 is itself admitted (so DQB may go negative). Outside continuous trading (opening call,
 * 09:10–09:15, 09:25–09:30, 12:55–13:00) DQB ≤ 0 only suspends buys until DQB recovers; during continuous
 * trading — including the instant it starts with DQB already ≤ 0 — it closes buys for the day.
 * Adjustments are what returns quota: a cancelled buy gives back its amount, a buy filled below its
 * limit gives back the difference.
 */
import type { Phase } from "./hours.ts"

/** RMB, in yuan: DOMAIN §2, Northbound, per market. */
export const NORTHBOUND_DAILY_QUOTA = 52_000_000_000

export interface QuotaLedger {
  readonly dailyQuota: number
  readonly buyOrders: number
  readonly sellTrades: number
  readonly adjustments: number
  readonly closedForDay: boolean
}

export const openLedger = (dailyQuota: number = NORTHBOUND_DAILY_QUOTA): QuotaLedger => ({
  dailyQuota,
  buyOrders: 0,
  sellTrades: 0,
  adjustments: 0,
  closedForDay: false
})

export const dqb = (l: QuotaLedger): number => l.dailyQuota - l.buyOrders + l.sellTrades + l.adjustments

export const buysOpen = (l: QuotaLedger): boolean => !l.closedForDay && dqb(l) > 0

/** Applies the continuous-trading rule after any change of the ledger or of the phase. */
export const settle = (l: QuotaLedger, phase: Phase): QuotaLedger =>
  !l.closedForDay && phase === "continuous" && dqb(l) <= 0 ? { ...l, closedForDay: true } : l

export const recordBuyOrder = (l: QuotaLedger, amount: number): QuotaLedger => ({ ...l, buyOrders: l.buyOrders + amount })
export const recordSellTrade = (l: QuotaLedger, amount: number): QuotaLedger => ({ ...l, sellTrades: l.sellTrades + amount })
export const recordAdjustment = (l: QuotaLedger, amount: number): QuotaLedger => ({ ...l, adjustments: l.adjustments + amount })

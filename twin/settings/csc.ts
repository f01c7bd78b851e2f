/**
 * China Connect northbound: daily quota, order mix (buys, sells, cancels), quota adjustments (DOMAIN §2).
 * Typed, as the wirings read it; the scenario/estate input form is scenarios/settings/csc.ts. Every unset
 * field keeps the model's default (twin/simulate/wire-csc.ts, twin/models/csc/quota.ts).
 */
import type { Micros } from "../engine/time.ts"

export type CscMarket = "SSE" | "SZSE"

/** The seeded order flow of every CSC session [U]. */
export interface CscOrderMix {
  /** Orders per session per day, drawn uniformly from `[min, max]` (default 10–40). */
  readonly perSession?: readonly [number, number]
  /** Share of orders that are buys (default 0.7); the rest are sells. */
  readonly buyShare?: number
  /** Share of orders for Shanghai (default 0.5); the rest are for Shenzhen. */
  readonly sseShare?: number
  /** RMB per order, drawn uniformly from `[min, max]` (default 1–20 million). */
  readonly amount?: readonly [number, number]
  /** Share of orders cancelled `cancelAfter` after they were sent (default 0: none). */
  readonly cancelShare?: number
  readonly cancelAfter?: Micros
}

/** A quota adjustment at a time of day: RMB added to (or, negative, taken from) the market's DQB. */
export interface CscQuotaAdjustment {
  readonly at: Micros
  readonly market: CscMarket
  readonly amount: number
}

export interface CscSettings {
  /** RMB per market (DOMAIN §2: 52 bn each); an unset market keeps 52 bn. */
  readonly dailyQuota?: Readonly<Partial<Record<CscMarket, number>>>
  readonly orders?: CscOrderMix
  /** DOMAIN §2: DQB = Daily Quota − Buy Orders + Sell Trades + Adjustments. */
  readonly adjustments?: ReadonlyArray<CscQuotaAdjustment>
}

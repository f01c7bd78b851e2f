/**
 * The security universe of a day, derived from the seed (the estate names no securities).
 *
 * THE RULE. Every channel group (SS, SP, SF) carries the whole universe, as the real feeds do (each product
 * is the whole securities market at its own depth); the start-of-day reference data of a channel is its
 * first `START_OF_DAY_MESSAGES` (20,000, the OMD model's figure) sequence numbers after the Sequence Reset:
 * number 1 the Market Definition of MAIN, numbers 2 … 20,000 one Security Definition each — so the
 * universe is 19,999 securities, security code k for the k-th (codes 1 … 19,999, the spec's 5-digit codes).
 * What the seed decides per security: lot size, previous closing price, product type, short name. The
 * first `ACTIVE_SECURITIES` codes are the ones that trade (the book activity picks among them).
 */
import { START_OF_DAY_MESSAGES } from "../../../models/omd/index.ts"
import { hash32 } from "./hash.ts"
import type { MarketDefinition, SecurityDefinition } from "./messages.ts"

/** Securities in the universe: one Security Definition per reference-data number after the Market Definition. */
export const UNIVERSE_SIZE = START_OF_DAY_MESSAGES - 1
/** [U] Securities with book activity (the busiest; the rest only have reference data). */
export const ACTIVE_SECURITIES = 500

const LOT_SIZES = [100, 200, 400, 500, 1000, 2000] as const

export const marketDefinition = (): MarketDefinition => ({
  msgType: 10,
  marketCode: "MAIN",
  marketName: "Main Board",
  currencyCode: "HKD",
  numberOfSecurities: UNIVERSE_SIZE
})

/** The board lot of security `code` (seeded). */
export const lotSizeOf = (seed: number, code: number): number => LOT_SIZES[hash32(seed, code, 1) % LOT_SIZES.length]!

/** Previous closing price of `code`, 3 implied decimals, HK$0.100 … HK$500.000, on a 10-cent tick (seeded). */
export const previousCloseOf = (seed: number, code: number): number => 100 + (hash32(seed, code, 2) % 5_000) * 100

export const securityDefinition = (seed: number, code: number): SecurityDefinition => {
  const equity = code <= 5_000
  return {
    msgType: 11,
    securityCode: code,
    marketCode: "MAIN",
    // HK + 9 digits + a check character [U: not a valid ISIN check digit]
    isinCode: `HK${String(hash32(seed, code, 3) % 1_000_000_000).padStart(9, "0")}${code % 10}`,
    instrumentType: equity ? "EQTY" : "WRNT",
    productType: equity ? 1 : 3,
    spreadTableCode: "01",
    securityShortName: `${equity ? "EQ" : "WT"} ${String(code).padStart(5, "0")}`,
    currencyCode: "HKD",
    lotSize: lotSizeOf(seed, code),
    previousClosingPrice: previousCloseOf(seed, code)
  }
}

/** Reference-data number `seq` (1 … START_OF_DAY_MESSAGES) of a channel. */
export const referenceMessage = (seed: number, seq: number): MarketDefinition | SecurityDefinition =>
  seq === 1 ? marketDefinition() : securityDefinition(seed, seq - 1)

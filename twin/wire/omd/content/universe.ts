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
import type { MarketDefinition, SecurityDefinition } from "../index.ts"

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
    securityNameGccs: "",
    securityNameGb: "",
    lotSize: lotSizeOf(seed, code),
    previousClosingPrice: previousCloseOf(seed, code),
    vcmFlag: equity ? "Y" : "N",
    shortSellFlag: equity ? "Y" : "N",
    casFlag: equity ? "Y" : "N",
    ccassFlag: "Y",
    dummySecurityFlag: "N",
    stampDutyFlag: equity ? "Y" : "N",
    listingDate: 20_000_101 + (hash32(seed, code, 4) % 20) * 10_000,
    delistingDate: 0,
    freeText: "",
    posFlag: equity ? "Y" : "N",
    posUpperLimit: 0,
    posLowerLimit: 0,
    domainStmtSecurityCode: 0,
    efnFlag: "N",
    accruedInterest: 0,
    couponRate: 0,
    faceValue: 0n,
    decimalsInFaceValue: 0,
    faceValueCurrency: "",
    bondMaturityDate: 0,
    investorType: "",
    conversionRatio: equity ? 0 : 10_000,
    strikePrice1: equity ? 0 : previousCloseOf(seed, code),
    strikePrice2: 0,
    warrantMaturityDate: equity ? 0 : 20_271_231,
    callPutFlag: equity ? "" : "C",
    style: equity ? "" : "E",
    // §3.7.2 offset 464: N normal, X exotic, "0" not available (the twin's warrants are plain calls); a
    // blank is none of the listed values, so a security with no warrant type says "0".
    warrantType: equity ? "0" : "N",
    callPrice: 0,
    decimalsInCallPrice: 0,
    entitlement: 0,
    decimalsInEntitlement: 0,
    noWarrantsPerEntitlement: 0,
    underlyings: []
  }
}

/** Reference-data number `seq` (1 … START_OF_DAY_MESSAGES) of a channel. */
export const referenceMessage = (seed: number, seq: number): MarketDefinition | SecurityDefinition =>
  seq === 1 ? marketDefinition() : securityDefinition(seed, seq - 1)

/**
 * The book activity of a channel: the message at a sequence number after the reference data, as a pure
 * function of the seed, the channel and the number (plus the few numbers other messages took, `isBook`).
 *
 * HOW MANY is the twin's: the OMD publisher model allocates the numbers (its rate profile, publisher.ts),
 * and every number it allocated to a slice is one message here. WHAT they are follows the order life the
 * twin's OTP-C host gives every order (otp-c.ts: a New Order is acknowledged, then filled in full): numbers
 * go in lives of four, the life starting at a multiple of 4 (`base`):
 * - SF (order by order, spec §3.9.1–3): Add Order (order id = base), Modify Order (quantity down one lot:
 *   an amendment), Trade (the rest filled in full, against that order), Delete Order (the filled order
 *   leaves the book) — 32 + 28 + 32 + 20 bytes, 28 on average: 52 (the model's messagesPerPacket for SF's
 *   28-byte mean) fill a packet's 1,456 bytes exactly;
 * - SP (aggregate book, spec §3.9.6, §3.10.1): Aggregate Order Book Update new level 1, change level 1,
 *   delete level 1, then Trade — 36, 36, 36, 32;
 * - SS (aggregate book): as SP, but its trade report is a Trade Ticker (§3.10.3: SS carries 52, not Trade 50,
 *   §3.10.1 being SP and SF only) — one ticker per trade [U: each is one order's single fill, nothing to
 *   aggregate], TickerID counted as TradeID is — 36 bytes each.
 * A life whose base is not a book number (a Trading Session Status took it, or it is reference data) is
 * broken: its other numbers carry what needs no earlier message — an SF Add Order of an order that stays in
 * the book (order id = its own number), an SS/SP Trade — so every book stays consistent.
 *
 * Securities: the life's security is one of the active codes, each once per round of ACTIVE_SECURITIES
 * lives (rounds.ts; a broken life's numbers by hash), side and size by hash; the price a few ticks off the
 * previous close, away from it on each side. TradeID (SS: TickerID) counts the security's trades from 1 (spec
 * §3.10.1/§3.10.3: "Starting from 1, incrementing by 1"; `tradeIdOf`, trade-ids.ts); TradeTime is the instant
 * the model's rate profile puts the number at (`timeOf`), so both are the same for every participant, line
 * and retransmission.
 *
 * OrderBookPosition is 0 on every Add and Modify Order: spec §3.9.1/§3.9.2, "for Securities instruments the
 * OrderBookPosition is always set to zero".
 */
import type { Micros } from "../../../engine/time.ts"
import { START_OF_DAY_MESSAGES } from "../../../models/omd/index.ts"
import { hash32 } from "./hash.ts"
import type { AddOrder, AggregateOrderBookUpdate, DeleteOrder, ModifyOrder, Trade, TradeTicker } from "../index.ts"
import type { Rounds } from "./rounds.ts"
import { ACTIVE_SECURITIES, lotSizeOf, previousCloseOf } from "./universe.ts"

export type BookStyle = "order-by-order" | "aggregate-trade" | "aggregate-ticker"

/** The style of a channel group's book data (DOMAIN §3: SF order by order, SP aggregated, SS aggregated + ticker). */
export const bookStyleOf = (group: string): BookStyle => (group === "SF" ? "order-by-order" : group === "SP" ? "aggregate-trade" : "aggregate-ticker")

export type BookMessage = AddOrder | ModifyOrder | DeleteOrder | Trade | TradeTicker | AggregateOrderBookUpdate

export interface BookContext {
  readonly seed: number
  /** nameKey of the channel (hash.ts): channels differ in content. */
  readonly channelKey: number
  readonly style: BookStyle
  /** Whether `seq` carries book data (not reference data, not a session status). */
  readonly isBook: (seq: number) => boolean
  /** ns since the epoch at which the number was published. */
  readonly timeOf: (seq: number) => bigint
  /** Which security each life trades. */
  readonly rounds: Rounds
  /** previousCloseOf and lotSizeOf of the active codes (index = code), computed once: a life needs both. */
  readonly closes: Int32Array
  readonly lots: Int32Array
  /** The TradeID of the Trade of `code` at `seq`: the security's trades up to it (trade-ids.ts). */
  readonly tradeIdOf: (code: number, seq: number) => number
}

/** The first life (numbers 4n …) whose base is book data: the first multiple of 4 after the reference data. */
export const FIRST_LIFE = Math.floor(START_OF_DAY_MESSAGES / 4) + 1

/** The `closes` and `lots` of a BookContext. */
export const activeSecurities = (seed: number): { readonly closes: Int32Array; readonly lots: Int32Array } => {
  const closes = new Int32Array(ACTIVE_SECURITIES + 1)
  const lots = new Int32Array(ACTIVE_SECURITIES + 1)
  for (let code = 1; code <= ACTIVE_SECURITIES; code++) {
    closes[code] = previousCloseOf(seed, code)
    lots[code] = lotSizeOf(seed, code)
  }
  return { closes, lots }
}

/** The phase (number − base) of a whole life's Trade: SF's third message, SS/SP's fourth. */
export const tradePhaseOf = (style: BookStyle): number => (style === "order-by-order" ? 2 : 3)

/** 0.010 in 3 implied decimals: the tick the prices move by. */
const TICK = 10

interface Life {
  readonly code: number
  readonly side: 0 | 1
  readonly price: number
  readonly lot: number
  readonly quantity: number
}

/** The life at `base`: its security from the rounds, or by hash for a broken life's own numbers (`broken`). */
const lifeAt = (c: BookContext, base: number, broken = false): Life => {
  const h = hash32(c.seed, c.channelKey, base)
  const code = broken ? 1 + (h % ACTIVE_SECURITIES) : c.rounds.codeOf(base / 4)
  const side: 0 | 1 = (h >>> 16) & 1 ? 1 : 0
  const ticks = 1 + ((h >>> 17) % 5)
  const close = c.closes[code]!
  const price = side === 0 ? close - ticks * TICK : close + ticks * TICK
  const lot = c.lots[code]!
  return { code, side, price, lot, quantity: lot * (2 + ((h >>> 20) % 9)) }
}

export const bookMessage = (c: BookContext, seq: number): BookMessage => {
  const phase = seq % 4
  const base = seq - phase
  if (phase !== 0 && !c.isBook(base)) return brokenLife(c, seq)
  const life = lifeAt(c, base)
  const filled = life.quantity - life.lot
  if (c.style === "order-by-order") {
    const orderId = BigInt(base)
    switch (phase) {
      case 0:
        return { msgType: 30, securityCode: life.code, orderId, price: life.price, quantity: life.quantity, side: life.side, orderType: "2", orderBookPosition: 0 }
      case 1:
        return { msgType: 31, securityCode: life.code, orderId, quantity: filled, side: life.side, orderBookPosition: 0 }
      case 2:
        return tradeOf(c, seq, life, filled)
      default:
        return { msgType: 32, securityCode: life.code, orderId, side: life.side }
    }
  }
  const level = (updateAction: number, quantity: number): AggregateOrderBookUpdate => ({
    msgType: 53,
    securityCode: life.code,
    entries: [{ aggregateQuantity: BigInt(quantity), price: life.price, numberOfOrders: updateAction === 2 ? 0 : 1, side: life.side, priceLevel: 1, updateAction }]
  })
  switch (phase) {
    case 0:
      return level(0, life.quantity)
    case 1:
      return level(1, filled)
    case 2:
      return level(2, 0)
    default:
      return tradeOf(c, seq, life, filled)
  }
}

/** A trade as the channel reports it: SP/SF a Trade (§3.10.1, 32 bytes), SS a Trade Ticker (§3.10.3, 36 bytes). */
const tradeOf = (c: BookContext, seq: number, life: Life, quantity: number): Trade | TradeTicker => {
  const id = c.tradeIdOf(life.code, seq)
  return c.style === "aggregate-ticker"
    ? { msgType: 52, securityCode: life.code, tickerId: id, price: life.price, aggregateQuantity: BigInt(quantity), tradeTime: c.timeOf(seq), trdType: 0, trdCancelFlag: "N" }
    : { msgType: 50, securityCode: life.code, tradeId: id, price: life.price, quantity, trdType: 0, tradeTime: c.timeOf(seq) }
}

/** A number of a broken life (header): a message that refers to nothing before it. */
const brokenLife = (c: BookContext, seq: number): BookMessage => {
  const life = lifeAt(c, seq, true)
  if (c.style === "order-by-order") {
    return { msgType: 30, securityCode: life.code, orderId: BigInt(seq), price: life.price, quantity: life.quantity, side: life.side, orderType: "2", orderBookPosition: 0 }
  }
  return tradeOf(c, seq, life, life.lot)
}

/** What a Trade carries besides its id and time. */
export interface TradeFacts {
  readonly code: number
  readonly price: number
  readonly quantity: number
}

/**
 * The Trade at number `seq` (its security, price, quantity), or undefined when `seq` carries none: the same
 * rules as `bookMessage`, without building the message or counting its TradeID.
 */
export const tradeAt = (c: BookContext, seq: number): TradeFacts | undefined => {
  const phase = seq % 4
  if (phase === 0 || !c.isBook(seq)) return undefined
  const base = seq - phase
  if (!c.isBook(base)) {
    if (c.style === "order-by-order") return undefined
    const life = lifeAt(c, seq, true)
    return { code: life.code, price: life.price, quantity: life.lot }
  }
  if (phase !== tradePhaseOf(c.style)) return undefined
  const life = lifeAt(c, base)
  return { code: life.code, price: life.price, quantity: life.quantity - life.lot }
}

/** Micros → ns since the epoch for a day whose midnight (local) is `midnightEpochMs`. */
export const epochNs = (midnightEpochMs: number, t: Micros): bigint => BigInt(midnightEpochMs) * 1_000_000n + BigInt(Math.round(t / 1_000)) * 1_000_000n

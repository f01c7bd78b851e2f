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
 * - SS (aggregate book): as SP (its Trade Ticker, §3.10.3, is not in the codec yet: a Trade stands for it).
 * A life whose base is not a book number (a Trading Session Status took it, or it is reference data) is
 * broken: its other numbers carry what needs no earlier message — an SF Add Order of an order that stays in
 * the book (order id = its own number), an SS/SP Trade — so every book stays consistent.
 *
 * Securities: the life's security is one of the active codes (universe.ts), side and size by hash; the
 * price a few ticks off the previous close, away from it on each side. Trade IDs rise per security within
 * a life's position (⌊base/4⌋); TradeTime is the instant the model's rate profile puts the number at
 * (`timeOf`), so it is the same for every participant, line and retransmission.
 */
import type { Micros } from "../../../engine/time.ts"
import { hash32 } from "./hash.ts"
import type { AddOrder, AggregateOrderBookUpdate, DeleteOrder, ModifyOrder, Trade } from "../index.ts"
import { ACTIVE_SECURITIES, lotSizeOf, previousCloseOf } from "./universe.ts"

export type BookStyle = "order-by-order" | "aggregate-trade" | "aggregate-ticker"

/** The style of a channel group's book data (DOMAIN §3: SF order by order, SP aggregated, SS aggregated + ticker). */
export const bookStyleOf = (group: string): BookStyle => (group === "SF" ? "order-by-order" : group === "SP" ? "aggregate-trade" : "aggregate-ticker")

export type BookMessage = AddOrder | ModifyOrder | DeleteOrder | Trade | AggregateOrderBookUpdate

export interface BookContext {
  readonly seed: number
  /** nameKey of the channel (hash.ts): channels differ in content. */
  readonly channelKey: number
  readonly style: BookStyle
  /** Whether `seq` carries book data (not reference data, not a session status). */
  readonly isBook: (seq: number) => boolean
  /** ns since the epoch at which the number was published. */
  readonly timeOf: (seq: number) => bigint
}

/** 0.010 in 3 implied decimals: the tick the prices move by. */
const TICK = 10

interface Life {
  readonly code: number
  readonly side: 0 | 1
  readonly price: number
  readonly lot: number
  readonly quantity: number
}

const lifeAt = (c: BookContext, base: number): Life => {
  const h = hash32(c.seed, c.channelKey, base)
  const code = 1 + (h % ACTIVE_SECURITIES)
  const side: 0 | 1 = (h >>> 16) & 1 ? 1 : 0
  const ticks = 1 + ((h >>> 17) % 5)
  const close = previousCloseOf(c.seed, code)
  const price = side === 0 ? close - ticks * TICK : close + ticks * TICK
  const lot = lotSizeOf(c.seed, code)
  return { code, side, price, lot, quantity: lot * (2 + ((h >>> 20) % 9)) }
}

export const bookMessage = (c: BookContext, seq: number): BookMessage => {
  const phase = seq % 4
  const base = seq - phase
  if (phase !== 0 && !c.isBook(base)) return brokenLife(c, seq)
  const life = lifeAt(c, base)
  const tradeId = Math.floor(base / 4 / ACTIVE_SECURITIES) + 1
  const filled = life.quantity - life.lot
  if (c.style === "order-by-order") {
    const orderId = BigInt(base)
    switch (phase) {
      case 0:
        return { msgType: 30, securityCode: life.code, orderId, price: life.price, quantity: life.quantity, side: life.side, orderType: "2", orderBookPosition: 1 }
      case 1:
        return { msgType: 31, securityCode: life.code, orderId, quantity: filled, side: life.side, orderBookPosition: 1 }
      case 2:
        return tradeOf(c, seq, life, tradeId, filled)
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
      return tradeOf(c, seq, life, tradeId, filled)
  }
}

/** A Trade (spec §3.10.1, 32 bytes). SS's Trade Ticker (52) is not in the codec yet: SS carries Trade too. */
const tradeOf = (c: BookContext, seq: number, life: Life, tradeId: number, quantity: number): Trade =>
  ({ msgType: 50, securityCode: life.code, tradeId, price: life.price, quantity, trdType: 0, tradeTime: c.timeOf(seq) })

/** A number of a broken life (header): a message that refers to nothing before it. */
const brokenLife = (c: BookContext, seq: number): BookMessage => {
  const life = lifeAt(c, seq)
  if (c.style === "order-by-order") {
    return { msgType: 30, securityCode: life.code, orderId: BigInt(seq), price: life.price, quantity: life.quantity, side: life.side, orderType: "2", orderBookPosition: 1 }
  }
  return tradeOf(c, seq, life, Math.floor(seq / 4 / ACTIVE_SECURITIES) + 1, life.lot)
}

/** Micros → ns since the epoch for a day whose midnight (local) is `midnightEpochMs`. */
export const epochNs = (midnightEpochMs: number, t: Micros): bigint => BigInt(midnightEpochMs) * 1_000_000n + BigInt(Math.round(t / 1_000)) * 1_000_000n

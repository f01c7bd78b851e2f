/** Trade and price data (spec §3.10): Trade (50, SP and SF), Trade Ticker (52, SS only), Closing Price (62). */
import { defineMessage } from "./message-codec.ts"
import { MsgType } from "./msg-type.ts"

export interface Trade {
  readonly msgType: typeof MsgType.Trade
  readonly securityCode: number
  /** Per security, from 1, +1 per trade, reset daily. */
  readonly tradeId: number
  readonly price: number
  readonly quantity: number
  /** §3.10.1: 0 automatch normal, 4, 22, 100, 101, 102, 103, 104. */
  readonly trdType: number
  /** Nanoseconds since the epoch (to the microsecond). */
  readonly tradeTime: bigint
}

/**
 * §3.10.3: SS's trade report — trades of a security at one price aggregated into one ticker. A cancel is a
 * ticker with the same TickerID, TrdCancelFlag "Y" and the quantity left (TradeTime, TrdType then not applicable).
 */
export interface TradeTicker {
  readonly msgType: typeof MsgType.TradeTicker
  readonly securityCode: number
  /** Per security, from 1, +1 per ticker, reset daily. */
  readonly tickerId: number
  readonly price: number
  readonly aggregateQuantity: bigint
  /** Nanoseconds since the epoch (to the microsecond). */
  readonly tradeTime: bigint
  /** As Trade's, without 104. */
  readonly trdType: number
  /** "Y" cancelled, "N" not. */
  readonly trdCancelFlag: string
}

export interface ClosingPrice {
  readonly msgType: typeof MsgType.ClosingPrice
  readonly securityCode: number
  /** 0 when not available. */
  readonly closingPrice: number
  readonly numberOfTrades: number
}

export const trade = defineMessage<Trade>({
  msgType: MsgType.Trade, name: "Trade", section: "3.10.1", totalLength: 32,
  rows: [
    [4, "securityCode", "Uint32", 4],
    [8, "tradeId", "Uint32", 4],
    [12, "price", "Int32", 4],
    [16, "quantity", "Uint32", 4],
    [20, "trdType", "Int16", 2],
    [22, "filler", "Filler", 2],
    [24, "tradeTime", "Uint64", 8]
  ]
})

export const tradeTicker = defineMessage<TradeTicker>({
  msgType: MsgType.TradeTicker, name: "Trade Ticker", section: "3.10.3", totalLength: 36,
  rows: [
    [4, "securityCode", "Uint32", 4],
    [8, "tickerId", "Uint32", 4],
    [12, "price", "Int32", 4],
    [16, "aggregateQuantity", "Uint64", 8],
    [24, "tradeTime", "Uint64", 8],
    [32, "trdType", "Int16", 2],
    [34, "trdCancelFlag", "String", 1],
    [35, "filler", "Filler", 1]
  ]
})

export const closingPrice = defineMessage<ClosingPrice>({
  msgType: MsgType.ClosingPrice, name: "Closing Price", section: "3.10.4", totalLength: 16,
  rows: [
    [4, "securityCode", "Uint32", 4],
    [8, "closingPrice", "Int32", 4],
    [12, "numberOfTrades", "Uint32", 4]
  ]
})

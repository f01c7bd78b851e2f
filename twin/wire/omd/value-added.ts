/** Value added data (spec §3.11): Statistics (60). */
import { defineMessage } from "./message-codec.ts"
import { MsgType } from "./msg-type.ts"

export interface Statistics {
  readonly msgType: typeof MsgType.Statistics
  readonly securityCode: number
  readonly sharesTraded: bigint
  /** 3 implied decimals. */
  readonly turnover: bigint
  readonly highPrice: number
  readonly lowPrice: number
  readonly lastPrice: number
  readonly vwap: number
  readonly shortSellSharesTraded: number
  readonly shortSellTurnover: bigint
}

export const statistics = defineMessage<Statistics>({
  msgType: MsgType.Statistics, name: "Statistics", section: "3.11.1", totalLength: 52,
  rows: [
    [4, "securityCode", "Uint32", 4],
    [8, "sharesTraded", "Uint64", 8],
    [16, "turnover", "Int64", 8],
    [24, "highPrice", "Int32", 4],
    [28, "lowPrice", "Int32", 4],
    [32, "lastPrice", "Int32", 4],
    [36, "vwap", "Int32", 4],
    [40, "shortSellSharesTraded", "Uint32", 4],
    [44, "shortSellTurnover", "Int64", 8]
  ]
})

/**
 * The market-data messages the rig's content generator produces, as plain objects named after the spec's
 * fields (OMD-C Binary v1.45 §3.4–§3.11), before the codec (twin/wire/omd, helper omd-codec) turns them
 * into bytes. `msgType` is the spec's MsgType; prices are Int32 with 3 implied decimals; times are ns
 * since the epoch (bigint, Uint64).
 */
export interface MarketDefinition {
  readonly msgType: 10
  readonly marketCode: string
  readonly marketName: string
  readonly currencyCode: string
  readonly numberOfSecurities: number
}

export interface SecurityDefinition {
  readonly msgType: 11
  readonly securityCode: number
  readonly marketCode: string
  readonly isinCode: string
  readonly instrumentType: string
  readonly productType: number
  readonly spreadTableCode: string
  readonly securityShortName: string
  readonly currencyCode: string
  readonly lotSize: number
  readonly previousClosingPrice: number
}

export interface TradingSessionStatus {
  readonly msgType: 20
  readonly marketCode: string
  readonly tradingSessionSubId: number
  readonly tradingSesStatus: number
  readonly tradingSesControlFlag: string
  readonly startDateTime: bigint
  readonly endDateTime: bigint
}

export interface AddOrder {
  readonly msgType: 30
  readonly securityCode: number
  readonly orderId: bigint
  readonly price: number
  readonly quantity: number
  /** 0 bid, 1 offer. */
  readonly side: 0 | 1
  /** "2" limit. */
  readonly orderType: string
  readonly orderBookPosition: number
}

export interface ModifyOrder {
  readonly msgType: 31
  readonly securityCode: number
  readonly orderId: bigint
  readonly quantity: number
  readonly side: 0 | 1
  readonly orderBookPosition: number
}

export interface DeleteOrder {
  readonly msgType: 32
  readonly securityCode: number
  readonly orderId: bigint
  readonly side: 0 | 1
}

export interface Trade {
  readonly msgType: 50
  readonly securityCode: number
  readonly orderId: bigint
  readonly price: number
  readonly tradeId: number
  readonly side: 0 | 1
  readonly trdType: number
  readonly quantity: number
  readonly tradeTime: bigint
}

export interface TradeTicker {
  readonly msgType: 52
  readonly securityCode: number
  readonly tickerId: number
  readonly price: number
  readonly aggregateQuantity: bigint
  readonly tradeTime: bigint
  readonly trdType: number
  readonly trdCancelFlag: string
}

export interface BookEntry {
  readonly aggregateQuantity: bigint
  readonly price: number
  readonly numberOfOrders: number
  readonly side: 0 | 1
  readonly priceLevel: number
  /** 0 new, 1 change, 2 delete, 74 order book clear. */
  readonly updateAction: number
}

export interface AggregateOrderBookUpdate {
  readonly msgType: 53
  readonly securityCode: number
  readonly entries: ReadonlyArray<BookEntry>
}

export interface Statistics {
  readonly msgType: 60
  readonly securityCode: number
  readonly sharesTraded: bigint
  readonly turnover: bigint
  readonly highPrice: number
  readonly lowPrice: number
  readonly lastPrice: number
  readonly vwap: number
  readonly shortSellSharesTraded: number
  readonly shortSellTurnover: bigint
}

export interface SequenceReset {
  readonly msgType: 100
  readonly newSeqNo: 1
}

export interface DisasterRecoverySignal {
  readonly msgType: 105
  readonly drStatus: 1 | 2
}

export interface RefreshComplete {
  readonly msgType: 203
  readonly lastSeqNum: number
}

/** A message with a sequence number on a real-time or refresh channel. */
export type ContentMessage =
  | MarketDefinition
  | SecurityDefinition
  | TradingSessionStatus
  | AddOrder
  | ModifyOrder
  | DeleteOrder
  | Trade
  | TradeTicker
  | AggregateOrderBookUpdate
  | Statistics
  | SequenceReset
  | DisasterRecoverySignal
  | RefreshComplete

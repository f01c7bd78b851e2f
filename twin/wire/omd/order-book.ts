/** Order book data (spec §3.9): Add (30), Modify (31), Delete (32) Order; Aggregate Order Book Update (53). */
import { defineMessage } from "./message-codec.ts"
import { MsgType } from "./msg-type.ts"

/** §3.9 Side values. */
export const Side = { Bid: 0, Offer: 1 } as const

export interface AddOrder {
  readonly msgType: typeof MsgType.AddOrder
  readonly securityCode: number
  readonly orderId: bigint
  /** 3 implied decimals. */
  readonly price: number
  readonly quantity: number
  readonly side: number
  /** "1" market, "2" limit. */
  readonly orderType: string
  /** Always 0 for securities (§3.9.1). */
  readonly orderBookPosition: number
}

export interface ModifyOrder {
  readonly msgType: typeof MsgType.ModifyOrder
  readonly securityCode: number
  readonly orderId: bigint
  readonly quantity: number
  readonly side: number
  readonly orderBookPosition: number
}

export interface DeleteOrder {
  readonly msgType: typeof MsgType.DeleteOrder
  readonly securityCode: number
  readonly orderId: bigint
  readonly side: number
}

/** §3.9.6 UpdateAction values. */
export const UpdateAction = { New: 0, Change: 1, Delete: 2, OrderbookClear: 74 } as const

export interface AggregateBookEntry {
  readonly aggregateQuantity: bigint
  readonly price: number
  readonly numberOfOrders: number
  readonly side: number
  readonly priceLevel: number
  readonly updateAction: number
}

export interface AggregateOrderBookUpdate {
  readonly msgType: typeof MsgType.AggregateOrderBookUpdate
  readonly securityCode: number
  /** NoEntries on the wire. */
  readonly entries: ReadonlyArray<AggregateBookEntry>
}

export const addOrder = defineMessage<AddOrder>({
  msgType: MsgType.AddOrder, name: "Add Order", section: "3.9.1", totalLength: 32,
  rows: [
    [4, "securityCode", "Uint32", 4],
    [8, "orderId", "Uint64", 8],
    [16, "price", "Int32", 4],
    [20, "quantity", "Uint32", 4],
    [24, "side", "Uint16", 2],
    [26, "orderType", "String", 1],
    [27, "filler", "Filler", 1],
    [28, "orderBookPosition", "Int32", 4]
  ]
})

export const modifyOrder = defineMessage<ModifyOrder>({
  msgType: MsgType.ModifyOrder, name: "Modify Order", section: "3.9.2", totalLength: 28,
  rows: [
    [4, "securityCode", "Uint32", 4],
    [8, "orderId", "Uint64", 8],
    [16, "quantity", "Uint32", 4],
    [20, "side", "Uint16", 2],
    [22, "filler", "Filler", 2],
    [24, "orderBookPosition", "Int32", 4]
  ]
})

export const deleteOrder = defineMessage<DeleteOrder>({
  msgType: MsgType.DeleteOrder, name: "Delete Order", section: "3.9.3", totalLength: 20,
  rows: [
    [4, "securityCode", "Uint32", 4],
    [8, "orderId", "Uint64", 8],
    [16, "side", "Uint16", 2],
    [18, "filler", "Filler", 2]
  ]
})

/** Total Length 12 + 24·NoEntries. */
export const aggregateOrderBookUpdate = defineMessage<AggregateOrderBookUpdate>({
  msgType: MsgType.AggregateOrderBookUpdate, name: "Aggregate Order Book Update", section: "3.9.6", totalLength: 12,
  rows: [
    [4, "securityCode", "Uint32", 4],
    [8, "filler", "Filler", 3],
    [11, "noEntries", "Uint8", 1]
  ],
  group: {
    field: "entries", count: "noEntries", entrySize: 24,
    rows: [
      [0, "aggregateQuantity", "Uint64", 8], // spec offset 12
      [8, "price", "Int32", 4], // 20
      [12, "numberOfOrders", "Uint32", 4], // 24
      [16, "side", "Uint16", 2], // 28
      [18, "priceLevel", "Uint8", 1], // 30
      [19, "updateAction", "Uint8", 1], // 31
      [20, "filler", "Filler", 4] // 32
    ]
  }
})

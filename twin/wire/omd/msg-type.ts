/**
 * MsgType values (spec §3.2 Table 1). `MsgType` holds the ones this codec lays out; `SPEC_MSG_TYPES` every
 * value the spec lists, so a decoder can tell "a real OMD-C message we do not model" (skippable by its
 * MsgSize) from garbage.
 */
export const MsgType = {
  MarketDefinition: 10,
  SecurityDefinition: 11,
  TradingSessionStatus: 20,
  SecurityStatus: 21,
  AddOrder: 30,
  ModifyOrder: 31,
  DeleteOrder: 32,
  Trade: 50,
  TradeTicker: 52,
  AggregateOrderBookUpdate: 53,
  Statistics: 60,
  ClosingPrice: 62,
  SequenceReset: 100,
  Logon: 101,
  LogonResponse: 102,
  DisasterRecoverySignal: 105,
  RetransmissionRequest: 201,
  RetransmissionResponse: 202,
  RefreshComplete: 203
} as const

export type MsgTypeName = keyof typeof MsgType
export type MsgTypeValue = (typeof MsgType)[MsgTypeName]

/** Every MsgType of spec §3.2 Table 1 (v1.45), modelled or not. */
export const SPEC_MSG_TYPES: ReadonlySet<number> = new Set([
  100, 101, 102, 105, 201, 202, 203, 10, 11, 13, 14, 20, 21, 30, 31, 32, 33, 34, 53, 54, 56, 50, 51, 52, 62, 40, 41, 43, 23,
  60, 61, 44, 22, 70, 71, 80, 81
])

/**
 * Every message this codec lays out, as one union discriminated by `msgType` (the wire's MsgType), and the
 * registry from MsgType to its codec. `UnknownMessage` stands for a message a decoder skipped by its MsgSize
 * (`skipUnknown`), so a packet's i-th message still has sequence number SeqNum + i.
 */
import { disasterRecoverySignal, sequenceReset, type DisasterRecoverySignal, type SequenceReset } from "./control.ts"
import type { OmdDecodeError } from "./errors.ts"
import type { MessageCodec, MessageSpec } from "./message-codec.ts"
import { aggregateOrderBookUpdate, addOrder, deleteOrder, modifyOrder, type AddOrder, type AggregateOrderBookUpdate, type DeleteOrder, type ModifyOrder } from "./order-book.ts"
import { marketDefinition, securityDefinition, type MarketDefinition, type SecurityDefinition } from "./reference-data.ts"
import { refreshComplete, type RefreshComplete } from "./refresh.ts"
import {
  logon, logonResponse, retransmissionRequest, retransmissionResponse,
  type Logon, type LogonResponse, type RetransmissionRequest, type RetransmissionResponse
} from "./retransmission.ts"
import { securityStatus, tradingSessionStatus, type SecurityStatus, type TradingSessionStatus } from "./status-data.ts"
import { closingPrice, trade, tradeTicker, type ClosingPrice, type Trade, type TradeTicker } from "./trade-price.ts"
import { statistics, type Statistics } from "./value-added.ts"

export type OmdMessage =
  | SequenceReset
  | DisasterRecoverySignal
  | Logon
  | LogonResponse
  | RetransmissionRequest
  | RetransmissionResponse
  | RefreshComplete
  | MarketDefinition
  | SecurityDefinition
  | TradingSessionStatus
  | SecurityStatus
  | AddOrder
  | ModifyOrder
  | DeleteOrder
  | AggregateOrderBookUpdate
  | Trade
  | TradeTicker
  | ClosingPrice
  | Statistics

/** A message of a MsgType this codec does not lay out, skipped by its MsgSize. */
export interface UnknownMessage {
  readonly msgType: "unknown"
  /** The MsgType on the wire. */
  readonly wireType: number
  readonly size: number
}

/** A codec with its message type erased, for the registry (the message's `msgType` picks the codec). */
export interface AnyMessageCodec {
  readonly msgType: number
  readonly name: string
  readonly section: string
  readonly fixedSize: number
  readonly spec: MessageSpec
  readonly size: (message: OmdMessage) => number
  readonly encode: (view: DataView, bytes: Uint8Array, at: number, message: OmdMessage) => number
  readonly decode: (view: DataView, bytes: Uint8Array, at: number, msgSize: number) => OmdMessage | OmdDecodeError
}

// The registry is indexed by msgType, so a message can only reach the codec of its own type: the downcast is safe.
const erase = <M extends OmdMessage>(codec: MessageCodec<M>): AnyMessageCodec => ({
  msgType: codec.msgType,
  name: codec.name,
  section: codec.section,
  fixedSize: codec.fixedSize,
  spec: codec.spec,
  size: (message) => codec.size(message as M),
  encode: (view, bytes, at, message) => codec.encode(view, bytes, at, message as M),
  decode: codec.decode
})

/** Every codec, in spec order. */
export const MESSAGE_CODECS: ReadonlyArray<AnyMessageCodec> = [
  erase(sequenceReset),
  erase(logon),
  erase(logonResponse),
  erase(disasterRecoverySignal),
  erase(retransmissionRequest),
  erase(retransmissionResponse),
  erase(refreshComplete),
  erase(marketDefinition),
  erase(securityDefinition),
  erase(tradingSessionStatus),
  erase(securityStatus),
  erase(addOrder),
  erase(modifyOrder),
  erase(deleteOrder),
  erase(aggregateOrderBookUpdate),
  erase(trade),
  erase(tradeTicker),
  erase(closingPrice),
  erase(statistics)
]

const BY_TYPE: Array<AnyMessageCodec | undefined> = new Array(256)
for (const codec of MESSAGE_CODECS) BY_TYPE[codec.msgType] = codec

/** The codec for a wire MsgType, or undefined when this codec does not lay it out. */
export const codecFor = (msgType: number): AnyMessageCodec | undefined => (msgType < BY_TYPE.length ? BY_TYPE[msgType] : undefined)

const codecOf = (message: OmdMessage): AnyMessageCodec => BY_TYPE[message.msgType]!

/** MsgSize of `message` on the wire. */
export const messageSize = (message: OmdMessage): number => codecOf(message).size(message)

/** Writes `message` at `at` (the caller checked it fits); returns its size. */
export const encodeMessageAt = (view: DataView, bytes: Uint8Array, at: number, message: OmdMessage): number =>
  codecOf(message).encode(view, bytes, at, message)

/** `message` alone, as its own bytes (tests, fixtures, the RTS session). */
export const encodeMessage = (message: OmdMessage): Uint8Array => {
  const bytes = new Uint8Array(messageSize(message))
  encodeMessageAt(new DataView(bytes.buffer), bytes, 0, message)
  return bytes
}

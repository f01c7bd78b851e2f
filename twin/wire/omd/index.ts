/**
 * OMD-C Binary Protocol v1.45 codec (spec: "HKEX OMD-C Interface Specifications, Binary Protocol v1.45", the OMD-C spec of docs/domain.md). Imports nothing of the twin.
 *
 * API (stable: added to, never renamed)
 * - Messages: `OmdMessage` = union discriminated by `msgType` (the wire MsgType; constants in `MsgType`):
 *   SequenceReset, DisasterRecoverySignal, Logon, LogonResponse, RetransmissionRequest, RetransmissionResponse,
 *   RefreshComplete, MarketDefinition, SecurityDefinition, TradingSessionStatus, SecurityStatus, AddOrder,
 *   ModifyOrder, DeleteOrder, AggregateOrderBookUpdate (entries[]), Trade, TradeTicker, ClosingPrice, Statistics.
 *   Field names are the spec's in camelCase; Uint64/Int64 fields are bigint, String fields strings without
 *   their padding. Value constants: DRStatus, SessionStatus, RetransStatus, TradingSesStatus,
 *   SuspensionIndicator, Side, UpdateAction.
 * - Encoding: `PacketBuilder` (preallocated; start(seqNum, sendTime) / add(msg) → false when full / finish()),
 *   `packMessages(firstSeq, sendTime, msgs)` → packets as full as the limits allow, `encodePacket`,
 *   `encodeHeartbeat(seqNum, sendTime)` (MsgCount 0), `encodeRtsPacket(msg)` (TCP: MsgCount 1, SeqNum 0),
 *   `encodeMessage(msg)`, `messageSize(msg)`. Limits: MAX_PKT_SIZE = 1500 − 28 (IPv4 + UDP headers) = 1472,
 *   MAX_MSG_COUNT 255. `sendTimeFromMs(ms)` → SendTime ns.
 * - Decoding (never throws): `decodePacket(bytes, { maxPktSize?, skipUnknown? })` → `DecodedPacket`
 *   ({ header: { pktSize, msgCount, seqNum, sendTime }, messages }) | `OmdDecodeError` (reason, offset, field,
 *   expected, got; `isOmdDecodeError`). `PacketFramer` cuts an RTS TCP stream into packets by PktSize.
 * - Registry: `codecFor(msgType)`, `MESSAGE_CODECS` (name, section, fixedSize per type).
 */
export * from "./control.ts"
export * from "./errors.ts"
export { MESSAGE_HEADER_BYTES, type GroupSpec, type MessageCodec, type MessageSpec } from "./message-codec.ts"
export type { Format, Row } from "./layout.ts"
export * from "./messages.ts"
export * from "./msg-type.ts"
export * from "./order-book.ts"
export * from "./packet-decode.ts"
export * from "./packet-encode.ts"
export * from "./packet-header.ts"
export * from "./reference-data.ts"
export * from "./refresh.ts"
export * from "./retransmission.ts"
export * from "./status-data.ts"
export * from "./stream-framer.ts"
export * from "./trade-price.ts"
export * from "./value-added.ts"

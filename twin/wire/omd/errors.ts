/**
 * What can be wrong with OMD-C bytes from a peer. Decoders return an `OmdDecodeError` as a value (never
 * throw): a feed handler counts it, logs it and goes on with the next packet. Each error names the byte
 * offset (from the start of the buffer handed to the decoder: a datagram, or a TCP framer's packet), the
 * field, what the spec expects and what the bytes said, so one line tells a person where the packet broke.
 */
import { Data } from "effect"

export type OmdDecodeReason =
  /** PktSize below the 16-byte header, above the limit, or not the datagram's length. */
  | "BadPktSize"
  /** Fewer bytes than the packet header or the next message's MsgSize/MsgType need. */
  | "TruncatedPacket"
  /** A message's MsgSize runs past the end of the packet. */
  | "TruncatedMessage"
  /** A message's MsgSize is not the length its MsgType (and its repeating group count) lays out. */
  | "BadMsgSize"
  /** A MsgType this codec has no layout for. */
  | "UnknownMsgType"
  /** MsgCount does not match the messages the packet holds (too few bytes for them, or bytes left over). */
  | "MsgCountMismatch"

export class OmdDecodeError extends Data.TaggedError("OmdDecodeError")<{
  readonly reason: OmdDecodeReason
  /** Byte offset of the field that is wrong, from the start of the decoded buffer. */
  readonly offset: number
  /** Spec field name (`PktSize`, `MsgSize`, `MsgType`, `MsgCount`, `NoEntries` …). */
  readonly field: string
  readonly expected: string
  readonly got: string
}> {
  override get message(): string {
    return `OMD-C ${this.reason} at offset ${this.offset} (${this.field}): expected ${this.expected}, got ${this.got}`
  }
}

export const isOmdDecodeError = (value: unknown): value is OmdDecodeError => value instanceof OmdDecodeError

export const decodeError = (reason: OmdDecodeReason, offset: number, field: string, expected: string, got: string | number): OmdDecodeError =>
  new OmdDecodeError({ reason, offset, field, expected, got: String(got) })

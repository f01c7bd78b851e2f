/**
 * FIX tag=value framing (FIXT.1.1): a message is `8=BeginString SOH 9=BodyLength SOH … 10=CheckSum SOH`,
 * BodyLength the number of bytes from the one after 9's SOH up to and including the SOH before `10=`,
 * CheckSum the sum of every byte before `10=` modulo 256, written as three digits (FIX 5.0 SP2 Vol. 2
 * "Message format", "CheckSum calculation").
 *
 * When to use: `encodeFrame` to write a message; `FrameReader` on a connection's byte stream to cut it into
 * frames, one reader per connection (it keeps the partial frame between chunks).
 *
 * Gotchas:
 * - Bytes come from an untrusted peer. A frame that cannot be delimited (no `8=` where a frame must start, a
 *   BodyLength that is not a number or points past the limit, no `10=` where it points) leaves the stream
 *   with no way to find the next frame: the error is `fatal` and the connection must go. A bad CheckSum is
 *   also fatal (DOMAIN §1: a bad checksum drops the connection with no Logout).
 * - A frame whose body holds a garbled field (a tag that is not a number, a field with no `=`, a tag with no
 *   value) is delimited fine: that error is not fatal and carries the MsgSeqNum when it could be read —
 *   before the garbled field or after it — and the SessionRejectReason (373) FIX gives it (14.a: 0 "Invalid
 *   tag number"; 14.d: 4 "Tag specified without a value"), for a session Reject.
 * - The reader never holds more than `maxMessageBytes` of a frame: the limit per connection.
 */

import { SessionRejectReason } from "./tags.ts"

export const SOH = 0x01

/** One field as it appears on the wire: tag number and value (ASCII). */
export type Field = readonly [tag: number, value: string]

export interface FixFrame {
  readonly beginString: string
  /** Every field between BodyLength and CheckSum, in wire order (MsgType first). */
  readonly fields: ReadonlyArray<Field>
  /** The whole frame's size in bytes. */
  readonly size: number
}

/** Bytes that are not a valid FIX frame: where (stream offset of the frame, field), what was expected, what came. */
export class FixFrameError {
  readonly _tag = "FixFrameError"
  /** Offset in the connection's byte stream where the bad frame (or byte) starts. */
  readonly offset: number
  /** The field (tag name) or part at fault. */
  readonly field: string
  readonly expected: string
  readonly got: string
  /** True when the stream cannot be resynchronised: close the connection. */
  readonly fatal: boolean
  /** The frame's MsgSeqNum when a non-fatal error could read it. */
  readonly seq: number | undefined
  /** The offending tag, for a session Reject (RefTagID). */
  readonly refTag: number | undefined
  /** SessionRejectReason (373) of a non-fatal error, for the session Reject. */
  readonly reason: number | undefined
  constructor(offset: number, field: string, expected: string, got: string, fatal: boolean, seq?: number, refTag?: number, reason?: number) {
    this.offset = offset
    this.field = field
    this.expected = expected
    this.got = got
    this.fatal = fatal
    this.seq = seq
    this.refTag = refTag
    this.reason = reason
  }

  get message(): string {
    return `offset ${this.offset}, ${this.field}: expected ${this.expected}, got ${this.got}`
  }
}

const checksumOf = (bytes: Uint8Array, from: number, to: number): number => {
  let sum = 0
  for (let i = from; i < to; i++) sum += bytes[i]!
  return sum % 256
}

/** The frame for `fields` (MsgType first, no 8/9/10): BodyLength and CheckSum computed. */
export const encodeFrame = (beginString: string, fields: ReadonlyArray<Field>): Buffer => {
  const body = Buffer.from(fields.map(([t, v]) => `${t}=${v}\x01`).join(""), "latin1")
  const head = Buffer.from(`8=${beginString}\x019=${body.length}\x01`, "latin1")
  const sum = (checksumOf(head, 0, head.length) + checksumOf(body, 0, body.length)) % 256
  return Buffer.concat([head, body, Buffer.from(`10=${String(sum).padStart(3, "0")}\x01`, "latin1")])
}

/** A printable excerpt of untrusted bytes for an error message (SOH as `|`, at most 24 characters). */
export const excerpt = (bytes: Uint8Array): string => {
  const text = Buffer.from(bytes.subarray(0, 24)).toString("latin1").replace(/\x01/g, "|").replace(/[^\x20-\x7e|]/g, "?")
  return JSON.stringify(bytes.length > 24 ? `${text}…` : text)
}

/**
 * Parses `tag=value` fields of a frame body. The first garbled field is the error (offset within `base`);
 * the fields after it are still read — SOH delimits them — so that a MsgSeqNum after it (the standard
 * header puts 49 and 56 before 34) is found for the Reject FIX prescribes (14.a, 14.d): a frame whose
 * 8, 9, 35 and 10 are sound is not garbled in FIX's sense, whatever its other fields hold.
 */
const parseFields = (body: Buffer, base: number): { readonly fields: Array<Field>; readonly error?: { offset: number; got: string; refTag?: number } } => {
  const fields: Array<Field> = []
  let error: { offset: number; got: string; refTag?: number } | undefined
  let at = 0
  while (at < body.length) {
    const end = body.indexOf(SOH, at)
    const stop = end < 0 ? body.length : end
    const eq = body.indexOf(0x3d, at)
    const tagText = eq < 0 || eq >= stop ? undefined : body.toString("latin1", at, eq)
    const tag = tagText !== undefined && /^[1-9][0-9]{0,8}$/.test(tagText) ? Number(tagText) : undefined
    if (tag === undefined || eq + 1 === stop) error ??= { offset: base + at, got: excerpt(body.subarray(at, stop)), ...(tag === undefined ? {} : { refTag: tag }) }
    else fields.push([tag, body.toString("latin1", eq + 1, stop)])
    at = stop + 1
  }
  return error === undefined ? { fields } : { fields, error }
}

const START = Buffer.from("8=", "latin1")

/** Cuts a connection's byte stream into frames; stops at the first fatal error (the caller closes). */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0)
  /** Stream offset of `pending[0]`. */
  private offset = 0
  private dead = false

  readonly maxMessageBytes: number
  constructor(maxMessageBytes: number) {
    this.maxMessageBytes = maxMessageBytes
  }

  push(chunk: Uint8Array): Array<FixFrame | FixFrameError> {
    if (this.dead) return []
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk])
    const out: Array<FixFrame | FixFrameError> = []
    for (;;) {
      const r = this.next()
      if (r === undefined) break
      out.push(r)
      if (r instanceof FixFrameError && r.fatal) {
        this.dead = true
        this.pending = Buffer.alloc(0)
        break
      }
    }
    return out
  }

  private fail(field: string, expected: string, got: string, at = this.offset): FixFrameError {
    return new FixFrameError(at, field, expected, got, true)
  }

  private consume(n: number): void {
    this.pending = this.pending.subarray(n)
    this.offset += n
  }

  private next(): FixFrame | FixFrameError | undefined {
    const p = this.pending
    if (p.length === 0) return undefined
    // A frame starts with "8=": anything else (even a partial "8") that cannot become it is garbage.
    const lead = Math.min(p.length, 2)
    if (p.compare(START, 0, lead, 0, lead) !== 0) return this.fail("BeginString (8)", `"8=" at the start of a message`, excerpt(p))
    const beginEnd = p.indexOf(SOH)
    if (beginEnd < 0) return p.length > 32 ? this.fail("BeginString (8)", "a BeginString of at most 30 bytes", excerpt(p)) : this.waitLimit()
    const beginString = p.toString("latin1", 2, beginEnd)
    const lenStart = beginEnd + 1
    if (p.length < lenStart + 2) return undefined
    if (p[lenStart] !== 0x39 || p[lenStart + 1] !== 0x3d) return this.fail("BodyLength (9)", `"9=" as the second field`, excerpt(p.subarray(lenStart)), this.offset + lenStart)
    const lenEnd = p.indexOf(SOH, lenStart)
    if (lenEnd < 0) return p.length - lenStart > 12 ? this.fail("BodyLength (9)", "a length of at most 10 digits", excerpt(p.subarray(lenStart)), this.offset + lenStart) : undefined
    const lenText = p.toString("latin1", lenStart + 2, lenEnd)
    if (!/^[0-9]{1,10}$/.test(lenText)) return this.fail("BodyLength (9)", "a decimal byte count", JSON.stringify(lenText), this.offset + lenStart)
    const bodyLength = Number(lenText)
    const bodyStart = lenEnd + 1
    const total = bodyStart + bodyLength + 7
    if (total > this.maxMessageBytes) {
      return this.fail("BodyLength (9)", `a message of at most ${this.maxMessageBytes} bytes`, `${bodyLength} body bytes (${total} in all)`, this.offset + lenStart)
    }
    if (p.length < total) return undefined
    const trailer = bodyStart + bodyLength
    if (p.toString("latin1", trailer, trailer + 3) !== "10=" || p[total - 1] !== SOH) {
      return this.fail("BodyLength (9)", `"10=nnn" right after ${bodyLength} body bytes`, excerpt(p.subarray(trailer, trailer + 8)), this.offset + lenStart)
    }
    const sumText = p.toString("latin1", trailer + 3, trailer + 6)
    const sum = checksumOf(p, 0, trailer)
    if (sumText !== String(sum).padStart(3, "0")) {
      return this.fail("CheckSum (10)", `${String(sum).padStart(3, "0")} (sum of the bytes before it, modulo 256)`, JSON.stringify(sumText), this.offset + trailer)
    }
    const frameOffset = this.offset
    const parsed = parseFields(p.subarray(bodyStart, trailer), frameOffset + bodyStart)
    this.consume(total)
    if (parsed.error !== undefined) {
      const seqField = parsed.fields.find(([t]) => t === 34)
      const seq = seqField !== undefined && /^[0-9]{1,9}$/.test(seqField[1]) ? Number(seqField[1]) : undefined
      const { offset, got, refTag } = parsed.error
      return refTag === undefined
        ? new FixFrameError(offset, "tag", "tag=value with a numeric tag", got, false, seq, undefined, SessionRejectReason.InvalidTagNumber)
        : new FixFrameError(offset, `tag ${refTag}`, "a value after '='", got, false, seq, refTag, SessionRejectReason.TagSpecifiedWithoutValue)
    }
    if (parsed.fields[0]?.[0] !== 35) return new FixFrameError(frameOffset + bodyStart, "MsgType (35)", "MsgType as the third field", excerpt(p.subarray(bodyStart)), false)
    return { beginString, fields: parsed.fields, size: total }
  }

  private waitLimit(): undefined | FixFrameError {
    return this.pending.length > this.maxMessageBytes ? this.fail("message", `a message of at most ${this.maxMessageBytes} bytes`, `${this.pending.length} bytes with no end`) : undefined
  }
}

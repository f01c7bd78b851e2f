/**
 * A decoded FIX message: the header fields every session rule needs, typed, and the rest by tag.
 *
 * When to use: `readMessage(frame)` right after `FrameReader`; it checks the header (MsgSeqNum a positive
 * integer, the Comp IDs present) and names the first field that is wrong.
 */
import { type Field, type FixFrame, FixFrameError } from "./frame.ts"
import { SessionRejectReason, Tag } from "./tags.ts"

export interface FixMessage {
  readonly msgType: string
  readonly seq: number
  readonly sender: string
  readonly target: string
  readonly possDup: boolean
  readonly possResend: boolean
  readonly fields: ReadonlyArray<Field>
}

/** A header field missing or malformed: the session answers with a Reject (373 reason) or drops. */
export class FixHeaderError {
  readonly _tag = "FixHeaderError"
  readonly tag: number
  readonly expected: string
  readonly got: string
  readonly reason: number
  readonly seq: number | undefined
  readonly msgType: string | undefined
  constructor(tag: number, expected: string, got: string, reason: number, seq: number | undefined, msgType: string | undefined) {
    this.tag = tag
    this.expected = expected
    this.got = got
    this.reason = reason
    this.seq = seq
    this.msgType = msgType
  }
  get message(): string {
    return `tag ${this.tag}: expected ${this.expected}, got ${this.got}`
  }
}

export const fieldOf = (fields: ReadonlyArray<Field>, tag: number): string | undefined => {
  for (const [t, v] of fields) if (t === tag) return v
  return undefined
}

const POSITIVE = /^[1-9][0-9]{0,8}$/

/** A positive integer field of at most 9 digits, or undefined when absent or malformed. */
export const positiveOf = (fields: ReadonlyArray<Field>, tag: number): number | undefined => {
  const v = fieldOf(fields, tag)
  return v !== undefined && POSITIVE.test(v) ? Number(v) : undefined
}

export const readMessage = (frame: FixFrame): FixMessage | FixHeaderError => {
  const f = frame.fields
  const msgType = f[0]![1]
  const seqText = fieldOf(f, Tag.MsgSeqNum)
  if (seqText === undefined) return new FixHeaderError(Tag.MsgSeqNum, "MsgSeqNum", "nothing", SessionRejectReason.RequiredTagMissing, undefined, msgType)
  if (!POSITIVE.test(seqText)) return new FixHeaderError(Tag.MsgSeqNum, "a positive integer", JSON.stringify(seqText), SessionRejectReason.IncorrectDataFormat, undefined, msgType)
  const seq = Number(seqText)
  const sender = fieldOf(f, Tag.SenderCompID)
  if (sender === undefined) return new FixHeaderError(Tag.SenderCompID, "SenderCompID", "nothing", SessionRejectReason.RequiredTagMissing, seq, msgType)
  const target = fieldOf(f, Tag.TargetCompID)
  if (target === undefined) return new FixHeaderError(Tag.TargetCompID, "TargetCompID", "nothing", SessionRejectReason.RequiredTagMissing, seq, msgType)
  return {
    msgType,
    seq,
    sender,
    target,
    possDup: fieldOf(f, Tag.PossDupFlag) === "Y",
    possResend: fieldOf(f, Tag.PossResend) === "Y",
    fields: f
  }
}

export { FixFrameError }

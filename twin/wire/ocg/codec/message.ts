/**
 * A decoded FIX message: the header fields every session rule needs, typed, and the rest by tag.
 *
 * When to use: `readMessage(frame)` right after `FrameReader`; it checks the header (MsgSeqNum a positive
 * integer, the Comp IDs present, SendingTime present and a UTCTimestamp) and that no tag the endpoint reads
 * appears twice, and names the first field that is wrong. Whether SendingTime is accurate needs the
 * gateway's clock: session/sending-time.ts.
 */
import { type Field, type FixFrame, FixFrameError } from "./frame.ts"
import { parseUtcTimestamp } from "./timestamp.ts"
import { SessionRejectReason, Tag } from "./tags.ts"

export interface FixMessage {
  readonly msgType: string
  readonly seq: number
  readonly sender: string
  readonly target: string
  readonly possDup: boolean
  readonly possResend: boolean
  /** SendingTime (52), ms since the epoch. */
  readonly sendingTime: number
  readonly fields: ReadonlyArray<Field>
}

/** A header field missing or malformed, or a tag repeated: the session answers with a Reject (373 reason) or drops. */
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

/**
 * The tags whose value the endpoint reads. FIX 14.h: a tag outside a repeating group may appear once
 * (373=13). The endpoint parses no repeating group, so it checks these only — header tags in every message,
 * body tags in the MsgTypes it takes, where none is a group member in FIX 5.0 SP2's layout (checked against
 * jspurefix's FIX50SP2.xml). Other tags repeat legitimately in groups (a New Order Single's Parties: 448,
 * 447, 452 once per party) and pass [U].
 */
const HEADER_ONCE: ReadonlySet<number> = new Set<number>([Tag.MsgType, Tag.MsgSeqNum, Tag.SenderCompID, Tag.TargetCompID, Tag.SendingTime, Tag.PossDupFlag, Tag.PossResend, Tag.OrigSendingTime])
const BODY_ONCE: ReadonlySet<number> = new Set<number>([
  Tag.EncryptMethod, Tag.HeartBtInt, Tag.ResetSeqNumFlag, Tag.NextExpectedMsgSeqNum, Tag.Password, Tag.DefaultApplVerID,
  Tag.TestReqID, Tag.BeginSeqNo, Tag.EndSeqNo, Tag.GapFillFlag, Tag.NewSeqNo, Tag.Text,
  Tag.ClOrdID, Tag.OrigClOrdID, Tag.SecurityID, Tag.SecurityIDSource, Tag.Symbol, Tag.Side, Tag.OrderQty, Tag.OrdType, Tag.Price, Tag.TimeInForce
])
const BODY_READ: ReadonlySet<string> = new Set(["0", "1", "2", "3", "4", "5", "A", "D", "F", "G"])

/**
 * FIXT.1.1's standard header tags after 8, 9 and 35 (FIX 5.0 SP2 Vol. 1 "Standard Message Header"; 627–630
 * the Hops group). FIX 14.g: the header comes first, then the body (then the trailer, which the framing
 * holds to): a header tag after a body tag is a Reject 373=14 naming it, the message's number used up.
 */
const HEADER_TAGS: ReadonlySet<number> = new Set<number>([
  1128, 1156, 1129, 49, 56, 115, 128, 90, 91, 34, 50, 142, 57, 143, 116, 144, 129, 145, 43, 97, 52, 122, 212, 213, 347, 369, 627, 628, 629, 630
])

/** The first header tag that comes after a body tag (`fields[0]` is MsgType). */
const headerAfterBody = (fields: ReadonlyArray<Field>): number | undefined => {
  let body = false
  for (let i = 1; i < fields.length; i++) {
    const t = fields[i]![0]
    if (!HEADER_TAGS.has(t)) body = true
    else if (body) return t
  }
  return undefined
}

/** The first tag the endpoint reads that `fields` carry more than once. */
const repeatedTag = (msgType: string, fields: ReadonlyArray<Field>): number | undefined => {
  const body = BODY_READ.has(msgType)
  const seen = new Set<number>()
  for (const [t] of fields) {
    if (!HEADER_ONCE.has(t) && !(body && BODY_ONCE.has(t))) continue
    if (seen.has(t)) return t
    seen.add(t)
  }
  return undefined
}

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
  const sendingText = fieldOf(f, Tag.SendingTime)
  if (sendingText === undefined) return new FixHeaderError(Tag.SendingTime, "SendingTime", "nothing", SessionRejectReason.RequiredTagMissing, seq, msgType)
  const sendingTime = parseUtcTimestamp(sendingText)
  if (sendingTime === undefined) return new FixHeaderError(Tag.SendingTime, "a UTCTimestamp YYYYMMDD-HH:MM:SS[.sss]", JSON.stringify(sendingText), SessionRejectReason.IncorrectDataFormat, seq, msgType)
  const misplaced = headerAfterBody(f)
  if (misplaced !== undefined) return new FixHeaderError(misplaced, "header fields before the body", "it after a body field", SessionRejectReason.TagSpecifiedOutOfRequiredOrder, seq, msgType)
  const repeated = repeatedTag(msgType, f)
  if (repeated !== undefined) return new FixHeaderError(repeated, "the tag once", "it more than once", SessionRejectReason.TagAppearsMoreThanOnce, seq, msgType)
  return {
    msgType,
    seq,
    sender,
    target,
    possDup: fieldOf(f, Tag.PossDupFlag) === "Y",
    possResend: fieldOf(f, Tag.PossResend) === "Y",
    sendingTime,
    fields: f
  }
}

export { FixFrameError }

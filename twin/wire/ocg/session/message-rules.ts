/**
 * What a connection does with each thing its FrameReader cuts from the stream, as one pure judgement per
 * thing (FIXT.1.1 and FIX's session test cases; DOMAIN §1 for the drops): a frame error, or a frame whose
 * header is read and checked here before the Logon rules (logon-rules.ts) or the session's sequence and
 * message handling (connection.ts) see it. The connection carries the verdict out.
 *
 * When to use: `judgeFrameError` for a `FixFrameError`, `judgeFrame` for a `FixFrame` (after the
 * connection's own rate limit).
 *
 * Gotchas:
 * - Before the Logon is accepted there is no session to reject into: every problem drops the connection
 *   (a Logon's SendingTime and sequence are the Logon rules').
 * - A Reject refers to a MsgSeqNum (45 RefSeqNum): a problem in a message whose MsgSeqNum cannot be read
 *   is ignored (a garbled field) or drops the connection (a header error), never rejected.
 * - Every Reject here uses up the rejected message's number (FIX: "increment inbound MsgSeqNum").
 */
import type { FixFrame, FixFrameError } from "../codec/frame.ts"
import { FixHeaderError, type FixMessage, readMessage } from "../codec/message.ts"
import { SessionRejectReason, Tag } from "../codec/tags.ts"
import { possDupProblem, sendingTimeProblem } from "./sending-time.ts"

export type InboundVerdict =
  /** Close without a Logout. */
  | { readonly _tag: "drop"; readonly reason: string }
  /** Nothing sent; the line logged. */
  | { readonly _tag: "ignore"; readonly log: string }
  /** A session Reject of message `seq` (its number used up), logged; `logout`: then a Logout with that text. */
  | {
    readonly _tag: "reject"
    readonly seq: number
    readonly refTag: number | undefined
    readonly refMsgType: string | undefined
    readonly reason: number
    readonly text: string
    readonly log: string | undefined
    readonly logout: string | undefined
  }
  | { readonly _tag: "logout"; readonly text: string }
  /** To the Logon rules. */
  | { readonly _tag: "logon"; readonly message: FixMessage }
  /** To the logged-on session. */
  | { readonly _tag: "session"; readonly message: FixMessage }

export interface InboundContext {
  /** No Logon accepted yet on this connection. */
  readonly loggingOn: boolean
  /** The session's Comp ID once logged on. */
  readonly compId: string | undefined
  /** The gateway's wall clock (sending-time.ts says why not virtual time). */
  readonly wallMs: number
  readonly sendingTimeTolerance: number
}

/** A frame error: fatal ones drop; a garbled field gets a Reject when its MsgSeqNum was read, else is ignored. */
export const judgeFrameError = (e: FixFrameError, loggingOn: boolean): InboundVerdict => {
  if (e.fatal) return { _tag: "drop", reason: `${e.message}: dropped without Logout` }
  if (loggingOn) return { _tag: "drop", reason: `garbled Logon (${e.message}): dropped` }
  // Without a readable MsgSeqNum there is nothing a Reject could refer to: ignored, as FIX prescribes.
  if (e.seq === undefined) return { _tag: "ignore", log: `garbled message (${e.message}) without a MsgSeqNum: ignored` }
  return reject(e.seq, e.refTag, undefined, e.reason ?? SessionRejectReason.Other, e.message, `garbled message (${e.message}): session Reject`)
}

/** A frame: its header read and checked, then to the Logon rules or the session. */
export const judgeFrame = (frame: FixFrame, x: InboundContext): InboundVerdict => {
  const m = readMessage(frame)
  if (m instanceof FixHeaderError) {
    if (x.loggingOn) return { _tag: "drop", reason: `Logon header: ${m.message}: dropped` }
    // FIXT.1.1 ("Garbled message"): a missing MsgSeqNum is a serious application error — Logout, then close.
    if (m.seq === undefined && m.tag === Tag.MsgSeqNum && m.reason === SessionRejectReason.RequiredTagMissing) return { _tag: "logout", text: "MsgSeqNum (34): missing" }
    if (m.seq === undefined) return { _tag: "drop", reason: `header: ${m.message}: dropped (no MsgSeqNum to reject)` }
    return reject(m.seq, m.tag, m.msgType, m.reason, m.message, `header: ${m.message}: session Reject`)
  }
  if (frame.beginString !== "FIXT.1.1") {
    return x.loggingOn
      ? { _tag: "drop", reason: `BeginString ${JSON.stringify(frame.beginString)}, expected "FIXT.1.1": dropped` }
      : { _tag: "logout", text: `BeginString (8): expected FIXT.1.1, got ${frame.beginString}` }
  }
  if (x.loggingOn) return { _tag: "logon", message: m }
  if (m.sender !== x.compId) return { _tag: "logout", text: `SenderCompID (49): expected ${x.compId}, got ${m.sender}` }
  const late = sendingTimeProblem(m, x.wallMs, x.sendingTimeTolerance)
  // FIX session test case 2.o: Reject (373=10), the number used up, then Logout and disconnect.
  if (late !== undefined) return { ...reject(m.seq, Tag.SendingTime, m.msgType, SessionRejectReason.SendingTimeAccuracyProblem, late, undefined), logout: late }
  // FIX session test cases 2.f / 2.g: a message sent again without a sound OrigSendingTime.
  const dup = possDupProblem(m)
  if (dup !== undefined) {
    const verdict = reject(m.seq, Tag.OrigSendingTime, m.msgType, dup.reason, dup.text, dup.logout ? undefined : `${dup.text}: session Reject, message ignored`)
    return dup.logout ? { ...verdict, logout: dup.text } : verdict
  }
  return { _tag: "session", message: m }
}

const reject = (seq: number, refTag: number | undefined, refMsgType: string | undefined, reason: number, text: string, log: string | undefined): InboundVerdict & { readonly _tag: "reject" } => ({
  _tag: "reject",
  seq,
  refTag,
  refMsgType,
  reason,
  text,
  log,
  logout: undefined
})

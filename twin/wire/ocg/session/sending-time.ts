/**
 * SendingTime (52) accuracy: FIX session test case 2.o — a message whose SendingTime is not within a
 * reasonable time of the receiver's clock gets a Reject (373=10 "SendingTime accuracy problem"), its number
 * used up, then a Logout, then the connection closes; an inaccurate Logon is refused with a Logout.
 *
 * Gotcha — which clock: the gateway's world runs on virtual time, but the SendingTime the endpoint stamps
 * on its own messages is the wall clock (`OcgClock.wallMs`, core.ts `sendingTime`), as is the password's
 * time (DOMAIN §1). A client is held to the time the gateway itself writes: the same `wallMs`, never the
 * world's virtual time, so a paused or fast world does not log every client out.
 *
 * Tolerance [U]: 120 s either way, the "2 minutes" the FIX test case gives as its example and QuickFIX's
 * default MaxLatency; the same as the password's (limits.ts).
 *
 * A message sent again (PossDupFlag=Y) must carry OrigSendingTime (122), its first sending's time, which
 * cannot be later than its SendingTime: `possDupProblem`, FIX session test cases 2.f and 2.g.
 */
import { fieldOf, type FixMessage } from "../codec/message.ts"
import { MsgType, SessionRejectReason, Tag } from "../codec/tags.ts"
import { parseUtcTimestamp, utcTimestamp } from "../codec/timestamp.ts"

/** What is wrong with `m`'s SendingTime against the gateway's clock `wallMs`, or undefined when within tolerance. */
export const sendingTimeProblem = (m: FixMessage, wallMs: number, toleranceSeconds: number): string | undefined => {
  const skew = Math.abs(m.sendingTime - wallMs) / 1000
  return skew <= toleranceSeconds
    ? undefined
    : `SendingTime (52) ${utcTimestamp(m.sendingTime)} is ${Math.round(skew)} s from the gateway's clock (tolerance ${toleranceSeconds} s)`
}

/** What is wrong with a message sent again, as the session Reject names it; `logout`: the session ends after it. */
export interface PossDupProblem {
  readonly reason: number
  readonly text: string
  readonly logout: boolean
}

/**
 * FIX session test cases 2.f / 2.g, for a message with PossDupFlag=Y: no OrigSendingTime (122) is a Reject
 * 373=1 and the message is otherwise ignored; an OrigSendingTime later than its SendingTime is a Reject
 * 373=10 then a Logout; one that is not a UTCTimestamp a Reject 373=6 (14.f), the message ignored.
 *
 * Gotcha: a Sequence Reset is exempt, as QuickFIX and QuickFIX/J exempt it (their `doPossDup` /
 * `validatePossDup`): a gap fill's OrigSendingTime is not checked. The gateway's own resends carry 122 —
 * the first sending's time, or a gap fill's own SendingTime (connection.ts `frame`) — so its replays pass.
 */
export const possDupProblem = (m: FixMessage): PossDupProblem | undefined => {
  if (!m.possDup || m.msgType === MsgType.SequenceReset) return undefined
  const text = fieldOf(m.fields, Tag.OrigSendingTime)
  if (text === undefined) return { reason: SessionRejectReason.RequiredTagMissing, text: "OrigSendingTime (122) required with PossDupFlag (43) = Y", logout: false }
  const orig = parseUtcTimestamp(text)
  if (orig === undefined) return { reason: SessionRejectReason.IncorrectDataFormat, text: `OrigSendingTime (122): expected a UTCTimestamp YYYYMMDD-HH:MM:SS[.sss], got ${JSON.stringify(text)}`, logout: false }
  return orig > m.sendingTime
    ? { reason: SessionRejectReason.SendingTimeAccuracyProblem, text: `OrigSendingTime (122) ${utcTimestamp(orig)} is later than SendingTime (52) ${utcTimestamp(m.sendingTime)}`, logout: true }
    : undefined
}

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
 */
import type { FixMessage } from "../codec/message.ts"
import { utcTimestamp } from "../codec/timestamp.ts"

/** What is wrong with `m`'s SendingTime against the gateway's clock `wallMs`, or undefined when within tolerance. */
export const sendingTimeProblem = (m: FixMessage, wallMs: number, toleranceSeconds: number): string | undefined => {
  const skew = Math.abs(m.sendingTime - wallMs) / 1000
  return skew <= toleranceSeconds
    ? undefined
    : `SendingTime (52) ${utcTimestamp(m.sendingTime)} is ${Math.round(skew)} s from the gateway's clock (tolerance ${toleranceSeconds} s)`
}

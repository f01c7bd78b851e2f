/**
 * The OCG-C throttle (DOMAIN §1 Throttle): at most `mps` business messages per Comp ID per interval; an
 * excess message gets a Business Message Reject whose text gives the time left in the current interval.
 *
 * Assumption [U]: intervals are whole seconds of the clock (not a sliding window from the first message),
 * and only accepted messages count towards the limit. Repeated violation ("the session may be dropped") is
 * not modelled.
 */
import type { Micros } from "../../engine/time.ts"
import { THROTTLE_INTERVAL } from "./rules.ts"

export interface Throttle {
  readonly interval: number
  readonly count: number
}

export const freshThrottle: Throttle = { interval: -1, count: 0 }

export type ThrottleVerdict =
  | { readonly _tag: "accept"; readonly throttle: Throttle }
  | { readonly _tag: "reject"; readonly throttle: Throttle; readonly usLeft: Micros }

export const admit = (t: Throttle, mps: number, now: Micros): ThrottleVerdict => {
  const interval = Math.floor(now / THROTTLE_INTERVAL)
  const current = t.interval === interval ? t : { interval, count: 0 }
  if (current.count < mps) return { _tag: "accept", throttle: { interval, count: current.count + 1 } }
  return { _tag: "reject", throttle: current, usLeft: (interval + 1) * THROTTLE_INTERVAL - now }
}

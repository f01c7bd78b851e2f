/**
 * What `ocg-order-acks` and `csc-order-acks` share: their parameters and the words of their summary, so
 * both say a wait the same way (the longest said even on a pass: a pass still shows the delay).
 */
import { Schema } from "effect"
import type { Micros } from "../../twin/engine/time.ts"
import { plural } from "../format/plural.ts"
import { CountOr, dur, DurationOr, durOver } from "./params.ts"

export const OrderAcksParams = Schema.Struct({
  /** The longest an order may wait for its answer. */
  max: DurationOr("1s"),
  /** Orders allowed to go unanswered over the window, all sessions together. */
  unanswered: CountOr(0),
  /** Only these participants' sessions (default every participant's). */
  participants: Schema.optionalKey(Schema.Array(Schema.String))
})
export type OrderAcksParams = typeof OrderAcksParams.Type

/**
 * `every answered New Order within 2s (the longest 1.4s); 0 New Orders never answered (max 0)`, or
 * `1 session with New Orders answered later than 1s, the longest 3.2s; …`.
 */
export const orderAcksSummary = (o: {
  /** The order as the service calls it, singular: `New Order`, `China Connect order`. */
  readonly noun: string
  /** How an unanswered one is said: `never answered`, `not answered`. */
  readonly unansweredAs: string
  readonly sessionsOver: number
  readonly max: Micros
  /** The longest wait heard (0: none). */
  readonly longest: Micros
  readonly unanswered: number
  readonly allowed: number
}): string => {
  const said = o.longest <= 0 ? "" : o.sessionsOver === 0 ? ` (the longest ${dur(o.longest)})` : `, the longest ${durOver(o.longest, o.max)}`
  const head = o.sessionsOver === 0 ? `every answered ${o.noun} within` : `${plural(o.sessionsOver, "session")} with ${o.noun}s answered later than`
  return `${head} ${dur(o.max)}${said}; ${plural(o.unanswered, o.noun)} ${o.unansweredAs} (max ${o.allowed})`
}

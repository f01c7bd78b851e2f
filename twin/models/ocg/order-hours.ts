/**
 * When OTP-C takes orders and cancels, and when it matches them, by phase of the trading day (DOMAIN §1
 * trading timetable, ../trading-day.ts):
 * - order input in pre-opening order input and no-cancellation (09:00–09:20), continuous trading (09:30–12:00,
 *   13:00–16:00) and the closing auction's order input and no-cancellation (16:01–16:08); none before 09:00,
 *   in random matching and blocking (09:20–09:30), at lunch, in reference price fixing (16:00–16:01), in the
 *   random close or after it [U: DOMAIN names the periods, not what OTP-C does outside them; the twin
 *   refuses the order, as a matching host outside its sessions does];
 * - cancel and amend only in order input and continuous trading: not in the no-cancellation periods
 *   (09:15–09:20, 16:06–16:08, DOMAIN §1) nor where no order is taken;
 * - an order taken in continuous trading fills `fillDelay` later (the twin's OTP-C fills every order [U]);
 *   one taken in an auction's input fills at the auction's match (POS MA, CAS MA: the instants
 *   trading-day.ts takes for them).
 *
 * When to use: the model's OTP-C host (otp-c.ts) and the FIX endpoint's own OTP-C (wire/ocg/session/
 * application.ts) ask `newOrderAt` for each New Order and `cancelRefusal` for each cancel or amend; the
 * refusal's text is what the Execution Report or Order Cancel Reject says (Text 58).
 */
import { formatTimeOfDay, type Micros } from "../../engine/time.ts"
import { CONTINUOUS_TRADING, type SessionChange } from "../trading-day.ts"

// TradingSessionSubIDs (DOMAIN §1): POS OI 1, POS NW 101, CT 3, CAS OI 5, CAS NW 106; the matches POS MA 2, CAS MA 4.
const ORDER_INPUT: ReadonlySet<number> = new Set([1, 101, 3, 5, 106])
const CANCEL: ReadonlySet<number> = new Set([1, 3, 5])
const AUCTION_MATCH: ReadonlySet<number> = new Set([2, 4])

export type OrderVerdict =
  | { readonly _tag: "taken"; readonly fillAt: Micros }
  | { readonly _tag: "refused"; readonly text: string }

/** The phase in force at `t` (the last change at or before it), or undefined before the day's first. */
const phaseAt = (day: ReadonlyArray<SessionChange>, t: Micros): SessionChange | undefined => {
  let phase: SessionChange | undefined
  for (const c of day) {
    if (c.at > t) break
    phase = c
  }
  return phase
}

const nextWhere = (day: ReadonlyArray<SessionChange>, t: Micros, ok: (c: SessionChange) => boolean): SessionChange | undefined =>
  day.find((c) => c.at > t && ok(c))

const refusal = (day: ReadonlyArray<SessionChange>, t: Micros, what: string, allowed: ReadonlySet<number>): string => {
  const phase = phaseAt(day, t)
  const again = nextWhere(day, t, (c) => allowed.has(c.subId))
  const where = phase === undefined ? "before the trading day" : `in ${phase.name} (from ${formatTimeOfDay(phase.at)})`
  return `no ${what} ${where}: ${again === undefined ? "none again today" : `again from ${formatTimeOfDay(again.at)}`}`
}

/** Whether OTP-C takes a New Order at `t`, and when it fills it. */
export const newOrderAt = (day: ReadonlyArray<SessionChange>, t: Micros, fillDelay: Micros): OrderVerdict => {
  const phase = phaseAt(day, t)
  if (phase === undefined || !ORDER_INPUT.has(phase.subId)) return { _tag: "refused", text: refusal(day, t, "order input", ORDER_INPUT) }
  if (phase.subId === CONTINUOUS_TRADING) return { _tag: "taken", fillAt: t + fillDelay }
  const match = nextWhere(day, t, (c) => AUCTION_MATCH.has(c.subId))
  // A timetable whose auction has no match (not the twin's) fills as in continuous trading.
  return { _tag: "taken", fillAt: match?.at ?? t + fillDelay }
}

/** The spans `[from, to)` of the day in which OTP-C takes orders, adjacent input phases as one. */
export const orderInputSpans = (day: ReadonlyArray<SessionChange>): ReadonlyArray<readonly [Micros, Micros]> => {
  const spans: Array<[Micros, Micros]> = []
  day.forEach((c, i) => {
    if (!ORDER_INPUT.has(c.subId)) return
    const end = day[i + 1]?.at ?? Infinity
    const last = spans[spans.length - 1]
    if (last !== undefined && last[1] === c.at) last[1] = end
    else spans.push([c.at, end])
  })
  return spans
}

/** Why OTP-C refuses a cancel or amend at `t`, or undefined when it takes one. */
export const cancelRefusal = (day: ReadonlyArray<SessionChange>, t: Micros): string | undefined => {
  const phase = phaseAt(day, t)
  return phase !== undefined && CANCEL.has(phase.subId) ? undefined : refusal(day, t, "cancel or amend", CANCEL)
}

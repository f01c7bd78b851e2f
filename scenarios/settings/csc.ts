/**
 * The `csc` section of a scenario's `settings` (and of the estate's): China Connect northbound, the daily
 * quota, the order mix (buys, sells, cancels) and quota adjustments (DOMAIN §2). Decoded with Schema (clock
 * times, durations and RMB amounts as scenarios write them), turned into the typed `CscSettings` the wiring
 * reads (twin/settings/csc.ts). The keys are tabled in docs/scenario-format.md, "settings.csc".
 *
 *     csc:
 *       dailyQuota: {SSE: 2bn}          # or one figure for both markets: dailyQuota: 2bn
 *       orders: {perSession: {min: 4, max: 4}, buyShare: 1, sseShare: 1, amount: {min: 1bn, max: 1bn}}
 *       adjustments:
 *         - {at: "09:20", market: SSE, amount: 3bn}
 */
import { Schema } from "effect"
import type { CscOrderMix, CscQuotaAdjustment, CscSettings } from "../../twin/settings/csc.ts"
import { amountYuan, NonZeroRmb, Rmb } from "../format/amount.ts"
import { ClockTime, clockMicros, Duration, durationMicros } from "../format/duration.ts"

const Market = Schema.Literals(["SSE", "SZSE"])

const Quota = Rmb(0, "a daily quota of 0 to 10 trillion yuan")

const Share = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 }, { expected: "a share from 0 to 1" }))

const Count = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 10_000 }, { expected: "a number of orders from 0 to 10000" }))

const Amount = Rmb(1, "an order amount above 0, at most 10 trillion yuan")

const minNotAboveMax = <T>(value: (v: T) => number) =>
  Schema.makeFilter((r: { readonly min: T; readonly max: T }) => value(r.min) <= value(r.max), { expected: "a range with min ≤ max" })

const PerSession = Schema.Struct({ min: Count, max: Count }).check(minNotAboveMax((n: number) => n))

const AmountRange = Schema.Struct({ min: Amount, max: Amount }).check(minNotAboveMax(amountYuan))

const Orders = Schema.Struct({
  perSession: Schema.optionalKey(PerSession),
  buyShare: Schema.optionalKey(Share),
  sseShare: Schema.optionalKey(Share),
  amount: Schema.optionalKey(AmountRange),
  cancelShare: Schema.optionalKey(Share),
  cancelAfter: Schema.optionalKey(Duration.check(Schema.makeFilter((s: string) => durationMicros(s) > 0, { expected: "a duration above 0s" })))
})

const Adjustment = Schema.Struct({
  at: ClockTime,
  market: Market,
  amount: NonZeroRmb("a signed amount other than 0, at most 10 trillion yuan (negative takes quota away)")
})

export const CscSettingsInput = Schema.Struct({
  dailyQuota: Schema.optionalKey(Schema.Union([Quota, Schema.Struct({ SSE: Schema.optionalKey(Quota), SZSE: Schema.optionalKey(Quota) })])),
  orders: Schema.optionalKey(Orders),
  adjustments: Schema.optionalKey(Schema.Array(Adjustment))
})
export type CscSettingsInput = typeof CscSettingsInput.Type

const resolveQuota = (q: NonNullable<CscSettingsInput["dailyQuota"]>): NonNullable<CscSettings["dailyQuota"]> => {
  if (typeof q !== "object") return { SSE: amountYuan(q), SZSE: amountYuan(q) }
  return {
    ...(q.SSE !== undefined ? { SSE: amountYuan(q.SSE) } : {}),
    ...(q.SZSE !== undefined ? { SZSE: amountYuan(q.SZSE) } : {})
  }
}

const resolveOrders = (o: typeof Orders.Type): CscOrderMix => ({
  ...(o.perSession !== undefined ? { perSession: [o.perSession.min, o.perSession.max] as const } : {}),
  ...(o.buyShare !== undefined ? { buyShare: o.buyShare } : {}),
  ...(o.sseShare !== undefined ? { sseShare: o.sseShare } : {}),
  ...(o.amount !== undefined ? { amount: [amountYuan(o.amount.min), amountYuan(o.amount.max)] as const } : {}),
  ...(o.cancelShare !== undefined ? { cancelShare: o.cancelShare } : {}),
  ...(o.cancelAfter !== undefined ? { cancelAfter: durationMicros(o.cancelAfter) } : {})
})

const resolveAdjustment = (a: typeof Adjustment.Type): CscQuotaAdjustment => ({ at: clockMicros(a.at), market: a.market, amount: amountYuan(a.amount) })

export const resolveCscSettings = (input: CscSettingsInput): CscSettings => ({
  ...(input.dailyQuota !== undefined ? { dailyQuota: resolveQuota(input.dailyQuota) } : {}),
  ...(input.orders !== undefined ? { orders: resolveOrders(input.orders) } : {}),
  ...(input.adjustments !== undefined ? { adjustments: input.adjustments.map(resolveAdjustment) } : {})
})

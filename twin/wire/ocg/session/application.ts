/**
 * OTP-C as a real FIX session meets it: New Order Single, Order Cancel Request, Order Cancel/Replace
 * Request and Order Mass Cancel Request (mass-cancel.ts) in; Execution Reports (and Order Cancel Rejects,
 * Order Mass Cancel Reports) out, with the twin's OTP-C model's behaviour
 * (twin/models/ocg/otp-c.ts): an order taken in its phase of the day gets an Execution Report (new) at once
 * and is fully filled when twin/models/ocg/order-hours.ts says (`fillDelay` of virtual time later in
 * continuous trading, at an auction's match), one outside order input an Execution Report rejected
 * (OrdRejReason 99) saying why, and so cancels and amends; each report with a fresh ExecID, rising through
 * the day across every session; every report is copied to the participant's drop-copy sessions.
 *
 * Field checks (DOMAIN §1): ClOrdID numeric 1–99,999,999 without leading zeros, unique per session per
 * day [U: per Submitting Broker ID in the spec; the twin has one per Comp ID]; TimeInForce 0, 3, 4 or 9.
 * A missing required field is a session-level Reject (FIX); a wrong value an Execution Report rejected.
 */
import type { Micros } from "../../../engine/time.ts"
import type { Field } from "../codec/frame.ts"
import { fieldOf, type FixMessage } from "../codec/message.ts"
import { MsgType, SessionRejectReason, Tag } from "../codec/tags.ts"
import { cancelRefusal, newOrderAt } from "../../../models/ocg/order-hours.ts"
import { fullDayTimetable, type SessionChange } from "../../../models/trading-day.ts"
import { MASS_CANCEL_REQUIRED, massCancelMatches, massCancelRefusal, massCancelReport } from "./mass-cancel.ts"

interface Order {
  readonly orderId: string
  clOrdId: string
  /** The security as the order named it — SecurityID (48) with its source (22), or Symbol (55) — echoed in reports. */
  readonly instrument: ReadonlyArray<Field>
  readonly side: string
  qty: number
  /** Price (44) as the order gave it; undefined for a market order (40=1), whose reports carry none. */
  price: string | undefined
  status: "new" | "filled" | "cancelled"
  fillAt: Micros
}

/** What the application answers: a session Reject, or business messages (bodies, MsgType first) for the session. */
export type AppAnswer =
  | { readonly _tag: "reject"; readonly refTag: number; readonly reason: number; readonly text: string }
  | { readonly _tag: "reports"; readonly bodies: ReadonlyArray<ReadonlyArray<Field>> }

const CL_ORD_ID = /^[1-9][0-9]{0,7}$/
const QTY = /^[1-9][0-9]{0,11}$/
const PRICE = /^(0|[1-9][0-9]{0,8})(\.[0-9]{1,3})?$/

/**
 * The Price (44) a New Order Single's reports echo: none for a market order (40=1) — FIX: Price is for the
 * OrdTypes that have one; a market order's Execution Reports omit it —, else the price sent, if any.
 */
export const orderPrice = (m: FixMessage): string | undefined => (fieldOf(m.fields, Tag.OrdType) === "1" ? undefined : fieldOf(m.fields, Tag.Price))

/**
 * OrdRejReason (103) and CxlRejReason (102) of a refusal for the phase of the day, with the reason in Text
 * (58): 99, other. The OCG-C's reject codes have none for a closed phase [S: its Order Reject Code 3, 6, 13,
 * 16, 19, 20, 99, 101, 102 and Cancel Reject Code 0, 1, 3, 6, 99, as the OCG-C spec's extraction named in
 * DOMAIN (github.com/AlexC6219/order-management-system) lists them]; FIX's 2 "exchange closed" is not one.
 */
export const PHASE_REJECT_REASON = "99"

/** LastPx (31) and AvgPx (6) of a fill: the order's price; 0 for a market order (the twin's OTP-C has no market price [U]). */
const fillPrice = (o: Order): string => o.price ?? "0"

/** The tags a New Order Single must carry (a missing one is a session-level Reject). */
export const NEW_ORDER_REQUIRED: ReadonlyArray<number> = [Tag.ClOrdID, Tag.Side, Tag.OrderQty, Tag.OrdType]

/** The session-level Reject for the first of `tags` missing from `m`, if any. */
export const requiredMissing = (m: FixMessage, tags: ReadonlyArray<number>): AppAnswer | undefined => {
  for (const t of tags) {
    if (fieldOf(m.fields, t) === undefined) return { _tag: "reject", refTag: t, reason: SessionRejectReason.RequiredTagMissing, text: `required tag ${t} missing` }
  }
  return undefined
}

/**
 * What is wrong with New Order Single `m` (its required tags present), as the Execution Report (rejected)
 * says it; `duplicate`: its ClOrdID was used today by the session. Undefined: a valid order.
 */
export const newOrderProblem = (m: FixMessage, duplicate: boolean): string | undefined => {
  const get = (t: number) => fieldOf(m.fields, t)
  const clOrdId = get(Tag.ClOrdID)!
  const price = get(Tag.Price) ?? "0"
  return !CL_ORD_ID.test(clOrdId)
    ? "ClOrdID (11): expected 1-99999999 without leading zeros"
    : duplicate
    ? "ClOrdID (11): duplicate today"
    : (get(Tag.SecurityID) ?? get(Tag.Symbol) ?? "") === ""
    ? "SecurityID (48) or Symbol (55): expected a security"
    : !["1", "2"].includes(get(Tag.Side)!)
    ? "Side (54): expected 1 (buy) or 2 (sell)"
    : !QTY.test(get(Tag.OrderQty)!)
    ? "OrderQty (38): expected a positive integer"
    : !["1", "2"].includes(get(Tag.OrdType)!)
    ? "OrdType (40): expected 1 (market) or 2 (limit)"
    : get(Tag.OrdType) === "2" && get(Tag.Price) === undefined
    ? "Price (44): required for a limit order (40=2)"
    : get(Tag.OrdType) === "2" && !PRICE.test(price)
    ? "Price (44): expected a price with at most 3 decimals"
    : !["0", "3", "4", "9", undefined].includes(get(Tag.TimeInForce))
    ? "TimeInForce (59): expected 0, 3, 4 or 9"
    : undefined
}

export class OtpcApplication {
  private nextExecId = 1
  private nextOrderId = 1
  private readonly orders = new Map<string, Map<string, Order>>()
  /** Per Comp ID, the ClOrdIDs of its mass cancel requests today (a ClOrdID is unique across its message types). */
  private readonly massCancels = new Map<string, Set<string>>()
  /** Orders waiting for their fill, by fill time (then arrival). */
  private readonly waiting: Array<{ readonly compId: string; readonly order: Order }> = []

  readonly fillDelay: Micros
  private readonly transactTime: () => string
  /** The trading day whose phases it keeps (the relayed sessions' mass cancels are checked against it too). */
  readonly day: ReadonlyArray<SessionChange>
  constructor(fillDelay: Micros, transactTime: () => string, day: ReadonlyArray<SessionChange> = fullDayTimetable) {
    this.fillDelay = fillDelay
    this.transactTime = transactTime
    this.day = day
  }

  private book(compId: string): Map<string, Order> {
    let b = this.orders.get(compId)
    if (b === undefined) this.orders.set(compId, (b = new Map()))
    return b
  }

  private report(o: Order, execType: string, extra: ReadonlyArray<Field> = []): ReadonlyArray<Field> {
    const filled = o.status === "filled"
    const ordStatus = execType === "8" ? "8" : o.status === "cancelled" ? "4" : filled ? "2" : "0"
    return [
      [Tag.MsgType, MsgType.ExecutionReport],
      [Tag.OrderID, o.orderId],
      [Tag.ClOrdID, o.clOrdId],
      [Tag.ExecID, String(this.nextExecId++)],
      [Tag.ExecType, execType],
      [Tag.OrdStatus, ordStatus],
      ...o.instrument,
      [Tag.Side, o.side],
      [Tag.OrderQty, String(o.qty)],
      ...(o.price === undefined ? [] : [[Tag.Price, o.price] as Field]),
      [Tag.CumQty, filled ? String(o.qty) : "0"],
      [Tag.LeavesQty, filled || o.status === "cancelled" || execType === "8" ? "0" : String(o.qty)],
      [Tag.AvgPx, filled ? fillPrice(o) : "0"],
      ...extra,
      [Tag.TransactTime, this.transactTime()]
    ]
  }

  /** An Execution Report rejected saying `problem`, with OrdRejReason `reason` when one is given. */
  private rejected(o: Order, problem: string, reason?: string): ReadonlyArray<Field> {
    return this.report(o, "8", [...(reason === undefined ? [] : [[Tag.OrdRejReason, reason] as Field]), [Tag.Text, problem]])
  }

  onMessage(compId: string, m: FixMessage, now: Micros): AppAnswer {
    const get = (t: number) => fieldOf(m.fields, t)
    const required = (tags: ReadonlyArray<number>): AppAnswer | undefined => requiredMissing(m, tags)
    const book = this.book(compId)
    switch (m.msgType) {
      case MsgType.NewOrderSingle: {
        const missing = required(NEW_ORDER_REQUIRED)
        if (missing !== undefined) return missing
        const clOrdId = get(Tag.ClOrdID)!
        const securityId = get(Tag.SecurityID)
        const source = get(Tag.SecurityIDSource)
        const instrument: ReadonlyArray<Field> = securityId !== undefined
          ? [[Tag.SecurityID, securityId], ...(source === undefined ? [] : [[Tag.SecurityIDSource, source] as Field])]
          : [[Tag.Symbol, get(Tag.Symbol) ?? ""]]
        // A rejected order's report still says the quantity it was sent with (when that is a number).
        const qty = QTY.test(get(Tag.OrderQty)!) ? Number(get(Tag.OrderQty)) : 0
        const o: Order = { orderId: String(this.nextOrderId++), clOrdId, instrument, side: get(Tag.Side)!, qty, price: orderPrice(m), status: "new", fillAt: now + this.fillDelay }
        const problem = newOrderProblem(m, book.has(clOrdId))
        if (problem !== undefined) return { _tag: "reports", bodies: [this.rejected(o, problem)] }
        const verdict = newOrderAt(this.day, now, this.fillDelay)
        if (verdict._tag === "refused") return { _tag: "reports", bodies: [this.rejected(o, verdict.text, PHASE_REJECT_REASON)] }
        o.fillAt = verdict.fillAt
        book.set(clOrdId, o)
        this.waiting.push({ compId, order: o })
        return { _tag: "reports", bodies: [this.report(o, "0")] }
      }
      case MsgType.OrderCancelRequest:
      case MsgType.OrderCancelReplaceRequest: {
        const replace = m.msgType === MsgType.OrderCancelReplaceRequest
        const missing = required(replace ? [Tag.OrigClOrdID, Tag.ClOrdID, Tag.OrderQty] : [Tag.OrigClOrdID, Tag.ClOrdID])
        if (missing !== undefined) return missing
        const orig = get(Tag.OrigClOrdID)!
        const clOrdId = get(Tag.ClOrdID)!
        const o = [...book.values()].find((x) => x.clOrdId === orig)
        // The phase first, as the model's host (otp-c.ts): outside cancellation none is taken.
        const closed = cancelRefusal(this.day, now)
        const problem = closed ?? (o === undefined ? "unknown order" : o.status !== "new" ? "order no longer open" : !CL_ORD_ID.test(clOrdId) || book.has(clOrdId) ? "ClOrdID (11): expected a new numeric ClOrdID" : replace && !QTY.test(get(Tag.OrderQty)!) ? "OrderQty (38): expected a positive integer" : undefined)
        if (problem !== undefined || o === undefined) {
          return {
            _tag: "reports",
            bodies: [[
              [Tag.MsgType, MsgType.OrderCancelReject],
              [Tag.OrderID, o?.orderId ?? "NONE"],
              [Tag.ClOrdID, clOrdId],
              [Tag.OrigClOrdID, orig],
              [Tag.OrdStatus, o === undefined ? "8" : o.status === "filled" ? "2" : o.status === "cancelled" ? "4" : "0"],
              [Tag.CxlRejResponseTo, replace ? "2" : "1"],
              // CxlRejReason: 99 other (the phase, said in the text), 1 unknown order, 0 too late to cancel.
              [Tag.CxlRejReason, closed !== undefined ? PHASE_REJECT_REASON : o === undefined ? "1" : "0"],
              [Tag.Text, problem ?? "unknown order"]
            ]]
          }
        }
        book.set(clOrdId, o)
        o.clOrdId = clOrdId
        if (replace) {
          o.qty = Number(get(Tag.OrderQty))
          // A market order stays one: the endpoint takes no OrdType change in a replace.
          o.price = o.price === undefined ? undefined : get(Tag.Price) ?? o.price
          return { _tag: "reports", bodies: [this.report(o, "5", [[Tag.OrigClOrdID, orig]])] }
        }
        o.status = "cancelled"
        return { _tag: "reports", bodies: [this.report(o, "4", [[Tag.OrigClOrdID, orig]])] }
      }
      case MsgType.OrderMassCancelRequest:
        return required(MASS_CANCEL_REQUIRED) ?? this.massCancel(compId, m, now)
      default:
        return { _tag: "reject", refTag: Tag.MsgType, reason: SessionRejectReason.InvalidMsgType, text: `MsgType ${JSON.stringify(m.msgType)} not supported` }
    }
  }

  /**
   * An Order Mass Cancel Request: refused as a whole (a used or non-numeric ClOrdID, a type or side not taken,
   * outside cancellation — the phase as for a single cancel), or every matching open order of `compId`
   * cancelled, each with its Execution Report (cancelled) after the report.
   */
  private massCancel(compId: string, m: FixMessage, now: Micros): AppAnswer {
    const book = this.book(compId)
    const clOrdId = fieldOf(m.fields, Tag.ClOrdID)!
    let used = this.massCancels.get(compId)
    if (used === undefined) this.massCancels.set(compId, (used = new Set()))
    const refusal = massCancelRefusal(m, CL_ORD_ID.test(clOrdId) && !book.has(clOrdId) && !used.has(clOrdId), cancelRefusal(this.day, now))
    const requestId = String(this.nextOrderId++)
    if (refusal !== undefined) return { _tag: "reports", bodies: [massCancelReport(m, requestId, { refusal }, this.transactTime())] }
    used.add(clOrdId)
    // Each order once: the book holds an amended order under its old ClOrdIDs too.
    const affected = [...new Set(book.values())].filter((o) => o.status === "new" && massCancelMatches(m, o.instrument, o.side))
    for (const o of affected) o.status = "cancelled"
    return {
      _tag: "reports",
      bodies: [massCancelReport(m, requestId, { affected: affected.length }, this.transactTime()), ...affected.map((o) => this.report(o, "4"))]
    }
  }

  /**
   * Cancel-on-Disconnect fired for `compId` (core.ts): every open order of the session is cancelled under its
   * own ClOrdID, whatever the phase of the day, as the model's host does (twin/models/ocg/otp-c.ts); each
   * gets an Execution Report (cancelled) with ExecRestatementReason (378) 104 — cancelled by the host, not
   * asked by the client — as the relay writes the model's (relay.ts). In the order they were taken.
   */
  cancelOnDisconnect(compId: string): ReadonlyArray<ReadonlyArray<Field>> {
    // Each order once: the book holds an amended order under its old ClOrdIDs too.
    const open = [...new Set(this.book(compId).values())].filter((o) => o.status === "new")
    for (const o of open) o.status = "cancelled"
    return open.map((o) => this.report(o, "4", [[Tag.ExecRestatementReason, "104"]]))
  }

  /** The fills due at `now`: each order's Comp ID and its Execution Report (trade). */
  due(now: Micros): ReadonlyArray<{ readonly compId: string; readonly body: ReadonlyArray<Field> }> {
    const out: Array<{ compId: string; body: ReadonlyArray<Field> }> = []
    let keep = 0
    for (const w of this.waiting) {
      if (w.order.status !== "new") continue
      if (w.order.fillAt > now) {
        this.waiting[keep++] = w
        continue
      }
      w.order.status = "filled"
      out.push({ compId: w.compId, body: this.report(w.order, "F", [[Tag.LastQty, String(w.order.qty)], [Tag.LastPx, fillPrice(w.order)]]) })
    }
    this.waiting.length = keep
    return out
  }
}

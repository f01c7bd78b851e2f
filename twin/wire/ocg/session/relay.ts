/**
 * The endpoint's half of the relay to the twin's model (`twin serve --real-sessions`, issue 20 item 3):
 * a real client's FIX session whose orders go to the model's OCG-C gateway and OTP-C host instead of the
 * endpoint's own OTP-C application (application.ts), and whose Execution Reports are the model's.
 *
 * `RelayPort` is what the core tells the model (the rig implements it with `LiveSession.tell` to the
 * session's stand-in, twin/models/ocg/real-client.ts); `RelayBook` translates between the two: a New Order
 * Single into the model's order, the model's `Execution` back into an Execution Report body. The model
 * keeps a ClOrdID as a number (the OCG-C's ClOrdID is numeric, DOMAIN §1) and no order's instrument or
 * side in its reports, so the book keeps, per order, what the client sent that the report must echo. The
 * OrderID (37) is the ExecID of the order's acknowledgement (the model has no order number of its own: that
 * ExecID is the host's, unique and fixed for the order).
 */
import type { Execution, Side } from "../../../models/ocg/messages.ts"
import type { Field } from "../codec/frame.ts"
import { fieldOf, type FixMessage } from "../codec/message.ts"
import { MsgType, Tag } from "../codec/tags.ts"
import { orderPrice, PHASE_REJECT_REASON } from "./application.ts"
import { MASS_CANCEL_ALL, type MassCancelRefusal, massCancelRefusal } from "./mass-cancel.ts"

/** A New Order Single as the model's order. `ref` is its MsgSeqNum (named again in a reject). */
export interface RelayOrder {
  readonly ref: number
  readonly clOrdId: number
  readonly side: Side
  readonly quantity: number
  readonly price: number
}

/** An Order Cancel Request (`replace` undefined) or Order Cancel/Replace Request as the model's amend. */
export interface RelayAmend {
  readonly ref: number
  readonly clOrdId: number
  readonly origClOrdId: number
  readonly replace: { readonly quantity: number; readonly price: number } | undefined
}

/** An Order Mass Cancel Request as the model's: the ClOrdIDs of the session's orders it matches. */
export interface RelayMassCancel {
  readonly ref: number
  readonly clOrdId: number
  readonly orders: ReadonlyArray<number>
}

/** What the core tells the model of a relayed session; `conn` is the connection's id. */
export interface RelayPort {
  /** Whether Comp ID `compId`'s session is relayed (its BSS in the model is a real client's stand-in). */
  has(compId: string): boolean
  logon(compId: string, gateway: string, conn: number): void
  order(compId: string, conn: number, order: RelayOrder): void
  amend(compId: string, conn: number, amend: RelayAmend): void
  massCancel(compId: string, conn: number, request: RelayMassCancel): void
  logout(compId: string, conn: number): void
  /** The connection's socket is gone (`reason` as logged). */
  ended(compId: string, gateway: string, conn: number, reason: string): void
}

interface Echo {
  readonly symbol: string
  readonly side: string
  /** Price (44) to echo; undefined for a market order (application.ts `orderPrice`). */
  readonly price: string | undefined
  orderId: string | undefined
  /** OrdStatus (39) of the last report of the order under this ClOrdID. */
  status: string | undefined
  /** For a cancel or Cancel/Replace request's ClOrdID: the order it names, and which request it was. */
  readonly orig: { readonly clOrdId: string; readonly replace: boolean } | undefined
}

// A refused New Order (`reject`, status `rejected`) is ExecType 8; a refused cancel or amend is no Execution Report.
const EXEC_TYPE: Record<Execution["execType"], string> = { new: "0", trade: "F", cancel: "4", replace: "5", reject: "8" }
const CL_ORD_ID = /^[1-9][0-9]{0,7}$/
const QTY = /^[1-9][0-9]{0,11}$/
const PRICE = /^(0|[1-9][0-9]{0,8})(\.[0-9]{1,3})?$/
const ORD_STATUS: Record<Execution["status"], string> = { new: "0", filled: "2", cancelled: "4", rejected: "8" }

export class RelayBook {
  /** Per trading Comp ID and ClOrdID (`COMPID|N`): what the client sent that reports echo. */
  private readonly echoes = new Map<string, Echo>()

  /** Whether `clOrdId` was used today by `compId` (DOMAIN §1: unique per session per day). */
  known(compId: string, clOrdId: string): boolean {
    return this.echoes.has(`${compId}|${clOrdId}`)
  }

  /** Remembers a valid New Order Single (application.ts `newOrderProblem` found nothing) and gives the model's order. */
  order(compId: string, m: FixMessage): RelayOrder {
    const get = (t: number) => fieldOf(m.fields, t)
    const clOrdId = get(Tag.ClOrdID)!
    const price = orderPrice(m)
    this.echoes.set(`${compId}|${clOrdId}`, { symbol: get(Tag.SecurityID) ?? get(Tag.Symbol) ?? "", side: get(Tag.Side)!, price, orderId: undefined, status: undefined, orig: undefined })
    return { ref: m.seq, clOrdId: Number(clOrdId), side: get(Tag.Side) === "1" ? "buy" : "sell", quantity: Number(get(Tag.OrderQty)), price: Number(price ?? "0") }
  }

  private rejects = 0

  /**
   * An Execution Report (rejected, 150=8) of a New Order Single the endpoint found wrong (application.ts
   * `newOrderProblem`): it never reaches the model, so its ExecID is the endpoint's own, `R1`, `R2`, … —
   * never one of the model host's numbers, which a client deduplicates on.
   */
  rejected(m: FixMessage, problem: string, transactTime: string): ReadonlyArray<Field> {
    const get = (t: number) => fieldOf(m.fields, t)
    const price = orderPrice(m)
    return [
      [Tag.MsgType, MsgType.ExecutionReport],
      [Tag.OrderID, "NONE"],
      [Tag.ClOrdID, get(Tag.ClOrdID) ?? ""],
      [Tag.ExecID, `R${++this.rejects}`],
      [Tag.ExecType, "8"],
      [Tag.OrdStatus, "8"],
      [Tag.Symbol, get(Tag.SecurityID) ?? get(Tag.Symbol) ?? ""],
      [Tag.Side, get(Tag.Side) ?? ""],
      [Tag.OrderQty, get(Tag.OrderQty) ?? "0"],
      ...(price === undefined ? [] : [[Tag.Price, price] as Field]),
      [Tag.CumQty, "0"],
      [Tag.LeavesQty, "0"],
      [Tag.AvgPx, "0"],
      [Tag.Text, problem],
      [Tag.TransactTime, transactTime]
    ]
  }

  /**
   * An Order Cancel Request or Order Cancel/Replace Request (its required tags present) as the model's
   * amend, or what is wrong with it (answered by the endpoint with an Order Cancel Reject): the new ClOrdID
   * must be a fresh numeric one, the order named a numeric ClOrdID (else no model order can have it), a
   * replace's quantity and price well formed.
   */
  amend(compId: string, m: FixMessage): RelayAmend | string {
    const get = (t: number) => fieldOf(m.fields, t)
    const replace = m.msgType === MsgType.OrderCancelReplaceRequest
    const clOrdId = get(Tag.ClOrdID)!
    const orig = get(Tag.OrigClOrdID)!
    const price = get(Tag.Price)
    if (!CL_ORD_ID.test(clOrdId) || this.known(compId, clOrdId)) return "ClOrdID (11): expected a new numeric ClOrdID"
    if (!CL_ORD_ID.test(orig)) return "unknown order"
    if (replace && !QTY.test(get(Tag.OrderQty)!)) return "OrderQty (38): expected a positive integer"
    if (replace && price !== undefined && !PRICE.test(price)) return "Price (44): expected a price with at most 3 decimals"
    const was = this.echoes.get(`${compId}|${orig}`)
    this.echoes.set(`${compId}|${clOrdId}`, {
      symbol: was?.symbol ?? "",
      side: was?.side ?? "",
      // A market order stays one: the endpoint takes no OrdType change in a replace.
      price: was !== undefined && was.price === undefined ? undefined : (replace ? price : undefined) ?? was?.price,
      orderId: was?.orderId,
      status: undefined,
      orig: { clOrdId: orig, replace }
    })
    const newPrice = Number((replace ? price : undefined) ?? was?.price ?? "0")
    return { ref: m.seq, clOrdId: Number(clOrdId), origClOrdId: Number(orig), replace: replace ? { quantity: Number(get(Tag.OrderQty)), price: newPrice } : undefined }
  }

  /**
   * An Order Mass Cancel Request (its required tags present; `closed`: the phase's refusal of cancels, if any) as the model's: the
   * ClOrdIDs under which the session's orders may be open now — each order's latest, as its last report
   * left it open or no report has come yet; an older ClOrdID of an amended order is sent too and finds
   * nothing at the host — that match its security (SecurityID or Symbol, as the order named it) and side;
   * or what is wrong with it (answered with a refused Order Mass Cancel Report). Its ClOrdID counts as used.
   */
  massCancel(compId: string, m: FixMessage, closed: string | undefined): RelayMassCancel | MassCancelRefusal {
    const get = (t: number) => fieldOf(m.fields, t)
    const clOrdId = get(Tag.ClOrdID)!
    const refusal = massCancelRefusal(m, CL_ORD_ID.test(clOrdId) && !this.known(compId, clOrdId), closed)
    if (refusal !== undefined) return refusal
    const security = get(Tag.MassCancelRequestType) === MASS_CANCEL_ALL ? undefined : get(Tag.SecurityID) ?? get(Tag.Symbol)
    const side = get(Tag.Side)
    const orders: Array<number> = []
    const prefix = `${compId}|`
    for (const [key, e] of this.echoes) {
      if (!key.startsWith(prefix) || (e.status !== undefined && e.status !== "0") || e.orig?.replace === false) continue
      if ((security !== undefined && e.symbol !== security) || (side !== undefined && e.side !== side)) continue
      orders.push(Number(key.slice(prefix.length)))
    }
    this.echoes.set(`${compId}|${clOrdId}`, { symbol: "", side: "", price: undefined, orderId: undefined, status: "4", orig: undefined })
    return { ref: m.seq, clOrdId: Number(clOrdId), orders }
  }

  /**
   * The body (MsgType first) of the model's `e`: an Execution Report, or an Order Cancel Reject for the
   * `reject` of a cancel or amend.
   */
  report(e: Execution, transactTime: string): ReadonlyArray<Field> {
    const echo = this.echoes.get(`${e.compId}|${e.clOrdId}`)
    if (e.execType === "reject" && e.status !== "rejected") return this.cancelReject(e, echo)
    if (echo !== undefined && e.execType === "new") echo.orderId ??= String(e.execId)
    if (echo !== undefined) echo.status = ORD_STATUS[e.status]
    // A cancel or replace the client asked for names the order it replaced; a cancellation under the order's own
    // ClOrdID (a mass cancel's, a Cancel-on-Disconnect) names none, though the order was amended before.
    const orig: ReadonlyArray<Field> = echo?.orig !== undefined && (e.execType === "replace" || (e.execType === "cancel" && !e.cancelOnDisconnect && !echo.orig.replace)) ? [[Tag.OrigClOrdID, echo.orig.clOrdId]] : []
    // The price the client gave (none for a market order); the model's for LastPx and AvgPx (0 for a market order [U]).
    const price = echo === undefined ? String(e.price) : echo.price
    const fillPrice = price ?? String(e.price)
    const done = e.status !== "new"
    const fill: ReadonlyArray<Field> = e.execType === "trade" ? [[Tag.LastQty, String(e.quantity)], [Tag.LastPx, fillPrice]] : []
    return [
      [Tag.MsgType, MsgType.ExecutionReport],
      [Tag.OrderID, echo?.orderId ?? "NONE"],
      [Tag.ClOrdID, String(e.clOrdId)],
      [Tag.ExecID, String(e.execId)],
      [Tag.ExecType, EXEC_TYPE[e.execType]],
      [Tag.OrdStatus, ORD_STATUS[e.status]],
      [Tag.Symbol, echo?.symbol ?? ""],
      [Tag.Side, echo?.side ?? ""],
      [Tag.OrderQty, String(e.quantity)],
      ...(price === undefined ? [] : [[Tag.Price, price] as Field]),
      [Tag.CumQty, String(e.cumQty)],
      [Tag.LeavesQty, done ? "0" : String(e.quantity - e.cumQty)],
      [Tag.AvgPx, e.cumQty > 0 ? fillPrice : "0"],
      ...orig,
      ...fill,
      // ExecRestatementReason 104 (DOMAIN §1 Cancel-on-Disconnect): cancelled by the host, not the client.
      ...(e.cancelOnDisconnect ? [[Tag.ExecRestatementReason, "104"] as Field] : []),
      // OrdRejReason 99 (other), the text saying why: the model's one refusal is the phase (order-hours.ts), and
      // the OCG-C's order reject codes have none for it [S: application.ts PHASE_REJECT_REASON].
      ...(e.status === "rejected" ? [[Tag.OrdRejReason, PHASE_REJECT_REASON] as Field] : []),
      ...(e.text === undefined ? [] : [[Tag.Text, e.text] as Field]),
      [Tag.TransactTime, transactTime]
    ]
  }

  /**
   * The host refused a cancel or amend: the order it named is not open (unknown, filled, cancelled), or the
   * phase of the day takes none (the host's text says which).
   */
  private cancelReject(e: Execution, echo: Echo | undefined): ReadonlyArray<Field> {
    const orig = echo?.orig
    const named = orig === undefined ? undefined : this.echoes.get(`${e.compId}|${orig.clOrdId}`)
    return [
      [Tag.MsgType, MsgType.OrderCancelReject],
      [Tag.OrderID, named?.orderId ?? "NONE"],
      [Tag.ClOrdID, String(e.clOrdId)],
      [Tag.OrigClOrdID, orig?.clOrdId ?? ""],
      // The order's status as its last report said; 8 (rejected) for an order the session never had.
      [Tag.OrdStatus, named?.status ?? "8"],
      [Tag.CxlRejResponseTo, orig?.replace === true ? "2" : "1"],
      // CxlRejReason: 99 other (the phase, said in the text), 1 unknown order, 0 too late to cancel.
      [Tag.CxlRejReason, e.text !== undefined ? PHASE_REJECT_REASON : named === undefined ? "1" : "0"],
      [Tag.Text, e.text ?? (named === undefined ? "unknown order" : "order no longer open")]
    ]
  }
}

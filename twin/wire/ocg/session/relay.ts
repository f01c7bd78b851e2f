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

/** A New Order Single as the model's order. `ref` is its MsgSeqNum (named again in a reject). */
export interface RelayOrder {
  readonly ref: number
  readonly clOrdId: number
  readonly side: Side
  readonly quantity: number
  readonly price: number
}

/** What the core tells the model of a relayed session; `conn` is the connection's id. */
export interface RelayPort {
  /** Whether Comp ID `compId`'s session is relayed (its BSS in the model is a real client's stand-in). */
  has(compId: string): boolean
  logon(compId: string, gateway: string, conn: number): void
  order(compId: string, conn: number, order: RelayOrder): void
  logout(compId: string, conn: number): void
  /** The connection's socket is gone (`reason` as logged). */
  ended(compId: string, gateway: string, conn: number, reason: string): void
}

interface Echo {
  readonly symbol: string
  readonly side: string
  readonly price: string
  orderId: string | undefined
}

const EXEC_TYPE: Record<Execution["execType"], string> = { new: "0", trade: "F", cancel: "4" }
const ORD_STATUS: Record<Execution["status"], string> = { new: "0", filled: "2", cancelled: "4" }

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
    const price = get(Tag.Price) ?? "0"
    this.echoes.set(`${compId}|${clOrdId}`, { symbol: get(Tag.SecurityID) ?? get(Tag.Symbol) ?? "", side: get(Tag.Side)!, price, orderId: undefined })
    return { ref: m.seq, clOrdId: Number(clOrdId), side: get(Tag.Side) === "1" ? "buy" : "sell", quantity: Number(get(Tag.OrderQty)), price: Number(price) }
  }

  private rejects = 0

  /**
   * An Execution Report (rejected, 150=8) of a New Order Single the endpoint found wrong (application.ts
   * `newOrderProblem`): it never reaches the model, so its ExecID is the endpoint's own, `R1`, `R2`, … —
   * never one of the model host's numbers, which a client deduplicates on.
   */
  rejected(m: FixMessage, problem: string, transactTime: string): ReadonlyArray<Field> {
    const get = (t: number) => fieldOf(m.fields, t)
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
      [Tag.Price, get(Tag.Price) ?? "0"],
      [Tag.CumQty, "0"],
      [Tag.LeavesQty, "0"],
      [Tag.AvgPx, "0"],
      [Tag.Text, problem],
      [Tag.TransactTime, transactTime]
    ]
  }

  /** The Execution Report body (MsgType first) of the model's `e`. */
  report(e: Execution, transactTime: string): ReadonlyArray<Field> {
    const echo = this.echoes.get(`${e.compId}|${e.clOrdId}`)
    if (echo !== undefined && e.execType === "new") echo.orderId ??= String(e.execId)
    const price = echo?.price ?? String(e.price)
    const done = e.status !== "new"
    const fill: ReadonlyArray<Field> = e.execType === "trade" ? [[Tag.LastQty, String(e.quantity)], [Tag.LastPx, price]] : []
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
      [Tag.Price, price],
      [Tag.CumQty, String(e.cumQty)],
      [Tag.LeavesQty, done ? "0" : String(e.quantity - e.cumQty)],
      [Tag.AvgPx, e.cumQty > 0 ? price : "0"],
      ...fill,
      // ExecRestatementReason 104 (DOMAIN §1 Cancel-on-Disconnect): cancelled by the host, not the client.
      ...(e.cancelOnDisconnect ? [[Tag.ExecRestatementReason, "104"] as Field] : []),
      [Tag.TransactTime, transactTime]
    ]
  }
}

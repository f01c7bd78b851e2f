/**
 * Order Mass Cancel Request (35=q) as the endpoint's OTP-C takes it (DOMAIN §1 lists Mass Cancel Request and
 * Report among the OCG-C's messages; the fields and values are FIX 5.0 SP2's, as an independent FIX engine's
 * dictionary has them): cancel every open order of the sending Comp ID (530=7), or those of one security
 * (530=1, by SecurityID 48 or Symbol 55 as the orders named it), optionally of one side (54). The answer is an
 * Order Mass Cancel Report (35=r): accepted (531 = the request's type, TotalAffectedOrders 533) and then one
 * Execution Report (cancelled) per order, or rejected (531=0) with MassCancelRejectReason (532) and Text
 * saying why. [U] Which orders a real OCG-C cancels (per Comp ID here, as a single cancel acts on the
 * session's own orders), the other request types it takes and the order of the report and the Execution
 * Reports are not in DOMAIN.
 *
 * When to use: application.ts (`OtpcApplication`) for sessions the endpoint answers itself; for a session
 * relayed to the model (`--real-sessions`) relay.ts finds the orders it names and the model's OTP-C host
 * cancels those still open (twin/models/ocg/otp-c.ts `massCancel`): the report is sent at once, without a
 * count, and each cancellation is the host's Execution Report.
 */
import type { Field } from "../codec/frame.ts"
import { fieldOf, type FixMessage } from "../codec/message.ts"
import { MsgType, Tag } from "../codec/tags.ts"

/** MassCancelRequestType (530) values taken: cancel the orders of one security, cancel all orders. */
export const MASS_CANCEL_SECURITY = "1"
export const MASS_CANCEL_ALL = "7"

/** FIX MassCancelRejectReason (532) values sent. */
export const MassCancelRejectReason = { NotSupported: "0", UnknownSecurity: "1", Other: "99" } as const

/** The tags an Order Mass Cancel Request must carry (a missing one is a session-level Reject, as for orders). */
export const MASS_CANCEL_REQUIRED: ReadonlyArray<number> = [Tag.ClOrdID, Tag.MassCancelRequestType]

export interface MassCancelRefusal {
  readonly reason: string
  readonly text: string
}

/**
 * Why request `m` (its required tags present) is refused as a whole, in one order for every session: a
 * ClOrdID that is not a new numeric one (`clOrdIdFree` false), outside cancellation (`closed`: the phase's
 * text, order-hours.ts `cancelRefusal`), then its own fields; undefined if nothing.
 */
export const massCancelRefusal = (m: FixMessage, clOrdIdFree: boolean, closed: string | undefined): MassCancelRefusal | undefined =>
  !clOrdIdFree
    ? { reason: MassCancelRejectReason.Other, text: "ClOrdID (11): expected a new numeric ClOrdID" }
    : closed !== undefined
    ? { reason: MassCancelRejectReason.Other, text: closed }
    : massCancelProblem(m)

/** What is wrong with request `m`'s own fields (type, security, side); undefined if nothing. */
const massCancelProblem = (m: FixMessage): MassCancelRefusal | undefined => {
  const type = fieldOf(m.fields, Tag.MassCancelRequestType)!
  if (type !== MASS_CANCEL_SECURITY && type !== MASS_CANCEL_ALL) {
    return { reason: MassCancelRejectReason.NotSupported, text: "MassCancelRequestType (530): expected 1 (the orders of a security) or 7 (all orders)" }
  }
  if (type === MASS_CANCEL_SECURITY && (fieldOf(m.fields, Tag.SecurityID) ?? fieldOf(m.fields, Tag.Symbol) ?? "") === "") {
    return { reason: MassCancelRejectReason.UnknownSecurity, text: "SecurityID (48) or Symbol (55): expected the security whose orders to cancel (530=1)" }
  }
  const side = fieldOf(m.fields, Tag.Side)
  if (side !== undefined && side !== "1" && side !== "2") return { reason: MassCancelRejectReason.Other, text: "Side (54): expected 1 (buy) or 2 (sell), or none for both" }
  return undefined
}

/**
 * Whether an open order with `instrument` (the fields it named its security by) and `side` is one request `m`
 * cancels: 530=7 every one, 530=1 those naming the same security the same way (SecurityID, and its source
 * when both give one; or Symbol); a Side narrows either.
 */
export const massCancelMatches = (m: FixMessage, instrument: ReadonlyArray<Field>, side: string): boolean => {
  const wantSide = fieldOf(m.fields, Tag.Side)
  if (wantSide !== undefined && wantSide !== side) return false
  if (fieldOf(m.fields, Tag.MassCancelRequestType) === MASS_CANCEL_ALL) return true
  const id = fieldOf(m.fields, Tag.SecurityID)
  if (id !== undefined) {
    if (fieldOf(instrument, Tag.SecurityID) !== id) return false
    const source = fieldOf(m.fields, Tag.SecurityIDSource)
    const orderSource = fieldOf(instrument, Tag.SecurityIDSource)
    return source === undefined || orderSource === undefined || source === orderSource
  }
  return fieldOf(instrument, Tag.Symbol) === fieldOf(m.fields, Tag.Symbol)
}

/**
 * The Order Mass Cancel Report answering `m`: `affected` orders cancelled (accepted), or `refusal`. It echoes
 * the request's ClOrdID, type, security and side; OrderID (37) is the endpoint's number for the request.
 */
export const massCancelReport = (
  m: FixMessage,
  orderId: string,
  /** `affected` undefined: accepted, the count not known here (a relayed session's: the model's host finds the orders). */
  answer: { readonly affected: number | undefined } | { readonly refusal: MassCancelRefusal },
  transactTime: string
): ReadonlyArray<Field> => {
  const echo = (t: number): ReadonlyArray<Field> => {
    const v = fieldOf(m.fields, t)
    return v === undefined ? [] : [[t, v]]
  }
  return [
    [Tag.MsgType, MsgType.OrderMassCancelReport],
    [Tag.ClOrdID, fieldOf(m.fields, Tag.ClOrdID)!],
    [Tag.OrderID, orderId],
    [Tag.MassCancelRequestType, fieldOf(m.fields, Tag.MassCancelRequestType)!],
    ...("refusal" in answer
      ? [[Tag.MassCancelResponse, "0"], [Tag.MassCancelRejectReason, answer.refusal.reason]] as ReadonlyArray<Field>
      : [
        [Tag.MassCancelResponse, fieldOf(m.fields, Tag.MassCancelRequestType)!],
        ...(answer.affected === undefined ? [] : [[Tag.TotalAffectedOrders, String(answer.affected)] as Field])
      ] as ReadonlyArray<Field>),
    ...echo(Tag.SecurityID),
    ...echo(Tag.SecurityIDSource),
    ...echo(Tag.Symbol),
    ...echo(Tag.Side),
    [Tag.TransactTime, transactTime],
    ...("refusal" in answer ? [[Tag.Text, answer.refusal.text] as Field] : [])
  ]
}

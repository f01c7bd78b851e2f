/**
 * How long a BSS's New Orders wait for their answer (an Execution Report or a Business Message Reject),
 * traced when it is late: on TCP a loss or a short cut delays orders rather than losing them, so the wait
 * is what a participant sees of it. Orders are answered in the order sent on a session (one connection,
 * one host), so the pending ones form a queue; an answer that overtakes older pending orders means those
 * were never answered (they died with a connection or a gateway), traced as `unanswered`.
 *
 * When to use: client-session.ts calls `orderSent` for every New Order written and `orderAnswered` for
 * every first answer of a session's order. Gotcha: answers replayed after a re-logon (PossResend) are the
 * first answer the BSS sees for an order the old connection lost; an order already answered is not pending.
 */
import { popWhile, push } from "./fill-queue.ts"
import { type Acc, event, NO_PENDING, type PendingOrder } from "./client-state.ts"
import { LATE_ACK } from "./rules.ts"

export const orderSent = (a: Acc, clOrdId: number, seq: number): void => {
  a.s = { ...a.s, pending: push(a.s.pending, { clOrdId, seq, sentAt: a.now }) }
}

/** The first answer to the order whose `by` is `key` (its ClOrdID for a report, its sequence number for a reject). */
export const orderAnswered = (a: Acc, by: "clOrdId" | "seq", key: number): void => {
  const pending = a.s.pending
  if (pending.size === 0) return
  // The common case, one order out and this its answer, without the queue's walk.
  const only = pending.size === 1 ? (pending.back ?? pending.front)!.head : undefined
  if (only !== undefined && only[by] === key) {
    a.s = { ...a.s, pending: NO_PENDING }
    return timed(a, only)
  }
  const { taken, rest } = popWhile(pending, (o: PendingOrder) => o[by] <= key)
  if (taken.length === 0) return
  const answered = taken[taken.length - 1]!
  const lost = answered[by] === key ? taken.slice(0, -1) : taken
  a.s = { ...a.s, pending: rest.size === 0 ? NO_PENDING : rest }
  if (lost.length > 0) {
    event(a, { event: "unanswered", orders: lost.length, firstClOrdId: lost[0]!.clOrdId, lastClOrdId: lost[lost.length - 1]!.clOrdId, firstSentAt: lost[0]!.sentAt })
  }
  if (answered[by] === key) timed(a, answered)
}

/** An order answered now: the end of a spell of late answers (traced), or a late one traced if the spell's worst. */
const timed = (a: Acc, answered: PendingOrder): void => {
  const latency = a.now - answered.sentAt
  if (latency <= LATE_ACK) {
    // Traced so a reader of the trace alone (the drill monitor) knows when the participant's orders came back.
    if (a.s.lateWorst !== undefined) {
      event(a, { event: "late-acks-ended", clOrdId: answered.clOrdId, worstUs: a.s.lateWorst })
      a.s = { ...a.s, lateWorst: undefined }
    }
    return
  }
  if (a.s.lateWorst !== undefined && latency <= a.s.lateWorst) return
  a.s = { ...a.s, lateWorst: latency }
  event(a, { event: "late-ack", clOrdId: answered.clOrdId, sentAt: answered.sentAt, latencyUs: latency })
}

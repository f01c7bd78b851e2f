/**
 * How long a BSS's New Orders wait for their answer (an Execution Report or a Business Message Reject),
 * traced when it is late: on TCP a loss or a short cut delays orders rather than losing them, so the wait
 * is what a participant sees of it. Orders are answered in the order sent on a session (one connection,
 * one host; the gateway's throttle reject waits behind the host's answers to older orders, turns.ts), so
 * the pending ones form a queue; an answer that overtakes older pending orders means those
 * were never answered (they died with a connection or a gateway), traced as `unanswered`.
 *
 * An order still waiting is traced too (`awaiting`, the oldest pending one, with how many wait), as the BSS
 * finds it: when it writes a New Order or a Heartbeat (an interval, 20 s, with nothing written — so an order
 * out is found within an interval, at no timer of its own) while an older one has waited over 100 ms, and
 * when its session is lost with orders outstanding (again if already traced: the count then is every order the dead connection
 * took, as no order is written while the session is down) — so a verdict or a drill knows of
 * orders whose answer has not come, not only once a later answer tells. The answer to an order traced
 * `awaiting` is traced as a `late-ack` even if not its spell's worst, so a reader knows it came.
 *
 * When to use: client-session.ts calls `orderSent` for every New Order written, `orderAnswered` for every
 * first answer of a session's order, `notePending` before each Heartbeat it writes and (`again`) when the
 * session is lost. Gotcha: answers replayed
 * after a re-logon (PossResend) are the first answer the BSS sees for an order the old connection lost; an
 * order already answered is not pending.
 */
import { popWhile, push, type Queue } from "./fill-queue.ts"
import { type Acc, event, NO_PENDING, type PendingOrder } from "./client-state.ts"
import { LATE_ACK } from "./rules.ts"

export const orderSent = (a: Acc, clOrdId: number, seq: number): void => {
  if (a.s.pending.size > 0) notePending(a)
  a.s = { ...a.s, pending: push(a.s.pending, { clOrdId, seq, sentAt: a.now }) }
}

/**
 * Traces the oldest pending order as `awaiting` if it has waited over 100 ms and is not traced already;
 * `again` (the session lost): traced even if it is, with how many are out now (the orders written since).
 */
export const notePending = (a: Acc, again = false): void => {
  const pending = a.s.pending
  if (pending.size === 0 || (a.s.awaited !== undefined && !again)) return
  const oldest = oldestOf(pending)
  if (a.now - oldest.sentAt <= LATE_ACK) return
  a.s = { ...a.s, awaited: oldest.clOrdId }
  event(a, { event: "awaiting", orders: pending.size, clOrdId: oldest.clOrdId, sentAt: oldest.sentAt })
}

/** The queue's oldest order without normalising it (no allocation): the front's head, else the back's last. */
const oldestOf = (q: Queue<PendingOrder>): PendingOrder => {
  if (q.front !== undefined) return q.front.head
  let c = q.back!
  while (c.tail !== undefined) c = c.tail
  return c.head
}

/** The first answer to the order whose `by` is `key` (its ClOrdID for a report, its sequence number for a reject). */
export const orderAnswered = (a: Acc, by: "clOrdId" | "seq", key: number): void => {
  const pending = a.s.pending
  if (pending.size === 0) return
  // The common case, one order out and this its answer, without the queue's walk.
  const only = pending.size === 1 ? (pending.back ?? pending.front)!.head : undefined
  if (only !== undefined && only[by] === key) {
    const awaited = a.s.awaited === only.clOrdId
    a.s = { ...a.s, pending: NO_PENDING, awaited: undefined }
    return timed(a, only, awaited)
  }
  const { taken, rest } = popWhile(pending, (o: PendingOrder) => o[by] <= key)
  if (taken.length === 0) return
  const answered = taken[taken.length - 1]!
  const lost = answered[by] === key ? taken.slice(0, -1) : taken
  // The order traced `awaiting` is the oldest pending (nothing older joins): taken, answered or overtaken.
  const awaited = a.s.awaited === answered.clOrdId
  a.s = { ...a.s, pending: rest.size === 0 ? NO_PENDING : rest, awaited: undefined }
  if (lost.length > 0) {
    event(a, { event: "unanswered", orders: lost.length, firstClOrdId: lost[0]!.clOrdId, lastClOrdId: lost[lost.length - 1]!.clOrdId, firstSentAt: lost[0]!.sentAt })
  }
  if (answered[by] === key) timed(a, answered, awaited)
}

/** An order answered now: the end of a spell of late answers (traced), or a late one traced if the spell's worst or traced `awaiting`. */
const timed = (a: Acc, answered: PendingOrder, awaited: boolean): void => {
  const latency = a.now - answered.sentAt
  if (latency <= LATE_ACK) {
    // Traced so a reader of the trace alone (the drill monitor) knows when the participant's orders came back.
    if (a.s.lateWorst !== undefined) {
      event(a, { event: "late-acks-ended", clOrdId: answered.clOrdId, worstUs: a.s.lateWorst })
      a.s = { ...a.s, lateWorst: undefined }
    }
    return
  }
  if (a.s.lateWorst !== undefined && latency <= a.s.lateWorst && !awaited) return
  a.s = { ...a.s, lateWorst: Math.max(latency, a.s.lateWorst ?? 0) }
  event(a, { event: "late-ack", clOrdId: answered.clOrdId, sentAt: answered.sentAt, latencyUs: latency })
}

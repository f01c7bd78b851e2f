/**
 * What a participant knows of its own orders (docs/drills.md "What the trainee sees"), per participant and
 * service: orders whose status it does not know, and sessions whose answers come slowly. A fold over the
 * order-answer evidence in the trace; it keeps no gateway, fault or cause.
 * - OTP-C (`ocg.session`): `unanswered` orders are lost for good (a later order's answer overtook them, so
 *   none will come): their status stays unknown for the rest of the run. Orders the BSS found `awaiting`
 *   (when it wrote a later one, or lost its session) are unknown until the oldest's answer (`late-ack` of
 *   it) or an overtaking answer (then `unanswered`). A session is slow from a `late-ack` over SLOW_ANSWER
 *   (a spell's worst passing it) to its `late-acks-ended` (an answer in 100 ms).
 * - China Connect (`csc.order`): an order is unknown once UNKNOWN_AFTER has passed since its `submitted`
 *   with no `accepted` or `rejected` (the monitor cannot wait for the end of the run, as csc-order-acks
 *   does), and known again if answered later; a session is slow from an answer later than SLOW_ANSWER to its
 *   next answer within it.
 *
 * Gotcha: a China Connect order turns unknown at its deadline, not when the fold next hears of time, so the
 * caller runs `expireNext` in time order with its own timers (order-tickets.ts): the same trace gives the
 * same changes at the same instants however the world is advanced. An answer at the deadline is in time.
 */
import { waitEnd } from "../../contract/order-evidence.ts"
import { isKind, type TraceEvent } from "../../contract/trace-event.ts"
import { type Micros, seconds } from "../../engine/time.ts"

/** An answer later than this is slow to a participant. */
export const SLOW_ANSWER: Micros = seconds(1)
/** A China Connect order with no answer this long after its submission is of unknown status. */
export const UNKNOWN_AFTER: Micros = seconds(10)

export type OrderService = "otp-c" | "otp-csc"

export interface Trouble {
  readonly participant: string
  readonly service: OrderService
  /** OTP-C orders never answered: how many, and the first one's sending. */
  lost: number
  lostSince: Micros | undefined
  /** OTP-C orders found waiting, by session: how many, the oldest's ClOrdID and sending. */
  readonly waiting: Map<string, { readonly orders: number; readonly clOrdId: number; readonly since: Micros }>
  /** China Connect orders past UNKNOWN_AFTER unanswered, by session and order, in submission order. */
  readonly overdue: Map<string, Micros>
  /** Sessions answering slowly: since the first slow order's sending, and the worst wait heard. */
  readonly slow: Map<string, { readonly since: Micros; worst: Micros }>
}

export const troubled = (tr: Trouble): boolean => tr.lost > 0 || tr.waiting.size > 0 || tr.overdue.size > 0 || tr.slow.size > 0

interface Waiting {
  readonly participant: string
  readonly session: string
  readonly submitted: Micros
}

export class OrderTroubles {
  private readonly byKey = new Map<string, Trouble>()
  /** China Connect orders not answered yet, by session and order: submission order is deadline order. */
  private readonly waiting = new Map<string, Waiting>()
  /** China Connect orders answered: a later `submitted` of the same order is not a new one. */
  private readonly answered = new Set<string>()
  private readonly changed: (t: Micros, tr: Trouble) => void

  /** `changed` hears every change of a participant-service's trouble, at its instant, after it. */
  constructor(changed: (t: Micros, tr: Trouble) => void) {
    this.changed = changed
  }

  /** When the next China Connect order turns unknown (it does just after this instant), if one waits. */
  nextDeadline(): Micros | undefined {
    for (const w of this.waiting.values()) return w.submitted + UNKNOWN_AFTER
    return undefined
  }

  expireNext(): void {
    for (const [order, w] of this.waiting) {
      this.waiting.delete(order)
      const tr = this.trouble(w.participant, "otp-csc")
      tr.overdue.set(order, w.submitted)
      return this.changed(w.submitted + UNKNOWN_AFTER, tr)
    }
  }

  /** Applies an event at its instant: deadlines before it must have been expired first. */
  observe(e: TraceEvent): void {
    if (isKind(e, "ocg.session")) {
      const d = e.data
      if (d.event === "awaiting") {
        const tr = this.trouble(e.subject, "otp-c")
        tr.waiting.set(d.compId, { orders: d.orders, clOrdId: d.clOrdId, since: d.sentAt })
        this.changed(e.t, tr)
      } else if (d.event === "unanswered") {
        const tr = this.trouble(e.subject, "otp-c")
        const w = tr.waiting.get(d.compId)
        if (w !== undefined && waitEnd(d, w.clOrdId) === "overtaken") tr.waiting.delete(d.compId)
        tr.lost += d.orders
        tr.lostSince = Math.min(tr.lostSince ?? d.firstSentAt, d.firstSentAt)
        this.changed(e.t, tr)
      } else if (d.event === "late-ack") {
        const tr = this.byKey.get(`${e.subject}|otp-c`)
        // The oldest waiting order answered at last: known again (and the session slow, if it was).
        const w = tr?.waiting.get(d.compId)
        const known = tr !== undefined && w !== undefined && waitEnd(d, w.clOrdId) === "answered" && tr.waiting.delete(d.compId)
        if (d.latencyUs > SLOW_ANSWER) this.slow(e.t, this.trouble(e.subject, "otp-c"), d.compId, d.sentAt, d.latencyUs, known)
        else if (known) this.changed(e.t, tr)
      } else if (d.event === "late-acks-ended") {
        this.inTime(e.t, this.byKey.get(`${e.subject}|otp-c`), d.compId)
      }
      return
    }
    if (!isKind(e, "csc.order")) return
    const d = e.data
    const order = `${d.session}\u0000${d.order}`
    if (d.event === "submitted") {
      if (!this.waiting.has(order) && !this.answered.has(order)) this.waiting.set(order, { participant: e.subject, session: d.session, submitted: e.t })
      return
    }
    if (d.event !== "accepted" && d.event !== "rejected") return
    if (this.answered.has(order)) return
    this.answered.add(order)
    const w = this.waiting.get(order)
    const tr = this.trouble(e.subject, "otp-csc")
    let submitted: Micros
    if (w !== undefined) {
      this.waiting.delete(order)
      submitted = w.submitted
    } else {
      const overdue = tr.overdue.get(order)
      if (overdue === undefined) return
      // Known at last, after more than UNKNOWN_AFTER: the session is slow now (below), still in trouble.
      tr.overdue.delete(order)
      submitted = overdue
    }
    const wait = e.t - submitted
    if (wait > SLOW_ANSWER) this.slow(e.t, tr, d.session, submitted, wait)
    else this.inTime(e.t, tr, d.session)
  }

  private slow(t: Micros, tr: Trouble, session: string, sentAt: Micros, wait: Micros, changed = false): void {
    const s = tr.slow.get(session)
    if (s !== undefined) {
      s.worst = Math.max(s.worst, wait)
      if (changed) this.changed(t, tr)
      return
    }
    tr.slow.set(session, { since: sentAt, worst: wait })
    this.changed(t, tr)
  }

  private inTime(t: Micros, tr: Trouble | undefined, session: string): void {
    if (tr !== undefined && tr.slow.delete(session)) this.changed(t, tr)
  }

  private trouble(participant: string, service: OrderService): Trouble {
    const key = `${participant}|${service}`
    let tr = this.byKey.get(key)
    if (tr === undefined) {
      tr = { participant, service, lost: 0, lostSince: undefined, waiting: new Map(), overdue: new Map(), slow: new Map() }
      this.byKey.set(key, tr)
    }
    return tr
  }
}

/**
 * What one participant saw of its orders' answers, per session, from a trace: spells of late answers,
 * orders never answered, orders found waiting — `twin participant --trace` prints it beside the status
 * timeline (scenarios/participant-timeline.ts) and the viewer's detail panel shows it, so a participant
 * whose sessions stayed up while its orders stalled (a TCP connection holds what a cut delays) is not shown
 * as untouched when an order check fails for it.
 *
 * Read from the same evidence as the order checks (scenarios/checks/ocg-order-acks.ts, csc-order-acks.ts):
 * - OTP-C (`ocg.session`): a spell of late answers from its first `late-ack` to its `late-acks-ended`, at its
 *   worst; `unanswered` batches; `awaiting` (orders found waiting), ended by the oldest's `late-ack` or an
 *   `unanswered` that overtook it.
 * - China Connect (`csc.order`): per order its first `submitted` and first `accepted` or `rejected`; a spell
 *   of answers later than LATE_ANSWER from the first such to the next answer within it; an order with no
 *   answer by the trace's end, submitted more than UNANSWERED_AFTER before it, is not answered.
 */
import { clockOfDay } from "./cause-chain.ts"
import { formatDuration } from "./duration-text.ts"
import { LATE_ANSWER, waitEnd } from "./order-evidence.ts"
import { isKind, type TraceEvent } from "./trace-event.ts"

/** A China Connect order without an answer at the trace's end counts once this old (csc-order-acks' default `max`). */
export const UNANSWERED_AFTER = 1_000_000

export type OrderNoteKind = "late" | "unanswered" | "waiting"

export interface OrderNote {
  /** When the participant knew it (µs since midnight). */
  readonly t: number
  readonly participant: string
  readonly service: "otp-c" | "otp-csc"
  readonly session: string
  readonly kind: OrderNoteKind
  /** Orders it is about: never answered or waiting (the count when last known); 1 for a spell of late answers. */
  readonly orders: number
  /** A spell's longest wait (µs). */
  readonly worst?: number
  readonly text: string
  /** When it was over (answers in time again; the waiting order answered or overtaken); undefined: not in this trace. */
  readonly until: number | undefined
}


const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`

interface Spell {
  readonly t: number
  readonly participant: string
  readonly service: OrderNote["service"]
  readonly session: string
  worst: number
  worstOrder: string
  worstSentAt: number
  until: number | undefined
}

interface Waiting {
  readonly t: number
  readonly participant: string
  readonly session: string
  orders: number
  readonly clOrdId: number
  readonly sentAt: number
  end: { readonly t: number; readonly how: string } | undefined
}

/**
 * The fold, over every participant at once (a report reads a whole trace once) or one (`only`): `observe`
 * each event in trace order, then `notes()`. Sessions are keyed by their id, which names its participant.
 */
export class OrderNotes {
  private readonly only: string | undefined
  private readonly spells: Array<Spell> = []
  private readonly openSpell = new Map<string, Spell>()
  private readonly lost: Array<OrderNote> = []
  private readonly waiting: Array<Waiting> = []
  private readonly openWaiting = new Map<string, Waiting>()
  /** China Connect orders submitted and not answered yet, by session and order: whose, and when submitted. */
  private readonly submitted = new Map<string, { readonly participant: string; readonly session: string; readonly order: string; readonly t: number }>()
  private readonly answered = new Set<string>()
  private last = 0

  constructor(only?: string) {
    this.only = only
  }

  observe(e: TraceEvent): void {
    if (e.t > this.last) this.last = e.t
    if (this.only !== undefined && e.subject !== this.only) return
    if (isKind(e, "ocg.session")) {
      const d = e.data
      const w = this.openWaiting.get(d.compId)
      const end = w === undefined ? undefined : waitEnd(d, w.clOrdId)
      if (w !== undefined && end !== undefined) {
        w.end = { t: e.t, how: end === "answered" && d.event === "late-ack" ? `answered after ${formatDuration(d.latencyUs)}` : "never answered" }
        this.openWaiting.delete(d.compId)
      }
      if (d.event === "late-ack") this.late(e.subject, "otp-c", d.compId, e.t, d.latencyUs, `New Order ${d.clOrdId}`, d.sentAt)
      else if (d.event === "late-acks-ended") this.inTime("otp-c", d.compId, e.t)
      else if (d.event === "unanswered") {
        const ids = d.firstClOrdId === d.lastClOrdId ? `${d.firstClOrdId}` : `${d.firstClOrdId}–${d.lastClOrdId}`
        this.lost.push({
          t: e.t,
          participant: e.subject,
          service: "otp-c",
          session: d.compId,
          kind: "unanswered",
          orders: d.orders,
          text: `${plural(d.orders, "New Order")} never answered (ClOrdID ${ids}, the first sent ${clockOfDay(d.firstSentAt)}): a later order's answer came first`,
          until: undefined
        })
      } else if (d.event === "awaiting") {
        // The same oldest order traced again (its session lost): more orders out.
        if (w !== undefined && w.clOrdId === d.clOrdId) w.orders = d.orders
        else {
          const found: Waiting = { t: e.t, participant: e.subject, session: d.compId, orders: d.orders, clOrdId: d.clOrdId, sentAt: d.sentAt, end: undefined }
          this.waiting.push(found)
          this.openWaiting.set(d.compId, found)
        }
      }
    } else if (isKind(e, "csc.order")) {
      const d = e.data
      const key = `${d.session}\u0000${d.order}`
      if (d.event === "submitted") {
        if (!this.submitted.has(key) && !this.answered.has(key)) this.submitted.set(key, { participant: e.subject, session: d.session, order: d.order, t: e.t })
      } else if ((d.event === "accepted" || d.event === "rejected") && !this.answered.has(key)) {
        this.answered.add(key)
        const s = this.submitted.get(key)
        if (s === undefined) return
        this.submitted.delete(key)
        const wait = e.t - s.t
        if (wait > LATE_ANSWER) this.late(e.subject, "otp-csc", d.session, e.t, wait, `order ${d.order}`, s.t)
        else this.inTime("otp-csc", d.session, e.t)
      }
    }
  }

  /** Every note so far, in the order the participants knew them (a spell at its start); unanswered China Connect orders as of the last event. */
  notes(): ReadonlyArray<OrderNote> {
    const notes: Array<OrderNote> = [
      ...this.spells.map((s): OrderNote => ({
        t: s.t,
        participant: s.participant,
        service: s.service,
        session: s.session,
        kind: "late",
        orders: 1,
        worst: s.worst,
        text: `${s.service === "otp-c" ? "New Orders" : "orders"} answered late, the longest ${formatDuration(s.worst)} (${s.worstOrder}, sent ${clockOfDay(s.worstSentAt)})${s.until === undefined ? "" : `; in time again at ${clockOfDay(s.until)}`}`,
        until: s.until
      })),
      ...this.lost,
      ...this.waiting.map((w): OrderNote => ({
        t: w.t,
        participant: w.participant,
        service: "otp-c",
        session: w.session,
        kind: "waiting",
        orders: w.orders,
        text: `${plural(w.orders, "New Order")} waiting for an answer (the first, ClOrdID ${w.clOrdId}, sent ${clockOfDay(w.sentAt)})${w.end === undefined ? "; not answered by the end of the trace" : `: ${w.end.how} at ${clockOfDay(w.end.t)}`}`,
        until: w.end?.t
      }))
    ]
    // China Connect orders still without an answer at the end of the trace, per session.
    const unanswered = new Map<string, Array<{ readonly participant: string; readonly order: string; readonly t: number }>>()
    for (const s of this.submitted.values()) {
      if (this.last - s.t <= UNANSWERED_AFTER) continue
      const list = unanswered.get(s.session) ?? []
      list.push(s)
      unanswered.set(s.session, list)
    }
    for (const [session, list] of unanswered) {
      notes.push({
        t: list[0]!.t,
        participant: list[0]!.participant,
        service: "otp-csc",
        session,
        kind: "unanswered",
        orders: list.length,
        text: `${plural(list.length, "order")} not answered by the end of the trace (${list.length <= 3 ? list.map((o) => o.order).join(", ") : `${list[0]!.order} … ${list[list.length - 1]!.order}`}, the first submitted ${clockOfDay(list[0]!.t)})`,
        until: undefined
      })
    }
    return notes.sort((a, b) => a.t - b.t || (a.session < b.session ? -1 : a.session > b.session ? 1 : 0))
  }

  private late(participant: string, service: OrderNote["service"], session: string, t: number, wait: number, order: string, sentAt: number): void {
    const key = `${service}|${session}`
    const open = this.openSpell.get(key)
    if (open !== undefined) {
      if (wait > open.worst) Object.assign(open, { worst: wait, worstOrder: order, worstSentAt: sentAt })
      return
    }
    const spell: Spell = { t, participant, service, session, worst: wait, worstOrder: order, worstSentAt: sentAt, until: undefined }
    this.spells.push(spell)
    this.openSpell.set(key, spell)
  }

  private inTime(service: OrderNote["service"], session: string, t: number): void {
    const key = `${service}|${session}`
    const open = this.openSpell.get(key)
    if (open === undefined) return
    open.until = t
    this.openSpell.delete(key)
  }
}

/** One participant's order notes, in the order it knew them. */
export const participantOrders = (events: Iterable<TraceEvent>, participant: string): ReadonlyArray<OrderNote> => {
  const fold = new OrderNotes(participant)
  for (const e of events) fold.observe(e)
  return fold.notes()
}

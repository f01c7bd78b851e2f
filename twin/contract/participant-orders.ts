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
import { isKind, type TraceEvent } from "./trace-event.ts"

/** An answer later than this is late (as the OTP-C BSS traces its late answers, twin/models/ocg/order-acks.ts). */
export const LATE_ANSWER = 100_000
/** A China Connect order without an answer at the trace's end counts once this old (csc-order-acks' default `max`). */
export const UNANSWERED_AFTER = 1_000_000

export type OrderNoteKind = "late" | "unanswered" | "waiting"

export interface OrderNote {
  /** When the participant knew it (µs since midnight). */
  readonly t: number
  readonly service: "otp-c" | "otp-csc"
  readonly session: string
  readonly kind: OrderNoteKind
  readonly text: string
  /** When it was over (answers in time again; the waiting order answered or overtaken); undefined: not in this trace. */
  readonly until: number | undefined
}


const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`

interface Spell {
  readonly t: number
  readonly service: OrderNote["service"]
  readonly session: string
  worst: number
  worstOrder: string
  worstSentAt: number
  until: number | undefined
}

interface Waiting {
  readonly t: number
  readonly session: string
  orders: number
  readonly clOrdId: number
  readonly sentAt: number
  end: { readonly t: number; readonly how: string } | undefined
}

/** The participant's order notes, in the order the participant knew them (a spell at its start). */
export const participantOrders = (events: Iterable<TraceEvent>, participant: string): ReadonlyArray<OrderNote> => {
  const spells: Array<Spell> = []
  const openSpell = new Map<string, Spell>()
  const lost: Array<OrderNote> = []
  const waiting: Array<Waiting> = []
  const openWaiting = new Map<string, Waiting>()
  /** China Connect orders submitted and not answered yet, by session and order: when submitted. */
  const submitted = new Map<string, { readonly session: string; readonly order: string; readonly t: number }>()
  const answered = new Set<string>()
  let last = 0

  const late = (service: OrderNote["service"], session: string, t: number, wait: number, order: string, sentAt: number): void => {
    const key = `${service}|${session}`
    const open = openSpell.get(key)
    if (open !== undefined) {
      if (wait > open.worst) Object.assign(open, { worst: wait, worstOrder: order, worstSentAt: sentAt })
      return
    }
    const spell: Spell = { t, service, session, worst: wait, worstOrder: order, worstSentAt: sentAt, until: undefined }
    spells.push(spell)
    openSpell.set(key, spell)
  }
  const inTime = (service: OrderNote["service"], session: string, t: number): void => {
    const key = `${service}|${session}`
    const open = openSpell.get(key)
    if (open === undefined) return
    open.until = t
    openSpell.delete(key)
  }

  for (const e of events) {
    last = Math.max(last, e.t)
    if (e.subject !== participant) continue
    if (isKind(e, "ocg.session")) {
      const d = e.data
      const w = openWaiting.get(d.compId)
      if (d.event === "late-ack") {
        late("otp-c", d.compId, e.t, d.latencyUs, `New Order ${d.clOrdId}`, d.sentAt)
        if (w !== undefined && w.clOrdId === d.clOrdId) {
          w.end = { t: e.t, how: `answered after ${formatDuration(d.latencyUs)}` }
          openWaiting.delete(d.compId)
        }
      } else if (d.event === "late-acks-ended") inTime("otp-c", d.compId, e.t)
      else if (d.event === "unanswered") {
        const ids = d.firstClOrdId === d.lastClOrdId ? `${d.firstClOrdId}` : `${d.firstClOrdId}–${d.lastClOrdId}`
        lost.push({
          t: e.t,
          service: "otp-c",
          session: d.compId,
          kind: "unanswered",
          text: `${plural(d.orders, "New Order")} never answered (ClOrdID ${ids}, the first sent ${clockOfDay(d.firstSentAt)}): a later order's answer came first`,
          until: undefined
        })
        if (w !== undefined && d.firstClOrdId <= w.clOrdId && w.clOrdId <= d.lastClOrdId) {
          w.end = { t: e.t, how: "never answered" }
          openWaiting.delete(d.compId)
        }
      } else if (d.event === "awaiting") {
        // The same oldest order traced again (its session lost): more orders out.
        if (w !== undefined && w.clOrdId === d.clOrdId) w.orders = d.orders
        else {
          const found: Waiting = { t: e.t, session: d.compId, orders: d.orders, clOrdId: d.clOrdId, sentAt: d.sentAt, end: undefined }
          waiting.push(found)
          openWaiting.set(d.compId, found)
        }
      }
    } else if (isKind(e, "csc.order")) {
      const d = e.data
      const key = `${d.session}\u0000${d.order}`
      if (d.event === "submitted") {
        if (!submitted.has(key) && !answered.has(key)) submitted.set(key, { session: d.session, order: d.order, t: e.t })
      } else if ((d.event === "accepted" || d.event === "rejected") && !answered.has(key)) {
        answered.add(key)
        const s = submitted.get(key)
        if (s === undefined) continue
        submitted.delete(key)
        const wait = e.t - s.t
        if (wait > LATE_ANSWER) late("otp-csc", d.session, e.t, wait, `order ${d.order}`, s.t)
        else inTime("otp-csc", d.session, e.t)
      }
    }
  }

  const notes: Array<OrderNote> = [
    ...spells.map((s): OrderNote => ({
      t: s.t,
      service: s.service,
      session: s.session,
      kind: "late",
      text: `${s.service === "otp-c" ? "New Orders" : "orders"} answered late, the longest ${formatDuration(s.worst)} (${s.worstOrder}, sent ${clockOfDay(s.worstSentAt)})${s.until === undefined ? "" : `; in time again at ${clockOfDay(s.until)}`}`,
      until: s.until
    })),
    ...lost,
    ...waiting.map((w): OrderNote => ({
      t: w.t,
      service: "otp-c",
      session: w.session,
      kind: "waiting",
      text: `${plural(w.orders, "New Order")} waiting for an answer (the first, ClOrdID ${w.clOrdId}, sent ${clockOfDay(w.sentAt)})${w.end === undefined ? "; not answered by the end of the trace" : `: ${w.end.how} at ${clockOfDay(w.end.t)}`}`,
      until: w.end?.t
    }))
  ]
  // China Connect orders still without an answer at the end of the trace, per session.
  const unansweredCsc = new Map<string, Array<{ readonly order: string; readonly t: number }>>()
  for (const s of submitted.values()) {
    if (last - s.t <= UNANSWERED_AFTER) continue
    const list = unansweredCsc.get(s.session) ?? []
    list.push(s)
    unansweredCsc.set(s.session, list)
  }
  for (const [session, list] of unansweredCsc) {
    notes.push({
      t: list[0]!.t,
      service: "otp-csc",
      session,
      kind: "unanswered",
      text: `${plural(list.length, "order")} not answered by the end of the trace (${list.length <= 3 ? list.map((o) => o.order).join(", ") : `${list[0]!.order} … ${list[list.length - 1]!.order}`}, the first submitted ${clockOfDay(list[0]!.t)})`,
      until: undefined
    })
  }
  return notes.sort((a, b) => a.t - b.t || (a.session < b.session ? -1 : a.session > b.session ? 1 : 0))
}

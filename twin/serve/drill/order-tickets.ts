/**
 * The support desk's calls about orders (docs/drills.md "What the trainee sees"): a participant whose orders
 * are in trouble (order-trouble.ts: some of unknown status, or answered later than 1 s) calls `callDelay`
 * after the trouble began, as for a broken service, if still in trouble then — one ticket per participant
 * and service, never one per order or session, in the participant's words and never naming a fault.
 *
 * Resolved when the participant would say it works again: its slow sessions answer in time again and no
 * order of unknown status is left. An OTP-C order never answered stays unknown for the run (the participant
 * must reconcile it with HKEX), so that ticket stays open; an OTP-C order found waiting, or a China Connect
 * order, answered at last is known.
 * The text is what was said on the call; later trouble of the same ticket changes nothing until it is
 * resolved, then a new call may come.
 */
import type { Ticket } from "../../contract/drill-protocol.ts"
import { isKind, type TraceEvent } from "../../contract/trace-event.ts"
import { formatClock, type Micros, MICROS_PER_SECOND } from "../../engine/time.ts"
import { CallDesk } from "./call-desk.ts"
import { OrderTroubles, type Trouble, troubled } from "./order-trouble.ts"

export class OrderTickets {
  private readonly troubles = new OrderTroubles((t, tr) => this.changed(t, tr))
  private readonly desk: CallDesk

  /** `ticketsChanged` is told of every ticket made or resolved. */
  constructor(ticketsChanged: () => void) {
    this.desk = new CallDesk("orders/", ticketsChanged)
  }

  observe(e: TraceEvent): void {
    if (!isKind(e, "ocg.session") && !isKind(e, "csc.order")) return
    this.tick(e.t)
    this.troubles.observe(e)
  }

  /**
   * Calls due by `now` and China Connect orders turning unknown before it, in time order (a call first at
   * the same instant: an order turns unknown just after its deadline) — so the same trace makes the same
   * tickets at the same instants however the world is advanced.
   */
  tick(now: Micros): void {
    for (;;) {
      const deadline = this.troubles.nextDeadline()
      const call = this.desk.next()
      if (call !== undefined && call.due <= now && (deadline === undefined || call.due <= deadline)) this.desk.call(call.key)
      else if (deadline !== undefined && deadline < now) this.troubles.expireNext()
      else return
    }
  }

  list(): ReadonlyArray<Ticket> {
    return this.desk.list()
  }

  private changed(t: Micros, tr: Trouble): void {
    const key = `${tr.participant}|${tr.service}`
    if (troubled(tr)) this.desk.troubleBegan(key, tr.participant, tr.service, t, () => orderTicketText(tr))
    else this.desk.worksAgain(key, t)
  }
}

/** "P1: 3 orders not acknowledged, status unknown since 09:31", "P1: our orders are acknowledged late since 09:31 (up to 3.2 s)". */
export const orderTicketText = (tr: Trouble): string => {
  const cc = tr.service === "otp-csc" ? "China Connect " : ""
  const waiting = [...tr.waiting.values()]
  const unknown = tr.lost + waiting.reduce((n, w) => n + w.orders, 0) + tr.overdue.size
  const slow = [...tr.slow.values()]
  const late = slow.length === 0 ? "" : `(up to ${upTo(Math.max(...slow.map((s) => s.worst)))})`
  if (unknown === 0) return `${tr.participant}: our ${cc}orders are acknowledged late since ${hhmm(Math.min(...slow.map((s) => s.since)))} ${late}`
  const firstOverdue = tr.overdue.values().next().value
  const since = Math.min(tr.lostSince ?? Infinity, firstOverdue ?? Infinity, ...waiting.map((w) => w.since))
  const lost = `${tr.participant}: ${unknown} ${cc}order${unknown === 1 ? "" : "s"} not acknowledged, status unknown since ${hhmm(since)}`
  return slow.length === 0 ? lost : `${lost}; the others are acknowledged late ${late}`
}

const hhmm = (t: Micros): string => formatClock(t).slice(0, 5)

/** Rounded up to a tenth of a second: a wait just over 1 s never reads "1.0 s". */
const upTo = (wait: Micros): string => `${(Math.ceil(wait / (MICROS_PER_SECOND / 10)) / 10).toFixed(1)} s`

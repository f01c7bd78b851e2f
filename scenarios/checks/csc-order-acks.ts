/**
 * `csc-order-acks`: every China Connect order submitted in the window is answered (accepted or rejected)
 * within `max` of its submission (default 1s), and at most `unanswered` (default 0) are not answered at
 * all. On TCP, and with the links inside HKEX on standing connections, a loss or a short cut delays
 * orders rather than losing them: this is where a participant sees it (`csc-northbound-available` sees
 * sessions that are down).
 *
 * Reads `csc.order`: per order (session and order id), its first `submitted` and its first `accepted` or
 * `rejected` (a replayed report after a re-logon counts: it is when the BSS hears it). An order not
 * answered by the verdict is unanswered once `max` has passed since its submission (it has waited longer
 * than allowed either way); a younger one is not judged yet. Evidence: per session, its worst late answer,
 * then its unanswered orders. Judged: the sessions in scope that submitted an order in the window.
 */
import { isKind, type TraceEvent } from "../../twin/contract/trace-event.ts"
import type { Micros } from "../../twin/engine/time.ts"
import { durationMicros } from "../format/duration.ts"
import { plural } from "../format/plural.ts"
import type { CheckKind, Evidence } from "./check.ts"
import { OrderAcksParams, orderAcksSummary } from "./order-acks.ts"
import { clock, durOver, unknownParticipants } from "./params.ts"


interface Order {
  readonly participant: string
  readonly session: string
  readonly order: string
  readonly submitted: Micros
  answered: Micros | undefined
}

export const cscOrderAcks: CheckKind<OrderAcksParams> = {
  kind: "csc-order-acks",
  description: "Every China Connect order is answered within `max` (default 1s) and at most `unanswered` (default 0) go unanswered.",
  namesHarmed: true,
  params: OrderAcksParams,
  validate: (p, model) => unknownParticipants(p.participants, model, "participants"),
  make: (p, ctx) => {
    const max = durationMicros(p.max)
    const only = p.participants === undefined ? undefined : new Set(p.participants)
    const orders = new Map<string, Order>()
    const observe = (e: TraceEvent): void => {
      if (!isKind(e, "csc.order")) return
      if (only !== undefined && !only.has(e.subject)) return
      const d = e.data
      const key = `${d.session}\u0000${d.order}`
      if (d.event === "submitted") {
        if (!orders.has(key) && e.t >= ctx.window.from && e.t <= ctx.window.to) {
          orders.set(key, { participant: e.subject, session: d.session, order: d.order, submitted: e.t, answered: undefined })
        }
      } else if (d.event === "accepted" || d.event === "rejected") {
        const o = orders.get(key)
        if (o !== undefined && o.answered === undefined) o.answered = e.t
      }
    }
    return {
      observe,
      verdict: (now) => {
        // As of `now`: an answer after it is not heard yet (a rollback watch judges early).
        const worst = new Map<string, Order & { readonly wait: Micros }>()
        const lost: Array<Order> = []
        const sessions = new Set<string>()
        let longest = 0
        for (const o of orders.values()) {
          if (o.submitted > now) continue
          sessions.add(o.session)
          const heard = o.answered !== undefined && o.answered <= now ? o.answered : undefined
          if (heard === undefined) {
            if (now - o.submitted > max) lost.push(o)
            continue
          }
          const wait = heard - o.submitted
          longest = Math.max(longest, wait)
          if (wait <= max) continue
          const w = worst.get(o.session)
          if (w === undefined || wait > w.wait) worst.set(o.session, { ...o, wait })
        }
        const bySession = new Map<string, Array<Order>>()
        for (const o of lost) bySession.set(o.session, [...(bySession.get(o.session) ?? []), o])
        const evidence: Array<Evidence> = [
          ...[...worst.values()].sort((a, b) => b.wait - a.wait || a.submitted - b.submitted || (a.session < b.session ? -1 : 1)).map((o) => ({
            participant: o.participant,
            service: "otp-csc",
            subject: o.session,
            from: o.submitted,
            to: o.submitted + o.wait,
            detail: `order ${o.order} answered after ${durOver(o.wait, max)} (submitted ${clock(o.submitted)}, answered ${clock(o.submitted + o.wait)})`
          })),
          ...[...bySession.values()].map((list) => ({
            participant: list[0]!.participant,
            service: "otp-csc",
            subject: list[0]!.session,
            from: list[0]!.submitted,
            detail: `${plural(list.length, "order")} of ${list[0]!.session} not answered (${list.length === 1 ? list[0]!.order : `${list[0]!.order} … ${list[list.length - 1]!.order}`}, the first submitted ${clock(list[0]!.submitted)})`
          }))
        ]
        const ok = worst.size === 0 && lost.length <= p.unanswered
        const summary = orderAcksSummary({ noun: "China Connect order", unansweredAs: "not answered", sessionsOver: worst.size, max, longest, unanswered: lost.length, allowed: p.unanswered })
        return { verdict: ok ? "pass" : "fail", summary, evidence: ok ? [] : evidence, judged: sessions.size }
      }
    }
  }
}

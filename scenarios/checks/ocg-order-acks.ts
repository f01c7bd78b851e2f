/**
 * `ocg-order-acks`: every OCG-C New Order in the window is answered (an Execution Report or a Business
 * Message Reject) within `max` of being sent (default 1s), and none goes unanswered (`unanswered`, default
 * 0). On TCP a loss or a short cut delays orders rather than dropping the session: this is where a
 * participant sees it (the `ocg-session-recovery` check sees only sessions that end).
 *
 * Reads the BSS sessions' `ocg.session` `late-ack` events (each spell of late answers traced at its first
 * and at each worse one, twin/models/ocg/order-acks.ts: only answers over 100 ms are traced, so `max`
 * under 100 ms judges as 100 ms) and `unanswered` batches; and `awaiting` — orders a BSS found still
 * waiting (when it wrote a later one, or lost its session): those not answered nor overtaken by the verdict
 * and older than `max` count as unanswered too, as the China Connect check counts an order without answer.
 * Evidence: per session, its worst late answer over `max`, then its unanswered orders, then those still
 * waiting. Judged: the sessions in scope seen in the trace by the verdict.
 */
import { waitEnd } from "../../twin/contract/order-evidence.ts"
import { isKind, type TraceEvent } from "../../twin/contract/trace-event.ts"
import type { Micros } from "../../twin/engine/time.ts"
import { durationMicros } from "../format/duration.ts"
import { plural } from "../format/plural.ts"
import type { CheckKind, Evidence } from "./check.ts"
import { OrderAcksParams, orderAcksSummary } from "./order-acks.ts"
import { clock, durOver, inWindow, unknownParticipants } from "./params.ts"
import { Seen } from "./seen.ts"


interface Late {
  readonly t: Micros
  readonly compId: string
  readonly participant: string
  readonly clOrdId: number
  readonly sentAt: Micros
  readonly latency: Micros
}

interface Lost {
  readonly t: Micros
  readonly compId: string
  readonly participant: string
  readonly orders: number
  readonly first: number
  readonly last: number
  readonly firstSentAt: Micros
}

/** Orders a BSS found waiting (`awaiting`), and when an answer or an overtaking answer ended that. */
interface Waiting {
  readonly t: Micros
  readonly compId: string
  readonly participant: string
  orders: number
  readonly clOrdId: number
  readonly sentAt: Micros
  ended: Micros | undefined
}

export const ocgOrderAcks: CheckKind<OrderAcksParams> = {
  kind: "ocg-order-acks",
  description: "Every OCG-C New Order is answered within `max` (default 1s) and at most `unanswered` (default 0) go unanswered.",
  namesHarmed: true,
  params: OrderAcksParams,
  validate: (p, model) => unknownParticipants(p.participants, model, "participants"),
  make: (p, ctx) => {
    const max = durationMicros(p.max)
    const only = p.participants === undefined ? undefined : new Set(p.participants)
    const late: Array<Late> = []
    const lost: Array<Lost> = []
    const waiting: Array<Waiting> = []
    /** Per session, its `awaiting` order not yet answered or overtaken (a BSS traces one at a time). */
    const open = new Map<string, Waiting>()
    const sessionsSeen = new Seen()
    const observe = (e: TraceEvent): void => {
      if (!isKind(e, "ocg.session")) return
      const participant = e.subject
      if (only !== undefined && !only.has(participant)) return
      const d = e.data
      sessionsSeen.note(d.compId, e.t)
      const w = open.get(d.compId)
      if (w !== undefined && waitEnd(d, w.clOrdId) !== undefined) {
        w.ended = e.t
        open.delete(d.compId)
      }
      if (d.event === "awaiting" && e.t >= ctx.window.from && e.t <= ctx.window.to) {
        // The same oldest order traced again (its session lost): the count of orders out grew.
        if (w !== undefined && w.clOrdId === d.clOrdId) w.orders = d.orders
        else {
          const found: Waiting = { t: e.t, compId: d.compId, participant, orders: d.orders, clOrdId: d.clOrdId, sentAt: d.sentAt, ended: undefined }
          waiting.push(found)
          open.set(d.compId, found)
        }
      }
      if (d.event === "late-ack" && e.t >= ctx.window.from && e.t <= ctx.window.to) {
        late.push({ t: e.t, compId: d.compId, participant, clOrdId: d.clOrdId, sentAt: d.sentAt, latency: d.latencyUs })
      } else if (d.event === "unanswered" && e.t >= ctx.window.from && e.t <= ctx.window.to) {
        lost.push({ t: e.t, compId: d.compId, participant, orders: d.orders, first: d.firstClOrdId, last: d.lastClOrdId, firstSentAt: d.firstSentAt })
      }
    }
    return {
      observe,
      verdict: (now) => {
        // As of `now`: an early verdict (a rollback watch) sees only the answers so far.
        const worst = new Map<string, Late>()
        let longest = 0
        for (const l of late) {
          if (!inWindow(l.t, ctx.window, now)) continue
          longest = Math.max(longest, l.latency)
          if (l.latency <= max) continue
          const w = worst.get(l.compId)
          if (w === undefined || l.latency > w.latency) worst.set(l.compId, l)
        }
        const lostNow = lost.filter((l) => inWindow(l.t, ctx.window, now))
        const stillNow = waiting.filter((w) => inWindow(w.t, ctx.window, now) && (w.ended === undefined || w.ended > now) && now - w.sentAt > max)
        const unanswered = lostNow.reduce((n, l) => n + l.orders, 0) + stillNow.reduce((n, w) => n + w.orders, 0)
        const evidence: Array<Evidence> = [
          ...[...worst.values()].sort((a, b) => b.latency - a.latency || a.sentAt - b.sentAt || (a.compId < b.compId ? -1 : 1)).map((l) => ({
            participant: l.participant,
            service: "otp-c",
            subject: l.compId,
            from: l.sentAt,
            to: l.t,
            detail: `New Order ${l.clOrdId} from ${l.compId} answered after ${durOver(l.latency, max)} (sent ${clock(l.sentAt)}, answered ${clock(l.t)})`
          })),
          ...lostNow.map((l) => ({
            participant: l.participant,
            service: "otp-c",
            subject: l.compId,
            from: l.firstSentAt,
            to: l.t,
            detail: `${plural(l.orders, "New Order")} from ${l.compId} never answered (ClOrdID ${l.first === l.last ? l.first : `${l.first}–${l.last}`}, the first sent ${clock(l.firstSentAt)}); a later order's answer came first at ${clock(l.t)}`
          })),
          ...stillNow.map((w) => ({
            participant: w.participant,
            service: "otp-c",
            subject: w.compId,
            from: w.sentAt,
            to: now,
            detail: `${plural(w.orders, "New Order")} from ${w.compId} not answered by ${clock(now)} (the first, ClOrdID ${w.clOrdId}, sent ${clock(w.sentAt)}; found waiting at ${clock(w.t)})`
          }))
        ]
        const ok = worst.size === 0 && unanswered <= p.unanswered
        const summary = orderAcksSummary({ noun: "New Order", unansweredAs: "never answered", sessionsOver: worst.size, max, longest, unanswered: unanswered, allowed: p.unanswered })
        return { verdict: ok ? "pass" : "fail", summary, evidence: ok ? [] : evidence, judged: sessionsSeen.countBy(now, ctx.window) }
      }
    }
  }
}

/**
 * `ocg-throttle-rejects`: OCG-C New Orders rejected by the throttle (DOMAIN §1 Throttle: messages per second
 * per Comp ID; an excess message gets a Business Message Reject) stay within `max` over the window — 0 by
 * default: a plan whose order flow outgrows a session's throttle fails, and a staged breach
 * (`settings.ocg`) is judged by it.
 *
 * Reads the gateways' `ocg.gateway` `throttle-reject` events. Evidence: one piece per session rejected,
 * the most rejected first, from its first reject to its last. Judged: the sessions in scope seen in the
 * trace (`ocg.session`) by the verdict — a session never seen sent no order to judge.
 */
import { Schema } from "effect"
import type { Micros } from "../../twin/engine/time.ts"
import { isKind, type TraceEvent } from "../../twin/contract/trace-event.ts"
import { plural } from "../format/plural.ts"
import type { CheckKind, Evidence } from "./check.ts"
import { clock, CountOr, inWindow, unknownParticipants } from "./params.ts"
import { Seen } from "./seen.ts"

export const OcgThrottleRejectsParams = Schema.Struct({
  /** Rejects allowed over the window, all sessions together. */
  max: CountOr(0),
  /** Only these participants' sessions (default every participant's). */
  participants: Schema.optionalKey(Schema.Array(Schema.String))
})
export type OcgThrottleRejectsParams = typeof OcgThrottleRejectsParams.Type

interface Rejected {
  readonly compId: string
  readonly gateway: string
  readonly mps: number
  readonly first: Micros
}

export const ocgThrottleRejects: CheckKind<OcgThrottleRejectsParams> = {
  kind: "ocg-throttle-rejects",
  description: "OCG-C New Orders rejected by the Comp ID's throttle stay within `max` (default 0).",
  params: OcgThrottleRejectsParams,
  validate: (p, model) => unknownParticipants(p.participants, model, "participants"),
  make: (p, ctx) => {
    const participantOf = new Map(ctx.model.file.participants.flatMap((x) => x.ocgSessions.map((s) => [s.compId, x.id] as const)))
    const only = p.participants === undefined ? undefined : new Set(p.participants)
    const seen: Array<{ readonly t: Micros; readonly rejected: Rejected }> = []
    const bySession = new Map<string, Rejected>()
    const sessionsSeen = new Seen()
    const observe = (e: TraceEvent): void => {
      if (isKind(e, "ocg.session")) {
        const compId = e.data.compId
        const participant = participantOf.get(compId)
        if (participant !== undefined && (only === undefined || only.has(participant))) sessionsSeen.note(compId, e.t)
        return
      }
      if (!isKind(e, "ocg.gateway") || e.data.event !== "throttle-reject") return
      if (e.t < ctx.window.from || e.t > ctx.window.to) return
      const compId = e.data.compId
      const participant = participantOf.get(compId)
      if (only !== undefined && (participant === undefined || !only.has(participant))) return
      let r = bySession.get(compId)
      if (r === undefined) {
        r = { compId, gateway: e.subject, mps: e.data.mps, first: e.t }
        bySession.set(compId, r)
      }
      seen.push({ t: e.t, rejected: r })
    }
    return {
      observe,
      verdict: (now) => {
        // Counted as of `now`: an early verdict (a rollback watch) sees only the rejects so far.
        const counts = new Map<Rejected, { n: number; last: Micros }>()
        for (const { t, rejected } of seen) {
          if (!inWindow(t, ctx.window, now)) continue
          const c = counts.get(rejected) ?? { n: 0, last: t }
          counts.set(rejected, { n: c.n + 1, last: t })
        }
        const total = [...counts.values()].reduce((n, c) => n + c.n, 0)
        const evidence: Array<Evidence> = [...counts.entries()]
          .sort(([a, x], [b, y]) => y.n - x.n || a.first - b.first)
          .map(([r, c]) => ({
            participant: participantOf.get(r.compId) ?? "",
            service: "otp-c",
            subject: r.compId,
            from: r.first,
            to: c.last,
            detail: `${plural(c.n, "New Order")} from ${r.compId} rejected by its throttle of ${r.mps} mps on ${r.gateway}, first at ${clock(r.first)}`
          }))
        const summary = `${plural(total, "New Order")} rejected by the throttle (max ${p.max})`
        const judged = sessionsSeen.countBy(now, ctx.window)
        return { verdict: total <= p.max ? "pass" : "fail", summary, evidence: total <= p.max ? [] : evidence, judged }
      }
    }
  }
}

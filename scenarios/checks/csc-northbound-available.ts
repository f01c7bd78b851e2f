/**
 * `csc-northbound-available`: China Connect northbound (OTP-CSC) is not down for any participant for longer
 * than `maxDown` (default 0 s), and no order is refused because the CCCG had no session for it.
 *
 * Measured from the participant's `otp-csc` `health` events (down while any CSC session of the participant
 * is off its CCCGs, or logged on only to CCCGs cut off from a market's mainland link: each session is a
 * primary flow carrying its own orders and the worst decides, twin/world/health.ts; the cause names the
 * session, and the orders written on it are held) and from `csc.order` (twin/models/csc/session.ts):
 * `rejected` with reason `not-logged-on` is a refusal for a link reason — the BSS believed it was logged
 * on, the gateway did not know the session — and fails the check on its own; orders `held` while down are
 * counted in the outage's detail. Judged: the participants with an `otp-csc` status by the verdict (none —
 * an estate or window without China Connect — is nothing to check).
 */
import { Schema } from "effect"
import type { Micros } from "../../twin/engine/time.ts"
import { isKind, type TraceEvent } from "../../twin/contract/trace-event.ts"
import { durationMicros } from "../format/duration.ts"
import type { CheckKind, Evidence } from "./check.ts"
import { clock, DurationOr, durOver, inWindow } from "./params.ts"
import { plural } from "../format/plural.ts"
import { Spells } from "./spells.ts"
import { Seen } from "./seen.ts"

export const CscNorthboundAvailableParams = Schema.Struct({
  maxDown: DurationOr("0s")
})
export type CscNorthboundAvailableParams = typeof CscNorthboundAvailableParams.Type

interface Outage {
  readonly participant: string
  readonly cause: string
  held: number
  refused: number
}

interface Refusal {
  readonly t: Micros
  readonly participant: string
  readonly session: string
  readonly order: string
}

export const cscNorthboundAvailable: CheckKind<CscNorthboundAvailableParams> = {
  kind: "csc-northbound-available",
  description: "OTP-CSC northbound is not down for any participant longer than `maxDown`, and no order is refused for want of a session.",
  namesHarmed: true,
  params: CscNorthboundAvailableParams,
  validate: () => [],
  make: (params, ctx) => {
    const maxDown = durationMicros(params.maxDown)
    const spells = new Spells<Outage>(ctx.window, maxDown)
    const refusals: Array<Refusal> = []
    /** When each participant's otp-csc status was first written. */
    const known = new Seen()

    const observe = (e: TraceEvent): void => {
      if (isKind(e, "health")) {
        if (e.data.service !== "otp-csc") return
        known.note(e.subject, e.t)
        const cause = e.data.cause
        if (e.data.status === "down") spells.start(e.subject, e.t, () => ({ participant: e.subject, cause, held: 0, refused: 0 }))
        else spells.end(e.subject, e.t)
        return
      }
      // Orders after the window are not part of what an outage in it held or refused.
      if (!isKind(e, "csc.order") || e.t > ctx.window.to) return
      const event = e.data.event
      if (event === "held") {
        const spell = spells.get(e.subject)
        if (spell !== undefined) spell.meta.held++
      } else if (event === "rejected" && e.data.reason === "not-logged-on") {
        const spell = spells.get(e.subject)
        if (spell !== undefined) spell.meta.refused++
        if (e.t <= ctx.window.to) refusals.push({ t: e.t, participant: e.subject, session: e.data.session, order: e.data.order })
      }
    }

    return {
      observe,
      verdict: (now) => {
        const { longest, offenders } = spells.judge(now)
        const refused = refusals.filter((r) => inWindow(r.t, ctx.window, now))
        const evidence: Array<Evidence> = [
          ...offenders.map((o): Evidence => {
            const m = o.spell.meta
            const orders = [m.held > 0 ? `${plural(m.held, "order")} held` : "", m.refused > 0 ? `${m.refused} refused` : ""].filter((x) => x !== "")
            return {
              participant: m.participant,
              service: "otp-csc",
              from: o.from,
              ...(o.to === undefined ? {} : { to: o.to }),
              detail: `northbound down ${durOver(o.duration, maxDown)}${o.to === undefined ? " so far" : ""}: ${m.cause}${orders.length > 0 ? `; ${orders.join(", ")}` : ""}`
            }
          }),
          ...refused.map((r): Evidence => ({
            participant: r.participant,
            service: "otp-csc",
            subject: r.session,
            from: r.t,
            to: r.t,
            detail: `order ${r.order} refused at ${clock(r.t)}: the CCCG had no session ${r.session} (not-logged-on)`
          }))
        ]
        const figure = `longest northbound outage ${durOver(longest, maxDown)} (max ${params.maxDown})${refused.length > 0 ? `, ${plural(refused.length, "order")} refused for no session` : ""}`
        const participants = new Set(evidence.map((x) => x.participant)).size
        const judged = known.countBy(now, ctx.window)
        return evidence.length === 0
          ? { verdict: "pass", summary: figure, evidence, judged }
          : { verdict: "fail", summary: `${figure}: ${plural(participants, "participant")} affected`, evidence, judged }
      }
    }
  }
}

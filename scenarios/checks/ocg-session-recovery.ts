/**
 * `ocg-session-recovery`: every OCG-C session (trading and drop copy) that goes down is logged on again —
 * to either gateway — within `within`. A session still down at the verdict, for longer than `within`, fails.
 *
 * Measured per session from the BSS's `ocg.session` events (twin/models/ocg/client-session.ts) and the
 * gateways' crashes (`ocg.gateway` crash, twin/models/ocg/gateway.ts): a session is down
 * - from its gateway's crash, when it was logged on there (the BSS only notices later, when its heartbeats
 *   go unanswered — DOMAIN §1 Heartbeat — or at its first segment after the gateway's restart, which the
 *   fresh host resets; the participant could not trade from the crash on);
 * - from `disconnected` (or an abrupt `stopped`) otherwise;
 * - from its first attempt of the day until its first `logon` (a session that never logs on is down);
 * and up again at its next `logon`. A graceful logout (`stopped`, graceful) is not an outage. The interval
 * is the one `otp-c` health is down for the session (the OCG-C wiring reports a session down at its
 * gateway's loss: twin/simulate/wire-ocg.ts), so the two agree to the microsecond.
 * Judged: the sessions seen by the verdict; none is nothing to check.
 */
import { Schema } from "effect"
import type { Micros } from "../../twin/engine/time.ts"
import { isKind, type TraceEvent, type TraceEventOf } from "../../twin/contract/trace-event.ts"
import { Duration, durationMicros } from "../format/duration.ts"
import type { CheckKind, Evidence } from "./check.ts"
import { durOver } from "./params.ts"
import { plural } from "../format/plural.ts"
import { Spells } from "./spells.ts"
import { Seen } from "./seen.ts"

export const OcgSessionRecoveryParams = Schema.Struct({
  within: Duration
})
export type OcgSessionRecoveryParams = typeof OcgSessionRecoveryParams.Type

interface Session {
  /** The gateway it is logged on to, or undefined while not logged on. */
  gateway: string | undefined
}

interface Outage {
  readonly participant: string
  readonly compId: string
  readonly flow: string
  readonly reason: string
  back: string | undefined
}

export const ocgSessionRecovery: CheckKind<OcgSessionRecoveryParams> = {
  kind: "ocg-session-recovery",
  description: "Every OCG-C session that goes down (gateway crash, disconnect, never logged on) is logged on again within `within`.",
  namesHarmed: true,
  params: OcgSessionRecoveryParams,
  validate: () => [],
  make: (params, ctx) => {
    const within = durationMicros(params.within)
    const spells = new Spells<Outage>(ctx.window, within)
    const sessions = new Map<string, Session>()
    const seen = new Seen()
    /** Sessions logged on per gateway, for its crash. */
    const onGateway = new Map<string, Set<string>>()

    const down = (flow: string, participant: string, compId: string, at: Micros, reason: string): void => {
      const s = sessions.get(flow)
      if (s?.gateway !== undefined) onGateway.get(s.gateway)?.delete(flow)
      if (s !== undefined) s.gateway = undefined
      spells.start(flow, at, () => ({ participant, compId, flow, reason, back: undefined }))
    }

    const onSession = (e: TraceEventOf<"ocg.session">): void => {
      const d = e.data
      let s = sessions.get(d.flow)
      if (s === undefined) {
        sessions.set(d.flow, (s = { gateway: undefined }))
        seen.note(d.flow, e.t)
        if (d.event !== "logon") down(d.flow, e.subject, d.compId, e.t, "not logged on yet")
      }
      switch (d.event) {
        case "logon": {
          s.gateway = d.gateway
          let set = onGateway.get(d.gateway!)
          if (set === undefined) onGateway.set(d.gateway!, (set = new Set()))
          set.add(d.flow)
          const spell = spells.get(d.flow)
          if (spell !== undefined) spell.meta.back = `${d.gateway} (${d.role})`
          spells.end(d.flow, e.t)
          return
        }
        case "disconnected":
          if (s.gateway !== undefined) down(d.flow, e.subject, d.compId, e.t, `${d.reason ?? "disconnected"} (${s.gateway})`)
          return
        case "stopped":
          if (d.graceful !== true) down(d.flow, e.subject, d.compId, e.t, "BSS stopped")
          else if (s.gateway !== undefined) {
            onGateway.get(s.gateway)?.delete(d.flow)
            s.gateway = undefined
          }
          return
      }
    }

    const onCrash = (e: TraceEvent): void => {
      const hit = onGateway.get(e.subject)
      if (hit === undefined || hit.size === 0) return
      for (const flow of [...hit]) {
        const slash = flow.indexOf("/")
        down(flow, flow.slice(0, slash), flow.slice(slash + 1), e.t, `${e.subject} crashed`)
      }
    }

    return {
      observe: (e) => {
        if (isKind(e, "ocg.session")) onSession(e)
        else if (isKind(e, "ocg.gateway") && e.data.event === "crash") onCrash(e)
      },
      verdict: (now) => {
        const { longest, offenders } = spells.judge(now)
        const evidence: Array<Evidence> = offenders.map((o) => {
          const m = o.spell.meta
          const end = o.to === undefined ? "not logged on again" : `logged on again to ${m.back ?? "?"}`
          return {
            participant: m.participant,
            service: "otp-c",
            subject: m.compId,
            from: o.from,
            ...(o.to === undefined ? {} : { to: o.to }),
            detail: `session ${m.compId} down ${durOver(o.duration, within)}${o.to === undefined ? " so far" : ""}: ${m.reason}; ${end}`
          }
        })
        const participants = new Set(offenders.map((o) => o.spell.meta.participant)).size
        const figure = `longest OCG-C session outage ${durOver(longest, within)} (within ${params.within})`
        const judged = seen.countBy(now, ctx.window)
        return offenders.length === 0
          ? { verdict: "pass", summary: figure, evidence, judged }
          : { verdict: "fail", summary: `${figure}: ${plural(offenders.length, "outage")} over, ${plural(participants, "participant")}`, evidence, judged }
      }
    }
  }
}

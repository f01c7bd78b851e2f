/**
 * `ecp-deadlines`: every ECP file transfer whose deadline falls in the window completes before it.
 *
 * Measured from the participant's ECP client (twin/models/ecp/client.ts): at a job's deadline, a job not
 * yet completed (queued, in progress, or given up after its last attempt) is written as `ecp.transfer`
 * `missed-deadline`; a `completed` for the same job afterwards ends the lateness. Each missed deadline is
 * one piece of evidence, from the deadline to the completion (no `to` when still not completed), latest
 * first. Jobs whose deadline is after the window are not judged. Judged: the transfers seen in the window
 * (a job with an `ecp.transfer` event in it, or a deadline missed in it); none is nothing to check.
 */
import { Schema } from "effect"
import { isKind, type TraceEvent } from "../../twin/contract/trace-event.ts"
import type { CheckKind, Evidence } from "./check.ts"
import { clock, dur } from "./params.ts"
import { plural } from "../format/plural.ts"
import { Spells } from "./spells.ts"
import { Seen } from "./seen.ts"

export const EcpDeadlinesParams = Schema.Struct({})
export type EcpDeadlinesParams = typeof EcpDeadlinesParams.Type

interface Late {
  readonly participant: string
  readonly job: string
  readonly file: string
  readonly direction: string
  attempt: number
  done: number
  readonly bytes: number
  completedOn: string | undefined
}

const mib = (bytes: number): string => `${+(bytes / 1_048_576).toFixed(2)} MiB`

export const ecpDeadlines: CheckKind<EcpDeadlinesParams> = {
  kind: "ecp-deadlines",
  description: "Every ECP SFTP file transfer whose deadline falls in the window is completed before it (no `missed-deadline`).",
  params: EcpDeadlinesParams,
  validate: () => [],
  make: (_params, ctx) => {
    // Every spell is a missed deadline: any length offends.
    const spells = new Spells<Late>(ctx.window, -1)
    /** When each job was first seen in the window. */
    const seen = new Seen()
    const observe = (e: TraceEvent): void => {
      if (!isKind(e, "ecp.transfer")) return
      const d = e.data
      const key = `${e.subject}|${d.job}`
      if (e.t >= ctx.window.from && e.t <= ctx.window.to) seen.note(key, e.t)
      if (d.event === "missed-deadline") {
        const spell = spells.start(key, e.t, () => ({
          participant: e.subject,
          job: d.job,
          file: d.file,
          direction: d.direction,
          attempt: d.attempt,
          done: d.done,
          bytes: d.bytes,
          completedOn: undefined
        }))
        spell.meta.attempt = d.attempt
        spell.meta.done = d.done
      } else if (e.t > ctx.window.to) {
        // After the window: the evidence describes the job as it stood at the window's end (its attempt,
        // bytes moved), not as it went on to be; a completion after it leaves the lateness open.
        return
      } else if (d.event === "completed") {
        const spell = spells.get(key)
        if (spell === undefined) return
        spell.meta.completedOn = d.server
        spell.meta.attempt = d.attempt
        spells.end(key, e.t)
      } else {
        const spell = spells.get(key)
        if (spell === undefined) return
        spell.meta.attempt = d.attempt
        spell.meta.done = d.done
      }
    }
    return {
      observe,
      verdict: (now) => {
        const { longest, offenders } = spells.judge(now)
        const evidence: Array<Evidence> = offenders.map((o) => {
          const m = o.spell.meta
          const outcome = o.to === undefined
            ? `not completed ${dur(o.duration)} after it (attempt ${m.attempt}, ${mib(m.done)} of ${mib(m.bytes)} moved)`
            : `completed ${dur(o.duration)} late on ${m.completedOn ?? "?"} (attempt ${m.attempt})`
          return {
            participant: m.participant,
            service: "ecp-sftp",
            subject: m.job,
            from: o.from,
            ...(o.to === undefined ? {} : { to: o.to }),
            detail: `${m.direction} ${m.file} missed its deadline ${clock(o.from)}: ${outcome}`
          }
        })
        const judged = seen.countBy(now, ctx.window)
        if (offenders.length === 0) return { verdict: "pass", summary: "no ECP transfer missed its deadline", evidence, judged }
        const participants = new Set(offenders.map((o) => o.spell.meta.participant)).size
        return {
          judged: Math.max(judged, offenders.length),
          verdict: "fail",
          summary: `${plural(offenders.length, "ECP transfer")} missed the deadline (${plural(participants, "participant")}; worst ${dur(longest)} late; max 0)`,
          evidence
        }
      }
    }
  }
}

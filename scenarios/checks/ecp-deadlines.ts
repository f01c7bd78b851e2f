/**
 * `ecp-deadlines`: every ECP file transfer whose deadline falls in the window completes before it.
 *
 * Measured from the participant's ECP client (twin/models/ecp/client.ts): at a job's deadline, a job not
 * yet completed (queued, in progress, or given up after its last attempt) is written as `ecp.transfer`
 * `missed-deadline`; a `completed` for the same job afterwards ends the lateness. Each missed deadline is
 * one piece of evidence, from the deadline (the event's `deadline`) to the completion (no `to` when still
 * not completed), the longest late first (Spells). Jobs whose deadline is after the window are not judged. Judged: the
 * transfers seen in the window (a job with an `ecp.transfer` event in it, or a deadline missed in it);
 * none is nothing to check.
 *
 * A response file's download is due from the instant the server made it ready (`ecp.server`
 * `response-ready`, its `deadline`), however late the client's poll finds it: the client knows the job
 * only from that poll, and writes a `missed-deadline` then — after the deadline, dated by its field — or
 * not at all when no poll has found it by the verdict. So the check holds each response's deadline from
 * `response-ready` and opens the lateness itself at the deadline when the download has not completed by
 * then. A response is the participant's job `response-ready` names (`participant`, `job`: its download,
 * as `ecp.transfer` names it), not its file's: a file name may be another participant's too. The first
 * response per job only, as the client fetches only the first (twin/models/ecp/poll.ts). Gotcha: in a
 * trace written before `response-ready` named them, the participant is its client machine's
 * (`responseParticipant`) and the job that of the participant's upload of the file it answers.
 */
import { Schema } from "effect"
import { type EcpResponseReadyData, responseJob, responseParticipant } from "../../twin/contract/kinds-csc-ecp.ts"
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

/**
 * `done` of `bytes` in the file size's unit, `2 MiB of 4 MiB`: a response file of 1 KiB is `0 KiB of 1
 * KiB`, not `0 MiB of 0 MiB`.
 */
const moved = (done: number, bytes: number): string => {
  const [unit, size] = bytes >= 1024 ** 3 ? ["GiB", 1024 ** 3] : bytes >= 1024 ** 2 ? ["MiB", 1024 ** 2] : bytes >= 1024 ? ["KiB", 1024] : ["B", 1]
  const text = (n: number): string => `${+(n / size).toFixed(2)} ${unit}`
  return `${text(done)} of ${text(bytes)}`
}

/** A response's download the client may not know of yet, due at `deadline` (`response-ready`). */
interface DueResponse {
  readonly key: string
  readonly deadline: number
  readonly meta: () => Late
}

export const ecpDeadlines: CheckKind<EcpDeadlinesParams> = {
  kind: "ecp-deadlines",
  description: "Every ECP SFTP file transfer whose deadline falls in the window is completed before it (no `missed-deadline`).",
  namesHarmed: true,
  params: EcpDeadlinesParams,
  validate: () => [],
  make: (_params, ctx) => {
    // Every spell is a missed deadline: any length offends.
    const spells = new Spells<Late>(ctx.window, -1)
    /** When each job was first seen in the window. */
    const seen = new Seen()
    const inWindow = (t: number): boolean => t >= ctx.window.from && t <= ctx.window.to
    /**
     * Upload jobs by `participant|file`: the job a response answers in a trace written before
     * `response-ready` named it. `answered`: the responses held (`participant|job`).
     */
    const uploads = new Map<string, string>()
    const answered = new Set<string>()
    /** Responses whose download has not completed, by deadline (then readiness): a few at a time. */
    let due: Array<DueResponse> = []
    /** Opens the lateness of every response due before `t` and not downloaded by its deadline. */
    const overdue = (t: number): void => {
      while (due.length > 0 && due[0]!.deadline < t) {
        const r = due.shift()!
        spells.start(r.key, r.deadline, r.meta)
        if (inWindow(r.deadline)) seen.note(r.key, r.deadline)
      }
    }
    const onResponseReady = (d: EcpResponseReadyData): void => {
      const participant = responseParticipant(d)
      const upload = uploads.get(`${participant}|${d.answers}`)
      const job = d.job ?? (upload === undefined ? undefined : responseJob(upload))
      if (job === undefined) return
      const key = `${participant}|${job}`
      if (answered.has(key)) return
      answered.add(key)
      const meta = (): Late => ({
        participant,
        job,
        file: d.file,
        direction: "download",
        attempt: 0,
        done: 0,
        bytes: d.bytes,
        completedOn: undefined
      })
      const r: DueResponse = { key, deadline: d.deadline, meta }
      const i = due.findIndex((x) => x.deadline > r.deadline)
      due = i < 0 ? [...due, r] : [...due.slice(0, i), r, ...due.slice(i)]
    }
    const observe = (e: TraceEvent): void => {
      if (due.length > 0 && (isKind(e, "ecp.transfer") || isKind(e, "ecp.server"))) overdue(e.t)
      if (isKind(e, "ecp.server")) {
        if (e.data.event === "response-ready") onResponseReady(e.data)
        return
      }
      if (!isKind(e, "ecp.transfer")) return
      const d = e.data
      const key = `${e.subject}|${d.job}`
      if (inWindow(e.t)) seen.note(key, e.t)
      if (d.direction === "upload" && d.event === "started") uploads.set(`${e.subject}|${d.file}`, d.job)
      // Completed by its deadline (else overdue opened its lateness above): the response is on time.
      if (d.event === "completed" && due.length > 0) due = due.filter((r) => r.key !== key)
      if (d.event === "missed-deadline") {
        // From the deadline, not from when it was written: a response found late is written at the poll.
        const deadline = d.deadline ?? e.t
        if (inWindow(deadline)) seen.note(key, deadline)
        const spell = spells.start(key, deadline, () => ({
          participant: e.subject,
          job: d.job,
          file: d.file,
          direction: d.direction,
          attempt: d.attempt,
          done: d.done,
          bytes: d.bytes,
          completedOn: undefined
        }))
        if (e.t > ctx.window.to) return
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
        overdue(now)
        const { longest, offenders } = spells.judge(now)
        const evidence: Array<Evidence> = offenders.map((o) => {
          const m = o.spell.meta
          const outcome = o.to === undefined
            ? `not completed ${dur(o.duration)} after it (attempt ${m.attempt}, ${moved(m.done, m.bytes)} moved)`
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

/**
 * `executions-exactly-once`: no execution lost or duplicated on the way from OTP-C to the participants'
 * BSSs, over OCG-C trading and drop-copy sessions (DOMAIN §1 Recovery: reports generated while a session
 * is away are delivered when it logs on again; the BSS deduplicates on ExecID).
 *
 * Reads the execution ledger (twin/simulate/instruments/execution-ledger.ts, `ocg.executions`, written every
 * minute and at the end of the run; every scenario run includes it). Per session, the BSS must have applied
 * exactly what the host logged for it, less what is still undelivered (in flight, or waiting for the
 * session's return — reported in the summary, judged by `ocg-session-recovery`): fewer is a loss, more a
 * duplicate. The window's figure is the last ledger in it against the last one before it, so a phase's
 * check does not inherit an earlier phase's losses. Judged: the executions logged in the window; none (a
 * window with no trading) is nothing to check — "0 lost of 0" proves nothing.
 */
import { Schema } from "effect"
import type { Micros } from "../../twin/engine/time.ts"
import { isKind, type TraceEvent, type TraceEventOf } from "../../twin/contract/trace-event.ts"
import type { CheckKind, Evidence } from "./check.ts"
import { clock } from "./params.ts"
import { plural } from "../format/plural.ts"
import type { ShortSession } from "../../twin/contract/kinds-ocg.ts"
import { EXECUTIONS } from "../../twin/contract/trace-kinds.ts"

export const ExecutionsExactlyOnceParams = Schema.Struct({})
export type ExecutionsExactlyOnceParams = typeof ExecutionsExactlyOnceParams.Type

interface Ledger {
  readonly t: Micros
  readonly sent: number
  readonly undelivered: number
  readonly discarded: number
  /** Lost (positive) or duplicated (negative) per session, with its figures. */
  readonly short: ReadonlyMap<string, ShortSession & { readonly lost: number }>
}

const read = (e: TraceEventOf<typeof EXECUTIONS>): Ledger => {
  const d = e.data
  return {
    t: e.t,
    sent: d.sent,
    undelivered: d.undelivered,
    discarded: d.discarded,
    short: new Map(d.short.map((s) => [`${s.participant}/${s.compId}`, { ...s, lost: s.sent - s.undelivered - s.applied }]))
  }
}

export const executionsExactlyOnce: CheckKind<ExecutionsExactlyOnceParams> = {
  kind: "executions-exactly-once",
  description: "No execution lost or duplicated between OTP-C and the BSSs (trading and drop-copy sessions), from the execution ledger.",
  namesHarmed: true,
  params: ExecutionsExactlyOnceParams,
  validate: () => [],
  make: (_params, ctx) => {
    let before: Ledger | undefined
    let latest: Ledger | undefined
    /** When each session was first seen short in the window. */
    const firstShort = new Map<string, Micros>()

    const observe = (e: TraceEvent): void => {
      if (!isKind(e, EXECUTIONS) || e.t > ctx.window.to) return
      const ledger = read(e)
      if (e.t < ctx.window.from) {
        before = ledger
        return
      }
      latest = ledger
      for (const key of ledger.short.keys()) if (!firstShort.has(key)) firstShort.set(key, e.t)
    }

    return {
      observe,
      verdict: (now) => {
        const end = latest !== undefined && latest.t <= now ? latest : before
        if (end === undefined) {
          return now < ctx.window.to
            ? { verdict: "pass", summary: "no execution ledger yet (written every minute)", evidence: [], judged: 0 }
            : {
              verdict: "fail",
              summary: `no ${EXECUTIONS} ledger by ${clock(ctx.window.to)}: the execution ledger was not part of the run`,
              evidence: [{ service: "otp-c", from: ctx.window.from, detail: "nothing measured: no ocg.executions events in the trace" }],
              judged: 0
            }
        }
        const evidence: Array<Evidence & { readonly size: number }> = []
        let lost = 0
        let duplicated = 0
        const keys = new Set([...end.short.keys(), ...(before?.short.keys() ?? [])])
        for (const key of keys) {
          const s = end.short.get(key) ?? before!.short.get(key)!
          const delta = (end.short.get(key)?.lost ?? 0) - (before?.short.get(key)?.lost ?? 0)
          if (delta === 0) continue
          if (delta > 0) lost += delta
          else duplicated -= delta
          const what = delta > 0 ? `${plural(delta, "execution")} lost` : `${plural(-delta, "execution")} applied twice`
          evidence.push({
            size: Math.abs(delta),
            participant: s.participant,
            service: "otp-c",
            subject: s.compId,
            from: firstShort.get(key) ?? end.t,
            detail: `session ${s.compId}: ${what} — the host logged ${s.sent}, the BSS applied ${s.applied}, ${s.undelivered} not yet delivered (ledger ${clock(end.t)})`
          })
        }
        evidence.sort((a, b) => b.size - a.size || a.from - b.from || ((a.participant ?? "") < (b.participant ?? "") ? -1 : 1))
        const sent = end.sent - (before?.sent ?? 0)
        const summary = `${lost} lost, ${duplicated} duplicated of ${plural(sent, "execution")} logged (max 0); ` +
          `${end.undelivered} not yet delivered and ${end.discarded} redelivered copies discarded at ${clock(end.t)}`
        return {
          verdict: evidence.length === 0 ? "pass" : "fail",
          summary,
          evidence: evidence.map(({ size: _size, ...e }) => e),
          judged: Math.max(0, sent)
        }
      }
    }
  }
}

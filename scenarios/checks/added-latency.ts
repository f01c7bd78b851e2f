/**
 * `added-latency`: the one-way latency the new backbone adds to a service's flows stays within `max`,
 * taken at a `percentile` over the flows (`median`, `p90`, `p99` or `max`, the default) — at every moment
 * of the window.
 *
 * Reads the `route.latency` events the latency sampler writes (twin/simulate/instruments/latency-sampler.ts:
 * at the start and after every converged world change; every scenario run includes it). The sample in force
 * when the window opens counts. A spell runs from a sample over the limit to the next one within it; the evidence names
 * the flow with the most added latency (and its participant). A run with no sample for the service by the
 * verdict fails: nothing was measured (the sampler was not wired). Judged: the samples in force in the
 * window (the one at its opening and those in it); none — e.g. samples only after it — is nothing to check.
 */
import { Effect, Schema } from "effect"
import type { EstateModel } from "../../topology/model.ts"
import { issue } from "../../topology/input-issue.ts"
import type { Micros } from "../../twin/engine/time.ts"
import { isKind, type TraceEvent } from "../../twin/contract/trace-event.ts"
import { Duration, durationMicros } from "../format/duration.ts"
import type { CheckKind, Evidence } from "./check.ts"
import { dur, participantOfFlow, Service } from "./params.ts"
import { Spells } from "./spells.ts"
import { ROUTE_LATENCY } from "../../twin/contract/trace-kinds.ts"

const Percentile = Schema.Literals(["median", "p90", "p99", "max"])
type Percentile = typeof Percentile.Type

export const AddedLatencyParams = Schema.Struct({
  service: Service,
  max: Duration,
  percentile: Percentile.pipe(Schema.withDecodingDefaultKey(Effect.succeed("max" as const)))
})
export type AddedLatencyParams = typeof AddedLatencyParams.Type

const field: Readonly<Record<Percentile, "medianAddedUs" | "p90AddedUs" | "p99AddedUs" | "maxAddedUs">> = { median: "medianAddedUs", p90: "p90AddedUs", p99: "p99AddedUs", max: "maxAddedUs" }

/** Signed: the new backbone may be faster. */
const signed = (us: number): string => (us < 0 ? `-${dur(-us)}` : dur(us))
const plusMinus = (us: number): string => (us < 0 ? `-${dur(-us)}` : `+${dur(us)}`)

interface Over {
  value: number
  worstFlow: string
  worstAddedUs: number
  flows: number
}

export const addedLatency: CheckKind<AddedLatencyParams> = {
  kind: "added-latency",
  description: "The one-way latency the new backbone adds to a service's flows (at `percentile`, default max) stays within `max`.",
  params: AddedLatencyParams,
  validate: (params, model: EstateModel) =>
    model.flows.some((f) => f.service === params.service && f.role !== "recovery")
      ? []
      : [issue("service", `a service with flows in ${model.file.name}`, JSON.stringify(params.service))],
  make: (params, ctx) => {
    const max = durationMicros(params.max)
    const key = field[params.percentile]
    // Any spell over the limit offends, however short.
    const spells = new Spells<Over>(ctx.window, -1)
    /** The sample in force at the window's opening, and the highest since. */
    let atOpening: number | undefined
    let highest: number | undefined
    let samples = 0
    /** Samples taken inside the window up to the verdict: counted when observed, so `now` bounds them. */
    let inWindow = 0

    const observe = (e: TraceEvent): void => {
      if (!isKind(e, ROUTE_LATENCY) || e.data.service !== params.service) return
      const value = e.data[key]
      samples++
      if (e.t <= ctx.window.from) atOpening = value
      else if (e.t <= ctx.window.to) {
        highest = Math.max(highest ?? -Infinity, value)
        inWindow++
      }
      if (value <= max) {
        spells.end(params.service, e.t)
        return
      }
      const worst = { worstFlow: e.data.worstFlow, worstAddedUs: e.data.maxAddedUs, flows: e.data.flows }
      const spell = spells.start(params.service, e.t, () => ({ value, ...worst }))
      // The worst of the spell as far as the window goes: a sample after it does not describe it.
      if (value > spell.meta.value && e.t <= ctx.window.to) Object.assign(spell.meta, { value, ...worst })
    }

    return {
      observe,
      verdict: (now: Micros) => {
        if (samples === 0) {
          return {
            verdict: "fail",
            summary: `no ${ROUTE_LATENCY} sample for ${params.service}: the latency sampler was not part of the run (max ${params.max})`,
            evidence: [{ service: params.service, from: ctx.window.from, detail: "nothing measured: no route.latency events in the trace" }],
            judged: 0
          }
        }
        const { offenders } = spells.judge(now)
        const seen = Math.max(atOpening ?? -Infinity, highest ?? -Infinity)
        const figure = `highest ${params.percentile} latency added to ${params.service} ${Number.isFinite(seen) ? signed(seen) : "not sampled in the window"} (max ${params.max})`
        const evidence: Array<Evidence> = offenders.map((o) => {
          const m = o.spell.meta
          return {
            participant: participantOfFlow(m.worstFlow),
            service: params.service,
            subject: m.worstFlow,
            from: o.from,
            ...(o.to === undefined ? {} : { to: o.to }),
            detail: `${params.percentile} added latency ${signed(m.value)} over ${m.flows} flows (max ${params.max}); worst ${m.worstFlow} ${plusMinus(m.worstAddedUs)}`
          }
        })
        const judged = (atOpening === undefined ? 0 : 1) + inWindow
        return { verdict: offenders.length === 0 ? "pass" : "fail", summary: figure, evidence, judged }
      }
    }
  }
}

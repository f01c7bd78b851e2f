/** Shared by the check tests: the tiny estate, hand-written events, and a check run over them. */
import { readFileSync } from "node:fs"
import { Result, Schema } from "effect"
import { type AnyCheckKind, type CheckRequirement, type CheckResult, type JudgedResult, startCheck } from "../../../scenarios/checks/check.ts"
import type { InputIssue } from "../../../topology/input-issue.ts"
import { parseEstate } from "../../../topology/load.ts"
import { buildModel, type EstateModel } from "../../../topology/model.ts"
import type { TraceData } from "../../../twin/engine/machine.ts"
import { type Micros, parseClock } from "../../../twin/engine/time.ts"
import type { TraceEvent } from "../../../twin/engine/trace.ts"

const parsed = parseEstate("tiny", readFileSync(new URL("../../topology/fixtures/tiny-estate.yaml", import.meta.url), "utf8"))
if (Result.isFailure(parsed)) throw new Error("tiny estate does not parse")
export const tiny: EstateModel = buildModel(parsed.success)

/** `"09:31:02.5"` → µs (fractions of a second allowed). */
export const at = (clock: string): Micros => {
  const [hms, frac] = clock.split(".")
  return parseClock(hms!)! + (frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1_000_000))
}

export const ev = (t: string, kind: string, subject: string, data: TraceData): TraceEvent => ({ t: at(t), kind, subject, data })

/** Decodes `params` as a scenario's check entry would be (unknown keys rejected). */
export const decode = (kind: AnyCheckKind, params: Record<string, unknown>): unknown =>
  Schema.decodeUnknownSync(kind.params)(params, { onExcessProperty: "error" })

export const validate = (kind: AnyCheckKind, params: Record<string, unknown>, model: EstateModel = tiny): ReadonlyArray<InputIssue> =>
  kind.validate(decode(kind, params), model)

/** Feeds `events` to a run of `kind` judging `window` and takes the verdict at `now` (default: the window's end). */
export const judge = (
  kind: AnyCheckKind,
  params: Record<string, unknown>,
  window: { readonly from: string; readonly to: string },
  events: ReadonlyArray<TraceEvent>,
  now?: string,
  model: EstateModel = tiny
): CheckResult => {
  const w = { from: at(window.from), to: at(window.to) }
  const run = kind.make(decode(kind, params), { model, window: w })
  const verdictAt = now === undefined ? w.to : at(now)
  for (const e of events) if (e.t <= verdictAt || now === undefined) run.observe(e)
  return run.verdict(verdictAt)
}

/** As `judge`, but through `startCheck` as a scenario runs it: the "nothing to check" rule and `require` applied. */
export const judgeAsRun = (
  kind: AnyCheckKind,
  params: Record<string, unknown>,
  window: { readonly from: string; readonly to: string },
  events: ReadonlyArray<TraceEvent>,
  requirement: CheckRequirement = undefined
): JudgedResult => {
  const w = { from: at(window.from), to: at(window.to) }
  const run = startCheck(kind, decode(kind, params), { model: tiny, window: w }, requirement)
  for (const e of events) run.observe(e)
  return run.verdict(w.to)
}

/** Evidence as compact rows for exact assertions: [participant, subject, from, to, detail]. */
export const rows = (r: CheckResult): ReadonlyArray<ReadonlyArray<unknown>> =>
  r.evidence.map((e) => [e.participant, e.subject, e.from, e.to, e.detail])

/**
 * The contract of a check (an SLO a scenario asserts, a phase's pre- or post-check, a rollback trigger): a
 * fold over the trace. The runner feeds it every trace event in order as the run goes and asks for its
 * verdict when it needs one — at the end of the run, at a post-check's time, or while deciding a rollback —
 * so a check judges only what the twin observed and wrote down, exactly as a report reader could.
 *
 * A failed check carries evidence: who (participant, service or subject), when (from–to) and what; the runner
 * names the fault or cutover step that caused each piece of evidence.
 */
import type { Schema } from "effect"
import type { EstateModel } from "../../topology/model.ts"
import type { InputIssue } from "../../topology/input-issue.ts"
import type { Micros } from "../../twin/engine/time.ts"
import type { TraceEvent } from "../../twin/engine/trace.ts"

export interface CheckContext {
  readonly model: EstateModel
  /** What the check judges: events from `from` on (earlier ones only set up state), up to `to`. */
  readonly window: { readonly from: Micros; readonly to: Micros }
}

export interface Evidence {
  readonly participant?: string
  readonly service?: string
  /** A machine, flow, node or link when the evidence is not about one participant. */
  readonly subject?: string
  readonly from: Micros
  /** Undefined: still so when the verdict was taken. */
  readonly to?: Micros
  readonly detail: string
}

export interface CheckResult {
  readonly verdict: "pass" | "fail"
  /** One line: what was measured against what limit, e.g. "longest dual-line loss 0 s (max 3 s)". */
  readonly summary: string
  /** Every offending participant/interval when failing (worst first); may be empty when passing. */
  readonly evidence: ReadonlyArray<Evidence>
}

export interface CheckRun {
  /** Every trace event, in trace order, from the first (`trace.start`) on. */
  readonly observe: (event: TraceEvent) => void
  /** The verdict over [window.from, min(now, window.to)]; can be asked more than once. */
  readonly verdict: (now: Micros) => CheckResult
}

export interface CheckKind<P> {
  /** The `check:` written in scenarios, e.g. `omd-dual-line-loss`. */
  readonly kind: string
  /** One line for the scenario-format reference. */
  readonly description: string
  readonly params: Schema.Decoder<P>
  /** Estate references in `params` that do not exist; paths relative to the check's params. */
  readonly validate: (params: P, model: EstateModel) => ReadonlyArray<InputIssue>
  readonly make: (params: P, ctx: CheckContext) => CheckRun
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCheckKind = CheckKind<any>

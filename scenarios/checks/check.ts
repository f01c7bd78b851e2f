/**
 * The contract of a check (an SLO a scenario asserts, a phase's pre- or post-check, a rollback trigger): a
 * fold over the trace. The runner feeds it every trace event in order as the run goes and asks for its
 * verdict when it needs one — at the end of the run, at a post-check's time, or while deciding a rollback —
 * so a check judges only what the twin observed and wrote down, exactly as a report reader could.
 *
 * A failed check carries evidence: who (participant, service or subject), when (from–to) and what; the runner
 * names the fault or cutover step that caused each piece of evidence.
 *
 * Every verdict also says how much the check judged (`judged`: executions, subscribers' channels, sessions,
 * transfers, samples, participant-services in its window). Judging nothing is not a clean pass: `startCheck`
 * makes such a verdict say "nothing to check", and fail when the scenario entry is marked `require: evidence`
 * (docs/checks.md, "Nothing to check").
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
  /**
   * How many things the check judged in the window as of the verdict (the kind says what: executions,
   * channels, sessions, …); 0 means it had nothing to check.
   */
  readonly judged: number
}

/** A verdict as the runner reports it: the kind's own, with the "nothing to check" rule applied. */
export interface JudgedResult extends Omit<CheckResult, "judged"> {
  /** The check judged nothing in its window (its summary says so). */
  readonly nothingToCheck: boolean
}

export interface CheckRun<R = CheckResult> {
  /** Every trace event, in trace order, from the first (`trace.start`) on. */
  readonly observe: (event: TraceEvent) => void
  /** The verdict over [window.from, min(now, window.to)]; can be asked more than once. */
  readonly verdict: (now: Micros) => R
}

/** What a scenario entry may require of a check besides its kind's limits (`require: evidence`). */
export type CheckRequirement = "evidence" | undefined

/** The words every verdict with nothing judged carries (docs/checks.md, report.md, the CLI table). */
export const NOTHING_TO_CHECK = "nothing to check"

/**
 * `result` with the "nothing to check" rule: when the check judged nothing, its summary starts with
 * "nothing to check" (a pass stays a pass, a fail stays a fail — e.g. a wiring missing from the run), and
 * under `require: evidence` it fails, with one piece of evidence over the window saying why.
 */
export const applyRequirement = (
  result: CheckResult,
  requirement: CheckRequirement,
  window: CheckContext["window"],
  now: Micros
): JudgedResult => {
  const { judged: _judged, ...rest } = result
  if (result.judged > 0) return { ...rest, nothingToCheck: false }
  if (requirement !== "evidence") return { ...rest, summary: `${NOTHING_TO_CHECK}: ${result.summary}`, nothingToCheck: true }
  const to = Math.min(now, window.to)
  return {
    verdict: "fail",
    summary: `${NOTHING_TO_CHECK}, and evidence is required (require: evidence): ${result.summary}`,
    evidence: [
      ...result.evidence,
      { from: window.from, to, detail: `${NOTHING_TO_CHECK} in the window, and the check requires evidence (require: evidence)` }
    ],
    nothingToCheck: true
  }
}

/** A check as a scenario runs it: its kind's run, every verdict with the "nothing to check" rule applied. */
export const startCheck = <P>(
  kind: CheckKind<P>,
  params: P,
  ctx: CheckContext,
  requirement: CheckRequirement = undefined
): CheckRun<JudgedResult> => {
  const run = kind.make(params, ctx)
  return { observe: run.observe, verdict: (now) => applyRequirement(run.verdict(now), requirement, ctx.window, now) }
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
  /**
   * Its evidence starts when a line was last heard, a heartbeat or two before the change that silenced it:
   * the cause chain looks for that change up to `LEAD` after the evidence (twin/contract/cause-chain.ts).
   */
  readonly evidenceDatedBack?: true
  /**
   * Each piece of its evidence that names a participant and a service, when it fails, is harm done to that
   * service — time without market data, data lost for good, orders answered late or never, executions lost,
   * a session or the northbound service down, a file late — so the report's affected list, whom to notify,
   * holds that participant even when its health status never got worse (harm shorter than health's
   * detection, or that health does not measure: scenarios/report/named-by-checks.ts). Left out by kinds
   * whose evidence is not harm: a health threshold (health's own list judges against design), the flow a
   * percentile picked (added-latency), a participant's own orders over the throttle it bought.
   */
  readonly namesHarmed?: true
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCheckKind = CheckKind<any>

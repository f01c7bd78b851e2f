/**
 * Runs the cutover phases of a scenario on the world: pre-checks (go/no-go) just before a phase's first
 * step, its moves at their times, its post-checks (the PRT steps) at theirs, and its rollback rule —
 * a failed post-check or watched check before the cut-off moves every unit the phase moved back (after
 * `takes`), skips its remaining steps and stops the phases after it; after the cut-off the phase stands and
 * is reported failed. A phase with `requires:` starts only if the earlier phases it names passed (started,
 * every post-check passed, not rolled back, not failed after the cut-off), whatever the others did; one
 * that does not start is `skipped`, its reason naming the phase it waited on. Every decision is written to
 * the trace (`scenario.phase`, `scenario.step`, `scenario.check`, `scenario.rollback`).
 */
import type { CheckRun, JudgedResult } from "./checks/check.ts"
import type { Runtime } from "../twin/engine/runtime.ts"
import { formatTimeOfDay, type Micros, seconds } from "../twin/engine/time.ts"
import { WorldChange } from "../twin/world/world-change.ts"
import type { WorldPort } from "../twin/world/world-port.ts"
import type { Report } from "./report/report.ts"
import type { ScheduledCheck, ScheduledPhase } from "./scenario.ts"
import { stepChanges } from "./step-changes.ts"

/** How often watched rollback triggers are re-judged. */
export const WATCH_EVERY = seconds(60)

/**
 * Whether anything can ever roll `phase` back, as the controller below triggers it: a post-check judged by
 * the cut-off with `when: post-check-fails`, or a watched check (first judged a minute after the first
 * step, last at the cut-off). A rule with neither — `when: never` and no watch, or every PRT step after the
 * cut-off — is never carried out, so the planner counts no rollback for it (twin/plan/score-plan.ts) and
 * the runbook says it has none (runbook/words.ts).
 */
export const canRollBack = (phase: Pick<ScheduledPhase, "postChecks" | "rollback" | "window">): boolean => {
  const r = phase.rollback
  if (r === undefined) return false
  return (r.onPostCheck && phase.postChecks.some((c) => c.window.to <= r.cutoff)) || (r.watch.length > 0 && phase.window.from + WATCH_EVERY <= r.cutoff)
}

export interface CheckVerdict {
  readonly check: ScheduledCheck
  readonly at: Micros
  readonly verdict: "pass" | "fail"
  readonly summary: string
  readonly evidence: JudgedResult["evidence"]
  /** The check judged nothing in its window (its summary says "nothing to check"). */
  readonly nothingToCheck: boolean
}

type Outcome = Report["phases"][number]["outcome"]

interface PhaseRecord {
  outcome: Outcome
  started: boolean
  stopped: boolean
  readonly steps: Array<Report["phases"][number]["steps"][number]>
  readonly movedHere: Array<string>
  rollback: { at: Micros; reason: string; units: Array<string> } | undefined
  /** When the rollback was decided: post-checks due at that same instant are still judged (a PRT runs all its steps). */
  triggeredAt: Micros | undefined
  /** The first post-check (PRT step) that failed, if any. */
  failedPostCheck: string | undefined
  /** Why a phase that did not start did not (the trace's `scenario.phase` reason). */
  reason: string | undefined
  readonly window: { readonly from: Micros; readonly to: Micros }
}

/** The first phase that stopped the phases after it, and how (for the default gate's reason). */
interface Halt {
  readonly phase: string
  readonly how: string
}

/** A check's verdict now, from the trace so far (`judgeBy`; a run in parts asks across its parts: scenarios/scenario-part.ts). */
export type Judge = (check: ScheduledCheck) => JudgedResult

/** Each check's verdict now from its run, which has folded the trace so far. */
export const judgeBy = (runs: ReadonlyMap<ScheduledCheck, CheckRun<JudgedResult>>, runtime: Runtime): Judge => (check) => runs.get(check)!.verdict(runtime.now)

export class PhaseController {
  private readonly runtime: Runtime
  private readonly world: WorldPort
  private readonly verdictOf: Judge
  /** Writes the controller's decisions to the trace (a replica in a part whose lines are dropped writes nothing). */
  private readonly record: Runtime["record"]
  readonly verdicts: Array<CheckVerdict> = []
  private readonly records = new Map<string, PhaseRecord>()
  private halted: Halt | undefined

  constructor(runtime: Runtime, world: WorldPort, judge: Judge, options: { readonly record?: boolean } = {}) {
    this.runtime = runtime
    this.world = world
    this.verdictOf = judge
    this.record = options.record === false ? () => {} : runtime.record.bind(runtime)
  }

  schedule(phases: ReadonlyArray<ScheduledPhase>): void {
    for (const phase of phases) {
      this.records.set(phase.id, {
        outcome: "not-started",
        started: false,
        stopped: false,
        steps: [],
        movedHere: [],
        rollback: undefined,
        triggeredAt: undefined,
        failedPostCheck: undefined,
        reason: undefined,
        window: phase.window
      })
      this.runtime.at(phase.window.from, () => this.start(phase))
    }
  }

  /** The phases as the report shows them. */
  report(phases: ReadonlyArray<ScheduledPhase>): Report["phases"] {
    return phases.map((p) => {
      const r = this.records.get(p.id)!
      return {
        id: p.id,
        name: p.name,
        from: p.window.from,
        to: p.window.to,
        ...(p.rollback === undefined ? {} : { cutoff: p.rollback.cutoff }),
        steps: r.steps,
        outcome: r.outcome,
        ...(r.reason === undefined ? {} : { reason: r.reason }),
        ...(r.rollback === undefined ? {} : { rollback: r.rollback })
      }
    })
  }

  private judge(check: ScheduledCheck): CheckVerdict {
    const result = this.verdictOf(check)
    const v: CheckVerdict = { check, at: this.runtime.now, verdict: result.verdict, summary: result.summary, evidence: result.evidence, nothingToCheck: result.nothingToCheck }
    if (check.role !== "watch" || result.verdict === "fail") {
      this.record("scenario.check", check.id, {
        role: check.role,
        phase: check.phase ?? null,
        verdict: result.verdict,
        summary: result.summary,
        evidence: result.evidence.length
      })
    }
    return v
  }

  /** How `id` failed to pass, or undefined when it passed (started, every post-check passed, completed). */
  private notPassed(id: string): string | undefined {
    const r = this.records.get(id)
    if (r === undefined || !r.started) return "did not start"
    if (r.outcome === "rolled-back") return "was rolled back"
    if (r.failedPostCheck !== undefined) return `failed its post-check ${r.failedPostCheck}`
    if (r.outcome === "failed-after-cutoff") return "failed after its cut-off"
    if (r.window.to > this.runtime.now) return "had not finished"
    return undefined
  }

  private skip(phase: ScheduledPhase, reason: string): void {
    this.records.get(phase.id)!.reason = reason
    this.record("scenario.phase", phase.id, { status: "skipped", reason })
    // A phase that did not start stops the later phases that keep the default gate.
    this.halted ??= { phase: phase.id, how: "did not start" }
  }

  private start(phase: ScheduledPhase, deferred = false): void {
    const record = this.records.get(phase.id)!
    if (phase.requires !== "default") {
      // A required phase's last post-check or cut-off due at this very instant is judged first.
      if (!deferred && phase.requires.some((id) => this.records.get(id)?.window.to === this.runtime.now)) {
        this.runtime.at(this.runtime.now, () => this.start(phase, true))
        return
      }
      for (const id of phase.requires) {
        const how = this.notPassed(id)
        if (how !== undefined) return this.skip(phase, `requires phase ${id}, which ${how}`)
      }
    } else if (this.halted !== undefined) {
      const reason = `phase ${this.halted.phase} ${this.halted.how}`
      record.reason = reason
      this.record("scenario.phase", phase.id, { status: "skipped", reason })
      return
    }
    const pre = phase.preChecks.map((c) => this.judge(c))
    this.verdicts.push(...pre)
    const failed = pre.filter((v) => v.verdict === "fail")
    if (failed.length > 0) {
      const reason = `pre-check ${failed.map((v) => v.check.id).join(", ")} failed`
      record.reason = reason
      this.record("scenario.phase", phase.id, { status: "no-go", reason })
      this.halted ??= { phase: phase.id, how: "was a no-go" }
      return
    }
    record.started = true
    record.outcome = "completed"
    this.record("scenario.phase", phase.id, { status: "start", name: phase.name })
    for (const step of phase.steps) {
      this.runtime.at(step.at, () => {
        if (record.stopped) return
        this.record("scenario.step", phase.id, { move: [...step.move], back: [...step.back] })
        record.steps.push({ at: step.at, move: [...step.move], back: [...step.back] })
        // The units this phase moved are those the step puts on the new backbone (step-changes.ts): a move
        // of a unit already there is not the phase's to roll back.
        record.movedHere.push(...stepChanges(this.world.state.moved, step).moved)
        // One step is one change of the world: health judged once, on all its units moved (never on half of them).
        this.world.batch(() => {
          for (const unit of step.move) this.world.apply(WorldChange.unitMoved(unit))
          for (const unit of step.back) this.world.apply(WorldChange.unitMoved(unit, true))
        })
      })
    }
    for (const check of phase.postChecks) {
      this.runtime.at(check.window.to, () => {
        if (record.outcome === "rolled-back" && record.triggeredAt !== this.runtime.now) return
        const v = this.judge(check)
        this.verdicts.push(v)
        if (v.verdict === "fail") record.failedPostCheck ??= check.id
        if (v.verdict === "fail" && phase.rollback?.onPostCheck === true) this.trigger(phase, `post-check ${check.id} failed: ${v.summary}`)
      })
    }
    const rollback = phase.rollback
    if (rollback !== undefined) {
      for (let t = phase.window.from + WATCH_EVERY; t <= rollback.cutoff; t += WATCH_EVERY) {
        this.runtime.at(t, () => {
          if (record.stopped) return
          for (const check of rollback.watch) {
            const v = this.judge(check)
            if (v.verdict === "fail") {
              this.verdicts.push(v)
              this.trigger(phase, `watched check ${check.id} failed: ${v.summary}`)
              return
            }
          }
        })
      }
    }
    this.runtime.at(phase.window.to, () => {
      if (record.outcome === "completed") this.record("scenario.phase", phase.id, { status: "completed" })
    })
  }

  private trigger(phase: ScheduledPhase, reason: string): void {
    const record = this.records.get(phase.id)!
    const rollback = phase.rollback!
    if (record.stopped) return
    record.stopped = true
    record.triggeredAt = this.runtime.now
    if (this.runtime.now > rollback.cutoff) {
      record.outcome = "failed-after-cutoff"
      this.record("scenario.phase", phase.id, {
        status: "failed-after-cutoff",
        reason: `${reason}; past the cut-off ${formatTimeOfDay(rollback.cutoff)}, no rollback`
      })
      return
    }
    record.outcome = "rolled-back"
    this.halted ??= { phase: phase.id, how: "was rolled back" }
    const units = [...new Set(record.movedHere)].reverse().filter((u) => this.world.state.moved.has(u))
    const at = this.runtime.now + rollback.takes
    record.rollback = { at, reason, units }
    this.record("scenario.rollback", phase.id, { reason, units, at })
    this.runtime.at(at, () => {
      record.steps.push({ at, move: [], back: units })
      this.world.batch(() => {
        for (const unit of units) this.world.apply(WorldChange.unitMoved(unit, true))
      })
      this.record("scenario.phase", phase.id, { status: "rolled-back", reason })
    })
  }
}

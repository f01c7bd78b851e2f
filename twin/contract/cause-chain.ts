/**
 * Cause chains: what changed last before a piece of evidence (or a participant's worse status) and what made
 * that change harmful — read from the trace's scenario events alone, so the report (scenarios/run.ts) and the
 * viewer (viewer/src/state/) tell the same chain from the same trace (docs/report-format.md "Cause chains").
 *
 * The rule (a heuristic):
 * - the **trigger** is the latest change among the candidates: a cut-over step or a rollback at most
 *   `AFTERMATH` before the evidence; a fault that started before it and is still on then, or ended at most
 *   `AFTERMATH` before it (protocols outlive their causes: a session reconnecting 60 s after its gateway came
 *   back). A change after the instant is never its trigger — a status that changed at 06:40:00 was not
 *   changed by a step at 06:40:05 — except for evidence dated back (`datedBack`): a silent line is dated from
 *   when it was last heard, a heartbeat or two before the change that silenced it, so the first change up to
 *   `LEAD` after it is its trigger.
 * - the **enablers** are the faults on at the trigger's instant (started before it, not ended), oldest
 *   first: what removed the redundancy that would have absorbed the change. A loss of packets alone is
 *   recovered; with the RTS port blocked since 09:25 it is not: the block is the enabler.
 * Nothing within reach: no chain.
 */
import { isKind, type TraceEvent } from "./trace-event.ts"

const SECOND = 1_000_000
export const AFTERMATH = 600 * SECOND
export const LEAD = 10 * SECOND

/** A step of a phase, its rollback, or a fault's start: what changed. */
export interface CauseTrigger {
  readonly kind: "step" | "rollback" | "fault"
  /** The phase id (step, rollback) or the fault id. */
  readonly id: string
  /** When it happened, µs since midnight. */
  readonly at: number
  /** `moved a, b`, `moved back c`, `node-crash on x`. */
  readonly what: string
}

/** A fault on when the trigger came. */
export interface CauseEnabler {
  readonly fault: string
  readonly kind: string
  readonly since: number
  /** The estate elements it acts on. */
  readonly targets: ReadonlyArray<string>
}

export interface CauseChain {
  readonly trigger: CauseTrigger
  readonly enablers: ReadonlyArray<CauseEnabler>
  /** The chain in words: `06:30:00 step lines-together moved a, b, while core-a-down (node-crash on new-core-dc1-a since 06:10:00) was on`. */
  readonly sentence: string
}

interface Change {
  readonly trigger: CauseTrigger
  readonly fault: boolean
  readonly kind: string
  readonly targets: ReadonlyArray<string>
  /** Faults: when it ended (undefined: still on). */
  to: number | undefined
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0")

/** `HH:MM:SS`, `.mmm` when there are milliseconds (as reports print times: twin/engine/time.ts `formatTimeOfDay`). */
export const clockOfDay = (t: number): string => {
  const ms = Math.floor(t / 1000)
  const us = t - ms * 1000
  const base = `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor((ms % 3_600_000) / 60_000))}:${pad(Math.floor((ms % 60_000) / 1000))}`
  return ms % 1000 === 0 && us === 0 ? base : `${base}.${pad(ms % 1000, 3)}${us === 0 ? "" : pad(us, 3)}`
}

/** At most three targets by name, then how many more: a carrier outage has hundreds of circuits. */
const targetsText = (targets: ReadonlyArray<string>): string =>
  targets.length <= 3 ? targets.join(", ") : `${targets.slice(0, 3).join(", ")} and ${targets.length - 3} more`

const faultWhat = (kind: string, targets: ReadonlyArray<string>): string => targets.length === 0 ? kind : `${kind} on ${targetsText(targets)}`

const stepWhat = (move: ReadonlyArray<string>, back: ReadonlyArray<string>): string =>
  [move.length > 0 ? `moved ${move.join(", ")}` : "", back.length > 0 ? `moved back ${back.join(", ")}` : ""].filter((x) => x !== "").join(" and ")

const triggerText = (t: CauseTrigger): string =>
  t.kind === "step" ? `${clockOfDay(t.at)} step ${t.id} ${t.what}`
  : t.kind === "rollback" ? `${clockOfDay(t.at)} rollback of ${t.id} ${t.what}`
  : `${clockOfDay(t.at)} fault ${t.id} (${t.what}) started`

export const chainSentence = (trigger: CauseTrigger, enablers: ReadonlyArray<CauseEnabler>): string => {
  if (enablers.length === 0) return triggerText(trigger)
  const on = enablers.map((e) => `${e.fault} (${faultWhat(e.kind, e.targets)} since ${clockOfDay(e.since)})`)
  const list = on.length === 1 ? on[0]! : `${on.slice(0, -1).join(", ")} and ${on[on.length - 1]!}`
  return `${triggerText(trigger)}, while ${list} ${on.length === 1 ? "was" : "were"} on`
}

export class CauseIndex {
  private readonly changes: Array<Change> = []
  private readonly openFaults = new Map<string, Change>()
  /** Units of a rollback announced (`scenario.rollback`) and not yet done, per phase. */
  private readonly pendingRollback = new Map<string, ReadonlyArray<string>>()

  /** Folds one trace event; only `scenario.fault`, `scenario.step`, `scenario.rollback` and a rolled-back `scenario.phase` count. */
  readonly observe = (e: TraceEvent): void => {
    if (isKind(e, "scenario.fault")) {
      if (e.data.status === "start") {
        const change: Change = {
          trigger: { kind: "fault", id: e.subject, at: e.t, what: faultWhat(e.data.kind, e.data.targets) },
          fault: true,
          kind: e.data.kind,
          targets: [...e.data.targets],
          to: undefined
        }
        this.changes.push(change)
        this.openFaults.set(e.subject, change)
      } else {
        const open = this.openFaults.get(e.subject)
        if (open !== undefined) open.to = e.t
        this.openFaults.delete(e.subject)
      }
    } else if (isKind(e, "scenario.step")) {
      this.changes.push({ trigger: { kind: "step", id: e.subject, at: e.t, what: stepWhat(e.data.move, e.data.back) }, fault: false, kind: "step", targets: [], to: undefined })
    } else if (isKind(e, "scenario.rollback")) {
      this.pendingRollback.set(e.subject, e.data.units)
    } else if (isKind(e, "scenario.phase") && e.data.status === "rolled-back") {
      const units = this.pendingRollback.get(e.subject) ?? []
      this.pendingRollback.delete(e.subject)
      this.changes.push({ trigger: { kind: "rollback", id: e.subject, at: e.t, what: stepWhat([], units) }, fault: false, kind: "rollback", targets: [], to: undefined })
    }
  }

  /**
   * The chain behind evidence (or a status) that started at `at`; undefined when nothing changed within reach.
   * `datedBack`: `at` is when a line was last heard, before what silenced it (omd-dual-line-loss evidence).
   */
  chainAt(at: number, datedBack = false): CauseChain | undefined {
    let trigger: Change | undefined
    // Dated back: the first change in (at, at + LEAD], the first thing that could have silenced the line.
    if (datedBack) for (const c of this.changes) if (c.trigger.at > at && c.trigger.at <= at + LEAD && (trigger === undefined || c.trigger.at <= trigger.trigger.at)) trigger = c
    if (trigger === undefined) for (const c of this.changes) {
      if (c.trigger.at > at) continue
      if (c.fault ? c.to !== undefined && c.to + AFTERMATH < at : at - c.trigger.at > AFTERMATH) continue
      // Changes are folded in trace order: at one instant, the later written wins.
      if (trigger === undefined || c.trigger.at >= trigger.trigger.at) trigger = c
    }
    if (trigger === undefined) return undefined
    const when = trigger.trigger.at
    const enablers: Array<CauseEnabler> = []
    for (const c of this.changes) {
      if (c === trigger || !c.fault || c.trigger.at > when || (c.to !== undefined && c.to <= when)) continue
      enablers.push({ fault: c.trigger.id, kind: c.kind, since: c.trigger.at, targets: c.targets })
    }
    return { trigger: trigger.trigger, enablers, sentence: chainSentence(trigger.trigger, enablers) }
  }
}

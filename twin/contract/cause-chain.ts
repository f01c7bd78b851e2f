/**
 * Cause chains: what changed last before a piece of evidence (or a participant's worse status) and what made
 * that change harmful — read from the trace alone, so the report (scenarios/run.ts), `twin participant
 * --trace` and the viewer (viewer/src/state/) tell the same chain from the same trace (docs/report-format.md
 * "Cause chains").
 *
 * Every change of the world the trace records is a candidate: a scenario's steps, rollbacks and faults
 * (injected ones too: `scenario.fault`), and in a live drill a person's action (`live.control`: a trainee's
 * `action`, an instructor's `move`). An action counts from the instant it changed the world, which is not
 * when it was taken: a failover declared at 09:32:07 is in force at 09:37:07 (drill-protocol.ts
 * `actionFirstChange`), and only a `world.change` (or a fault's end, an escalation's effect) written at that
 * instant shows it changed anything — one that changed nothing (a unit already back) is no candidate. Left
 * out, the harm a trainee's failover did would be put down to the fault on before it.
 *
 * The rule (a heuristic):
 * - the **trigger** is the latest change among the candidates: a cut-over step, a rollback or an action at
 *   most `AFTERMATH` before the evidence; a fault that started before it and is still on then, or ended at most
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
import { actionFirstChange } from "./drill-protocol.ts"
import { isKind, type TraceEvent } from "./trace-event.ts"

const SECOND = 1_000_000
export const AFTERMATH = 600 * SECOND
export const LEAD = 10 * SECOND

/** A step of a phase, its rollback, a fault's start, or a person's action in a live drill: what changed. */
export interface CauseTrigger {
  readonly kind: "step" | "rollback" | "fault" | "action"
  /** The phase id (step, rollback), the fault id, or who acted (action: `trainee`, `instructor`). */
  readonly id: string
  /** When the world changed, µs since midnight (an action: when it took effect). */
  readonly at: number
  /** `moved a, b`, `moved back c`, `node-crash on x`; an action: `fail-over-site dc2`, or the units an instructor moved. */
  readonly what: string
  /** An action: when it was taken (`live.control`), at or before `at`. */
  readonly taken?: number
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

/** A person's action taken and not yet seen changing the world. */
interface PendingAction {
  readonly by: string
  readonly taken: number
  readonly what: string
  /** When its first change is due. */
  readonly due: number
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

const actionText = (t: CauseTrigger): string => {
  const taken = t.taken ?? t.at
  return `${clockOfDay(taken)} ${t.id}'s action ${t.what}${taken === t.at ? "" : ` (in force ${clockOfDay(t.at)})`}`
}

const triggerText = (t: CauseTrigger): string =>
  t.kind === "step" ? `${clockOfDay(t.at)} step ${t.id} ${t.what}`
  : t.kind === "rollback" ? `${clockOfDay(t.at)} rollback of ${t.id} ${t.what}`
  : t.kind === "action" ? actionText(t)
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
  /** Actions taken whose first change has not been seen yet, in the order taken. */
  private pendingActions: Array<PendingAction> = []

  /**
   * Folds one trace event; `scenario.fault`, `scenario.step`, `scenario.rollback`, a rolled-back
   * `scenario.phase`, a `live.control` action or move, and the `world.change` that shows an action in force count.
   */
  readonly observe = (e: TraceEvent): void => {
    if (this.pendingActions.length > 0 && (e.kind === "world.change" || (isKind(e, "scenario.fault") && e.data.status === "end"))) this.actionsInForce(e.t)
    if (isKind(e, "live.control")) {
      const c = e.data
      if (c.control === "action") {
        const after = actionFirstChange(c.action)
        if (after !== undefined) this.pendingActions.push({ by: e.subject, taken: e.t, what: `${c.action} ${c.target}`, due: e.t + after })
      } else if (c.control === "move") {
        this.pendingActions.push({ by: e.subject, taken: e.t, what: c.back ? stepWhat([], c.units) : stepWhat(c.units, []), due: e.t })
      }
    } else if (isKind(e, "scenario.fault")) {
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

  /** The persons' actions that changed the world so far, in the order they took effect (the debrief's timeline tells them). */
  actions(): ReadonlyArray<CauseTrigger> {
    return this.changes.filter((c) => c.trigger.kind === "action").map((c) => c.trigger)
  }

  /** The actions due at `t` changed the world then (a change is written at that instant): candidates from now on. */
  private actionsInForce(t: number): void {
    const waiting: Array<PendingAction> = []
    for (const a of this.pendingActions) {
      if (a.due === t) {
        this.changes.push({ trigger: { kind: "action", id: a.by, at: t, what: a.what, taken: a.taken }, fault: false, kind: "action", targets: [], to: undefined })
      } else if (a.due > t) waiting.push(a)
      // Due before t and no change then: it changed nothing (a unit already back, DR already declared).
    }
    this.pendingActions = waiting
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

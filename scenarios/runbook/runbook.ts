/**
 * A cutover runbook: what the change team follows in each window — ordered steps with their times, the
 * go/no-go criteria (the phase's pre-checks), the PRT checks, the rollback rule with its cut-off — and per
 * step the participants at risk, who are the ones to notify. Written as runbook.md and runbook.html
 * (markdown.ts, html.ts) by `twin plan` for the plan it found and by `twin run` for a scenario with phases.
 *
 * Built from the scenarios as written (from-scenarios.ts), so the criteria read as the plan states them.
 * Who is at risk is not the scenario's to know: the caller passes it (twin/plan/score-plan.ts judges it
 * with the impact engine), which keeps this writer below the planner that fills it in.
 */
import type { Micros } from "../../twin/engine/time.ts"

export interface RunbookStep {
  readonly at: Micros
  /** `move` (to the new backbone) or `back` (a planned fall-back). */
  readonly action: "move" | "back"
  readonly units: ReadonlyArray<string>
  /** Participants at risk from this step until the next, sorted ids (undefined: not judged). */
  readonly atRisk: ReadonlyArray<string> | undefined
  /** Why they are at risk, one line each (e.g. the worst single fault, who loses service while converging). */
  readonly why: ReadonlyArray<string>
}

export interface RunbookCheck {
  readonly id: string
  /** What it asserts, in words (describe-check.ts). */
  readonly text: string
  /** A post-check's PRT time. */
  readonly at: Micros | undefined
}

export interface RunbookPhase {
  readonly id: string
  readonly name: string
  /** The scenario file it comes from (display path). */
  readonly file: string
  readonly date: string | undefined
  readonly window: { readonly from: Micros; readonly to: Micros }
  /** Phases that must have passed before this one starts (its gate), or the default gate. */
  readonly requires: "default" | ReadonlyArray<string>
  readonly goNoGo: ReadonlyArray<RunbookCheck>
  readonly steps: ReadonlyArray<RunbookStep>
  /**
   * Its steps and rollback inside a trading session of its day, one warning line each
   * (scenarios/trading-hours.ts): a maintenance window belongs outside them.
   */
  readonly tradingHours: ReadonlyArray<string>
  readonly prt: ReadonlyArray<RunbookCheck>
  readonly rollback:
    | {
      readonly onPostCheck: boolean
      readonly watch: ReadonlyArray<RunbookCheck>
      /**
       * Something can trigger it (scenarios/phases.ts `canRollBack`): a rule with `when: never` and no
       * watch, or whose PRT steps all come after the cut-off, never rolls back, and the runbook says so.
       */
      readonly canTrigger: boolean
      readonly cutoff: Micros
      readonly takes: Micros
      /**
       * Units moved back, in the order they go back (the reverse of their moves): those the phase moved that
       * are still on the new backbone after its steps (none once a planned fall-back has moved them all back).
       */
      readonly units: ReadonlyArray<string>
      /** Participants the rollback takes down while its units converge together (undefined: not judged). */
      readonly atRisk: ReadonlyArray<string> | undefined
    }
    | undefined
}

export interface Runbook {
  readonly title: string
  /** What made it: `twin plan` or `twin run FILE`, and the assumption that matters (the convergence delay). */
  readonly source: string
  readonly convergence: Micros
  readonly phases: ReadonlyArray<RunbookPhase>
  /** Participant id → name, for the notification lists. */
  readonly names: ReadonlyMap<string, string>
  /** Faults the scenarios inject besides the plan (a drill's): no step plans for them, so "at risk" leaves them out. */
  readonly faults: ReadonlyArray<RunbookFault>
}

export interface RunbookFault {
  readonly id: string
  /** The `kind:` as written, e.g. `carrier-circuit-loss`. */
  readonly kind: string
  readonly date: string | undefined
  readonly at: Micros
}

/** Every participant at risk in a phase: its steps' and its rollback's. */
export const phaseAtRisk = (phase: RunbookPhase): ReadonlyArray<string> =>
  [...new Set([...phase.steps.flatMap((s) => s.atRisk ?? []), ...(phase.rollback?.atRisk ?? [])])].sort()

/**
 * The distinct notification lists of a runbook, each once (phases often put the same participants at
 * risk): list key → its letter, in order of first use.
 */
export const notificationLists = (runbook: Runbook): ReadonlyArray<{ readonly letter: string; readonly participants: ReadonlyArray<string> }> => {
  const seen = new Map<string, ReadonlyArray<string>>()
  const consider = (list: ReadonlyArray<string> | undefined) => {
    if (list !== undefined && list.length > 0 && !seen.has(list.join(","))) seen.set(list.join(","), list)
  }
  for (const p of runbook.phases) {
    for (const s of p.steps) consider(s.atRisk)
    consider(p.rollback?.atRisk)
  }
  return [...seen.values()].map((participants, i) => ({ letter: listLetter(i), participants }))
}

/** A, B, …, Z, AA, AB, … */
const listLetter = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : listLetter(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)))

/** The letter of `list` among `lists`, or undefined for an empty list. */
export const letterOf = (lists: ReturnType<typeof notificationLists>, list: ReadonlyArray<string> | undefined): string | undefined =>
  list === undefined || list.length === 0 ? undefined : lists.find((l) => l.participants.join(",") === list.join(","))?.letter

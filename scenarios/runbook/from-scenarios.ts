/**
 * A runbook from scenarios with cutover phases: each phase's steps, gates, pre-checks, PRT and rollback
 * as the resolved scenario schedules them, its criteria in the words of the entries as written (the
 * decoded scenario file: `max: 0s`, not microseconds), and who is at risk per step as the caller judged it.
 */
import type { Micros } from "../../twin/engine/time.ts"
import { canRollBack } from "../phases.ts"
import type { Scenario } from "../scenario.ts"
import type { ScenarioFile } from "../schema.ts"
import { stepChanges } from "../step-changes.ts"
import { inTradingHoursText, phaseInTradingHours } from "../trading-hours.ts"
import { describeCheck } from "./describe-check.ts"
import type { Runbook, RunbookCheck, RunbookPhase } from "./runbook.ts"

/** Who a phase puts at risk, per step (by its time) and in its rollback: twin/plan/score-plan.ts. */
export interface PhaseRisk {
  readonly steps: ReadonlyArray<{ readonly at: Micros; readonly atRisk: ReadonlyArray<string>; readonly why: ReadonlyArray<string> }>
  readonly rollbackAtRisk: ReadonlyArray<string>
}

export interface RunbookSource {
  readonly scenario: Scenario
  /** The same file decoded but not resolved: the criteria as written. */
  readonly written: ScenarioFile
}

type Entry = Readonly<Record<string, unknown>>

const checks = (written: ReadonlyArray<Entry> | undefined, scheduled: ReadonlyArray<{ readonly id: string; readonly window: { readonly to: Micros } }>, withAt: boolean): ReadonlyArray<RunbookCheck> =>
  scheduled.map((c, i) => ({ id: c.id, text: describeCheck(written?.[i] ?? { check: c.id }), at: withAt ? c.window.to : undefined }))

export const runbookOf = (
  sources: ReadonlyArray<RunbookSource>,
  options: {
    readonly title: string
    readonly source: string
    readonly risks?: (scenario: string, phase: string) => PhaseRisk | undefined
  }
): Runbook => {
  const phases: Array<RunbookPhase> = []
  for (const { scenario, written } of sources) {
    let onNew: ReadonlySet<string> = new Set(scenario.moved)
    scenario.phases.forEach((phase, pi) => {
      const file = written.phases?.[pi]
      const risk = options.risks?.(scenario.id, phase.id)
      // What its rollback moves back: the units its steps moved still on the new backbone after them (as the
      // phase controller does: a planned fall-back has moved some back already) — step-changes.ts.
      const moved: Array<string> = []
      for (const step of phase.steps) {
        const change = stepChanges(onNew, step)
        moved.push(...change.moved)
        onNew = change.after
      }
      const date = scenario.date
      phases.push({
        id: phase.id,
        name: phase.name,
        file: scenario.file,
        date: scenario.date,
        window: phase.window,
        requires: phase.requires,
        goNoGo: checks(file?.preChecks as ReadonlyArray<Entry> | undefined, phase.preChecks, false),
        // A step's moves and fall-backs are one change, judged once (twin/plan/score-plan.ts): both rows carry
        // its judgement, its reasons once.
        steps: phase.steps.flatMap((s) => {
          const r = risk?.steps.find((x) => x.at === s.at)
          const atRisk = risk === undefined ? undefined : (r?.atRisk ?? [])
          const out = []
          if (s.move.length > 0) out.push({ at: s.at, action: "move" as const, units: s.move, atRisk, why: r?.why ?? [] })
          if (s.back.length > 0) out.push({ at: s.at, action: "back" as const, units: s.back, atRisk, why: out.length === 0 ? (r?.why ?? []) : [] })
          return out
        }),
        tradingHours: phaseInTradingHours(scenario, phase).map((x) => inTradingHoursText(x, date)),
        prt: checks(file?.postChecks as ReadonlyArray<Entry> | undefined, phase.postChecks, true),
        rollback: phase.rollback === undefined ? undefined : {
          onPostCheck: phase.rollback.onPostCheck,
          canTrigger: canRollBack(phase),
          watch: checks(file?.rollback?.watch as ReadonlyArray<Entry> | undefined, phase.rollback.watch, false),
          cutoff: phase.rollback.cutoff,
          takes: phase.rollback.takes,
          units: [...new Set(moved)].filter((u) => onNew.has(u)).reverse(),
          atRisk: risk?.rollbackAtRisk
        }
      })
    })
  }
  const names = new Map((sources[0]?.scenario.model.file.participants ?? []).map((p) => [p.id, p.name]))
  const faults = sources.flatMap(({ scenario }) => scenario.faults.map((f) => ({ id: f.id, kind: f.kind.kind, date: scenario.date, at: f.start })))
  return { title: options.title, source: options.source, convergence: sources[0]?.scenario.engine.convergence ?? 0, phases, names, faults }
}

/**
 * `sweep.message`: one full message-engine run of a scenario with its faults replaced by one drawn fault
 * (draws.ts), judged by the scenario's checks. Pure: the scenario file, the engine's seed and the draw give
 * the same outcome wherever it runs (a worker thread, a cluster runner). The scenario is loaded once per
 * lane and seed (task-memo.ts), at the catalogue's seed for the fault list and at the run's seed for the
 * run, so a scenario's own `draw:` faults index the same list in every run.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect } from "effect"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { loadScenario } from "../../../scenarios/load.ts"
import { runScenario } from "../../../scenarios/run.ts"
import type { Scenario } from "../../../scenarios/scenario.ts"
import type { Micros } from "../../engine/time.ts"
import { formatTimeOfDay } from "../../engine/time.ts"
import { MemoTable, type TaskMemo } from "../../parallel/task-memo.ts"

declare module "../../parallel/task.ts" {
  interface TaskMap {
    readonly "sweep.message": { readonly input: MessageRunTask; readonly output: MessageRunOutcome }
  }
}

export interface MessageRunTask {
  /** The scenario file, absolute (a runner elsewhere resolves it in its own folder). */
  readonly scenario: string
  /** `--estate`, absolute, if given. */
  readonly estate?: string
  /** The seed the fault list was drawn at (the scenario's `draw:` faults). */
  readonly catalogueSeed: number
  /** The engine's seed for this run. */
  readonly seed: number
  /** Index in the fault list, and the drawn window. */
  readonly fault: number
  readonly start: Micros
  readonly end: Micros
}

export interface MessageRunOutcome {
  /** `check label → pass|fail` for every check the run judged (label: `phase/id` for a phase's checks). */
  readonly verdicts: ReadonlyArray<readonly [string, "pass" | "fail"]>
  /** Participants down at some point: the longest time down over their services, µs; by participant id. */
  readonly down: ReadonlyArray<readonly [string, number]>
  readonly verdict: "pass" | "fail"
}

const scenarios = new MemoTable<Promise<Scenario>>()

export const loadAt = (memo: TaskMemo, path: string, estate: string | undefined, seed: number): Promise<Scenario> =>
  scenarios.get(memo, `${path}\u0000${estate ?? ""}\u0000${seed}`, () =>
    Effect.runPromise(loadScenario(path, { catalogues, seed, estate }).pipe(Effect.provide(NodeServices.layer))))

/** The label a check's verdict is counted under: its id, after its phase for a phase's check. */
export const checkLabel = (c: { readonly id: string; readonly phase?: string }): string => (c.phase === undefined ? c.id : `${c.phase}/${c.id}`)

export const runMessageTask = async (input: MessageRunTask, memo: TaskMemo): Promise<MessageRunOutcome> => {
  const catalogue = await loadAt(memo, input.scenario, input.estate, input.catalogueSeed)
  const scenario = await loadAt(memo, input.scenario, input.estate, input.seed)
  const fault = catalogue.faults[input.fault]
  if (fault === undefined) throw new Error(`${catalogue.file}: no fault ${input.fault} (the scenario has ${catalogue.faults.length})`)
  const drawn = {
    ...fault,
    start: input.start,
    end: input.end,
    written: { ...fault.written, at: formatTimeOfDay(input.start), for: `${(input.end - input.start) / 1_000_000}s` }
  }
  const report = runScenario({ ...scenario, faults: [drawn], write: { trace: false, markdown: false, html: false } }, { trace: { write: () => {} } })
  const down = new Map<string, number>()
  for (const a of report.affected) {
    if (a.time.down > 0) down.set(a.participant, Math.max(down.get(a.participant) ?? 0, a.time.down))
  }
  return {
    verdicts: report.checks.map((c) => [checkLabel(c), c.verdict] as const),
    down: [...down].sort((a, b) => a[0].localeCompare(b[0])),
    verdict: report.verdict
  }
}

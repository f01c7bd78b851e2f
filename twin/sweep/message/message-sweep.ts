/**
 * `twin sweep SCENARIO --engine message --faults random:K [--seeds N]`: a Monte Carlo study through the
 * message engine. K faults are drawn from the scenario's own fault list (draws.ts); each runs under N
 * engine seeds (the scenario's seed, or `--seed`, and the N − 1 after it): K × N full runs, one
 * `sweep.message` task each (run-task.ts) through `TaskExecutor`, so they spread over the worker pool or a
 * cluster with the same result. The outcomes are folded in task order (draw, then seed) into:
 * - per check: runs judged, passes, the pass rate and its 95 % Wilson interval (wilson.ts);
 * - the worst participants: most runs with the participant down, then most minutes down in all;
 * - a histogram of each run's outage minutes (Σ over participants of their longest time down).
 */
import { Effect } from "effect"
import { resolve } from "node:path"
import type { Scenario } from "../../../scenarios/scenario.ts"
import { InputInvalid, issue } from "../../../topology/input-issue.ts"
import { TaskExecutor, type Progress } from "../../parallel/executor.ts"
import { drawFaults, type FaultDraw } from "./draws.ts"
import { type MessageRunOutcome, type MessageRunTask } from "./run-task.ts"
import { wilson } from "./wilson.ts"

export interface MessageSweepOptions {
  readonly count: number
  /** The engine seed of the first of the `seeds` runs per draw, and the seed of the draws. */
  readonly seed: number
  readonly seeds: number
  readonly estate: string | undefined
}

export interface CheckRate {
  readonly check: string
  /** Runs that judged it (a phase that did not start judges none of its checks). */
  readonly runs: number
  readonly passes: number
  readonly rate: number
  readonly low: number
  readonly high: number
}

export interface RunRow {
  readonly draw: string
  readonly seed: number
  readonly verdict: "pass" | "fail"
  readonly failed: ReadonlyArray<string>
  readonly outageMinutes: number
  /** Participants down, with their longest time down in minutes. */
  readonly down: ReadonlyArray<readonly [string, number]>
}

export interface WorstParticipant {
  readonly participant: string
  readonly runsDown: number
  readonly minutesDown: number
  readonly worstRunMinutes: number
}

export interface HistogramBin {
  readonly label: string
  /** Outage minutes above `above` and at most `atMost` (the first bin: exactly 0; the last: no bound). */
  readonly above: number | null
  readonly atMost: number | null
  readonly runs: number
}

export interface MessageSweepResult {
  readonly engine: "message"
  readonly mode: string
  readonly scenario: { readonly id: string; readonly file: string }
  readonly estate: { readonly name: string; readonly participants: number }
  readonly seeds: ReadonlyArray<number>
  readonly draws: ReadonlyArray<FaultDraw>
  readonly overall: CheckRate
  readonly checks: ReadonlyArray<CheckRate>
  readonly worst: ReadonlyArray<WorstParticipant>
  readonly histogram: ReadonlyArray<HistogramBin>
  readonly runs: ReadonlyArray<RunRow>
  readonly tasks: number
}

/** Upper edges of the histogram's bins in minutes, after the bin of runs with no outage at all. */
export const HISTOGRAM_EDGES = [1, 5, 15, 60] as const

const MINUTE = 60_000_000

/** The K × N tasks, draw by draw, seed by seed. */
export const messageTasks = (scenario: Scenario, path: string, options: MessageSweepOptions): { readonly draws: ReadonlyArray<FaultDraw>; readonly seeds: ReadonlyArray<number>; readonly tasks: ReadonlyArray<MessageRunTask> } => {
  const draws = drawFaults(scenario.faults.map((f) => ({ id: f.id, kind: f.kind.kind, start: f.start, end: f.end })), scenario.window, options.count, options.seed)
  const seeds = Array.from({ length: options.seeds }, (_, n) => options.seed + n)
  const tasks = draws.flatMap((d) =>
    seeds.map((seed) => ({
      scenario: resolve(path),
      ...(options.estate === undefined ? {} : { estate: resolve(options.estate) }),
      catalogueSeed: options.seed,
      seed,
      fault: d.fault,
      start: d.start,
      end: d.end
    }))
  )
  return { draws, seeds, tasks }
}

const rateOf = (check: string, passes: number, runs: number): CheckRate => ({ check, runs, passes, rate: runs === 0 ? 0 : passes / runs, ...wilson(passes, runs) })

/** The outcomes of `messageTasks`' tasks, in their order, folded into the result. */
export const foldOutcomes = (
  scenario: Scenario,
  mode: string,
  draws: ReadonlyArray<FaultDraw>,
  seeds: ReadonlyArray<number>,
  outcomes: ReadonlyArray<MessageRunOutcome>
): MessageSweepResult => {
  const tally = new Map<string, { runs: number; passes: number }>()
  const participants = new Map<string, { runsDown: number; total: number; worst: number }>()
  const runs: Array<RunRow> = []
  const bins = [0, ...HISTOGRAM_EDGES.map(() => 0), 0]
  outcomes.forEach((o, i) => {
    for (const [check, verdict] of o.verdicts) {
      let t = tally.get(check)
      if (t === undefined) tally.set(check, (t = { runs: 0, passes: 0 }))
      t.runs++
      if (verdict === "pass") t.passes++
    }
    let outage = 0
    for (const [participant, micros] of o.down) {
      const minutes = micros / MINUTE
      outage += minutes
      let p = participants.get(participant)
      if (p === undefined) participants.set(participant, (p = { runsDown: 0, total: 0, worst: 0 }))
      p.runsDown++
      p.total += minutes
      p.worst = Math.max(p.worst, minutes)
    }
    const edge = HISTOGRAM_EDGES.findIndex((e) => outage <= e)
    bins[outage === 0 ? 0 : edge === -1 ? HISTOGRAM_EDGES.length + 1 : edge + 1]!++
    runs.push({
      draw: draws[Math.floor(i / seeds.length)]!.id,
      seed: seeds[i % seeds.length]!,
      verdict: o.verdict,
      failed: o.verdicts.filter(([, v]) => v === "fail").map(([c]) => c),
      outageMinutes: outage,
      down: o.down.map(([p, us]) => [p, us / MINUTE] as const)
    })
  })
  const worst = [...participants]
    .map(([participant, p]) => ({ participant, runsDown: p.runsDown, minutesDown: p.total, worstRunMinutes: p.worst }))
    .sort((a, b) => b.runsDown - a.runsDown || b.minutesDown - a.minutesDown || a.participant.localeCompare(b.participant))
    .slice(0, 10)
  const edges = [0, ...HISTOGRAM_EDGES]
  const histogram: Array<HistogramBin> = bins.map((count, b) =>
    b === 0
      ? { label: "0", above: null, atMost: 0, runs: count }
      : b <= HISTOGRAM_EDGES.length
      ? { label: `${edges[b - 1]}–${edges[b]}`, above: edges[b - 1]!, atMost: edges[b]!, runs: count }
      : { label: `> ${edges[edges.length - 1]}`, above: edges[edges.length - 1]!, atMost: null, runs: count }
  )
  const model = scenario.model
  return {
    engine: "message",
    mode,
    scenario: { id: scenario.id, file: scenario.file },
    estate: { name: model.file.name, participants: model.file.participants.length },
    seeds,
    draws,
    overall: rateOf("all checks", runs.filter((r) => r.verdict === "pass").length, runs.length),
    checks: [...tally].map(([check, t]) => rateOf(check, t.passes, t.runs)),
    worst,
    histogram,
    runs,
    tasks: outcomes.length
  }
}

/** The whole study through the executor; `scenario` is loaded (and validated) by the caller at `options.seed`. */
export const runMessageSweep = (scenario: Scenario, path: string, options: MessageSweepOptions, onProgress?: Progress) =>
  Effect.gen(function*() {
    const executor = yield* TaskExecutor
    if (scenario.faults.length === 0) return yield* new InputInvalid({ file: scenario.file, issues: [issue("faults", "at least one fault to draw from (--engine message draws from the scenario's faults)", "none")] })
    const { draws, seeds, tasks } = messageTasks(scenario, path, options)
    const outcomes = yield* executor.run("sweep.message", tasks, onProgress)
    return foldOutcomes(scenario, `random:${options.count}`, draws, seeds, outcomes)
  })

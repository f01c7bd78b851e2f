/**
 * `twin sweep SCENARIO --engine message --faults random:K [--seeds N]`: a Monte Carlo study through the
 * message engine. K faults are drawn from the scenario's own fault list (draws.ts); each runs under N
 * engine seeds (the scenario's seed, or `--seed`, and the N − 1 after it): K × N full runs, one
 * `sweep.message` task each (run-task.ts) through `TaskExecutor`, so they spread over the worker pool or a
 * cluster with the same result. The outcomes are folded in task order (draw, then seed) into:
 * - per check: runs judged, passes, the pass rate and its 95 % Wilson interval (wilson.ts) — over the
 *   draws, not the runs: a draw's N runs share its fault and differ only in the engine seed's randomness
 *   (often not at all), so they are not N independent trials. A draw counts as one trial whose outcome is
 *   its runs' pass fraction; N adds the spread within draws (the draws whose runs disagree);
 * - the participants down, worst first: most runs down, then most minutes down in all at the table's
 *   precision (a tenth of a minute), then id — with their worst run's draw and seed, to replay it;
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
  /** Draws with some run that judged it: the sample of the interval. */
  readonly draws: number
  /** Draws whose runs disagree on it (some passed, some failed): what `--seeds` > 1 shows. */
  readonly drawsDisagreeing: number
  /** The mean over those draws of each draw's pass fraction (its passes / its runs that judged it). */
  readonly rate: number
  /** The 95 % Wilson interval of `rate` with n = `draws` (wilson.ts). */
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
  /** The run with the participant's longest time down (the first in task order among equals): replay it with its draw and seed. */
  readonly worstRunMinutes: number
  readonly worstRunDraw: string
  readonly worstRunSeed: number
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
  /** Every participant down in some run, worst first (runs down, minutes down in all to 0.1 min, id). */
  readonly participants: ReadonlyArray<WorstParticipant>
  /** The first ten of `participants`. */
  readonly worst: ReadonlyArray<WorstParticipant>
  /** Participants after the ten who tie with the tenth as shown: same runs down, same minutes to 0.1 min. */
  readonly worstTied: number
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

/** A check's tally within one draw. */
export interface DrawTally {
  runs: number
  passes: number
}

/**
 * A check's rate over the draws: each draw that judged it is one trial, its outcome the fraction of its runs
 * that passed; the interval is Wilson's with n = those draws and p = the mean fraction (with one run per draw,
 * or runs that agree, exactly the binomial Wilson interval of passing draws of n).
 */
export const rateOf = (check: string, perDraw: ReadonlyArray<DrawTally | undefined>): CheckRate => {
  const judged = perDraw.filter((t): t is DrawTally => t !== undefined && t.runs > 0)
  const passFractions = judged.reduce((sum, t) => sum + t.passes / t.runs, 0)
  return {
    check,
    runs: judged.reduce((n, t) => n + t.runs, 0),
    passes: judged.reduce((n, t) => n + t.passes, 0),
    draws: judged.length,
    drawsDisagreeing: judged.filter((t) => t.passes > 0 && t.passes < t.runs).length,
    rate: judged.length === 0 ? 0 : passFractions / judged.length,
    ...wilson(passFractions, judged.length)
  }
}

/** Minutes as the table shows them: the precision at which participants tie. */
export const shownMinutes = (minutes: number): string => minutes.toFixed(1)

/** The outcomes of `messageTasks`' tasks, in their order, folded into the result. */
export const foldOutcomes = (
  scenario: Scenario,
  mode: string,
  draws: ReadonlyArray<FaultDraw>,
  seeds: ReadonlyArray<number>,
  outcomes: ReadonlyArray<MessageRunOutcome>
): MessageSweepResult => {
  // Per check, per draw index: that draw's runs and passes.
  const tally = new Map<string, Array<DrawTally | undefined>>()
  const overall: Array<DrawTally | undefined> = []
  const participants = new Map<string, { runsDown: number; total: number; worst: number; worstDraw: string; worstSeed: number }>()
  const runs: Array<RunRow> = []
  const bins = [0, ...HISTOGRAM_EDGES.map(() => 0), 0]
  const count = (perDraw: Array<DrawTally | undefined>, d: number, pass: boolean) => {
    const t = (perDraw[d] ??= { runs: 0, passes: 0 })
    t.runs++
    if (pass) t.passes++
  }
  outcomes.forEach((o, i) => {
    const d = Math.floor(i / seeds.length)
    const draw = draws[d]!.id
    const seed = seeds[i % seeds.length]!
    for (const [check, verdict] of o.verdicts) {
      let perDraw = tally.get(check)
      if (perDraw === undefined) tally.set(check, (perDraw = []))
      count(perDraw, d, verdict === "pass")
    }
    count(overall, d, o.verdict === "pass")
    let outage = 0
    for (const [participant, micros] of o.down) {
      const minutes = micros / MINUTE
      outage += minutes
      let p = participants.get(participant)
      if (p === undefined) participants.set(participant, (p = { runsDown: 0, total: 0, worst: -1, worstDraw: draw, worstSeed: seed }))
      p.runsDown++
      p.total += minutes
      if (minutes > p.worst) Object.assign(p, { worst: minutes, worstDraw: draw, worstSeed: seed })
    }
    const edge = HISTOGRAM_EDGES.findIndex((e) => outage <= e)
    bins[outage === 0 ? 0 : edge === -1 ? HISTOGRAM_EDGES.length + 1 : edge + 1]!++
    runs.push({
      draw,
      seed,
      verdict: o.verdict,
      failed: o.verdicts.filter(([, v]) => v === "fail").map(([c]) => c),
      outageMinutes: outage,
      down: o.down.map(([p, us]) => [p, us / MINUTE] as const)
    })
  })
  // Ranked at the precision the table shows, so that participants who print alike are ordered by id, not by
  // a fraction of a millisecond; `worstTied` says how many more print like the tenth.
  const shown = (w: WorstParticipant) => Number(shownMinutes(w.minutesDown))
  const ranked = [...participants]
    .map(([participant, p]): WorstParticipant => ({ participant, runsDown: p.runsDown, minutesDown: p.total, worstRunMinutes: p.worst, worstRunDraw: p.worstDraw, worstRunSeed: p.worstSeed }))
    .sort((a, b) => b.runsDown - a.runsDown || shown(b) - shown(a) || a.participant.localeCompare(b.participant))
  const worst = ranked.slice(0, 10)
  const tenth = worst[worst.length - 1]
  const worstTied = tenth === undefined ? 0 : ranked.slice(10).filter((w) => w.runsDown === tenth.runsDown && shown(w) === shown(tenth)).length
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
    overall: rateOf("all checks", overall),
    checks: [...tally].map(([check, perDraw]) => rateOf(check, perDraw)),
    participants: ranked,
    worst,
    worstTied,
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

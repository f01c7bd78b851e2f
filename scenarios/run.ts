/**
 * Runs a resolved scenario through the twin: the systems' models, the simulation's instruments, the
 * scenario's faults and cutover phases, and every check folding the trace as it is written (so post-checks
 * and rollback triggers judge the run so far). Returns the report (report/report.ts) — built only from what the trace recorded.
 */
import { instruments } from "../twin/simulate/instruments/instruments.ts"
import type { Wiring } from "../twin/simulate/wiring.ts"
import { type Simulation, type SimulationSummary, startSimulation } from "../twin/simulate/simulate.ts"
import { allSystems } from "../twin/simulate/systems.ts"
import type { SimulationTaps } from "../twin/simulate/taps.ts"
import type { Runtime } from "../twin/engine/runtime.ts"
import type { Micros } from "../twin/engine/time.ts"
import type { TraceEvent, TraceSink } from "../twin/engine/trace.ts"
import { CauseIndex } from "../twin/contract/cause-chain.ts"
import { traceEvent } from "../twin/contract/trace-event.ts"
import type { ScenarioStartData } from "../twin/contract/kinds-scenario.ts"
import { type CheckRun, type JudgedResult, startCheck } from "./checks/check.ts"
import { type CheckVerdict, judgeBy, PhaseController } from "./phases.ts"
import { chainFields, ReportCollector } from "./report/collect.ts"
import { REPORT_FORMAT_VERSION, type Report } from "./report/report.ts"
import type { FaultContext } from "./faults/fault.ts"
import type { Scenario, ScheduledCheck, ScheduledFault, ScheduledPhase } from "./scenario.ts"

export interface RunOptions {
  /** Where the trace goes (besides the checks and the report, which always see it). */
  readonly trace: TraceSink
  readonly onProgress?: (now: Micros, events: number) => void
  /**
   * Puts the phases on the runtime once the world is wired (default: each at its time). Live mode
   * (twin/serve/) gates them so that an instructor can start one early.
   */
  readonly startPhases?: (controller: PhaseController, phases: ReadonlyArray<ScheduledPhase>, runtime: Runtime) => void
  /** Observers for a live rig (twin/simulate/taps.ts); the trace is the same with or without them. */
  readonly taps?: SimulationTaps
  /** The systems' wirings (default `allSystems`; live mode with real FIX sessions: systemsWithRealSessions). */
  readonly systems?: ReadonlyArray<Wiring>
}

export type ReportWithoutFiles = Omit<Report, "files">

/** At most this many pieces of evidence per check in the report (the count says how many there were). */
export const EVIDENCE_CAP = 100

/**
 * A scenario run wired but not yet run: `simulation.runTo` steps it, `finish` runs it to the end and
 * builds the report. Live mode keeps the pieces a control needs: the phase controller, the check runs
 * (a mutable map the controller reads) and `observe` to let a check made later fold the trace from now on.
 */
export interface ScenarioRun {
  readonly simulation: Simulation
  readonly controller: PhaseController
  readonly runs: Map<ScheduledCheck, CheckRun<JudgedResult>>
  readonly causes: CauseIndex
  readonly observe: (run: CheckRun<JudgedResult>) => void
  /**
   * The scenario's own checks judged and written (`ScenarioFold.closeChecks`): live mode calls it once the
   * world has reached the window's end; `finish` and `report` do it themselves.
   */
  readonly closeChecks: () => ReadonlyArray<CheckVerdict>
  readonly finish: () => ReportWithoutFiles
  /** The report once the simulation has run to its end some other way (execute.ts runs it in steps). */
  readonly report: (summary: SimulationSummary) => ReportWithoutFiles
  /** The same, with every check's evidence in full (the report holds EVIDENCE_CAP pieces a check): evidence.csv's. */
  readonly reportAndEvidence: (summary: SimulationSummary) => ReportAndEvidence
}

export interface ReportAndEvidence {
  readonly report: ReportWithoutFiles
  /** The report's checks in its order, each with all its evidence (and the cause of each piece). */
  readonly checks: ReadonlyArray<Report["checks"][number]>
}

export const runScenario = (scenario: Scenario, options: RunOptions): ReportWithoutFiles => startScenario(scenario, options).finish()

/**
 * What a scenario run folds over its trace whichever way the world runs (in one world here, in parts by
 * run-in-parts.ts): every check, the report's collector and the cause index, fed each line as it is written
 * to `trace`. `sink` is where the run writes.
 */
export interface ScenarioFold {
  readonly sink: TraceSink
  readonly allChecks: ReadonlyArray<ScheduledCheck>
  readonly runs: Map<ScheduledCheck, CheckRun<JudgedResult>>
  readonly causes: CauseIndex
  readonly observe: (run: CheckRun<JudgedResult>) => void
  /**
   * Judges the scenario's own checks (`checks:`) once the run is over and writes each verdict to the trace
   * (`scenarioCheckLines`); asked again, the same verdicts, written once. The report's are these.
   */
  readonly closeChecks: () => ReadonlyArray<CheckVerdict>
  /** The report once the run is over, with the phases as `controller` ran them (none: the scenario has none). */
  readonly reportAndEvidence: (summary: SimulationSummary, controller: PhaseController | undefined) => ReportAndEvidence
}

export const foldScenario = (scenario: Scenario, trace: TraceSink): ScenarioFold => {
  const { model } = scenario
  const allChecks: Array<ScheduledCheck> = [
    ...scenario.checks,
    ...scenario.phases.flatMap((p) => [...p.preChecks, ...p.postChecks, ...(p.rollback?.watch ?? [])])
  ]
  const runs = new Map<ScheduledCheck, CheckRun<JudgedResult>>(allChecks.map((c) => [c, startCheck(c.kind, c.params, { model, window: c.window }, c.require)]))
  const observers = [...runs.values()]
  const collector = new ReportCollector()
  // Read from the trace's changes of the world, as the viewer reads them (twin/contract/cause-chain.ts).
  const causes = new CauseIndex()
  let lines = 0
  const sink: TraceSink = {
    write: (e: TraceEvent) => {
      lines++
      trace.write(e)
      collector.write(e)
      causes.observe(e)
      for (const run of observers) run.observe(e)
    }
  }
  let closed: ReadonlyArray<CheckVerdict> | undefined
  const closeChecks = (): ReadonlyArray<CheckVerdict> => (closed ??= scenarioCheckLines(scenario, runs, sink))
  return {
    sink,
    allChecks,
    runs,
    causes,
    observe: (run) => void observers.push(run),
    closeChecks,
    reportAndEvidence: (summary, controller) => report(scenario, summary, { controller, scenarioVerdicts: closeChecks(), causes, collector, lines: () => lines })
  }
}

/**
 * The scenario's own checks, each judged over its window (the scenario's, or its `during:` window or
 * phase) and written as a `scenario.check` line (role `scenario`, `at` its window's end) at the scenario's
 * end, after every line the run wrote there (health's last causes included): the verdict is final
 * then, and the trace says what the report says (docs/trace.md "Scenarios"). All are judged before any is
 * written, so no check folds another's line into its verdict.
 */
const scenarioCheckLines = (scenario: Scenario, runs: ReadonlyMap<ScheduledCheck, CheckRun<JudgedResult>>, sink: TraceSink): ReadonlyArray<CheckVerdict> => {
  const end = scenario.window.to
  const verdicts: ReadonlyArray<CheckVerdict> = scenario.checks.map((check) => {
    const r = runs.get(check)!.verdict(Math.min(end, check.window.to))
    return { check, at: check.window.to, verdict: r.verdict, summary: r.summary, evidence: r.evidence, nothingToCheck: r.nothingToCheck }
  })
  for (const v of verdicts) {
    sink.write(traceEvent(end, "scenario.check", v.check.id, {
      role: "scenario",
      phase: v.check.phase ?? null,
      verdict: v.verdict,
      summary: v.summary,
      evidence: v.evidence.length,
      at: v.at
    }))
  }
  return verdicts
}

/** What the scenario writes at the opening, after every other wiring: its name, phases, faults and checks. */
export const scenarioStart = (scenario: Scenario, allChecks: ReadonlyArray<ScheduledCheck>): ScenarioStartData => ({
  name: scenario.name,
  day: scenario.day,
  phases: scenario.phases.map((p) => p.id),
  faults: scenario.faults.map((f) => f.id),
  checks: allChecks.map((c) => c.id)
})

/** A fault as scheduled: its kind and decoded parameters, its window. */
export type FaultToSchedule = Pick<ScheduledFault, "id" | "kind" | "params" | "start" | "end">

/**
 * Each fault's effect on the world at its times, and with `record` its `scenario.fault` start and end lines
 * around the effect (a part of a run in parts that does not write them still changes its world alike).
 */
export const scheduleFaults = (faults: ReadonlyArray<FaultToSchedule>, ctx: Omit<FaultContext, "id">, record: boolean): void => {
  const { model, runtime } = ctx
  for (const fault of faults) {
    const targets = fault.kind.targets(fault.params, model)
    if (record) runtime.at(fault.start, () => runtime.record("scenario.fault", fault.id, { kind: fault.kind.kind, status: "start", targets: [...targets] }))
    fault.kind.schedule(fault.params, { ...ctx, id: fault.id }, { start: fault.start, end: fault.end })
    if (record && fault.end !== undefined) {
      const end = fault.end
      runtime.at(end, () => runtime.record("scenario.fault", fault.id, { kind: fault.kind.kind, status: "end", targets: [...targets] }))
    }
  }
}

/** What the simulation of `scenario` is built from besides its wirings and trace (one world or in parts). */
export const simulationOf = (scenario: Scenario) => ({
  model: scenario.model,
  seed: scenario.seed,
  window: scenario.window,
  moved: scenario.moved,
  metricsEvery: scenario.engine.metricsEvery,
  convergenceDelay: scenario.engine.convergence,
  startupGrace: scenario.engine.startupGrace,
  settings: scenario.settings
})

export const startScenario = (scenario: Scenario, options: RunOptions): ScenarioRun => {
  const { model } = scenario
  const fold = foldScenario(scenario, options.trace)
  let controller: PhaseController | undefined
  const scenarioWiring: Wiring = {
    system: "scenario",
    wire: ({ runtime, world, seed }) => {
      runtime.record("scenario.start", scenario.id, scenarioStart(scenario, fold.allChecks))
      scheduleFaults(scenario.faults, { model, world, runtime, seed }, true)
      controller = new PhaseController(runtime, world, judgeBy(fold.runs, runtime))
      if (options.startPhases === undefined) controller.schedule(scenario.phases)
      else options.startPhases(controller, scenario.phases, runtime)
    }
  }
  const simulation = startSimulation({
    ...simulationOf(scenario),
    // The instruments write what the checks read (twin/simulate/instruments/); after the systems and before
    // the scenario's wiring, an order the trace shows at the opening instant.
    wirings: [...(options.systems ?? allSystems), ...instruments, scenarioWiring],
    trace: fold.sink,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.taps === undefined ? {} : { taps: options.taps })
  })
  return {
    simulation,
    controller: controller!,
    runs: fold.runs,
    causes: fold.causes,
    observe: fold.observe,
    closeChecks: fold.closeChecks,
    finish: () => fold.reportAndEvidence(simulation.finish(), controller).report,
    report: (summary) => fold.reportAndEvidence(summary, controller).report,
    reportAndEvidence: (summary) => fold.reportAndEvidence(summary, controller)
  }
}

interface Folded {
  readonly controller: PhaseController | undefined
  /** The scenario's own checks' verdicts, as the trace has them (`scenarioCheckLines`). */
  readonly scenarioVerdicts: ReadonlyArray<CheckVerdict>
  readonly causes: CauseIndex
  readonly collector: ReportCollector
  readonly lines: () => number
}

const report = (scenario: Scenario, summary: SimulationSummary, { controller, scenarioVerdicts, causes, collector, lines }: Folded): ReportAndEvidence => {
  const { model } = scenario
  const end = scenario.window.to
  const phaseVerdicts: ReadonlyArray<CheckVerdict> = controller?.verdicts ?? []
  // Every piece with its cause (evidence.csv has them all); the report keeps the first EVIDENCE_CAP.
  const verdicts = [...phaseVerdicts, ...scenarioVerdicts]
  const allEvidence: Array<Report["checks"][number]> = verdicts.map((v) => ({
    id: v.check.id,
    kind: v.check.kind.kind,
    role: v.check.role === "watch" ? "post-check" : v.check.role,
    ...(v.check.phase === undefined ? {} : { phase: v.check.phase }),
    at: v.at,
    verdict: v.verdict,
    summary: v.summary,
    nothingToCheck: v.nothingToCheck,
    evidence: v.evidence.map((e) => ({ ...e, ...chainFields(causes, e.from, v.check.kind.evidenceDatedBack === true) })),
    evidenceCount: v.evidence.length
  }))
  const checks: Report["checks"] = allEvidence.map((c) => ({ ...c, evidence: c.evidence.slice(0, EVIDENCE_CAP) }))
  // Whom failing checks name as harmed, from all their evidence (the report keeps 100 pieces a check).
  const namingHarm = allEvidence.filter((c, i) => c.verdict === "fail" && verdicts[i]!.check.kind.namesHarmed === true)
  const phases = controller?.report(scenario.phases) ?? []
  const verdict = checks.some((c) => c.verdict === "fail") || phases.some((p) => p.outcome !== "completed") ? "fail" : "pass"
  const built: ReportWithoutFiles = {
    format: REPORT_FORMAT_VERSION,
    scenario: { id: scenario.id, name: scenario.name, purpose: scenario.purpose, file: scenario.file },
    estate: { name: model.file.name, file: scenario.estateFile, participants: model.file.participants.length },
    seed: scenario.seed,
    ...(Object.keys(scenario.settings).length === 0 ? {} : { settings: scenario.settings as Record<string, unknown> }),
    window: scenario.window,
    verdict,
    checks,
    phases,
    faults: scenario.faults.map((f) => ({
      id: f.id,
      kind: f.kind.kind,
      from: f.start,
      ...(f.end === undefined ? {} : { to: f.end }),
      targets: [...f.kind.targets(f.params, model)],
      params: f.written
    })),
    health: collector.health,
    affected: collector.affected(end, causes, namingHarm),
    orders: collector.orders(),
    run: { events: summary.events, traceLines: lines() }
  }
  return { report: built, checks: allEvidence }
}

/**
 * `twin sweep`: a scenario (or a whole plan, one scenario per phase) run once per fault, each fault
 * injected through every column (phase), into an impact matrix fault × column, through `TaskExecutor` so
 * the work spreads over worker threads (or, later, a cluster) with the same result.
 *
 * Fault sets:
 * - `n-1`: every core node, core link and participant circuit alone. One N-1 analysis per distinct state
 *   of the plan covers every fault (single-faults.ts).
 * - `n-2`: pairs of core nodes and links, pruned: the first element is one whose failure alone already
 *   takes some flow down or costs it a member or a circuit in that state (the exposed moment a second
 *   failure turns into an outage); every second core element is then tried at once with one N-1 analysis
 *   of the state with the first one failed. A pair is kept when it takes down someone neither element
 *   takes down alone. Pairs of elements that each change nothing alone (two parallel links) are not
 *   searched — a documented blind spot (docs/scaling.md).
 * - `random:K`: K distinct compound faults of two or three elements drawn (seeded) from the core nodes and
 *   core links (all of them when fewer exist), judged by the impact engine's exact health state by state.
 *
 * Baseline: every fault kept is also judged through each column's window with nothing moved (columns.ts
 * `unmoved`) — for N-1 with the same N-1 analysis of the unmoved states, for pairs and compound faults with
 * the impact engine's exact health (pairs counted, as their cells are, only where the pair takes down
 * someone neither element takes down alone) — so that a fault is called a standing weakness of the estate only when
 * it hurts the same with nothing moved (worst-cases.ts), also in a sweep of one column.
 *
 * Rows: every fault with an effect in some column **or with nothing moved**. A fault the moves make
 * harmless (an old router once every unit has left it) is a row of zeros against its baseline — the plan
 * making it milder — not a missing row: for N-1 the unmoved states' analyses add their elements, for N-2
 * the pair search runs on the unmoved states too, and every random compound fault is judged both ways.
 */
import { Effect } from "effect"
import { keyedRandom } from "../engine/random.ts"
import type { TaskFailed, TaskInput, TaskKind, TaskOutput } from "../parallel/task.ts"
import { type Progress, TaskExecutor } from "../parallel/executor.ts"
import { CellFolder, type CellImpact, isEmpty, noImpact } from "./cell.ts"
import { type Column, columnsOf, statesWithin, unmovedWindows } from "./columns.ts"
import { type PhysicalState, stateKey } from "../impact/physical-state.ts"
import { type LoadedScenario, loadScenarioRefs, type ScenarioRef } from "./scenario-cache.ts"
import type { SingleFaults } from "./single-faults.ts"
import type { FaultSet, PairTask, ExactTask } from "./sweep-tasks.ts"
import { coreOf } from "../../topology/network.ts"

export type FaultMode = { readonly mode: "n-1" } | { readonly mode: "n-2" } | { readonly mode: "random"; readonly count: number; readonly seed: number }

export interface SweepFault {
  readonly id: string
  /** A node kind, `link`, `circuit`, `pair` or `compound`. */
  readonly kind: string
  readonly elements: ReadonlyArray<string>
}

export interface SweepResult {
  readonly mode: string
  readonly scenarios: ReadonlyArray<{ readonly id: string; readonly file: string }>
  readonly estate: { readonly name: string; readonly participants: number }
  readonly columns: ReadonlyArray<Column>
  /** Faults that affect someone in some column or with nothing moved (`baseline`), worst first. */
  readonly faults: ReadonlyArray<SweepFault>
  /** `cells[f][c]`: fault `faults[f]` injected through `columns[c]`. */
  readonly cells: ReadonlyArray<ReadonlyArray<CellImpact>>
  /** `baseline[f][c]`: the same fault through the same window with nothing moved (columns.ts `unmoved`). */
  readonly baseline: ReadonlyArray<ReadonlyArray<CellImpact>>
  /** Faults tried (including those with no effect anywhere). */
  readonly faultsTried: number
  readonly tasks: number
}

/** Worse first: participants down, then participant-service minutes down, then without redundancy. */
export const compareCells = (a: CellImpact, b: CellImpact): number =>
  b.participantsDown - a.participantsDown || b.minutesDown - a.minutesDown || b.participantsWeak - a.participantsWeak || b.minutesWeak - a.minutesWeak

export const runSweep = Effect.fn("Sweep.run")(function*(given: ReadonlyArray<ScenarioRef>, faults: FaultMode, onProgress?: Progress) {
  const executor = yield* TaskExecutor
  const loaded = yield* loadScenarioRefs(given)
  const columns = columnsOf(loaded)
  // Loaded and validated here; tasks name the estate by path and carry the states themselves.
  const estates = loaded.map((l) => l.scenario.estateFile)
  for (const l of loaded) yield* executor.trust(l.scenario.estateFile, l.scenario.model)
  const run: Runner = (kind, inputs) => executor.run(kind, inputs, onProgress)
  const single = yield* singleSweep(estates, loaded, columns, run)
  let rows: Map<string, { fault: SweepFault; cells: Array<CellImpact> }>
  let tried: number
  let tasks = single.tasks
  let baseline: ReadonlyMap<string, ReadonlyArray<CellImpact>>
  if (faults.mode === "n-1") {
    rows = single.rows
    tried = single.tried
  } else if (faults.mode === "n-2") {
    const pairs = yield* pairSweep(estates, loaded, columns, single, run)
    rows = pairs.rows
    tried = pairs.tried
    tasks += pairs.tasks
  } else {
    const random = yield* randomSweep(estates, loaded, columns, faults.count, faults.seed, run)
    rows = random.rows
    tried = random.rows.size
    tasks += random.tasks
  }
  if (faults.mode === "n-1") baseline = single.baseline
  else {
    const exact = yield* exactBaseline(estates, loaded, columns, [...rows.values()].map((r) => r.fault), faults.mode === "n-2", run)
    baseline = exact.cells
    tasks += exact.tasks
  }
  const affects = (cells: ReadonlyArray<CellImpact> | undefined) => cells !== undefined && cells.some((c) => !isEmpty(c))
  const kept = [...rows.values()].filter((r) => affects(r.cells) || affects(baseline.get(r.fault.id)))
  const worstOf = (cells: ReadonlyArray<CellImpact>) => [...cells].sort(compareCells)[0] ?? noImpact
  kept.sort((a, b) => compareCells(worstOf(a.cells), worstOf(b.cells)) || a.fault.id.localeCompare(b.fault.id))
  const model = loaded[0]!.scenario.model
  const result: SweepResult = {
    mode: faults.mode === "random" ? `random:${faults.count}` : faults.mode,
    scenarios: loaded.map((l) => ({ id: l.scenario.id, file: l.scenario.file })),
    estate: { name: model.file.name, participants: model.file.participants.length },
    columns,
    faults: kept.map((r) => r.fault),
    cells: kept.map((r) => r.cells),
    baseline: kept.map((r) => baseline.get(r.fault.id) ?? columns.map(() => noImpact)),
    faultsTried: tried,
    tasks
  }
  return result
})

type Runner = <K extends TaskKind>(kind: K, inputs: ReadonlyArray<TaskInput<K>>) => Effect.Effect<ReadonlyArray<TaskOutput<K>>, TaskFailed>

interface SingleOutcome {
  readonly rows: Map<string, { fault: SweepFault; cells: Array<CellImpact> }>
  readonly tried: number
  readonly tasks: number
  /** Per scenario and state: the N-1 effects (for the N-2 pruning). */
  readonly byState: ReadonlyMap<string, SingleFaults>
  /** Per element: its cells through each column with nothing moved. */
  readonly baseline: ReadonlyMap<string, ReadonlyArray<CellImpact>>
  /** Per scenario and unmoved state (`scenario/stateKey`): the state and its N-1 effects (the N-2 search with nothing moved). */
  readonly unmoved: ReadonlyMap<string, AnalysedState>
}

/** A state with its N-1 analysis: where the N-2 search looks for pairs. */
interface AnalysedState {
  readonly scenario: number
  readonly state: PhysicalState
  readonly alone: SingleFaults
}

const stateOf = (loaded: ReadonlyArray<LoadedScenario>, at: { readonly scenario: number; readonly state: number }) =>
  loaded[at.scenario]!.timeline.states[at.state]!.state

/** Unique (scenario, state) pairs the columns cover, in column order. */
const statesOf = (loaded: ReadonlyArray<LoadedScenario>, columns: ReadonlyArray<Column>) => {
  const seen = new Map<string, { scenario: number; state: number }>()
  for (const c of columns) {
    for (const w of statesWithin(loaded[c.scenario]!.timeline, c.from, c.to)) seen.set(`${c.scenario}/${w.index}`, { scenario: c.scenario, state: w.index })
  }
  return seen
}

const singleSweep = (estates: ReadonlyArray<string>, loaded: ReadonlyArray<LoadedScenario>, columns: ReadonlyArray<Column>, run: Runner) =>
  Effect.gen(function*() {
    const states = statesOf(loaded, columns)
    const keys = [...states.keys()]
    const outputs = yield* run("sweep.single", keys.map((k) => ({ estate: estates[states.get(k)!.scenario]!, state: stateOf(loaded, states.get(k)!) })))
    const byState = new Map(keys.map((k, i) => [k, outputs[i]!]))
    const rows = new Map<string, { fault: SweepFault; cells: Array<CellImpact> }>()
    const participants = loaded[0]!.scenario.model.file.participants
    const elementKinds = new Map<string, string>()
    for (const o of outputs) o.elements.forEach((e, i) => elementKinds.set(e, o.kinds[i]!))
    columns.forEach((c, ci) => {
      const folders = foldWindows(statesWithin(loaded[c.scenario]!.timeline, c.from, c.to).map((w) => ({ ...w, out: byState.get(`${c.scenario}/${w.index}`)! })))
      for (const [id, folder] of folders) {
        let row = rows.get(id)
        if (row === undefined) {
          rows.set(id, (row = { fault: { id, kind: elementKinds.get(id) ?? "element", elements: [id] }, cells: columns.map(() => noImpact) }))
        }
        row.cells[ci] = folder.result(participants)
      }
    })
    // The baseline: the same analysis of each column's states with nothing moved (few: they differ only
    // by what the scenario's own faults take out).
    const unmovedStates = new Map<string, { scenario: number; state: ReturnType<typeof unmovedWindows>[number]["state"] }>()
    for (const c of columns) {
      for (const w of unmovedWindows(loaded[c.scenario]!.timeline, c)) unmovedStates.set(`${c.scenario}/${stateKey(w.state)}`, { scenario: c.scenario, state: w.state })
    }
    const unmovedKeys = [...unmovedStates.keys()]
    const unmovedOut = yield* run("sweep.single", unmovedKeys.map((k) => ({ estate: estates[unmovedStates.get(k)!.scenario]!, state: unmovedStates.get(k)!.state })))
    const byUnmoved = new Map(unmovedKeys.map((k, i) => [k, unmovedOut[i]!]))
    const baseline = new Map<string, Array<CellImpact>>()
    columns.forEach((c, ci) => {
      const folders = foldWindows(unmovedWindows(loaded[c.scenario]!.timeline, c).map((w) => ({ ...w, out: byUnmoved.get(`${c.scenario}/${stateKey(w.state)}`)! })))
      for (const [id, folder] of folders) {
        let cells = baseline.get(id)
        if (cells === undefined) baseline.set(id, (cells = columns.map(() => noImpact)))
        cells[ci] = folder.result(participants)
      }
    })
    // A fault that hurts only with nothing moved is a row too: the plan makes it milder (0 against its baseline).
    for (const id of baseline.keys()) {
      if (!rows.has(id)) rows.set(id, { fault: { id, kind: elementKinds.get(id) ?? "element", elements: [id] }, cells: columns.map(() => noImpact) })
    }
    const unmoved = new Map(unmovedKeys.map((k) => [k, { ...unmovedStates.get(k)!, alone: byUnmoved.get(k)! }]))
    return { rows, tried: elementKinds.size, tasks: keys.length + unmovedKeys.length, byState, baseline, unmoved } satisfies SingleOutcome
  })

/** One column's windows, each with the single-fault analysis of its state, folded per element into cells. */
const foldWindows = (windows: ReadonlyArray<{ readonly from: number; readonly to: number; readonly out: SingleFaults }>): Map<string, CellFolder> => {
  const folders = new Map<string, CellFolder>()
  for (const w of windows) {
    for (const eff of w.out.effects) {
      const id = w.out.elements[eff.element]!
      let f = folders.get(id)
      if (f === undefined) folders.set(id, (f = new CellFolder()))
      f.add(eff.down, eff.weak, w.from, w.to)
    }
  }
  return folders
}

/**
 * Pairs' and compound faults' baseline: each fault laid over each column's windows with nothing moved, by
 * the impact engine's exact health (sweep.exact), in chunks.
 */
const exactBaseline = (
  estates: ReadonlyArray<string>,
  loaded: ReadonlyArray<LoadedScenario>,
  columns: ReadonlyArray<Column>,
  faults: ReadonlyArray<SweepFault>,
  pairGate: boolean,
  run: Runner
) =>
  Effect.gen(function*() {
    const nodes = new Set(coreOf(loaded[0]!.scenario.model).nodes.map((n) => n.id))
    const sets: ReadonlyArray<FaultSet> = faults.map((f) => ({
      id: f.id,
      nodes: f.elements.filter((e) => nodes.has(e)),
      links: f.elements.filter((e) => !nodes.has(e))
    }))
    const chunk = 16
    const taskList: Array<{ column: number; first: number; input: ExactTask }> = []
    columns.forEach((c, ci) => {
      const windows = unmovedWindows(loaded[c.scenario]!.timeline, c)
      for (let i = 0; i < sets.length; i += chunk) {
        taskList.push({ column: ci, first: i, input: { estate: estates[c.scenario]!, windows, faults: sets.slice(i, i + chunk), ...(pairGate ? { pairGate } : {}) } })
      }
    })
    const outputs = yield* run("sweep.exact", taskList.map((t) => t.input))
    const cells = new Map(sets.map((s) => [s.id, columns.map(() => noImpact)]))
    taskList.forEach((t, i) => outputs[i]!.forEach((cell, k) => (cells.get(sets[t.first + k]!.id)![t.column] = cell)))
    return { cells: cells as ReadonlyMap<string, ReadonlyArray<CellImpact>>, tasks: taskList.length }
  })

/**
 * N-2 pairs in each of `states`: per state, the pairs that take down someone neither element takes down
 * alone, each with its slots down and without redundancy (keyed by the sorted pair, `a + b`).
 */
const pairsIn = (estates: ReadonlyArray<string>, loaded: ReadonlyArray<LoadedScenario>, states: ReadonlyMap<string, AnalysedState>, run: Runner) =>
  Effect.gen(function*() {
    const core = coreOf(loaded[0]!.scenario.model)
    const coreNodes = new Set(core.nodes.map((n) => n.id))
    const coreIds = new Set([...coreNodes, ...core.links.map((l) => l.id)])
    const taskList: Array<{ key: string; first: string; input: PairTask }> = []
    for (const [key, where] of states) {
      const out = where.alone
      for (const element of out.touching) {
        const first = out.elements[element]!
        if (!coreIds.has(first)) continue
        taskList.push({ key, first, input: { estate: estates[where.scenario]!, state: where.state, first: { id: first, node: coreNodes.has(first) } } })
      }
    }
    const outputs = yield* run("sweep.pairs", taskList.map((t) => t.input))
    // Per state: the pair's extra slots (down beyond either alone), keyed by the sorted pair.
    const pairByState = new Map<string, Map<string, { down: Int32Array; weak: Int32Array }>>()
    const firstsByState = new Map<string, Set<string>>()
    taskList.forEach((t) => {
      let set = firstsByState.get(t.key)
      if (set === undefined) firstsByState.set(t.key, (set = new Set()))
      set.add(t.first)
    })
    taskList.forEach((t, i) => {
      const out = outputs[i]!
      const alone = states.get(t.key)!.alone
      const aloneDown = new Map(alone.effects.map((e) => [alone.elements[e.element]!, new Set(e.down)]))
      const firstDown = aloneDown.get(t.first) ?? new Set<number>()
      const firstWeak = alone.effects.find((e) => alone.elements[e.element] === t.first)?.weak ?? new Int32Array()
      for (const eff of out.effects) {
        const second = out.elements[eff.element]!
        if (!coreIds.has(second) || second === t.first) continue
        if (firstsByState.get(t.key)!.has(second) && second < t.first) continue // the other order covers it
        const secondDown = aloneDown.get(second) ?? new Set<number>()
        if (!Array.from(eff.down).some((s) => !secondDown.has(s) && !firstDown.has(s))) continue
        const down = [...new Set([...firstDown, ...eff.down])].sort((a, b) => a - b)
        const downSet = new Set(down)
        const weak = [...new Set([...firstWeak, ...eff.weak])].filter((s) => !downSet.has(s)).sort((a, b) => a - b)
        const pair = [t.first, second].sort().join(" + ")
        let m = pairByState.get(t.key)
        if (m === undefined) pairByState.set(t.key, (m = new Map()))
        m.set(pair, { down: Int32Array.from(down), weak: Int32Array.from(weak) })
      }
    })
    // Pairs examined: every exposed first element with every other core element (unordered, distinct).
    const examined = new Set<string>()
    for (const first of new Set(taskList.map((t) => t.first))) {
      for (const second of coreIds) if (second !== first) examined.add([first, second].sort().join(" + "))
    }
    return { pairByState, examined, tasks: taskList.length }
  })

const pairSweep = (
  estates: ReadonlyArray<string>,
  loaded: ReadonlyArray<LoadedScenario>,
  columns: ReadonlyArray<Column>,
  single: SingleOutcome,
  run: Runner
) =>
  Effect.gen(function*() {
    const states = new Map([...statesOf(loaded, columns)].map(([key, where]) => [key, { scenario: where.scenario, state: stateOf(loaded, where), alone: single.byState.get(key)! }]))
    const moved = yield* pairsIn(estates, loaded, states, run)
    // The same search with nothing moved finds the pairs the moves make harmless: their rows hold zeros
    // against a baseline (judged exactly, exactBaseline) that is not.
    const unmoved = yield* pairsIn(estates, loaded, single.unmoved, run)
    const rows = new Map<string, { fault: SweepFault; cells: Array<CellImpact> }>()
    const rowOf = (pair: string) => {
      let row = rows.get(pair)
      if (row === undefined) rows.set(pair, (row = { fault: { id: pair, kind: "pair", elements: pair.split(" + ") }, cells: columns.map(() => noImpact) }))
      return row
    }
    const participants = loaded[0]!.scenario.model.file.participants
    columns.forEach((c, ci) => {
      const folders = new Map<string, CellFolder>()
      for (const w of statesWithin(loaded[c.scenario]!.timeline, c.from, c.to)) {
        for (const [pair, eff] of moved.pairByState.get(`${c.scenario}/${w.index}`) ?? []) {
          let f = folders.get(pair)
          if (f === undefined) folders.set(pair, (f = new CellFolder()))
          f.add(eff.down, eff.weak, w.from, w.to)
        }
      }
      for (const [pair, folder] of folders) rowOf(pair).cells[ci] = folder.result(participants)
    })
    for (const pairs of unmoved.pairByState.values()) for (const pair of [...pairs.keys()].sort()) rowOf(pair)
    return { rows, tried: new Set([...moved.examined, ...unmoved.examined]).size, tasks: moved.tasks + unmoved.tasks }
  })

/**
 * K distinct compound faults of 2–3 elements, drawn (seeded) from the core nodes and core links: circuits
 * are left to N-1, where each matters to one participant (drawn with the rest, 1,057 circuits of 1,377
 * elements would fill most compound faults with them).
 *
 * Draw k (keyed `compound-k`) is a set of two or three elements with even odds; a set drawn before is
 * skipped and drawing goes on until K distinct sets — so random:K judges K faults, and random:K's sets are
 * the first K of random:K+1's. When fewer than K sets exist (C(n,2) + C(n,3) of n elements), all of them.
 */
export const randomFaultSets = (model: LoadedScenario["scenario"]["model"], count: number, seed: number): ReadonlyArray<FaultSet> => {
  const core = coreOf(model)
  const pool = [
    ...core.nodes.map((n) => ({ id: n.id, node: true })),
    ...core.links.map((l) => ({ id: l.id, node: false }))
  ]
  const wanted = Math.min(count, compoundFaultsOf(pool.length))
  const sets = new Map<string, FaultSet>()
  for (let k = 0; sets.size < wanted; k++) {
    const draws = keyedRandom(seed, `compound-${k}`)
    // of two elements, a draw of three is the pair: every set is drawn with some chance, so the loop ends
    const size = Math.min(pool.length, draws.next() < 0.5 ? 2 : 3)
    const picked = new Map<string, boolean>()
    while (picked.size < size) {
      const e = pool[Math.floor(draws.next() * pool.length)]!
      picked.set(e.id, e.node)
    }
    const ids = [...picked.keys()].sort()
    const id = ids.join(" + ")
    if (!sets.has(id)) sets.set(id, { id, links: ids.filter((i) => !picked.get(i)), nodes: ids.filter((i) => picked.get(i)) })
  }
  return [...sets.values()]
}

/** Distinct compound faults of n elements: C(n,2) pairs and C(n,3) triples. */
export const compoundFaultsOf = (n: number): number => n < 2 ? 0 : (n * (n - 1)) / 2 + (n * (n - 1) * (n - 2)) / 6

const randomSweep = (
  estates: ReadonlyArray<string>,
  loaded: ReadonlyArray<LoadedScenario>,
  columns: ReadonlyArray<Column>,
  count: number,
  seed: number,
  run: Runner
) =>
  Effect.gen(function*() {
    const sets = randomFaultSets(loaded[0]!.scenario.model, count, seed)
    const chunk = 4
    const taskList: Array<{ column: number; first: number; input: ExactTask }> = []
    columns.forEach((c, ci) => {
      for (let i = 0; i < sets.length; i += chunk) {
        taskList.push({ column: ci, first: i, input: {
            estate: estates[c.scenario]!,
            windows: statesWithin(loaded[c.scenario]!.timeline, c.from, c.to).map((w) => ({ state: loaded[c.scenario]!.timeline.states[w.index]!.state, from: w.from, to: w.to })),
            faults: sets.slice(i, i + chunk)
          } })
      }
    })
    const outputs = yield* run("sweep.exact", taskList.map((t) => t.input))
    const rows = new Map(sets.map((s) => [s.id, { fault: { id: s.id, kind: "compound", elements: [...s.nodes, ...s.links].sort() } as SweepFault, cells: columns.map(() => noImpact) }]))
    taskList.forEach((t, i) => outputs[i]!.forEach((cell, k) => (rows.get(sets[t.first + k]!.id)!.cells[t.column] = cell)))
    return { rows, tasks: taskList.length }
  })


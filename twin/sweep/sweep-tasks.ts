/**
 * The sweep's task kinds (registered in twin/parallel/task-handlers.ts), each a pure function of plain data
 * — the estate's path (validated by the calling thread: workers only parse it, trusted-estate.ts) and
 * physical states — so a worker loads no scenario, no catalogue and no checks:
 * - `sweep.single`: every single fault in one state (single-faults.ts);
 * - `sweep.pairs`: every second fault in a state with a first fault already in (N-2, pruned);
 * - `sweep.exact`: fault sets laid over a column's states, the impact engine's exact health with and
 *   without them compared state by state (random compound faults).
 */
import { withOut, type PhysicalState } from "../impact/physical-state.ts"
import { StateHealth } from "../impact/state-health.ts"
import { MemoTable, type TaskMemo } from "../parallel/task-memo.ts"
import { trustedModel } from "../parallel/trusted-estate.ts"
import { CellFolder, type CellImpact } from "./cell.ts"
import { singleFaults, type SingleFaults } from "./single-faults.ts"

declare module "../parallel/task.ts" {
  interface TaskMap {
    readonly "sweep.single": { readonly input: SingleTask; readonly output: SingleFaults }
    readonly "sweep.pairs": { readonly input: PairTask; readonly output: SingleFaults }
    readonly "sweep.exact": { readonly input: ExactTask; readonly output: ReadonlyArray<CellImpact> }
  }
}

export interface SingleTask {
  readonly estate: string
  readonly state: PhysicalState
}

export const runSingleTask = ({ estate, state }: SingleTask, memo: TaskMemo): SingleFaults => singleFaults(trustedModel(memo, estate), state)

export interface PairTask {
  readonly estate: string
  readonly state: PhysicalState
  /** The first fault: a core node or link id. */
  readonly first: { readonly id: string; readonly node: boolean }
}

export const runPairTask = ({ estate, state, first }: PairTask, memo: TaskMemo): SingleFaults =>
  singleFaults(trustedModel(memo, estate), first.node ? withOut(state, [], [first.id]) : withOut(state, [first.id], []))

export interface FaultSet {
  readonly id: string
  readonly links: ReadonlyArray<string>
  readonly nodes: ReadonlyArray<string>
}

export interface ExactTask {
  readonly estate: string
  /** The column's states, each with the part of the column it holds for. */
  readonly windows: ReadonlyArray<{ readonly state: PhysicalState; readonly from: number; readonly to: number }>
  readonly faults: ReadonlyArray<FaultSet>
  /**
   * Judge each fault as an N-2 pair is judged (sweep.ts `pairSweep`): a window counts only where the pair
   * takes down someone neither of its elements takes down alone. The pairs' unmoved baseline, so that it
   * compares with the pair's cells like for like.
   */
  readonly pairGate?: boolean
}

/** One element of a fault set alone. */
const elementsOf = (f: FaultSet): ReadonlyArray<FaultSet> => [
  ...f.nodes.map((n) => ({ id: n, links: [], nodes: [n] })),
  ...f.links.map((l) => ({ id: l, links: [l], nodes: [] }))
]

/** The impact engine's health per state, per estate: kept by the lane, it fills as the lane's tasks ask. */
const healthByEstate = new MemoTable<StateHealth>()

export const runExactTask = ({ estate, windows, faults, pairGate = false }: ExactTask, memo: TaskMemo): ReadonlyArray<CellImpact> => {
  const model = trustedModel(memo, estate)
  const health = healthByEstate.get(memo, estate, () => new StateHealth(model))
  return faults.map((f) => {
    const folder = new CellFolder()
    for (const w of windows) {
      const before = health.of(w.state)
      const after = health.of(withOut(w.state, f.links, f.nodes))
      if (pairGate) {
        const alone = elementsOf(f).map((e) => health.of(withOut(w.state, e.links, e.nodes)))
        let adds = false
        for (let slot = 0; slot < before.length && !adds; slot++) {
          adds = after[slot] === 3 && before[slot]! < 3 && alone.every((a) => a[slot] !== 3)
        }
        if (!adds) continue
      }
      const down: Array<number> = []
      const weak: Array<number> = []
      for (let slot = 0; slot < before.length; slot++) {
        const a = before[slot]!
        const b = after[slot]!
        if (b === 3 && a < 3) down.push(slot)
        else if (b === 1 && a === 0) weak.push(slot)
      }
      folder.add(down, weak, w.from, w.to)
    }
    return folder.result(model.file.participants)
  })
}

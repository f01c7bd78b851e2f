/**
 * The sweep's task kinds (registered in twin/parallel/task-handlers.ts), each a pure function of plain data:
 * - `sweep.single`: every single fault in one state of a scenario's timeline (single-faults.ts);
 * - `sweep.pairs`: every second fault in a state with a first fault already in (N-2, pruned);
 * - `sweep.exact`: given fault sets laid over a column, the impact engine's exact health with and without
 *   them, compared state by state (random compound faults).
 */
import { withOut } from "../impact/physical-state.ts"
import { CellFolder, type CellImpact } from "./cell.ts"
import { statesWithin } from "./columns.ts"
import { healthFor, loadScenarioRef, type ScenarioRef } from "./scenario-cache.ts"
import { singleFaults, type SingleFaults } from "./single-faults.ts"

export interface SingleTask {
  readonly ref: ScenarioRef
  readonly state: number
}

export const runSingleTask = async ({ ref, state }: SingleTask): Promise<SingleFaults> => {
  const { scenario, timeline } = await loadScenarioRef(ref)
  return singleFaults(scenario.model, timeline.states[state]!.state)
}

export interface PairTask {
  readonly ref: ScenarioRef
  readonly state: number
  /** The first fault: a core node or link id. */
  readonly first: { readonly id: string; readonly node: boolean }
}

export const runPairTask = async ({ ref, state, first }: PairTask): Promise<SingleFaults> => {
  const { scenario, timeline } = await loadScenarioRef(ref)
  const s = timeline.states[state]!.state
  return singleFaults(scenario.model, first.node ? withOut(s, [], [first.id]) : withOut(s, [first.id], []))
}

export interface FaultSet {
  readonly id: string
  readonly links: ReadonlyArray<string>
  readonly nodes: ReadonlyArray<string>
}

export interface ExactTask {
  readonly ref: ScenarioRef
  readonly from: number
  readonly to: number
  readonly faults: ReadonlyArray<FaultSet>
}

export const runExactTask = async ({ ref, from, to, faults }: ExactTask): Promise<ReadonlyArray<CellImpact>> => {
  const { scenario, timeline } = await loadScenarioRef(ref)
  const health = healthFor(scenario)
  return faults.map((f) => {
    const folder = new CellFolder()
    for (const w of statesWithin(timeline, from, to)) {
      const s = timeline.states[w.index]!.state
      const before = health.of(s)
      const after = health.of(withOut(s, f.links, f.nodes))
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
    return folder.result(scenario.model.file.participants)
  })
}

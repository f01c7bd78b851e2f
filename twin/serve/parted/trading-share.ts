/**
 * A trading part of a live world split by participants (`twin serve --threads 2 --trading-parts K`):
 * its simulation, the lines it wrote since they were last taken, and the instructor's controls applied to
 * it. The worker runs the first K − 1 (trading-part-worker.ts), the serving thread the last beside its own
 * part (two-parts.ts), so that both cores carry the trading path.
 */
import type { Result } from "effect"
import type { EstateModel } from "../../../topology/model.ts"
import type { Micros } from "../../engine/time.ts"
import type { TraceEvent } from "../../engine/trace.ts"
import { type Part, type PartSettings, partSimulation } from "../../simulate/parts.ts"
import type { Simulation } from "../../simulate/simulate.ts"
import { LiveFaults } from "../live-faults.ts"
import { applyWorldControl, type WorldControl } from "../world-controls.ts"

export interface TradingShare {
  readonly sim: Simulation
  /** The lines written since the last `take`. */
  readonly take: () => Array<TraceEvent>
  readonly control: (control: WorldControl, at: Micros) => Result.Result<string, string>
}

export const tradingShare = (model: EstateModel, part: Part, settings: PartSettings): TradingShare => {
  let events: Array<TraceEvent> = []
  const sim = partSimulation(model, part, settings, { write: (e) => void events.push(e) })
  const faults = new LiveFaults({ runtime: sim.runtime, world: sim.world, model, seed: settings.seed, taken: new Set() })
  const controlled = {
    runtime: sim.runtime,
    world: sim.world,
    faults,
    model,
    window: settings.window,
    units: model.file.cutoverUnits.map((u) => u.id),
    startPhase: undefined
  }
  return {
    sim,
    take: () => {
      const taken = events
      events = []
      return taken
    },
    control: (control, at) => applyWorldControl(controlled, control, at)
  }
}

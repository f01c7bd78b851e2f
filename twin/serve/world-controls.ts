/**
 * The instructor's world controls (inject, end-fault, move; phase needs a served scenario) applied to one
 * simulated world at `at`: checked, written to the trace as `live.control` before their effects, then
 * scheduled. One function for both worlds of a live world in two parts (live-session.ts, trading-part.ts):
 * each part applies the same control at the same instant and answers the same.
 */
import { Result } from "effect"
import { catalogues } from "../../scenarios/catalogues.ts"
import type { EstateModel } from "../../topology/model.ts"
import type { LiveControlData } from "../contract/kinds-scenario.ts"
import type { Runtime } from "../engine/runtime.ts"
import type { Micros } from "../engine/time.ts"
import type { SimulationWindow } from "../simulate/wiring.ts"
import { WorldChange } from "../world/world-change.ts"
import type { WorldPort } from "../world/world-port.ts"
import { type LiveFaults, resolveLiveFault } from "./live-faults.ts"
import type { Control } from "./protocol.ts"

/** The controls that change the world (speed, pause and resume are the pacer's). */
export type WorldControl = Extract<Control, { type: "inject" | "end-fault" | "phase" | "move" }>

export interface ControlledWorld {
  readonly runtime: Runtime
  readonly world: WorldPort
  readonly faults: LiveFaults
  readonly model: EstateModel
  readonly window: SimulationWindow
  /** The estate's cutover units. */
  readonly units: ReadonlyArray<string>
  /** Starts a phase of the served scenario now (none without a scenario). */
  readonly startPhase: ((phase: string, at: Micros) => Result.Result<string, string>) | undefined
}

/** Applies `control` at `at` (the instant the world has reached); the ack's detail or the error's message. */
export const applyWorldControl = (w: ControlledWorld, control: WorldControl, at: Micros): Result.Result<string, string> => {
  switch (control.type) {
    case "inject": {
      const spec = resolveLiveFault(control.fault, control.for, { model: w.model, catalogues, window: w.window, now: at })
      if (Result.isFailure(spec)) return Result.fail(spec.failure)
      const id = w.faults.claim(control.id)
      if (Result.isFailure(id)) return id
      note(w.runtime, at, { control: "inject", id: id.success, fault: control.fault, ...(control.for === undefined ? {} : { for: control.for }) })
      w.faults.start(id.success, spec.success, at, w.window.to)
      return Result.succeed(`injected ${w.faults.describe(id.success)}`)
    }
    case "end-fault": {
      const endable = w.faults.endable(control.id)
      if (Result.isFailure(endable)) return endable
      note(w.runtime, at, { control: "end-fault", id: control.id })
      w.faults.end(control.id, at)
      return endable
    }
    case "phase": {
      if (w.startPhase === undefined) return Result.fail("phase: expected a served scenario (twin serve SCENARIO), got none: phases come from a scenario")
      const started = w.startPhase(control.phase, at)
      if (Result.isSuccess(started)) note(w.runtime, at, { control: "phase", phase: control.phase })
      return started
    }
    case "move": {
      const back = control.back === true
      const known = new Set(w.units)
      for (const [i, unit] of control.units.entries()) {
        if (!known.has(unit)) return Result.fail(`units[${i}]: expected a cutover unit of ${w.model.file.name}, got ${JSON.stringify(unit)}`)
        if (w.world.state.moved.has(unit) !== back) {
          return Result.fail(`units[${i}]: expected a unit on the ${back ? "new" : "old"} backbone, got ${JSON.stringify(unit)} (already ${back ? "back" : "moved"})`)
        }
      }
      note(w.runtime, at, { control: "move", units: [...control.units], back })
      w.runtime.at(at, () =>
        w.world.batch(() => {
          for (const unit of control.units) w.world.apply(WorldChange.unitMoved(unit, back))
        })
      )
      return Result.succeed(`${back ? "moved back" : "moved"} ${control.units.join(", ")}`)
    }
  }
}

/** `live.control` at `at`, before the control's own effects (scheduled after it at the same instant). */
const note = (runtime: Runtime, at: Micros, control: LiveControlData): void => {
  runtime.at(at, () => runtime.record("live.control", "instructor", control))
}

/**
 * How each system's models are put into a simulated world: a `Wiring` reads the estate and adds its
 * machines (HKEX side and participant side) to the runtime, subscribes multicast receivers, and schedules
 * what the day brings. One wiring per system keeps `simulate` ignorant of protocols.
 */
import type { EstateModel } from "../../topology/model.ts"
import type { Runtime } from "../engine/runtime.ts"
import type { Micros } from "../engine/time.ts"
import type { TimetableName } from "../models/trading-day.ts"
import type { Settings } from "../settings/settings.ts"
import type { World } from "../world/world.ts"
import type { SimulationTaps } from "./taps.ts"

/**
 * The span of the day simulated, and which timetable that day keeps: present only on a half day, so a full
 * day's window — and every trace and report written from it — is what it was before the field existed.
 */
export interface SimulationWindow {
  readonly from: Micros
  readonly to: Micros
  readonly timetable?: "half-day"
}

/** The window `[from, to]` of a day that keeps `timetable` (the one place that leaves a full day's out). */
export const simulationWindow = (from: Micros, to: Micros, timetable: TimetableName = "full-day"): SimulationWindow =>
  timetable === "full-day" ? { from, to } : { from, to, timetable }

export interface WireContext {
  readonly model: EstateModel
  readonly runtime: Runtime
  readonly world: World
  readonly window: SimulationWindow
  readonly seed: number
  /** The assumptions the user set (estate `assumptions`, scenario `settings`); `{}`: the models' defaults. */
  readonly settings: Settings
  /** Observers of a live rig (taps.ts); absent: nothing is observed and nothing is wrapped. */
  readonly taps?: SimulationTaps
}

export interface Wiring {
  readonly system: string
  readonly wire: (ctx: WireContext) => void
}

/**
 * `(estate, initial state, seed, window) → trace`: builds the world, lets every wiring add its machines,
 * samples metrics at a fixed interval, runs the kernel to the end of the window and returns a summary.
 * The same inputs give the same trace, byte for byte.
 */
import type { EstateModel } from "../../topology/model.ts"
import { type Service, services } from "../../topology/schema.ts"
import { Runtime } from "../engine/runtime.ts"
import { formatClock, type Micros, seconds } from "../engine/time.ts"
import { TRACE_FORMAT_VERSION, type TraceSink } from "../engine/trace.ts"
import { estateLayout } from "../world/estate-layout.ts"
import type { HealthStatus } from "../contract/health.ts"
import { traceEvent } from "../contract/trace-event.ts"
import type { TraceData } from "../contract/trace-value.ts"
import { HealthTracker } from "../world/health.ts"
import { World } from "../world/world.ts"
import { noSettings, type Settings } from "../settings/settings.ts"
import type { SimulationTaps } from "./taps.ts"
import type { SimulationWindow, Wiring } from "./wiring.ts"

export interface SimulateOptions {
  readonly model: EstateModel
  readonly seed: number
  readonly window: SimulationWindow
  readonly wirings: ReadonlyArray<Wiring>
  readonly trace: TraceSink
  /** Cutover units already on the new backbone when the window opens. */
  readonly moved?: ReadonlyArray<string>
  readonly metricsEvery?: Micros
  readonly convergenceDelay?: Micros
  /** Sessions logging on at the opening of the window are "starting", not down, for this long (default 180 s). */
  readonly startupGrace?: Micros
  /** Called between chunks of the run (progress reporting). */
  readonly onProgress?: (now: Micros, events: number) => void
  /** The services whose health this world judges (default all; a part of a split run judges its own, parts.ts). */
  readonly services?: ReadonlyArray<Service>
  /** The participants whose health it judges (default all; a trading part of a run split by participants: its share). */
  readonly participants?: ReadonlySet<string>
  /** Whether the trace opens with `trace.start` and `estate.layout` (default true; a part's trace does not). */
  readonly header?: boolean
  /** The assumptions the user set (default: none, every model's own default). */
  readonly settings?: Settings
  /** Observers for a live rig (taps.ts); traces are the same with or without them. */
  readonly taps?: SimulationTaps
}

export interface SimulationSummary {
  readonly events: number
  readonly from: string
  readonly to: string
  readonly health: Record<string, Record<HealthStatus, number>>
}

/**
 * A simulation built and wired but not yet run past the window's opening: `runTo` advances it (live mode
 * steps it in slices paced to the wall clock), `finish` runs it to the end of the window and summarises.
 * Running it in any slices gives the same trace as one run: the kernel's order does not depend on where
 * it stops.
 */
export interface Simulation {
  readonly runtime: Runtime
  readonly world: World
  readonly window: SimulationWindow
  /** Runs every event up to `t` (capped at the window's end); returns how many ran. */
  readonly runTo: (t: Micros) => number
  /** Runs to the end of the window (reporting progress every 10 simulated minutes) and summarises. */
  readonly finish: () => SimulationSummary
  /** Tells `onProgress` how far the run got (what `finish` does after each chunk; finish-in-steps.ts too). */
  readonly progress: () => void
  /** The summary at the end of the window, once every event has run (`finish` ends with it). */
  readonly summarise: () => SimulationSummary
}

/** `finish` runs and reports progress in chunks of this much simulated time. */
export const PROGRESS_CHUNK: Micros = seconds(600)

/** The trace's first two lines: what run this is, and the estate the viewer draws its map from (docs/trace.md). */
/**
 * The settings as the trace carries them: the JSON the writer would make of them (their types are
 * interfaces, which the compiler does not take for JSON; the values are plain numbers, strings and lists).
 */
const settingsData = (settings: Settings): TraceData => JSON.parse(JSON.stringify(settings))

export const writeTraceHeader = (
  trace: TraceSink,
  model: EstateModel,
  seed: number,
  window: SimulationWindow,
  moved: ReadonlyArray<string>,
  settings: Settings = noSettings,
  split: { readonly tradingParts?: number } = {}
): void => {
  trace.write(traceEvent(window.from, "trace.start", "twin", {
    version: TRACE_FORMAT_VERSION,
    estate: model.file.name,
    seed,
    from: window.from,
    to: window.to,
    ...(window.timetable === undefined ? {} : { timetable: window.timetable }),
    moved: [...new Set(moved)].sort(),
    participants: model.file.participants.length,
    // The assumptions the user set, so a reader of the trace sees what the run assumed (absent: none).
    ...(Object.keys(settings).length === 0 ? {} : { settings: settingsData(settings) }),
    ...(split.tradingParts === undefined || split.tradingParts <= 1 ? {} : { tradingParts: split.tradingParts })
  }))
  trace.write(traceEvent(window.from, "estate.layout", model.file.name, estateLayout(model)))
}

export const startSimulation = (options: SimulateOptions): Simulation => {
  const { model, seed, window } = options
  const world = new World(model, {
    seed,
    convergenceDelayUs: options.convergenceDelay ?? seconds(1),
    moved: options.moved ?? [],
    ...(options.participants === undefined ? {} : { judgedParticipants: options.participants })
  })
  const health = new HealthTracker(model, options.trace, options.services, options.participants)
  const grace = options.startupGrace ?? seconds(180)
  health.startupGrace(window.from + grace)
  const runtime = new Runtime(world.network, health)
  if (options.header !== false) writeTraceHeader(options.trace, model, seed, window, [...world.state.moved], options.settings)
  runtime.run(window.from) // the clock starts at the window's opening
  world.attach(runtime, health)
  // When the start-up grace ends, flows that never came up are judged down.
  runtime.at(window.from + grace, () => world.rejudge())
  for (const w of options.wirings) w.wire({ model, runtime, world, window, seed, settings: options.settings ?? noSettings, ...(options.taps === undefined ? {} : { taps: options.taps }) })

  const every = options.metricsEvery ?? seconds(60)
  const sample = (t: Micros) => runtime.at(t, () => runtime.record("metrics", "twin", { health: health.counts(), events: runtime.events }))
  let at = window.from
  for (; at <= window.to; at += every) sample(at)
  // And one at the window's end when the interval does not land on it: a sample closes the interval before
  // it, and reports draw each interval's worst from the sample that closes it (report.json `health[].worst`)
  // — without one, an outage after the last whole interval would be in no sample and no chart.
  if (at - every < window.to) sample(window.to)
  const runTo = (t: Micros): number => {
    const n = runtime.run(Math.min(window.to, t))
    // Every event at or before the target has run: the cause changes of earlier instants are final, and at
    // the window's end all of them (docs/trace.md `health.cause`).
    health.flushBefore(t >= window.to ? Number.POSITIVE_INFINITY : t)
    return n
  }
  const progress = (): void => options.onProgress?.(runtime.now, runtime.events)
  const finish = (): SimulationSummary => {
    const chunk = PROGRESS_CHUNK
    for (let t = Math.max(window.from, runtime.now); t < window.to; t = Math.min(window.to, t + chunk)) {
      runTo(t + chunk)
      progress()
    }
    return summarise()
  }
  const summarise = (): SimulationSummary => {
    health.flushBefore()
    const counts = health.counts()
    return {
      events: runtime.events,
      from: formatClock(window.from),
      to: formatClock(window.to),
      health: Object.fromEntries(services.map((s) => [s, counts[s]]))
    }
  }
  return { runtime, world, window, runTo, finish, progress, summarise }
}

export const simulate = (options: SimulateOptions): SimulationSummary => startSimulation(options).finish()

/**
 * A fault-free simulation split into parts that share nothing, so that they can run side by side
 * (simulate-in-parts.ts): the OCG-C/OTP-C trading path in one part — the day's heaviest system — and China
 * Connect, market data and ECP in the other.
 *
 * Why a part sees exactly what it would see in one world: with nothing changing the world (no faults, no
 * cutover steps — what `twin simulate` runs), systems could meet only through a network queue between the
 * same two nodes, a link whose bandwidth a fault capped, a random draw from the world's stream (only lossy
 * or jittery links draw) or a participant's health. Each system's machines sit on nodes of their own apart
 * from the participants' premises, and participants never message each other, so no queue is shared
 * (checked before the parts' traces are merged: `sharedNodes`); models draw from streams keyed by what they draw for; each
 * service's health is judged in the part that runs its system. Each part keeps its own order of events,
 * so its events are the events of the one-world run, at the same instants, in the same order.
 *
 * A scenario's faults and cutover steps (scenarios/run-in-parts.ts) change every part's world alike at the
 * same instants (a step the phases decide on, both parts' phase controllers take alike: part-rendezvous.ts), so
 * the same holds unless a fault makes the parts meet: a lossy or jittery link both parts' traffic crosses
 * (both draw from the run's one stream, which one world draws in one order across systems) or one capped
 * link both queue on. Each part's network marks both on a board the parts share (meeting-board.ts).
 */
import type { EstateModel } from "../../topology/model.ts"
import { PremisesKind, type Service } from "../../topology/schema.ts"
import type { Micros } from "../engine/time.ts"
import type { Settings } from "../settings/settings.ts"
import type { TraceEvent, TraceSink } from "../engine/trace.ts"
import { type Simulation, type SimulationSummary, startSimulation } from "./simulate.ts"
import type { SimulationTaps } from "./taps.ts"
import type { MeetingWatcher } from "../world/sim-network.ts"
import { LineQueue } from "./line-queue.ts"
import { cscWiring } from "./wire-csc.ts"
import { ecpWiring } from "./wire-ecp.ts"
import { inShare, type ParticipantShare } from "./participant-share.ts"
import { ocgWiring, ocgWiringOf } from "./wire-ocg.ts"
import { omdWiring } from "./wire-omd.ts"
import type { SimulationWindow, Wiring } from "./wiring.ts"

export interface Part {
  readonly wirings: ReadonlyArray<Wiring>
  /** The services whose health the part judges: those of its systems. */
  readonly services: ReadonlyArray<Service>
  /** A trading part of a run split by participants: whose BSSs it runs and whose health it judges. */
  readonly share?: ParticipantShare
}

/**
 * Every system, in two parts (the first runs in the calling thread). The trading path alone is about three
 * quarters of the day's work on the default estate and sets the run's time (docs/scaling.md).
 */
export const systemParts: ReadonlyArray<Part> = [
  { wirings: [ocgWiring], services: ["otp-c"] },
  { wirings: [cscWiring, omdWiring, ecpWiring], services: ["otp-csc", "omd-c", "omd-cc", "ecp-sftp"] }
]

/**
 * The parts of a run with the trading path in `tradingParts` parts by participants (the first ones) and the
 * other systems in the last; 1: `systemParts`. Split by participants, the trading parts are not one world:
 * every part runs every gateway and host for its share's sessions only, so messages of two shares never
 * queue behind each other on a gateway↔host pair as they do in one world, and ExecIDs are numbered per part
 * (docs/scaling.md "The trading path in parts by participants"): an option for runs at scale.
 */
export const partsFor = (tradingParts: number): ReadonlyArray<Part> =>
  tradingParts <= 1 ? systemParts : [
    ...Array.from({ length: tradingParts }, (_, k): Part => {
      const share = { k, of: tradingParts }
      return { wirings: [ocgWiringOf({ elideHeartbeats: true, share })], services: systemParts[0]!.services, share }
    }),
    ...systemParts.slice(1)
  ]

/** What a part's run needs beside the estate: plain data, so that it can be sent to a worker thread. */
export interface PartSettings {
  readonly seed: number
  readonly window: SimulationWindow
  readonly moved: ReadonlyArray<string>
  readonly metricsEvery?: Micros
  readonly convergenceDelay?: Micros
  readonly startupGrace?: Micros
  /** The assumptions set for the run (plain data, twin/settings/). */
  readonly settings?: Settings
}

/** A part's trace (without the header lines; what it wrote after its last rendezvous with the other part, if any), its summary and the nodes its machines sat on. */
export interface PartOutput {
  readonly events: ReadonlyArray<TraceEvent>
  readonly summary: SimulationSummary
  readonly machineNodes: ReadonlyArray<string>
}

/** A part wired and ready to run; its trace is kept in memory. */
export interface StartedPart {
  readonly simulation: Simulation
  readonly run: () => PartOutput
  /** The part's output once its simulation has run to the end (`run` = finish, then this). */
  readonly output: (summary: SimulationSummary) => PartOutput
}

/**
 * A part's simulation, its trace (without the header) written to `trace`: what `startPart` runs, and each
 * part of a live world on two threads (twin/serve/parted/). `taps`: the rig's observers of its models.
 */
export const partSimulation = (
  model: EstateModel,
  part: Part,
  settings: PartSettings,
  trace: TraceSink,
  options: { readonly onProgress?: (now: Micros, events: number) => void; readonly taps?: SimulationTaps } = {}
): Simulation =>
  startSimulation({
    model,
    ...settings,
    wirings: part.wirings,
    services: part.services,
    ...(part.share === undefined ? {} : { participants: new Set(inShare(model.file.participants, part.share).map((p) => p.id)) }),
    header: false,
    trace,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.taps === undefined ? {} : { taps: options.taps })
  })

/**
 * A part's trace in memory, handed out in pieces: `take` gives what was written since the last take (a part
 * at a rendezvous with the other, part-rendezvous.ts, hands its lines over there; its output has the rest).
 */
export class PartTrace implements TraceSink {
  private readonly lines = new LineQueue()
  private readonly stream: ((lines: Array<TraceEvent>, upTo: Micros) => void) | undefined
  private readonly every: number
  /**
   * `stream`: where a worker's part sends its lines as it runs (part-stream.ts), each time it holds `every`
   * and at `mark`, with the instant before which every line it wrote is final — not all at the end.
   */
  constructor(stream?: (lines: Array<TraceEvent>, upTo: Micros) => void, every = 20_000) {
    this.stream = stream
    this.every = every
  }
  readonly write = (event: TraceEvent): void => {
    this.lines.push(event)
    // A line at `t` is written once every line before `t` is (health.ts writes a cause when its instant ends).
    if (this.stream !== undefined && this.lines.size >= this.every) this.stream(this.take(), event.t)
  }
  /** The part paused at `now`: every line before it is written (sent when streaming; nothing otherwise). */
  mark(now: Micros): void {
    this.stream?.(this.take(), now)
  }
  take(): Array<TraceEvent> {
    return this.lines.takeAll()
  }
  /** The lines before `t`, taken; the rest stay (a part writes its lines in time order). */
  takeBefore(t: Micros): Array<TraceEvent> {
    return this.lines.takeBefore(t)
  }
}

export interface StartPartOptions {
  readonly onProgress?: (now: Micros, events: number) => void
  /** Where the part's trace goes (default: a new one): a part that meets the other hands its lines over. */
  readonly trace?: PartTrace
  /** What the part's network tells where it meets other parts' traffic (meeting-board.ts). */
  readonly meetings?: MeetingWatcher
}

export const startPart = (model: EstateModel, part: Part, settings: PartSettings, options: StartPartOptions = {}): StartedPart => {
  const trace = options.trace ?? new PartTrace()
  const simulation = partSimulation(model, part, settings, trace, options.onProgress === undefined ? {} : { onProgress: options.onProgress })
  if (options.meetings !== undefined) simulation.world.network.watchMeetings(options.meetings)
  const output = (summary: SimulationSummary): PartOutput => ({
    summary,
    events: trace.take(),
    machineNodes: [...simulation.runtime.machineNodes()]
  })
  return { simulation, run: () => output(simulation.finish()), output }
}

const premises: ReadonlySet<string> = new Set(PremisesKind.literals)

/**
 * Nodes that host machines of more than one part (given each part's machine nodes), apart from
 * participants' premises: a queue two parts could share. Empty for the shipped wirings on any estate
 * whose systems have nodes of their own.
 */
export const sharedNodes = (model: EstateModel, parts: ReadonlyArray<Iterable<string>>): ReadonlyArray<string> => {
  const seen = new Map<string, number>()
  const shared = new Set<string>()
  parts.forEach((nodes, i) => {
    for (const node of nodes) {
      const kind = model.nodeById.get(node)?.kind
      if (kind !== undefined && premises.has(kind)) continue
      const other = seen.get(node)
      if (other === undefined) seen.set(node, i)
      else if (other !== i) shared.add(node)
    }
  })
  return [...shared].sort()
}

/**
 * `twin simulate` on two cores: the world split into parts that share nothing (parts.ts), run by lanes —
 * the calling thread and `workers - 1` worker threads, each running parts one after another and taking
 * the next when free (a part's working set alone in a core's caches runs faster than parts time-sliced on
 * it) — and their traces merged into one (merge-parts.ts). The trace does not depend on which lane ran a
 * part or how many lanes there were: with `workers` 1 the parts run one after the other in this thread.
 * Two parts side by side merge as they go (part-stream.ts): the worker's lines come as its part runs and
 * leave merged with this thread's at each of its pauses; otherwise the parts' traces merge at the end.
 *
 * What differs from the one-world run (`simulate`): only the order of events of different parts at the
 * same microsecond (the first part's first) and nothing else — every event, its instant and each part's
 * order are the same (test/twin/simulate/simulate-in-parts.test.ts compares them). A scenario runs this way
 * too (scenarios/run-in-parts.ts, `extend`: its instruments, faults and phases in each part, every part's
 * world changed alike); where its phases judge, the two parts meet (part-rendezvous.ts) and the trace so
 * far is merged there. Served scenarios and sweeps stay in one world.
 *
 * If a custom estate puts two parts' machines on one node (they could then share a network queue), or two
 * parts met in the network where one world orders them (both drew from the run's random stream, or queued
 * on one capped link: meeting-board.ts), the run is done again in one world and says so in `oneWorld` —
 * from the pause at which this thread sees it (every few simulated seconds of its part), not after the parts.
 */
import { Data, Effect, Exit, Fiber } from "effect"
import type { Service } from "../../topology/schema.ts"
import type { Micros } from "../engine/time.ts"
import { MemoryTrace } from "../engine/trace.ts"
import { addHealthCounts, startMerge } from "./merge-parts.ts"
import { task, type TaskMessage } from "../parallel/task.ts"
import type { PartTaskInput } from "./part-task.ts"
import { noRendezvous, openRendezvous, type Rendezvous, portsOf } from "./part-rendezvous.ts"
import { workerLane } from "./worker-lane.ts"
import { MeetingBoard } from "./meeting-board.ts"
import { PartStream } from "./part-stream.ts"
import { type Part, type PartOutput, type PartSettings, PartTrace, partsFor, sharedNodes, startPart, systemParts } from "./parts.ts"
import { finishInSteps, pause } from "./finish-in-steps.ts"
import { type SimulateOptions, type Simulation, type SimulationSummary, startSimulation, writeTraceHeader } from "./simulate.ts"
import { allSystems } from "./systems.ts"
import type { Wiring } from "./wiring.ts"

export interface SplitOptions extends Omit<SimulateOptions, "wirings" | "services" | "header" | "onProgress" | "participants"> {
  /** Threads to use: 1 runs the parts one after another here, 2 or more runs them side by side. */
  readonly workers: number
  /**
   * The trading path in this many parts by participants (parts.ts `partsFor`, default 1): faster at scale,
   * not one world (see there).
   */
  readonly tradingParts?: number
  /** Called as the parts run (every 10 simulated minutes of the part in this thread): how far each got. */
  readonly onProgress?: (parts: ReadonlyArray<PartProgress>) => void
  /** Told this thread's simulated time at each pause (for the line a stopped run prints). */
  readonly onStep?: (now: Micros) => void
  /** What a scenario run in parts adds to each part (scenarios/run-in-parts.ts); default nothing. */
  readonly extend?: PartExtension
  /**
   * The run in one world, built and wired, for when parts share a node or met in the network (default: every
   * system, as `twin simulate` runs it); it writes its own trace, header and progress.
   */
  readonly oneWorld?: () => Simulation
}

/** How far a part got: simulated time and engine events run (0 and 0 before it starts). */
export interface PartProgress {
  readonly services: ReadonlyArray<Service>
  readonly now: Micros
  readonly events: number
}

/**
 * What each part runs after its systems' wirings: built here, and in a worker from its task's plain data.
 * `meet` is the part's side of the rendezvous (part-rendezvous.ts) where two parts run side by side on two
 * threads; elsewhere it throws.
 */
export interface PartExtension {
  readonly wirings: (part: Part, meet: Rendezvous) => ReadonlyArray<Wiring>
  /** The part as a worker's task (`input`: what a plain part's task has). */
  readonly task: (input: PartTaskInput) => TaskMessage
}

export interface SplitSummary extends SimulationSummary {
  /** The services of each part as run (one part: the run fell back to one world). */
  readonly parts: ReadonlyArray<ReadonlyArray<Service>>
  /** Why the run is in one world, if it is. */
  readonly oneWorld?: string
}

/**
 * The run as a promise, for callers outside Effect (tests, benchmarks): an edge, and nothing in Effect code
 * calls it (that would be a round trip). The CLI runs `splitRun` itself, so that Ctrl-C stops it. A
 * `MemoryTrace` is emptied if the run goes to one world after the parts merged lines into it.
 */
export const simulateInParts = (options: SplitOptions): Promise<SplitSummary> =>
  Effect.runPromise(splitRun(options, Effect.void, Effect.sync(() => (options.trace instanceof MemoryTrace ? options.trace.clear() : undefined))))

/**
 * The run as an effect that stops when interrupted: the part in this thread pauses every few simulated
 * seconds (finish-in-steps.ts), the worker's part is ended with its thread. `between` runs at each pause
 * of this thread's run and after the merge (the CLI appends the trace written so far to its file);
 * `restart`, before a run that goes to one world after the parts wrote lines (at their rendezvous), empties
 * what took them.
 */
export const splitRun = <E = never, R = never>(
  options: SplitOptions,
  between: Effect.Effect<void, E, R> = Effect.void,
  restart: Effect.Effect<void, E, R> = Effect.void
): Effect.Effect<SplitSummary, E, R> =>
  Effect.gen(function*() {
    const { model, trace, window, seed } = options
    const settings: PartSettings = {
      seed,
      window,
      moved: options.moved ?? [],
      ...(options.metricsEvery === undefined ? {} : { metricsEvery: options.metricsEvery }),
      ...(options.convergenceDelay === undefined ? {} : { convergenceDelay: options.convergenceDelay }),
      ...(options.startupGrace === undefined ? {} : { startupGrace: options.startupGrace }),
      ...(options.settings === undefined ? {} : { settings: options.settings })
    }
    // How far each part got: the worker parts write theirs to shared memory, read when this thread reports.
    const tradingParts = options.tradingParts ?? 1
    const extend = options.extend
    const plainParts = partsFor(tradingParts)
    // The header first, once: at the first rendezvous, or before the merge at the end.
    let headed = false
    const head = (): void => {
      if (!headed) writeTraceHeader(trace, model, seed, window, settings.moved, settings.settings, { tradingParts })
      headed = true
    }
    // Two parts side by side on two threads can meet (part-rendezvous.ts): there both parts' lines so far are
    // merged into the trace (what the world writes, the first part's), so that what this thread's part
    // computes next reads them. The first part runs in this thread.
    const firstTrace = new PartTrace()
    const sideBySide = plainParts.length === 2 && options.workers >= 2
    // The worker's lines come as its part runs (part-stream.ts) and leave merged as both parts go on.
    const stream = sideBySide ? new PartStream() : undefined
    const rendezvous = sideBySide
      ? openRendezvous((theirs) => {
        head()
        startMerge([firstTrace.take(), [...(stream?.takeAll() ?? []), ...theirs]], trace)(Number.POSITIVE_INFINITY)
      })
      : undefined
    // Both parts' lines before the earlier of their final instants (this part's: `mine`), merged into the trace.
    const flowOut = (mine: Micros): void => {
      if (stream === undefined) return
      stream.drain()
      const before = Math.min(mine, stream.upTo)
      const ours = firstTrace.takeBefore(before)
      const theirs = stream.takeBefore(before)
      if (ours.length === 0 && theirs.length === 0) return
      head()
      startMerge([ours, theirs], trace)(Number.POSITIVE_INFINITY)
    }
    const apart = noRendezvous("parts that meet must run side by side, one on each of two threads")
    const parts = plainParts.map((p, i): Part => (extend === undefined ? p : { ...p, wirings: [...p.wirings, ...extend.wirings(p, (i === 0 ? rendezvous?.meet : undefined) ?? apart)] }))
    const plainTask = (input: PartTaskInput): TaskMessage => extend?.task(input) ?? task("simulate.part", input)
    // Where the parts meet in the network (a draw, a capped link's queue: meeting-board.ts), each part's network
    // marks it as it runs. The trading parts of a split by participants are not one world anyway: no board.
    const board = tradingParts <= 1 ? new MeetingBoard({ parts: parts.length, links: model.links.length }) : undefined
    const metSoFar = (): string | undefined => board?.met((link) => model.links[link]!.id)
    const progress = parts.map(() => new Float64Array(new SharedArrayBuffer(2 * Float64Array.BYTES_PER_ELEMENT)))
    const tell = (): void =>
      options.onProgress?.(parts.map((p, i) => ({ services: p.services, now: progress[i]![0]!, events: progress[i]![1]! })))
    const report = options.onProgress === undefined
      ? undefined
      : (part: number) => (now: Micros, events: number) => {
        progress[part]![0] = now
        progress[part]![1] = events
        tell()
      }
    // Lanes (this thread and `workers - 1` worker threads) each run parts one after another, taking the
    // next from a queue when free: a part's working set alone in a core's caches runs its events faster
    // than parts sharing a core (docs/scaling.md "Lanes"). The trace does not depend on which lane ran a part.
    const queue = laneQueue(parts.length, options.workers)
    const take = (): number | undefined => queue.shift()
    const outputs: Array<PartOutput | undefined> = parts.map(() => undefined)
    const first = take()!
    // The worker lanes start at once (a worker takes ~1–2 s to load) and take their first part before this one.
    const remote = options.workers > 1 && queue.length > 0
      ? yield* Effect.forkChild(
        Effect.forEach(
          Array.from({ length: Math.min(options.workers - 1, queue.length) }, (_, lane) => lane),
          () =>
            workerLane(take, (part) => {
              const line = rendezvous?.line
              const input: PartTaskInput = {
                estate: model.file,
                part,
                tradingParts,
                settings,
                progress: progress[part]!.buffer as SharedArrayBuffer,
                ...(line === undefined ? {} : { rendezvous: line }),
                ...(board === undefined ? {} : { meetings: board.buffer }),
                ...(stream === undefined ? {} : { stream: stream.port })
              }
              return { message: plainTask(input), transfer: [...(line === undefined ? [] : portsOf(line)), ...(stream === undefined ? [] : [stream.port])] }
            }, (part, output) => {
              outputs[part] = output
            }),
          { concurrency: "unbounded", discard: true }
        ),
        { startImmediately: true }
      )
      : undefined
    const ranHere = yield* Effect.gen(function*() {
      for (let i: number | undefined = first; i !== undefined; i = take()) {
        const onProgress = report?.(i)
        const started = startPart(model, parts[i]!, settings, {
          ...(onProgress === undefined ? {} : { onProgress }),
          ...(i === 0 ? { trace: firstTrace } : {}),
          ...(board === undefined ? {} : { meetings: board.watcher(i) })
        })
        // At each pause: parts that already met stop here, and one world runs instead (below); a worker's part
        // that failed ends the run here, not after this thread's part.
        const step = Effect.suspend((): Effect.Effect<void, E | PartsMet, R> => {
          options.onStep?.(started.simulation.runtime.now)
          const lanes = remote?.pollUnsafe()
          if (lanes !== undefined && Exit.isFailure(lanes)) return Effect.failCause(lanes.cause)
          const met = metSoFar()
          if (met !== undefined) return Effect.fail(new PartsMet({ where: met }))
          if (i === 0) flowOut(started.simulation.runtime.now)
          return between
        })
        const output = started.output(yield* finishInSteps(started.simulation, step))
        // Streaming, the first part's last lines wait in its trace for the worker's to merge with.
        if (i === 0 && stream !== undefined) for (const e of output.events) firstTrace.write(e)
        outputs[i] = i === 0 && stream !== undefined ? { ...output, events: [] } : output
      }
      return undefined
    }).pipe(
      Effect.ensuring(Effect.sync(() => rendezvous?.end())),
      Effect.catchIf((e): e is PartsMet => e instanceof PartsMet, (met) => Effect.succeed(met.where))
    )
    // The one world that runs where the parts could not stand for it: it writes its own trace, header and progress.
    const inOneWorld = (why: string) =>
      Effect.gen(function*() {
        const { onProgress, onStep, extend: _extend, oneWorld, ...rest } = options
        // What the parts merged so far is not the one world's: gone from the output.
        stream?.close()
        yield* restart
        const services = systemParts.flatMap((p) => p.services)
        const simulation = oneWorld?.() ?? startSimulation({
          ...rest,
          wirings: allSystems,
          ...(onProgress === undefined ? {} : { onProgress: (now: Micros, events: number) => onProgress([{ services, now, events }]) })
        })
        const summary = yield* finishInSteps(simulation, Effect.andThen(Effect.sync(() => onStep?.(simulation.runtime.now)), between))
        return { ...summary, parts: [services], oneWorld: why } satisfies SplitSummary
      })
    // While the workers run on, a look at the board now and then: parts that met stop then too.
    const lookWhileWaiting = Effect.gen(function*() {
      for (;;) {
        yield* Effect.sleep(LOOK_EVERY)
        const met = metSoFar()
        if (met !== undefined) return met
        // This thread's part is done: the worker's lines leave as they come.
        flowOut(Number.POSITIVE_INFINITY)
        yield* between
      }
    })
    // The first of the two to end: a worker's part that fails must end the wait, which the board never would.
    const metWhileWaiting = ranHere !== undefined || remote === undefined ? undefined
      : board === undefined ? yield* Fiber.join(remote).pipe(Effect.as(undefined))
      : yield* Effect.raceFirst(Fiber.join(remote).pipe(Effect.as(undefined)), lookWhileWaiting)
    const stopped = ranHere ?? metWhileWaiting
    if (stopped !== undefined) {
      // Stopped early: the workers' parts are ended with their threads.
      if (remote !== undefined) yield* Fiber.interrupt(remote)
      return yield* inOneWorld(stopped)
    }
    const done = outputs as ReadonlyArray<PartOutput>
    // A last report with every part at its end (the worker's own last write may not have been read).
    done.forEach((o, i) => {
      progress[i]![0] = window.to
      progress[i]![1] = o.summary.events
    })
    tell()
    // Parts that put machines on one node could have shared its queues: their traces do not stand for one
    // world, which then runs instead (only a custom estate that co-hosts systems pays this second run).
    // The trading parts of a split by participants share the OCG-C nodes by design (partsFor): one group here.
    const byGroup = tradingParts <= 1 ? done.map((o) => o.machineNodes) : [done.slice(0, tradingParts).flatMap((o) => o.machineNodes), ...done.slice(tradingParts).map((o) => o.machineNodes)]
    const shared = sharedNodes(model, byGroup)
    // Parts that met in the network where one world orders what they do, after this thread's last look.
    const met = metSoFar()
    if (shared.length > 0) return yield* inOneWorld(`parts share nodes ${shared.join(", ")}`)
    if (met !== undefined) return yield* inOneWorld(met)
    head()
    // The merge of a whole day is seconds of work: in pieces, with a pause between them.
    const merge = startMerge(stream === undefined ? done.map((o) => o.events) : [firstTrace.take(), [...stream.takeAll(), ...done[1]!.events]], trace)
    stream?.close()
    while (!merge(MERGE_PIECE)) {
      yield* between
      yield* pause
    }
    yield* between
    const summaries = done.map((o) => o.summary)
    return {
      events: summaries.reduce((n, s) => n + s.events, 0),
      from: summaries[0]!.from,
      to: summaries[0]!.to,
      health: summaries.slice(1).reduce((h, s) => addHealthCounts(h, s.health), summaries[0]!.health),
      parts: parts.map((p) => p.services)
    } satisfies SplitSummary
  })

/** This thread's part stopped: the parts met in the network (`where`), so one world runs instead. */
class PartsMet extends Data.TaggedError("PartsMet")<{ readonly where: string }> {}

/** How often the board is looked at while this thread waits for the workers' parts. */
const LOOK_EVERY = "50 millis"

/** Trace events merged between pauses (~0.1 s of work). */
const MERGE_PIECE = 50_000

/**
 * The order lanes take parts in: this thread the first (a trading part), the first worker the last (the
 * other systems: the lighter of two parts on the default estate, the heaviest of many when the trading path
 * is split by participants), then the rest in order to whichever lane is free. One lane: in order.
 */
export const laneQueue = (parts: number, lanes: number): Array<number> => {
  const inOrder = Array.from({ length: parts }, (_, i) => i)
  return lanes <= 1 || parts <= 2 ? inOrder : [0, parts - 1, ...inOrder.slice(1, -1)]
}

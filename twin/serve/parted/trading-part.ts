/**
 * The trading path of a live world in two parts, in a worker thread of its own (trading-part-worker.ts):
 * `begin(t)` sends it to `t` and returns at once, so that the calling thread runs its own part meanwhile;
 * `finish()` waits for it — blocking, without the event loop: the live hub's step is synchronous — and
 * returns the trace events it wrote. Controls go in order before the next `begin`, and are answered with
 * its next events (the calling thread checks they were answered as in its own part).
 *
 * Why a blocking wait: the hub runs the world to a target in one synchronous step (run-toward.ts) and the
 * rig reads it right after; a step that could return before the trading path got there would show a world
 * half-way. The worker counts its replies in shared memory (`Atomics.notify`) and puts each on a port read
 * with `receiveMessageOnPort`, which needs no event loop. A thread that dies without a word (out of memory,
 * killed) is seen by a warden (thread-warden.ts), which wakes the wait at once.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads"
import type { EstateFile } from "../../../topology/schema.ts"
import { WORKER_YOUNG_GENERATION_MB } from "../../parallel/heap-flags.ts"
import type { Micros } from "../../engine/time.ts"
import type { TraceEvent } from "../../engine/trace.ts"
import type { Settings } from "../../settings/settings.ts"
import { lifeline, ThreadLost } from "../../simulate/thread-warden.ts"
import type { SimulationWindow } from "../../simulate/wiring.ts"
import type { WorldControl } from "../world-controls.ts"

/** What the worker builds its world from: plain data (the estate already validated by the calling thread). */
export interface TradingPartInit {
  readonly estate: EstateFile
  readonly seed: number
  readonly window: SimulationWindow
  readonly moved: ReadonlyArray<string>
  readonly settings: Settings | undefined
  /**
   * The trading path split by participants (`twin serve --trading-parts`, parts.ts `partsFor`): the trading
   * parts this thread runs, of `of`. Undefined: the whole trading path, one world.
   */
  readonly shares?: { readonly of: number; readonly parts: ReadonlyArray<number> }
}


export type PartRequest =
  | { readonly type: "control"; readonly control: WorldControl; readonly at: Micros }
  | { readonly type: "advance"; readonly t: Micros }

export type ControlAnswer = { readonly ok: string } | { readonly error: string }

export type PartReply =
  | { readonly events: ReadonlyArray<TraceEvent>; readonly ran: number; readonly controls: ReadonlyArray<ControlAnswer> }
  | { readonly error: string }

/** How long a step may take before the worker is taken for dead (a whole simulated day runs in seconds). */
const STEP_TIMEOUT_MS = 120_000
/** The replies' count once the worker's thread is gone (its lifeline closed): past any count a serve reaches. */
const GONE = 2 ** 30

export class TradingPart {
  private readonly worker: Worker
  private readonly port: MessagePort
  private readonly posted: Int32Array
  private expected = 0

  constructor(init: TradingPartInit) {
    const { port1, port2 } = new MessageChannel()
    this.port = port1
    this.posted = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT))
    const life = lifeline(this.posted, 0, GONE)
    this.worker = new Worker(new URL("./trading-part-worker.ts", import.meta.url), {
      workerData: { ...init, port: port2, posted: this.posted.buffer, lifeline: life },
      transferList: [port2, life],
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB }
    })
    // The serve ends when its server does; a thread left running must not keep the process alive.
    this.worker.unref()
  }

  control(control: WorldControl, at: Micros): void {
    this.worker.postMessage({ type: "control", control, at } satisfies PartRequest)
  }

  begin(t: Micros): void {
    this.worker.postMessage({ type: "advance", t } satisfies PartRequest)
    this.expected++
  }

  /** Waits for the step `begin` started; its events and its answers to the controls sent before it. */
  finish(): { readonly events: ReadonlyArray<TraceEvent>; readonly ran: number; readonly controls: ReadonlyArray<ControlAnswer> } {
    const deadline = Date.now() + STEP_TIMEOUT_MS
    for (;;) {
      const seen = Atomics.load(this.posted, 0)
      if (seen >= this.expected) {
        const received = receiveMessageOnPort(this.port)
        if (received !== undefined) {
          const reply = received.message as PartReply
          if ("error" in reply) throw new Error(`the trading path's thread failed: ${reply.error}`)
          return reply
        }
        if (seen === GONE) throw new ThreadLost("the trading path's thread ended without a word (out of memory, killed or exited)")
      }
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`the trading path's thread did not answer within ${STEP_TIMEOUT_MS / 1000} s`)
      // Counted but not yet on the port (the count and the message are two writes): look again at once.
      Atomics.wait(this.posted, 0, seen, Math.min(left, seen >= this.expected ? 1 : 50))
    }
  }

  close(): Promise<number> {
    this.port.close()
    return this.worker.terminate()
  }
}

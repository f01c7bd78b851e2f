/**
 * A worker's part's lines sent to the calling thread as the part runs (simulate-in-parts.ts), so that the two
 * parts' traces merge and leave as they go rather than both held whole to the end: at 6,000 participants a
 * fault drill's 11 million lines took 5.8 GB held, against 2.3 GB in one world.
 *
 * The worker's `PartTrace` sends what it holds every so many lines and at each pause of its part, with the
 * instant `upTo` before which every line it wrote is final. The calling thread drains the port without its
 * event loop (`receiveMessageOnPort`: at its part's pauses, at a rendezvous, at the end) and merges the lines
 * of both parts before the earlier of the two parts' final instants — never an instant that either part may
 * still write to — so the merged trace is the one the parts would give merged at the end.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort } from "node:worker_threads"
import type { Micros } from "../engine/time.ts"
import type { TraceEvent } from "../engine/trace.ts"
import { LineQueue } from "./line-queue.ts"

interface Chunk {
  readonly lines: Array<TraceEvent>
  readonly upTo: Micros
}

/** The worker's side: what its `PartTrace` calls to send (the port from the task, transferred). */
export const sendOn = (port: MessagePort) => (lines: Array<TraceEvent>, upTo: Micros): void => port.postMessage({ lines, upTo } satisfies Chunk)

/** The calling thread's side: `port` goes to the worker in its task (transferred). */
export class PartStream {
  private readonly channel = new MessageChannel()
  private readonly pending = new LineQueue()
  /** Every line the worker wrote before this instant has arrived. */
  upTo: Micros = Number.NEGATIVE_INFINITY

  get port(): MessagePort {
    return this.channel.port2
  }

  /** Takes in what the worker sent so far. */
  drain(): void {
    for (let m = receiveMessageOnPort(this.channel.port1); m !== undefined; m = receiveMessageOnPort(this.channel.port1)) {
      const chunk = m.message as Chunk
      for (const line of chunk.lines) this.pending.push(line)
      this.upTo = Math.max(this.upTo, chunk.upTo)
    }
  }

  /** The lines received before `t`, taken; the rest stay. */
  takeBefore(t: Micros): Array<TraceEvent> {
    return this.pending.takeBefore(t)
  }

  /** Everything received (drained first), taken: at a rendezvous or at the end, where the worker's part stands. */
  takeAll(): Array<TraceEvent> {
    this.drain()
    return this.pending.takeAll()
  }

  close(): void {
    this.channel.port1.close()
  }
}

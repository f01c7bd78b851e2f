/**
 * Rendezvous of a run in two parts on two threads (simulate-in-parts.ts): an event both parts run at the same
 * point of their order (a scenario's cutover phase judging a check: scenarios/scenario-part.ts) where the
 * calling thread must see every line both parts wrote before it and both must then go on with one answer.
 * The worker's part posts its lines since the last rendezvous and blocks; the calling thread's part, at the
 * same event, takes them, merges them with its own into the trace, computes the answer and posts it back.
 * Neither part can leave the event meanwhile (an event runs to its end), so both wait without returning to
 * the event loop: shared memory and `Atomics.wait`, messages read with `receiveMessageOnPort`, as the live
 * world on two threads waits for its worker (twin/serve/parted/).
 *
 * Both sides count their rendezvous and name each (a check's id): parts that disagree are a defect, and so
 * is a part that ends, or fails, while the other waits for it — each side then says so rather than waiting
 * for ever. A worker's thread that dies without a word (killed, out of memory) is seen by a warden
 * (thread-warden.ts), which wakes this thread.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort } from "node:worker_threads"
import type { TraceEvent } from "../engine/trace.ts"
import { lifeline, ThreadLost } from "./thread-warden.ts"

/** What the worker's part is given to meet the calling thread: sent in its task, both ports transferred (`portsOf`). */
export interface RendezvousLine {
  readonly sync: SharedArrayBuffer
  readonly port: MessagePort
  /** Held by the worker's thread while its part runs: its end, however it comes, wakes the calling thread. */
  readonly lifeline: MessagePort
}

/** The ports a task carrying `line` must transfer. */
export const portsOf = (line: RendezvousLine): ReadonlyArray<MessagePort> => [line.port, line.lifeline]

/**
 * A part's side, as its wirings use it: `meet(name, answer)` returns the answer, computed by `answer` in the
 * calling thread (never run in the worker). A part that has no other to meet (one thread, or one of many
 * parts run in turn) throws.
 */
export type Rendezvous = <T>(name: string, answer: () => T) => T

/** Slots of the shared counters: rendezvous the worker reached, rendezvous the calling thread answered. */
const WORKER = 0
const HERE = 1
/** A count past any rendezvous: that side ended (or failed) and will meet no more. */
const ENDED = 2 ** 30
/** The worker's count once its thread is gone (its lifeline closed): past `ENDED`, what it said before stands. */
const GONE = ENDED + 1

interface FromWorker {
  readonly count?: number
  readonly name?: string
  readonly lines?: ReadonlyArray<TraceEvent>
  /** The worker's part ended and will not meet again. */
  readonly ended?: true
  /** The worker's part failed, with this message. */
  readonly failed?: string
}

const waitPast = (counters: Int32Array, slot: number, count: number): void => {
  for (let v = Atomics.load(counters, slot); v < count; v = Atomics.load(counters, slot)) Atomics.wait(counters, slot, v)
}

export const noRendezvous = (why: string): Rendezvous => (name) => {
  throw new Error(`rendezvous ${name}: ${why}`)
}

/**
 * The calling thread's side: `line` goes to the worker in its task (transfer `portsOf(line)`). `meet` takes the
 * worker's lines since the last rendezvous, hands them to `merge` (which adds this part's), and posts the
 * answer back. `end` tells the worker this part will meet no more (a worker still waiting then fails).
 */
export const openRendezvous = (merge: (theirs: ReadonlyArray<TraceEvent>) => void): {
  readonly line: RendezvousLine
  readonly meet: Rendezvous
  readonly end: () => void
} => {
  const channel = new MessageChannel()
  const sync = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT)
  const counters = new Int32Array(sync)
  const life = lifeline(counters, WORKER, GONE)
  let count = 0
  const meet: Rendezvous = (name, answer) => {
    const n = ++count
    waitPast(counters, WORKER, n)
    const message = receiveMessageOnPort(channel.port1)?.message as FromWorker | undefined
    if (message === undefined && Atomics.load(counters, WORKER) === GONE) {
      throw new ThreadLost(`the worker's thread ended without a word before rendezvous ${n} (${name}): killed, out of memory or exited`)
    }
    if (message?.failed !== undefined) throw new Error(`the worker's part failed before rendezvous ${n} (${name}): ${message.failed}`)
    if (message === undefined || message.ended === true) throw new Error(`the worker's part ended before rendezvous ${n} (${name})`)
    if (message.count !== n || message.name !== name) throw new Error(`rendezvous ${n}: this part is at ${name}, the worker's at ${message.count} (${message.name})`)
    merge(message.lines!)
    const value = answer()
    channel.port1.postMessage(value)
    Atomics.store(counters, HERE, n)
    Atomics.notify(counters, HERE)
    return value
  }
  const end = (): void => {
    Atomics.store(counters, HERE, ENDED)
    Atomics.notify(counters, HERE)
    channel.port1.close()
  }
  return { line: { sync, port: channel.port2, lifeline: life }, meet, end }
}

/**
 * The worker's side: `meet` posts `take()` (this part's lines since the last rendezvous) and waits for the
 * answer. `ended` must be called when the part ends or fails, so that a calling thread waiting learns it.
 */
export const joinRendezvous = (line: RendezvousLine, take: () => ReadonlyArray<TraceEvent>): {
  readonly meet: Rendezvous
  readonly ended: (failure?: unknown) => void
} => {
  const counters = new Int32Array(line.sync)
  let count = 0
  const meet: Rendezvous = <T>(name: string): T => {
    const n = ++count
    line.port.postMessage({ count: n, name, lines: take() } satisfies FromWorker)
    Atomics.store(counters, WORKER, n)
    Atomics.notify(counters, WORKER)
    waitPast(counters, HERE, n)
    const answer = receiveMessageOnPort(line.port)
    if (answer === undefined) throw new Error(`the calling thread's part ended before rendezvous ${n} (${name})`)
    return answer.message as T
  }
  const ended = (failure?: unknown): void => {
    line.port.postMessage((failure === undefined ? { ended: true } : { failed: failure instanceof Error ? failure.message : String(failure) }) satisfies FromWorker)
    Atomics.store(counters, WORKER, ENDED)
    Atomics.notify(counters, WORKER)
    line.port.close()
    line.lifeline.close()
  }
  return { meet, ended }
}

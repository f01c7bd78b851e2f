/**
 * A runner's worker threads: each task a runner is sent runs on one of them (the same worker entry as the
 * local pool, ../worker-entry.ts), so that the runner's main thread never runs a simulation. It must stay
 * free for the cluster: a runner whose event loop is held for seconds by a task misses its shard-lock
 * refreshes and health pings, loses its shards mid-task, and its tasks are started again elsewhere (seen
 * with a 30-minute drill on the default estate before this existed). Tasks wait in arrival order for a free
 * thread. A thread that dies fails its task and is replaced. A task whose request is interrupted (its
 * shard moved to another runner, which starts it afresh) is dropped: taken off the queue, or its thread
 * ended and replaced, so that the runner does not go on computing what nobody waits for.
 */
import { Worker } from "node:worker_threads"
import type { Request } from "../executor.ts"
import type { TaskMessage } from "../task.ts"

interface Waiting {
  readonly task: TaskMessage
  readonly onStart: (() => void) | undefined
  readonly resolve: (output: unknown) => void
  readonly reject: (error: Error) => void
}

interface Reply {
  readonly id: number
  readonly output?: unknown
  readonly error?: string
}

export class ThreadLanes {
  private readonly idle: Array<Worker> = []
  private readonly busy = new Map<Worker, { readonly id: number; readonly job: Waiting }>()
  private readonly queue: Array<Waiting> = []
  private nextId = 0
  private closed = false

  readonly size: number

  constructor(size: number) {
    this.size = size
    for (let i = 0; i < size; i++) this.idle.push(this.start())
  }

  /** Runs `task` on the next free thread; `onStart` when it is handed to one; an abort of `signal` drops it. */
  run(task: TaskMessage, onStart?: () => void, signal?: AbortSignal): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error("the runner is stopping"))
    return new Promise((resolve, reject) => {
      const job: Waiting = { task, onStart, resolve, reject }
      this.queue.push(job)
      signal?.addEventListener("abort", () => this.drop(job), { once: true })
      this.pump()
    })
  }

  private drop(job: Waiting): void {
    const queued = this.queue.indexOf(job)
    if (queued >= 0) this.queue.splice(queued, 1)
    for (const [w, at] of this.busy) {
      if (at.job !== job) continue
      this.busy.delete(w)
      void w.terminate()
      if (!this.closed) this.idle.push(this.start())
    }
    job.reject(new Error("interrupted"))
    this.pump()
  }

  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) job.reject(new Error("the runner is stopping"))
    const all = [...this.idle, ...this.busy.keys()]
    this.idle.length = 0
    await Promise.all(all.map((w) => w.terminate()))
  }

  private start(): Worker {
    const w = new Worker(new URL("../worker-entry.ts", import.meta.url))
    w.on("message", (reply: Reply) => {
      const at = this.busy.get(w)
      if (at === undefined || at.id !== reply.id) return
      this.busy.delete(w)
      this.idle.push(w)
      if (reply.error !== undefined) at.job.reject(new Error(reply.error))
      else at.job.resolve(reply.output)
      this.pump()
    })
    w.on("error", (e: Error) => {
      const at = this.busy.get(w)
      this.busy.delete(w)
      const i = this.idle.indexOf(w)
      if (i >= 0) this.idle.splice(i, 1)
      at?.job.reject(e)
      if (!this.closed) {
        this.idle.push(this.start())
        this.pump()
      }
    })
    return w
  }

  private pump(): void {
    while (!this.closed && this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.shift()!
      const job = this.queue.shift()!
      const id = this.nextId++
      this.busy.set(w, { id, job })
      job.onStart?.()
      w.postMessage({ id, task: job.task } satisfies Request)
    }
  }
}

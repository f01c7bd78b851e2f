/**
 * A runner's worker threads: each task a runner is sent runs on one of them (the same worker entry as the
 * local pool, ../worker-entry.ts), so that the runner's main thread never runs a simulation. It must stay
 * free for the cluster: a runner whose event loop is held for seconds by a task misses its shard-lock
 * refreshes and health pings, loses its shards mid-task, and its tasks are started again elsewhere (seen
 * with a 30-minute drill on the default estate before this existed). Tasks wait in arrival order for a free
 * thread. A thread that dies fails its task and is replaced.
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

  /** Runs `task` on the next free thread; `onStart` when it is handed to one. */
  run(task: TaskMessage, onStart?: () => void): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error("the runner is stopping"))
    return new Promise((resolve, reject) => {
      this.queue.push({ task, onStart, resolve, reject })
      this.pump()
    })
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

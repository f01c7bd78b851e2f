/**
 * The seam through which sweeps and plan searches run their tasks: an Effect service whose operation is
 * `run(kind, inputs)` → that kind's outputs in input order, typed by `TaskMap` (task.ts). Two layers here —
 * in the calling thread, and a pool of local worker threads — and the shape an effect/cluster
 * implementation would take is in docs/scaling.md: callers only ever see `TaskExecutor`, so swapping the
 * layer moves the work without touching the sweep or the planner.
 *
 * Outputs come back in the order of the tasks whatever order they finish in, so a result never depends on
 * the number of workers.
 *
 * What the lanes cache between tasks (task-memo.ts) lives as long as the layer: the calling thread's memo
 * is made when the layer is built and cleared when its scope closes; a worker's ends with the thread.
 */
import { Context, Effect, Layer } from "effect"
import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
import type { EstateModel } from "../../topology/model.ts"
import { TaskMemo } from "./task-memo.ts"
import { trustModel } from "./trusted-estate.ts"
import { runTask, TaskFailed, type TaskInput, type TaskKind, type TaskMessage, type TaskOutput } from "./task.ts"
import { registrationOf, type TaskModule, taskHandler } from "./task-handlers.ts"

export type Progress = (done: number, total: number) => void

/** The calling thread's memo for a layer's lifetime: made when it is built, cleared when its scope closes. */
const callingThreadMemo = Effect.acquireRelease(Effect.sync(() => new TaskMemo()), (memo) => Effect.sync(() => memo.clear()))

export class TaskExecutor extends Context.Service<TaskExecutor, {
  /** How many tasks run at once. */
  readonly workers: number
  /** Every input of `kind` as one task each; the outputs in input order. */
  readonly run: <K extends TaskKind>(kind: K, inputs: ReadonlyArray<TaskInput<K>>, onProgress?: Progress) => Effect.Effect<ReadonlyArray<TaskOutput<K>>, TaskFailed>
  /**
   * The estate at `path` is validated and its model is `model`: tasks that run in the calling thread use it
   * instead of parsing the file (trusted-estate.ts); other lanes parse it once each.
   */
  readonly trust: (path: string, model: EstateModel) => Effect.Effect<void>
}>()("twin/TaskExecutor") {
  /**
   * Every task in this thread, one after another: tests, and `--workers 1`. A turn of the event loop
   * between tasks lets Ctrl-C or SIGTERM in (an interrupt aborts `signal`; no further task starts).
   */
  static readonly layerInProcess = Layer.effect(
    TaskExecutor,
    Effect.map(callingThreadMemo, (memo) => ({
      workers: 1,
      trust: (path: string, model: EstateModel) => Effect.sync(() => trustModel(memo, path, model)),
      run: <K extends TaskKind>(kind: K, inputs: ReadonlyArray<TaskInput<K>>, onProgress?: Progress) =>
        Effect.tryPromise({
          try: async (signal) => {
            const out: Array<unknown> = []
            onProgress?.(0, inputs.length) // a run stopped before its first task says how many it had
            for (const input of inputs) {
              if (signal.aborted) break
              out.push(await runTask(taskHandler, { kind, input }, memo))
              onProgress?.(out.length, inputs.length)
              await new Promise((turn) => setImmediate(turn))
            }
            return outputsOf<K>(out)
          },
          catch: (e) => new TaskFailed({ kind, message: e instanceof Error ? e.message : String(e) })
        })
    }))
  )

  /**
   * `workers` lanes (default: the machine's cores): the calling thread and `workers − 1` worker threads,
   * started with the layer and ended with its scope.
   */
  static readonly layerLocalWorkers = (workers: number = availableParallelism()) =>
    Layer.effect(
      TaskExecutor,
      Effect.gen(function*() {
        const memo = yield* callingThreadMemo
        // Ending the threads is a genuine edge: Worker.terminate is a promise, awaited in the finalizer.
        return yield* Effect.acquireRelease(Effect.sync(() => new WorkerPool(Math.max(1, workers), memo)), (pool) => Effect.promise(() => pool.close()))
      }).pipe(
        Effect.map((pool) => ({
          workers: pool.size,
          trust: (path: string, model: EstateModel) => Effect.sync(() => trustModel(pool.memo, path, model)),
          run: <K extends TaskKind>(kind: K, inputs: ReadonlyArray<TaskInput<K>>, onProgress?: Progress) =>
            Effect.tryPromise({
              try: (signal) => pool.run(inputs.map((input) => ({ kind, input })), onProgress, signal).then(outputsOf<K>),
              catch: (e) => (e instanceof TaskFailed ? e : new TaskFailed({ kind: "worker", message: String(e) }))
            })
        }))
      )
    )
}

/**
 * Outputs of kind `K` as they came back (from this thread's handler or a worker's structured clone): the one
 * place the seam trusts that the handler registered for `K` returned `K`'s output (task.ts).
 */
const outputsOf = <K extends TaskKind>(outputs: ReadonlyArray<unknown>): ReadonlyArray<TaskOutput<K>> => outputs as ReadonlyArray<TaskOutput<K>>

/** What the pool sends a worker: a task, and where to load its handler when its kind was registered at run time. */
export interface Request {
  readonly id: number
  readonly task: TaskMessage
  readonly registration?: TaskModule
}

interface Reply {
  readonly id: number
  readonly output?: unknown
  readonly error?: string
}

/**
 * `size` lanes that take the next task as soon as they are free: `size − 1` worker threads and the calling
 * thread itself, which would otherwise wait idle — and starts on the tasks at once, with its modules loaded
 * and its caches warm, while the threads are still starting (a worker's start is ~2 s of module loading
 * and parsing the estate: for short runs the calling thread does most of the work).
 */
class WorkerPool {
  private readonly workers: ReadonlyArray<Worker>
  readonly size: number
  /** The calling thread's lane's memo (each worker thread has its own, worker-entry.ts). */
  readonly memo: TaskMemo

  constructor(size: number, memo: TaskMemo) {
    this.size = size
    this.memo = memo
    this.workers = Array.from({ length: size - 1 }, () => new Worker(new URL("./worker-entry.ts", import.meta.url)))
    for (const w of this.workers) w.unref()
  }

  /** An abort of `signal` (the fiber interrupted) starts no further task; the layer's scope then ends the threads. */
  run(tasks: ReadonlyArray<TaskMessage>, onProgress?: Progress, signal?: AbortSignal): Promise<ReadonlyArray<unknown>> {
    return new Promise((resolve, reject) => {
      const outputs: Array<unknown> = new Array(tasks.length)
      let next = 0
      let done = 0
      let failed = false
      if (tasks.length === 0) return resolve([])
      onProgress?.(0, tasks.length) // a run stopped before its first reply says how many tasks it had
      const feed = (w: Worker) => {
        if (next >= tasks.length || failed || signal?.aborted === true) return
        const id = next++
        const task = tasks[id]!
        const registration = registrationOf(task.kind)
        w.postMessage({ id, task, ...(registration === undefined ? {} : { registration }) } satisfies Request)
      }
      const listeners = this.workers.map((w) => {
        const onMessage = (reply: Reply) => {
          if (failed) return
          if (reply.error !== undefined) {
            failed = true
            cleanup()
            return reject(new TaskFailed({ kind: tasks[reply.id]!.kind, message: reply.error }))
          }
          outputs[reply.id] = reply.output
          done++
          onProgress?.(done, tasks.length)
          if (done === tasks.length) {
            cleanup()
            return resolve(outputs)
          }
          feed(w)
        }
        const onError = (e: Error) => {
          failed = true
          cleanup()
          reject(new TaskFailed({ kind: "worker", message: e.message }))
        }
        w.ref()
        w.on("message", onMessage)
        w.on("error", onError)
        return { w, onMessage, onError }
      })
      const cleanup = () => {
        for (const { w, onMessage, onError } of listeners) {
          w.off("message", onMessage)
          w.off("error", onError)
          w.unref()
        }
      }
      for (const w of this.workers) feed(w)
      // The calling thread's lane: one task at a time, yielding between tasks so that the threads' replies
      // are handled (and they are fed) as they come.
      const own = () => {
        if (next >= tasks.length || failed || signal?.aborted === true) return
        const id = next++
        runTask(taskHandler, tasks[id]!, this.memo).then(
          (output) => {
            if (failed) return
            outputs[id] = output
            done++
            onProgress?.(done, tasks.length)
            if (done === tasks.length) {
              cleanup()
              return resolve(outputs)
            }
            setImmediate(own)
          },
          (e: unknown) => {
            if (failed) return
            failed = true
            cleanup()
            reject(new TaskFailed({ kind: tasks[id]!.kind, message: e instanceof Error ? e.message : String(e) }))
          }
        )
      }
      own()
    })
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()))
  }
}

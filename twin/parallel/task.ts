/**
 * A unit of work that sweeps, plan searches and split simulations farm out: `kind` names its handler
 * (task-handlers.ts), `input` is plain data (structured-clonable, JSON-safe), and so is the output. Tasks are
 * pure: the same task gives the same output wherever it runs — a worker thread here, a cluster runner
 * elsewhere — which is what makes results independent of how many workers ran them (docs/scaling.md).
 *
 * `TaskMap` is the typed seam: kind → `{ input, output }`. The module that owns a kind declares it by
 * augmenting this interface beside its handler (twin/sweep/sweep-tasks.ts, twin/plan/plan-tasks.ts,
 * twin/simulate/part-task.ts; a test declares its own kinds the same way), so `TaskExecutor.run(kind, inputs)`
 * takes that kind's inputs and gives its outputs, typed, with no cast at the caller.
 *
 * Gotcha: between threads a task is a `TaskMessage` (kind and input as sent). The types hold because the
 * handler registered for a kind is typed against the same map (task-handlers.ts); an output is trusted to
 * be its kind's output in one place only, where it comes back (executor.ts).
 */
import { Data } from "effect"
import type { TaskMemo } from "./task-memo.ts"

/** Kind → `{ input, output }`; empty here, filled in by augmentation, one entry per kind. */
export interface TaskMap {}

export type TaskKind = keyof TaskMap & string
export type TaskInput<K extends TaskKind> = TaskMap[K] extends { readonly input: infer I } ? I : never
export type TaskOutput<K extends TaskKind> = TaskMap[K] extends { readonly output: infer O } ? O : never

/**
 * What a kind's handler is: its input to its output (or a promise of it). `memo` is what the lane running
 * it keeps between tasks (task-memo.ts); the output must not depend on what is in it.
 */
export type TaskHandler<K extends TaskKind> = (input: TaskInput<K>, memo: TaskMemo) => TaskOutput<K> | Promise<TaskOutput<K>>

/** A task as it travels between threads: the kind's name and its input, types erased. */
export interface TaskMessage {
  readonly kind: string
  readonly input: unknown
}

/** A task of kind `K`, typed; what a caller of the seam builds (it is a `TaskMessage` as sent). */
export interface Task<K extends TaskKind = TaskKind> extends TaskMessage {
  readonly kind: K
  readonly input: TaskInput<K>
}

export const task = <K extends TaskKind>(kind: K, input: TaskInput<K>): Task<K> => ({ kind, input })

/** A task's handler threw: the task, and the message. */
export class TaskFailed extends Data.TaggedError("TaskFailed")<{ readonly kind: string; readonly message: string }> {}

/** A handler with its kind's types erased: what the registry hands the thread that runs a `TaskMessage`. */
export type AnyTaskHandler = (input: never, memo: TaskMemo) => unknown

/** Runs one task with the handler `lookup` gives for its kind (shared by the in-process executor and the worker entry). */
export const runTask = async (lookup: (kind: string) => Promise<AnyTaskHandler> | undefined, message: TaskMessage, memo: TaskMemo): Promise<unknown> => {
  const handler = lookup(message.kind)
  if (handler === undefined) throw new Error(`no handler for task kind ${message.kind}`)
  // The one erased call: the registry typed this handler against its kind's input (task-handlers.ts), and the
  // message carries an input of that kind (built by `task`, or by a caller typed against the same map).
  const run = (await handler) as (input: unknown, memo: TaskMemo) => unknown
  return await run(message.input, memo)
}

/**
 * A unit of work that sweeps and plan searches farm out: `kind` names its handler (task-handlers.ts),
 * `input` is plain data (structured-clonable, JSON-safe), and so is the output. Tasks are pure: the same
 * task gives the same output wherever it runs — a worker thread here, a cluster runner elsewhere — which is
 * what makes results independent of how many workers ran them (docs/scaling.md).
 */
import { Data } from "effect"

export interface Task {
  readonly kind: string
  readonly input: unknown
}

/** A task's handler threw: the task, and the message. */
export class TaskFailed extends Data.TaggedError("TaskFailed")<{ readonly kind: string; readonly message: string }> {}

export type TaskHandler = (input: never) => unknown

/** Runs one task with the handler `lookup` gives for its kind (shared by the in-process executor and the worker entry). */
export const runTask = async (lookup: (kind: string) => Promise<TaskHandler> | undefined, task: Task): Promise<unknown> => {
  const handler = lookup(task.kind)
  if (handler === undefined) throw new Error(`no handler for task kind ${task.kind}`)
  return await ((await handler) as (input: unknown) => unknown)(task.input)
}

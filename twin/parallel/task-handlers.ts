/**
 * Every task kind the twin sends, with where its handler lives: the one registry both the calling thread
 * and each worker load (a worker knows nothing but this module). Handlers are imported on first use, so a
 * worker loads only the modules of the kinds it is sent (a worker's start is mostly module loading). A
 * distributed runner registers the same handlers (docs/scaling.md).
 *
 * This is the deliberate arrow back up the layers (twin/parallel → sweep, plan, simulate, scenarios): the registry has
 * to name every handler, and it does so by dynamic import, typed against `TaskMap` (task.ts).
 *
 * Kinds registered at run time (`registerTaskModule`: tests' own kinds) are named by module URL and export,
 * plain data, so that the local pool can tell its worker threads where to load them (executor.ts).
 */
import type { AnyTaskHandler, TaskHandler, TaskKind } from "./task.ts"

type Loaders = { readonly [K in TaskKind]?: () => Promise<TaskHandler<K>> }

const shipped: Loaders = {
  "sweep.single": () => import("../sweep/sweep-tasks.ts").then((m) => m.runSingleTask),
  "sweep.pairs": () => import("../sweep/sweep-tasks.ts").then((m) => m.runPairTask),
  "sweep.exact": () => import("../sweep/sweep-tasks.ts").then((m) => m.runExactTask),
  "sweep.message": () => import("../sweep/message/run-task.ts").then((m) => m.runMessageTask),
  "plan.state": () => import("../plan/plan-tasks.ts").then((m) => m.runStateTask),
  "simulate.part": () => import("../simulate/part-task.ts").then((m) => m.runPartTask),
  "scenario.part": () => import("../../scenarios/scenario-part.ts").then((m) => m.runScenarioPartTask)
}

/** Where a kind registered at run time is loaded from: a module URL and the name of its handler export. */
export interface TaskModule {
  readonly module: string
  readonly export: string
}

const registered = new Map<string, TaskModule>()

/**
 * Registers a kind the shipped registry does not know (a test's own), for this thread and — through the
 * local pool, which sends the registration with each such task — its workers. `module` is a URL
 * (`new URL("./my-task.ts", import.meta.url).href`) whose export `name` is the kind's handler; declare the
 * kind in `TaskMap` beside it.
 */
export const registerTaskModule = (kind: string, where: TaskModule): void => {
  if (Object.hasOwn(shipped, kind)) throw new Error(`task kind ${kind} is shipped; it cannot be registered again`)
  registered.set(kind, where)
}

/** The registration of a kind registered at run time, if it is one (for the pool to pass on to a worker). */
export const registrationOf = (kind: string): TaskModule | undefined => registered.get(kind)

const loadRegistered = async (kind: string, where: TaskModule): Promise<AnyTaskHandler> => {
  const exported: unknown = (await import(where.module))[where.export]
  if (typeof exported !== "function") throw new Error(`task kind ${kind}: ${where.module} has no function export ${where.export}`)
  return exported as AnyTaskHandler
}

const loaded = new Map<string, Promise<AnyTaskHandler>>()

const isShipped = (kind: string): kind is TaskKind & keyof typeof shipped => Object.hasOwn(shipped, kind)

/** The handler of `kind`, or undefined for a kind nobody registered. */
export const taskHandler = (kind: string): Promise<AnyTaskHandler> | undefined => {
  let found = loaded.get(kind)
  if (found !== undefined) return found
  if (isShipped(kind)) found = shipped[kind]!()
  else {
    const where = registered.get(kind)
    if (where === undefined) return undefined
    found = loadRegistered(kind, where)
  }
  loaded.set(kind, found)
  return found
}

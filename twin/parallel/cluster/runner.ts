/**
 * A cluster runner (`twin runner --coordinator URL`): registers itself in the coordinator's runner storage
 * at `host:port`, listens there for the other runners and callers (@effect/platform-node's socket runner),
 * takes its share of the shards and runs the `TwinTask` requests that land on them — each with the same
 * handler a worker thread uses (../task-handlers.ts), in this process's one lane (its memo lives as long
 * as the runner). One runner is one core: start as many as there are cores to use.
 *
 * Paths in tasks (estates, scenarios) are read here as given: a runner runs in the same folder layout as
 * the caller (the repository checkout, or the same image on Kubernetes; docs/cluster.md).
 */
import { NodeClusterSocket } from "@effect/platform-node"
import { Effect, Layer, Option } from "effect"
import { RunnerAddress } from "effect/cluster"
import { runTask } from "../task.ts"
import { taskHandler } from "../task-handlers.ts"
import { TaskMemo } from "../task-memo.ts"
import { TaskEntity } from "./task-entity.ts"
import { coordinatorLayer } from "./storage.ts"
import { type ClusterTiming, shardingConfigOf } from "./timing.ts"
import { decodeWire, encodeWire } from "./wire-json.ts"

export interface RunnerOptions {
  readonly coordinator: string
  /** The address other runners and callers reach this one at. */
  readonly host: string
  readonly port: number
  /** Where to listen, when not `host` (e.g. 0.0.0.0 in a container). */
  readonly listenHost?: string
  readonly timing?: ClusterTiming
  /** Told the kind of each task as it starts (the CLI's log line; tests watch which runner ran what). */
  readonly onTask?: (kind: string) => void
}

const memo = new TaskMemo()

const handle = (kind: string, onTask?: (kind: string) => void) => ({ payload }: { readonly payload: { readonly input: string } }) =>
  Effect.tryPromise({
    try: () => {
      onTask?.(kind)
      return runTask(taskHandler, { kind, input: decodeWire(payload.input) }, memo).then(encodeWire)
    },
    catch: (e) => (e instanceof Error ? e.message : String(e))
  })

export const taskEntityLayer = (onTask?: (kind: string) => void) =>
  TaskEntity.toLayer(TaskEntity.of({
    "sweep.single": handle("sweep.single", onTask),
    "sweep.pairs": handle("sweep.pairs", onTask),
    "sweep.exact": handle("sweep.exact", onTask),
    "sweep.message": handle("sweep.message", onTask),
    "plan.state": handle("plan.state", onTask)
  }), { concurrency: 1 })

export const runnerLayer = (options: RunnerOptions) =>
  taskEntityLayer(options.onTask).pipe(
    Layer.provide(NodeClusterSocket.layer({
      storage: "sql",
      shardingConfig: {
        ...shardingConfigOf(options.timing),
        runnerAddress: Option.some(RunnerAddress.make(options.host, options.port)),
        ...(options.listenHost === undefined ? {} : { runnerListenAddress: Option.some(RunnerAddress.make(options.listenHost, options.port)) })
      }
    })),
    Layer.provide(coordinatorLayer(options.coordinator))
  )

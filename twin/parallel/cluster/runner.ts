/**
 * A cluster runner (`twin runner --coordinator URL`): registers itself in the coordinator's runner storage
 * at `host:port`, listens there for the other runners and callers (@effect/platform-node's socket runner),
 * takes its share of the shards and runs the `TwinTask` requests that land on them — each on one of its
 * worker threads (thread-lanes.ts: `threads` of them, default the machine's cores), with the handler every
 * lane uses (../task-handlers.ts); the main thread only speaks the cluster's protocol. A thread's memo
 * lives as long as the thread, so as the runner.
 *
 * Paths in tasks (estates, scenarios) are read here as given: a runner runs in the same folder layout as
 * the caller (the repository checkout, or the same image on Kubernetes; docs/cluster.md).
 */
import * as NodeClusterSocket from "@effect/platform-node/NodeClusterSocket"
import { Effect, Layer, Option } from "effect"
import { RunnerAddress } from "effect/cluster"
import { availableParallelism } from "node:os"
import { ThreadLanes } from "./thread-lanes.ts"
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
  /** Worker threads that run the tasks (default: the machine's cores). */
  readonly threads?: number
  /** Told the kind of each task as it starts (the CLI's log line; tests watch which runner ran what). */
  readonly onTask?: (kind: string) => void
}

const handle = (lanes: ThreadLanes, kind: string, onTask?: (kind: string) => void) => ({ payload }: { readonly payload: { readonly input: string } }) =>
  Effect.tryPromise({
    // Interrupted (its shard moved to another runner, the runner stopping): the thread drops the task.
    try: (signal) => lanes.run({ kind, input: decodeWire(payload.input) }, () => onTask?.(kind), signal).then(encodeWire),
    catch: (e) => (e instanceof Error ? e.message : String(e))
  })

export const taskEntityLayer = (threads: number, onTask?: (kind: string) => void) =>
  TaskEntity.toLayer(Effect.gen(function*() {
    const lanes = yield* Effect.acquireRelease(Effect.sync(() => new ThreadLanes(threads)), (l) => Effect.promise(() => l.close()))
    return TaskEntity.of({
      "sweep.single": handle(lanes, "sweep.single", onTask),
      "sweep.pairs": handle(lanes, "sweep.pairs", onTask),
      "sweep.exact": handle(lanes, "sweep.exact", onTask),
      "sweep.message": handle(lanes, "sweep.message", onTask),
      "plan.state": handle(lanes, "plan.state", onTask)
    })
  }))

export const runnerLayer = (options: RunnerOptions) =>
  taskEntityLayer(Math.max(1, options.threads ?? availableParallelism()), options.onTask).pipe(
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

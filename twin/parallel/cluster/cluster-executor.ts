/**
 * `TaskExecutor` on a cluster (`--cluster URL` on `twin sweep` and `twin plan`): a client-only member of the
 * cluster whose coordinator is the Postgres at URL. Each task is one persisted `TwinTask` request
 * (task-entity.ts) to its own entity id — `<batch>/<index>`, a fresh batch per `run` — so the tasks spread
 * over the shards and so over the runners; all are sent at once and the outputs come back in input order,
 * as from the local pool. The runners run them (runner.ts); a runner that dies leaves its requests in
 * storage, where the runner that takes its shards finds and runs them.
 *
 * `trust` does nothing here: runners load estates from their paths themselves (the same checkout).
 *
 * With no runner up the requests wait in storage and nothing moves: `onNoRunner` is told so (the tasks still
 * queued, of how many) a few seconds into a run, and again whenever the last runner goes while it runs.
 */
import * as NodeClusterSocket from "@effect/platform-node/NodeClusterSocket"
import { Duration, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { randomUUID } from "node:crypto"
import { TaskExecutor } from "../executor.ts"
import { TaskFailed, type TaskKind, type TaskOutput } from "../task.ts"
import { isClusterKind, TaskEntity } from "./task-entity.ts"
import { coordinatorLayer } from "./storage.ts"
import { type ClusterTiming, shardingConfigOf } from "./timing.ts"
import { decodeWire, encodeWire } from "./wire-json.ts"

/** The outputs of kind `K` as decoded from the runners' replies: the cluster's one trust that the handler registered for `K` returned `K`'s output (as ../executor.ts `outputsOf`). */
const outputsOf = <K extends TaskKind>(outputs: ReadonlyArray<unknown>): ReadonlyArray<TaskOutput<K>> => outputs as ReadonlyArray<TaskOutput<K>>

/** How often a run asks the coordinator whether some runner is up (the first time after this long too). */
export const RUNNER_CHECK = Duration.seconds(5)

export interface ClusterWatch {
  /** No runner is up while `queued` of the run's `total` tasks are not done. */
  readonly onNoRunner?: (queued: number, total: number) => void
}

/**
 * Runners up, as effect's SqlRunnerStorage counts them (`getRunners`): its `cluster_runners` rows with a
 * heartbeat newer than the shard locks' expiry, 35 s. A runner stopped cleanly deletes its row at once;
 * one killed is counted until then. Undefined when the coordinator cannot say (no table yet).
 */
const runnersUp = (sql: SqlClient.SqlClient): Effect.Effect<number | undefined> =>
  sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM cluster_runners WHERE last_heartbeat > NOW() - INTERVAL '35 seconds'`.pipe(
    Effect.map((rows) => rows[0]?.n),
    Effect.orElseSucceed(() => undefined)
  )

export const clusterExecutorLayer = (coordinator: string, timing?: ClusterTiming, watch: ClusterWatch = {}): Layer.Layer<TaskExecutor> =>
  Layer.effect(
    TaskExecutor,
    Effect.gen(function*() {
      const clientFor = yield* TaskEntity.client
      const sql = yield* SqlClient.SqlClient
      // Told once per stretch without a runner; runs until the run's tasks are done (raceFirst below).
      const watchRunners = (queued: () => number, total: number, onNoRunner: (queued: number, total: number) => void) =>
        Effect.gen(function*() {
          let told = false
          while (true) {
            yield* Effect.sleep(RUNNER_CHECK)
            const up = yield* runnersUp(sql)
            if (up === 0 && !told) onNoRunner(queued(), total)
            told = up === 0
          }
        })
      return {
        workers: 0,
        trust: () => Effect.void,
        run: <K extends TaskKind>(kind: K, inputs: ReadonlyArray<unknown>, onProgress?: (done: number, total: number) => void) =>
          Effect.gen(function*() {
            if (!isClusterKind(kind)) return yield* new TaskFailed({ kind, message: `task kind ${kind} does not run on a cluster (it runs on local workers)` })
            const batch = randomUUID()
            let done = 0
            // 0 of n at once: a run stopped before any reply says how many tasks it had queued
            onProgress?.(0, inputs.length)
            const tasks = Effect.forEach(inputs, (input, i) =>
              clientFor(`${batch}/${i}`)[kind]({ input: encodeWire(input) }).pipe(
                Effect.map((reply) => {
                  onProgress?.(++done, inputs.length)
                  return decodeWire(reply)
                }),
                Effect.mapError((e) => new TaskFailed({ kind, message: typeof e === "string" ? e : `${e._tag}: ${e.message}` }))
              ), { concurrency: "unbounded" })
            const onNoRunner = watch.onNoRunner
            const outputs = yield* (onNoRunner === undefined || inputs.length === 0 ? tasks : Effect.raceFirst(tasks, watchRunners(() => inputs.length - done, inputs.length, onNoRunner)))
            return outputsOf<K>(outputs)
          })
      }
    })
  ).pipe(
    Layer.provide(NodeClusterSocket.layer({ clientOnly: true, storage: "sql", shardingConfig: shardingConfigOf(timing) })),
    Layer.provide(coordinatorLayer(coordinator)),
    Layer.orDie
  )

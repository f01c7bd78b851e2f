/**
 * `TaskExecutor` on a cluster (`--cluster URL` on `twin sweep` and `twin plan`): a client-only member of the
 * cluster whose coordinator is the Postgres at URL. Each task is one persisted `TwinTask` request
 * (task-entity.ts) to its own entity id — `<batch>/<index>`, a fresh batch per `run` — so the tasks spread
 * over the shards and so over the runners; all are sent at once and the outputs come back in input order,
 * as from the local pool. The runners run them (runner.ts); a runner that dies leaves its requests in
 * storage, where the runner that takes its shards finds and runs them.
 *
 * `trust` does nothing here: runners load estates from their paths themselves (the same checkout).
 */
import * as NodeClusterSocket from "@effect/platform-node/NodeClusterSocket"
import { Effect, Layer } from "effect"
import { randomUUID } from "node:crypto"
import { TaskExecutor } from "../executor.ts"
import { TaskFailed, type TaskKind, type TaskOutput } from "../task.ts"
import { isClusterKind, TaskEntity } from "./task-entity.ts"
import { coordinatorLayer } from "./storage.ts"
import { type ClusterTiming, shardingConfigOf } from "./timing.ts"
import { decodeWire, encodeWire } from "./wire-json.ts"

/** The outputs of kind `K` as decoded from the runners' replies: the cluster's one trust that the handler registered for `K` returned `K`'s output (as ../executor.ts `outputsOf`). */
const outputsOf = <K extends TaskKind>(outputs: ReadonlyArray<unknown>): ReadonlyArray<TaskOutput<K>> => outputs as ReadonlyArray<TaskOutput<K>>

export const clusterExecutorLayer = (coordinator: string, timing?: ClusterTiming): Layer.Layer<TaskExecutor> =>
  Layer.effect(
    TaskExecutor,
    Effect.gen(function*() {
      const clientFor = yield* TaskEntity.client
      return {
        workers: 0,
        trust: () => Effect.void,
        run: <K extends TaskKind>(kind: K, inputs: ReadonlyArray<unknown>, onProgress?: (done: number, total: number) => void) =>
          Effect.gen(function*() {
            if (!isClusterKind(kind)) return yield* new TaskFailed({ kind, message: `task kind ${kind} does not run on a cluster (it runs on local workers)` })
            const batch = randomUUID()
            let done = 0
            const outputs = yield* Effect.forEach(inputs, (input, i) =>
              clientFor(`${batch}/${i}`)[kind]({ input: encodeWire(input) }).pipe(
                Effect.map((reply) => {
                  onProgress?.(++done, inputs.length)
                  return decodeWire(reply)
                }),
                Effect.mapError((e) => new TaskFailed({ kind, message: typeof e === "string" ? e : `${e._tag}: ${e.message}` }))
              ), { concurrency: "unbounded" })
            return outputsOf<K>(outputs)
          })
      }
    })
  ).pipe(
    Layer.provide(NodeClusterSocket.layer({ clientOnly: true, storage: "sql", shardingConfig: shardingConfigOf(timing) })),
    Layer.provide(coordinatorLayer(coordinator)),
    Layer.orDie
  )

/**
 * Where tasks run, for the commands that fan work out (sweep, plan): `--workers N` local worker threads,
 * or `--cluster URL` the effect/cluster runners of a Postgres coordinator (docs/cluster.md).
 */
import { Effect, Layer, Option } from "effect"
import { Flag } from "effect/cli"
import { availableParallelism } from "node:os"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { clusterExecutorLayer } from "../parallel/cluster/cluster-executor.ts"
import { isCoordinatorUrl, probeCoordinator } from "../parallel/cluster/storage.ts"
import { TaskExecutor } from "../parallel/executor.ts"

export const workersFlag = Flag.Int("workers").pipe(
  Flag.withDescription("Worker threads (1 runs in this thread; default: the machine's cores, but 1 for an N-1 sweep, whose few analyses do not repay a worker's start)"),
  Flag.optional
)
export const clusterFlag = Flag.String("cluster").pipe(
  Flag.withDescription("Run the tasks on the effect/cluster runners whose coordinator is this Postgres URL (postgres://user@host:port/db; runners: twin runner --coordinator URL) instead of local workers (default: local workers)"),
  Flag.optional
)

/** What `--cluster` says while no runner is up: the tasks wait in the coordinator's storage. */
export const noRunnerLine = (queued: number, total: number): string =>
  `${process.stderr.isTTY ? "\n" : ""}waiting for a runner: none is up at the coordinator; ${queued} of ${total} task${total === 1 ? "" : "s"} queued (start one: twin runner --coordinator URL)\n`

export const executorLayer = (workers: Option.Option<number>, fallback: number = availableParallelism(), cluster: Option.Option<string> = Option.none()): Effect.Effect<Layer.Layer<TaskExecutor>, InputInvalid> => {
  if (Option.isSome(cluster)) {
    if (Option.isSome(workers)) return Effect.fail(new InputInvalid({ file: "--workers", issues: [issue("", "no --workers with --cluster (the runners are the workers)", String(workers.value))] }))
    if (!isCoordinatorUrl(cluster.value)) return Effect.fail(new InputInvalid({ file: "--cluster", issues: [issue("", "a Postgres URL, postgres://user@host:port/database", JSON.stringify(cluster.value))] }))
    return Effect.as(probeCoordinator(cluster.value, "--cluster"), clusterExecutorLayer(cluster.value, undefined, { onNoRunner: (queued, total) => process.stderr.write(noRunnerLine(queued, total)) }))
  }
  const n = Option.getOrElse(workers, () => fallback)
  if (n < 1) return Effect.fail(new InputInvalid({ file: "--workers", issues: [issue("", "a number of worker threads ≥ 1", String(n))] }))
  return Effect.succeed(n === 1 ? TaskExecutor.layerInProcess : TaskExecutor.layerLocalWorkers(n))
}

/**
 * `twin runner --coordinator URL [--host H] [--port P] [--listen-host H] [--threads N]`: a cluster runner
 * (twin/parallel/cluster/runner.ts) that runs the sweep and plan tasks callers send with `--cluster URL`,
 * until stopped (Ctrl-C or SIGTERM: it hands its shards back, so the others take them at once). Prints one
 * line when it has joined, then one per task on stderr. Its tasks run on
 * --threads worker threads (default: the machine's cores): one runner per machine or pod.
 */
import { Console, Effect, Layer } from "effect"
import { Command, Flag } from "effect/cli"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { runnerLayer } from "../parallel/cluster/runner.ts"
import { isCoordinatorUrl, probeCoordinator } from "../parallel/cluster/storage.ts"

const coordinatorFlag = Flag.String("coordinator").pipe(Flag.withDescription("The cluster's Postgres: postgres://user@host:port/database, shared by runners and callers (required: no default)"))
const hostFlag = Flag.String("host").pipe(Flag.withDescription("The address the others reach this runner at (default 127.0.0.1; on Kubernetes the pod's IP)"), Flag.withDefault("127.0.0.1"))
const portFlag = Flag.Int("port").pipe(Flag.withDescription("The port it listens on (default 34431)"), Flag.withDefault(34431))
const threadsFlag = Flag.Int("threads").pipe(Flag.withDescription("Worker threads that run the tasks (default: the machine's cores)"), Flag.optional)
const listenFlag = Flag.String("listen-host").pipe(Flag.withDescription("Where to listen, e.g. 0.0.0.0 in a container (default: --host)"), Flag.optional)

export const runnerCommand = Command.make(
  "runner",
  { coordinator: coordinatorFlag, host: hostFlag, port: portFlag, listenHost: listenFlag, threads: threadsFlag },
  (flags) =>
    Effect.gen(function*() {
      if (!isCoordinatorUrl(flags.coordinator)) return yield* new InputInvalid({ file: "--coordinator", issues: [issue("", "a Postgres URL, postgres://user@host:port/database", JSON.stringify(flags.coordinator))] })
      if (!Number.isInteger(flags.port) || flags.port < 1 || flags.port > 65535) return yield* new InputInvalid({ file: "--port", issues: [issue("", "a TCP port, 1–65535", String(flags.port))] })
      if (flags.threads._tag === "Some" && flags.threads.value < 1) return yield* new InputInvalid({ file: "--threads", issues: [issue("", "a number of threads ≥ 1", String(flags.threads.value))] })
      yield* probeCoordinator(flags.coordinator, "--coordinator")
      const layer = runnerLayer({
        coordinator: flags.coordinator,
        host: flags.host,
        port: flags.port,
        ...(flags.listenHost._tag === "Some" ? { listenHost: flags.listenHost.value } : {}),
        ...(flags.threads._tag === "Some" ? { threads: flags.threads.value } : {}),
        onTask: (kind) => process.stderr.write(`task ${kind}\n`)
      })
      yield* Effect.scoped(Effect.gen(function*() {
        yield* Layer.build(layer)
        yield* Console.error(`runner ${flags.host}:${flags.port} joined the cluster at ${new URL(flags.coordinator).host}`)
        return yield* Effect.never
      }))
    })
).pipe(
  Command.withDescription("Run sweep and plan tasks for callers with --cluster URL (an effect/cluster runner; Postgres is the coordinator)"),
  Command.withExamples([
    { command: "twin runner --coordinator postgres://twin@127.0.0.1:5432/twin --port 34431", description: "A runner on this machine, its tasks on as many threads as there are cores" }
  ])
)

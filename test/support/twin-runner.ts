/**
 * A `twin runner` process on loopback, for the cluster tests and the targets benchmark: this tree's CLI with
 * `--coordinator URL`, a free port (postgres.ts `freePort`) and one task thread. `joined` settles when it
 * says it joined the cluster (rejected if it exits first, with what it said); `onLine` sees each line it
 * writes to stderr as it arrives (synchronously: a test can kill it while a task runs). `stopTwinRunner`
 * ends it, a paused one too, killing it if it has not ended within 20 s.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { freePort } from "./postgres.ts"

const repo = fileURLToPath(new URL("../../", import.meta.url))
const twinBin = fileURLToPath(new URL("../../twin/bin/twin.ts", import.meta.url))

export interface TwinRunner {
  readonly port: number
  readonly child: ChildProcess
  readonly joined: Promise<void>
}

export const spawnTwinRunner = async (url: string, onLine: (line: string) => void = () => undefined): Promise<TwinRunner> => {
  const port = await freePort()
  const child = spawn(process.execPath, [twinBin, "runner", "--coordinator", url, "--port", String(port), "--threads", "1"], { cwd: repo, stdio: ["ignore", "ignore", "pipe"] })
  let output = ""
  let pending = ""
  const joined = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`runner on ${port} exited (${code}) before joining: ${output}`)))
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
      pending += chunk.toString()
      const lines = pending.split("\n")
      pending = lines.pop()!
      for (const line of lines) {
        if (line.startsWith("runner ") && line.includes(" joined the cluster")) resolve()
        onLine(line)
      }
    })
  })
  // A runner that never joins is reported by whoever awaits `joined`; unawaited, its rejection is no crash.
  joined.catch(() => undefined)
  return { port, child, joined }
}

export const runnerAlive = (r: TwinRunner): boolean => r.child.exitCode === null && r.child.signalCode === null

export const stopTwinRunner = async (r: TwinRunner): Promise<void> => {
  if (!runnerAlive(r)) return
  const exited = new Promise<void>((resolve) => r.child.once("exit", () => resolve()))
  r.child.kill("SIGCONT") // one paused by a test still ends
  r.child.kill("SIGTERM")
  const late = setTimeout(() => r.child.kill("SIGKILL"), 20_000)
  await exited
  clearTimeout(late)
}

/**
 * A real `twin drill` for the browser tests: the CLI started as an operator would (this process's Node 22,
 * `twin/bin/twin.ts drill FILE --port 0 --token T --out DIR`), the origin read from the trainee URL it
 * prints. `close` stops it (Ctrl-C) and waits for it to exit.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { TWIN_NODE_FLAGS } from "../../../../twin/parallel/heap-flags.ts"

export interface RealDrill {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string
  /** Where the drill saves its run (`--out`). */
  readonly out: string
  /** Everything it printed so far. */
  readonly stdout: () => string
  readonly stderr: () => string
  readonly close: () => Promise<void>
}

export const startRealDrill = (file: string, token: string, out: string, speed = 30): Promise<RealDrill> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      [...TWIN_NODE_FLAGS, "twin/bin/twin.ts", "drill", file, "--port", "0", "--token", token, "--speed", String(speed), "--out", out],
      { stdio: ["ignore", "pipe", "pipe"] }
    )
    let stdout = ""
    let stderr = ""
    let exited = false
    const exit = new Promise<void>((done) => child.once("exit", () => {
      exited = true
      done()
    }))
    const close = async (): Promise<void> => {
      if (!exited) child.kill("SIGINT")
      await exit
    }
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
      const m = /^trainee: +(http:\/\/127\.0\.0\.1:\d+)\/\?drill$/m.exec(stdout)
      if (m !== null) resolve({ origin: m[1]!, out, stdout: () => stdout, stderr: () => stderr, close })
    })
    child.once("exit", (code) => reject(new Error(`twin drill exited ${code} before printing its URLs: ${stderr}`)))
  })

/**
 * One `twin` command of a checkout, as a user runs it, for the targets benchmark (targets.ts): a child
 * process `node FLAGS ROOT/twin/bin/twin.ts ARGS` (what `npm run twin` runs there, launch-flags.ts), timed on
 * the wall clock, with its peak resident memory (all threads) read from the kernel's high-water mark
 * (/proc/PID/status VmHWM) every 100 ms while it runs — growth in the last 100 ms before it exits is missed,
 * which a run's peak, reached while it works, is not.
 */
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { launchFlagsOf } from "./launch-flags.ts"

export interface CliRun {
  readonly seconds: number
  /** Peak RSS in GB (10⁹ bytes), as last read. */
  readonly rssGb: number
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const SAMPLE_MS = 100

/** The high-water mark of `pid`'s resident memory in bytes, or undefined once it is gone. */
const peakRss = (pid: number): number | undefined => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmHWM:"))
    return line === undefined ? undefined : Number(line.split(/\s+/)[1]) * 1024
  } catch {
    return undefined
  }
}

/** Runs `twin ARGS` from checkout `root` (in `root`, so relative paths are its own) and waits for it. */
export const runTwin = (root: string, args: ReadonlyArray<string>, node: ReadonlyArray<string> = []): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [...launchFlagsOf(root), ...node, join(root, "twin/bin/twin.ts"), ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d: Buffer) => void (stdout += d.toString()))
    child.stderr.on("data", (d: Buffer) => void (stderr += d.toString()))
    let rss = 0
    const sample = () => {
      if (child.pid !== undefined) rss = Math.max(rss, peakRss(child.pid) ?? 0)
    }
    const timer = setInterval(sample, SAMPLE_MS)
    child.once("error", (e) => {
      clearInterval(timer)
      reject(e)
    })
    child.once("exit", (code) => {
      clearInterval(timer)
      resolve({ seconds: (performance.now() - t0) / 1000, rssGb: rss / 1e9, code, stdout, stderr })
    })
  })

/**
 * Outputs several test files need the same of — a library scenario's `twin run` folder, the viewer's
 * production build — made once per `vitest run` instead of once per file (CI time, issue 22 item 6).
 * Test files run in separate workers, so "once" is arranged on disk, in the run's shared folder
 * (shared-outputs-setup.ts, vitest's globalSetup): the first file to ask for an output takes its lock
 * (mkdir is atomic), makes it and writes `NAME.done`; the others wait for that file. Each output is then
 * read-only: a file that must change what it reads makes its own copy.
 *
 * An output that failed to be made fails every file that asks for it, with the maker's message.
 */
import { spawn } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { inject } from "vitest"

const made = new Map<string, Promise<string>>()

const slug = (name: string): string => name.replace(/[^A-Za-z0-9._-]+/g, "_")

/** The folder of output `name`, made by `make(folder)` in whichever test file asks first. */
export const sharedOutput = (name: string, make: (dir: string) => Promise<void>): Promise<string> => {
  let found = made.get(name)
  if (found === undefined) made.set(name, (found = once(name, make)))
  return found
}

const once = (name: string, make: (dir: string) => Promise<void>): Promise<string> => makeOnceIn(inject("sharedOutputs"), name, make)

/** The disk protocol alone, in `root` (tests of it call it directly: `sharedOutput` adds the per-process memo). */
export const makeOnceIn = async (root: string, name: string, make: (dir: string) => Promise<void>): Promise<string> => {
  const dir = join(root, slug(name))
  const done = `${dir}.done`
  let mine = true
  try {
    mkdirSync(`${dir}.lock`)
  } catch {
    mine = false
  }
  if (mine) {
    try {
      await make(dir)
      writeFileSync(done, "ok")
    } catch (e) {
      writeFileSync(done, `failed: ${e instanceof Error ? e.message : String(e)}`)
      throw e
    }
    return dir
  }
  // Another file makes it: a scenario run or a build takes seconds, minutes on a loaded machine.
  for (let waited = 0; !existsSync(done); waited += 100) {
    if (waited > 15 * 60_000) throw new Error(`shared output ${name}: not made within 15 minutes`)
    await new Promise((r) => setTimeout(r, 100))
  }
  const state = readFileSync(done, "utf8")
  if (state !== "ok") throw new Error(`shared output ${name}: ${state}`)
  return dir
}

export interface SharedTwinRun {
  /** The `--out` folder: trace.ndjson, report.json, report.html, affected.csv, … */
  readonly dir: string
  readonly status: number | null
  readonly stderr: string
}

/**
 * `twin run SCENARIO --out DIR` as a user runs it (the real entry point, in a child process), once per
 * vitest run: its folder, exit status and stderr.
 */
export const sharedTwinRun = async (scenario: string): Promise<SharedTwinRun> => {
  const root = await sharedOutput(`twin-run ${scenario}`, (into) =>
    new Promise((resolve, reject) => {
      mkdirSync(into, { recursive: true })
      const child = spawn(process.execPath, ["twin/bin/twin.ts", "run", scenario, "--out", join(into, "run")], { stdio: ["ignore", "ignore", "pipe"] })
      let stderr = ""
      child.stderr.on("data", (b: Buffer) => void (stderr += b.toString()))
      child.once("error", reject)
      child.once("close", (status) => {
        writeFileSync(join(into, "status.json"), JSON.stringify({ status, stderr }))
        resolve()
      })
    }))
  const { status, stderr } = JSON.parse(readFileSync(join(root, "status.json"), "utf8")) as { status: number | null; stderr: string }
  return { dir: join(root, "run"), status, stderr }
}

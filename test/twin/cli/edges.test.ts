/**
 * The CLI's I/O edges through the real `twin` entry point: an output path that cannot be written is one
 * line and exit 2 (never a crash), and a run stopped by SIGTERM or Ctrl-C ends at once with 143 / 130,
 * one `stopped at …` line and no output file under its final name (topology/output-file.ts,
 * twin/simulate/finish-in-steps.ts). The stop is measured with a loose bound only: timings belong in
 * benchmarks, and this machine is shared.
 */
import { spawn, spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const twin = (...args: ReadonlyArray<string>) => {
  const r = spawnSync(process.execPath, ["twin/bin/twin.ts", ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Starts `twin`, sends `signal` once stderr shows a progress line matching `ready`; exit code, stderr and ms from signal to exit. */
const stopped = (args: ReadonlyArray<string>, ready: RegExp, signal: NodeJS.Signals) =>
  new Promise<{ code: number | null; stderr: string; ms: number }>((resolve) => {
    const child = spawn(process.execPath, ["twin/bin/twin.ts", ...args], { stdio: ["ignore", "ignore", "pipe"] })
    let stderr = ""
    let sent = 0
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk
      if (sent === 0 && ready.test(stderr)) {
        sent = performance.now()
        child.kill(signal)
      }
    })
    child.on("exit", (code) => resolve({ code, stderr, ms: performance.now() - sent }))
  })

const scratch = () => mkdtempSync(join(tmpdir(), "twin-edges-"))

describe("an output path that cannot be written: one line, exit 2", () => {
  const dir = scratch()
  const file = join(dir, "a-file")
  writeFileSync(file, "not a folder\n")

  it("twin simulate --out under a file, at a folder, under /proc", () => {
    expect(twin("simulate", "--from", "09:00", "--to", "09:01", "--out", join(file, "t.ndjson"))).toMatchObject({ code: 2, stdout: "", stderr: `${file}: expected a writable folder, got a file\n` })
    expect(twin("simulate", "--from", "09:00", "--to", "09:01", "--out", dir)).toMatchObject({ code: 2, stdout: "", stderr: `${dir}: expected a writable file, got a folder\n` })
    // Node's own recursive mkdir never returns under /proc: the folders are made one at a time.
    expect(twin("simulate", "--from", "09:00", "--to", "09:01", "--out", "/proc/1/no-such/t.ndjson")).toMatchObject({ code: 2, stdout: "", stderr: "/proc/1/no-such: expected a writable folder, got a path that cannot be made\n" })
  })

  it("twin run, twin sweep, twin plan --out a file (checked before any work)", () => {
    expect(twin("run", "test/scenarios/fixtures/short-pass.yaml", "--out", file)).toMatchObject({ code: 2, stdout: "", stderr: expect.stringMatching(new RegExp(`\\n${file}: expected a writable folder, got a file\\n$`)) })
    expect(twin("sweep", "test/twin/sweep/fixtures/small-phase.yaml", "--out", join(file, "sweep"))).toMatchObject({ code: 2, stdout: "", stderr: `${join(file, "sweep")}: expected a writable folder, got a file at ${file}\n` })
    expect(twin("plan", "--estate", "test/twin/plan/fixtures/plan-estate.yaml", "--out", file)).toMatchObject({ code: 2, stdout: "", stderr: `${file}: expected a writable folder, got a file\n` })
  })
})

describe("a run stopped midway: at once, no file under its final name", () => {
  it("twin simulate of the whole day, SIGTERM after the first progress line: exit 143, one line, no trace", async () => {
    const dir = scratch()
    const r = await stopped(["simulate", "--from", "06:00", "--to", "18:30", "--out", join(dir, "t.ndjson")], /^simulated /m, "SIGTERM")
    expect(r.code).toBe(143)
    expect(r.ms).toBeLessThan(5000) // ~0.1–0.5 s measured; loose for a shared machine
    const lines = r.stderr.trim().split("\n")
    expect(lines.at(-1)).toMatch(/^stopped at \d\d:\d\d:\d\d \(simulated\)$/)
    expect(lines.filter((l) => !l.startsWith("simulated "))).toEqual([lines.at(-1)])
    expect(readdirSync(dir)).toEqual([]) // neither t.ndjson nor its .t.ndjson.partial
  })

  it("twin simulate, Ctrl-C (SIGINT): exit 130", async () => {
    const dir = scratch()
    const r = await stopped(["simulate", "--from", "06:00", "--to", "18:30", "--out", join(dir, "t.ndjson")], /^simulated /m, "SIGINT")
    expect([r.code, r.stderr.trim().split("\n").at(-1)]).toEqual([130, expect.stringMatching(/^stopped at \d\d:\d\d:\d\d \(simulated\)$/)])
    expect(r.ms).toBeLessThan(5000)
    expect(readdirSync(dir)).toEqual([])
  })

  it("twin run of the whole-day rehearsal, SIGTERM after the first progress line: exit 143, no trace or report", async () => {
    const dir = scratch()
    const out = join(dir, "out")
    mkdirSync(out)
    const r = await stopped(["run", "scenarios/library/market-rehearsal.yaml", "--out", out], /simulated to /, "SIGTERM")
    expect(r.code).toBe(143)
    expect(r.ms).toBeLessThan(5000)
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(/^stopped at \d\d:\d\d:\d\d \(simulated\)$/)
    expect(readdirSync(out)).toEqual([])
  })

  it("a completed run leaves its files under their final names and no partial file", () => {
    const dir = scratch()
    const r = twin("simulate", "--from", "09:00", "--to", "09:01", "--out", join(dir, "new", "t.ndjson"))
    expect(r.code).toBe(0)
    expect(readdirSync(join(dir, "new"))).toEqual(["t.ndjson"])
  })
})

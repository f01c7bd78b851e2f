/**
 * `twin sweep --engine message` (the Monte Carlo through the message engine), `twin runner`'s and
 * `--cluster`'s bad input, run as a user would. The figures are the library's own (runMessageSweep on the
 * same fixture in this process): the CLI must write and print exactly them.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect } from "effect"
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { loadScenario } from "../../../scenarios/load.ts"
import { TaskExecutor } from "../../../twin/parallel/executor.ts"
import { renderMessageChecksCsv, renderMessageParticipantsCsv, renderMessageRunsCsv } from "../../../twin/sweep/message/message-csv.ts"
import { runMessageSweep } from "../../../twin/sweep/message/message-sweep.ts"

const twin = (...args: ReadonlyArray<string>) => {
  const r = spawnSync(process.execPath, ["twin/bin/twin.ts", ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const fixture = "test/twin/sweep/fixtures/tiny-monte-carlo.yaml"

describe("twin sweep --engine message", () => {
  it("writes sweep.json, sweep.csv and checks.csv and prints the JSON, all the library's result", async () => {
    const scenario = await Effect.runPromise(loadScenario(fixture, { catalogues }).pipe(Effect.provide(NodeServices.layer)))
    const expected = await Effect.runPromise(Effect.scoped(runMessageSweep(scenario, fixture, { count: 3, seed: 4, seeds: 2, estate: undefined })).pipe(Effect.provide(TaskExecutor.layerInProcess)))
    const out = mkdtempSync(join(tmpdir(), "twin-sweep-message-"))
    const r = twin("sweep", fixture, "--engine", "message", "--faults", "random:3", "--seeds", "2", "--workers", "1", "--out", out, "--json")
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(expected)
    expect(JSON.parse(readFileSync(join(out, "sweep.json"), "utf8"))).toEqual(expected)
    expect(readFileSync(join(out, "sweep.csv"), "utf8")).toBe(renderMessageRunsCsv(expected))
    // 3 draws × 2 seeds: a header and six rows.
    expect(renderMessageRunsCsv(expected).split("\r\n").filter((l) => l !== "").length).toBe(7)
    expect(readFileSync(join(out, "checks.csv"), "utf8")).toBe(renderMessageChecksCsv(expected))
    expect(readFileSync(join(out, "participants.csv"), "utf8")).toBe(renderMessageParticipantsCsv(expected))
    // The table: the heading, each draw, each check's rate.
    const table = twin("sweep", fixture, "--engine", "message", "--faults", "random:3", "--seeds", "2", "--workers", "1", "--out", out)
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/^Sweep random:3 × 2 seeds of tiny-monte-carlo through the message engine — 6 runs, [0-9.]+ s\n/)
    // each check's runs and its interval over the 3 draws
    for (const c of expected.checks) expect(table.stdout).toContain(`${c.check.padEnd(16)}  ${`${c.passes}/${c.runs}`.padStart(7)} runs`)
    for (const c of expected.checks) expect(table.stdout).toContain(`over 3 draws, ${c.drawsDisagreeing} of 3 split`)
    expect(table.stdout).toContain(`Wrote ${join(out, "sweep.json")}, ${join(out, "sweep.csv")}, ${join(out, "checks.csv")} and ${join(out, "participants.csv")}`)
  })

  it("bad input: one line, exit 2", () => {
    expect(twin("sweep", fixture, "--engine", "monte-carlo")).toMatchObject({ code: 2, stderr: '--engine: expected impact or message, got "monte-carlo"\n' })
    expect(twin("sweep", fixture, "--engine", "message", "--faults", "n-1")).toMatchObject({ code: 2, stderr: '--faults: expected random:K (K a whole number ≥ 1) with --engine message, got "n-1"\n' })
    expect(twin("sweep", fixture, "--seeds", "3")).toMatchObject({ code: 2, stderr: "--seeds: expected --engine message (the impact engine has no seed to vary), got 3\n" })
    expect(twin("sweep", fixture, "--engine", "message", "--faults", "random:2", "--seeds", "0")).toMatchObject({ code: 2, stderr: "--seeds: expected a number of seeds ≥ 1, got 0\n" })
    expect(twin("sweep", fixture, fixture, "--engine", "message", "--faults", "random:2")).toMatchObject({ code: 2, stderr: `SCENARIO: expected one scenario file with --engine message, got ${fixture} ${fixture}\n` })
    const short = "test/scenarios/fixtures/short-pass.yaml"
    expect(twin("sweep", short, "--engine", "message", "--faults", "random:2", "--out", mkdtempSync(join(tmpdir(), "twin-sweep-message-")))).toMatchObject({
      code: 2,
      stderr: `${short}:faults: expected at least one fault to draw from (--engine message draws from the scenario's faults), got none\n`
    })
  })

  it("--cluster and twin runner: a URL that is not Postgres, a coordinator nobody answers at, --workers beside --cluster", () => {
    expect(twin("sweep", fixture, "--cluster", "http://example.org")).toMatchObject({ code: 2, stderr: '--cluster: expected a Postgres URL, postgres://user@host:port/database, got "http://example.org"\n' })
    expect(twin("sweep", fixture, "--cluster", "postgres://twin@127.0.0.1:1/twin", "--workers", "2")).toMatchObject({ code: 2, stderr: "--workers: expected no --workers with --cluster (the runners are the workers), got 2\n" })
    // Port 1 on loopback: nothing listens there (tcpmux is never run), the connection is refused at once.
    expect(twin("sweep", fixture, "--cluster", "postgres://twin@127.0.0.1:1/twin")).toMatchObject({ code: 2, stderr: "--cluster: expected a reachable Postgres coordinator, got connect ECONNREFUSED 127.0.0.1:1\n" })
    expect(twin("plan", "--cluster", "postgres://twin@127.0.0.1:1/twin", "--out", mkdtempSync(join(tmpdir(), "twin-plan-")))).toMatchObject({ code: 2, stderr: "--cluster: expected a reachable Postgres coordinator, got connect ECONNREFUSED 127.0.0.1:1\n" })
    expect(twin("runner", "--coordinator", "postgres://twin@127.0.0.1:1/twin")).toMatchObject({ code: 2, stderr: "--coordinator: expected a reachable Postgres coordinator, got connect ECONNREFUSED 127.0.0.1:1\n" })
    expect(twin("runner", "--coordinator", "mysql://x@h/db")).toMatchObject({ code: 2, stderr: '--coordinator: expected a Postgres URL, postgres://user@host:port/database, got "mysql://x@h/db"\n' })
    expect(twin("runner", "--coordinator", "postgres://x@h/db", "--port", "70000")).toMatchObject({ code: 2, stderr: "--port: expected a TCP port, 1–65535, got 70000\n" })
  })
})

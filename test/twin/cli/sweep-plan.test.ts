import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

/** Runs the real `twin` entry point as a user would, with this process's Node 22. */
const twin = (...args: ReadonlyArray<string>) => {
  const r = spawnSync(process.execPath, ["twin/bin/twin.ts", ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const small = "test/twin/sweep/fixtures/small-phase.yaml"
const estate = "test/twin/plan/fixtures/plan-estate.yaml"

describe("twin sweep and twin plan on the command line", () => {
  it("bad input: one line naming the flag or file, exit 2", () => {
    expect(twin("sweep", small, "--faults", "n-3")).toMatchObject({ code: 2, stderr: '--faults: expected n-1, n-2 or random:K (K a whole number ≥ 1), got "n-3"\n' })
    expect(twin("sweep", "no/such.yaml")).toMatchObject({ code: 2, stderr: "no/such.yaml: expected a scenario file or a folder of them, got no such file\n" })
    expect(twin("sweep", small, "--workers", "0")).toMatchObject({ code: 2, stderr: "--workers: expected a number of worker threads ≥ 1, got 0\n" })
    // A beam of width 0 never fills, so it kept every prefix: on the default estate (--no-rules) it was still
    // in a batch of 2,600 states after 40 s, where width W analyses about W × 26 per level.
    expect(twin("plan", "--estate", estate, "--beam", "0")).toMatchObject({ code: 2, stderr: "--beam: expected a beam width ≥ 1, got 0\n" })
    const dir = mkdtempSync(join(tmpdir(), "twin-plan-"))
    const rules = join(dir, "rules.yaml")
    writeFileSync(rules, "constraints:\n  - {before: [gw-1], after: [access]}\n  - {before: [access], after: [gw-1]}\n")
    expect(twin("plan", "--estate", estate, "--constraints", rules)).toMatchObject({
      code: 2,
      stderr: `${rules}:constraints: expected rules some order of the units satisfies, got a cycle: gw-1 before access by constraints[0] (before/after), access before gw-1 by constraints[1] (before/after)\n`
    })
    writeFileSync(rules, "constraints:\n  - {apart: [gw-1, gw-2]}\n")
    // The search ran (its progress is on stderr) and found no grouping: the last line says why.
    const none = twin("plan", "--estate", estate, "--constraints", rules, "--max-phases", "1", "--workers", "1")
    expect([none.code, none.stderr.trim().split("\n").at(-1)]).toEqual([
      2,
      `${rules}:constraints: expected rules a grouping of 3 units into at most 1 phases can keep, got no such grouping (apart rules and phase sizes conflict)`
    ])
  })

  it("twin sweep writes the matrix and prints the worst cases; twin plan prints ranked plans and writes the best", () => {
    const out = mkdtempSync(join(tmpdir(), "twin-sweep-"))
    const sweep = twin("sweep", small, "--workers", "1", "--out", out)
    expect(sweep.code).toBe(0)
    expect(sweep.stdout).toContain(" 1. access-router ar-1 failing through move-all (moving gw-1, access, gw-2); 2 participants lose otp-c (2): 80 participant-service minutes down")
    expect(JSON.parse(readFileSync(join(out, "sweep.json"), "utf8")).faults.length).toBe(9)
    expect(readFileSync(join(out, "sweep.html"), "utf8")).toContain('<table class="heat" id="heat-table">')
    const planOut = mkdtempSync(join(tmpdir(), "twin-plan-"))
    const plan = twin("plan", "--estate", estate, "--workers", "1", "--out", planOut)
    expect(plan.code).toBe(0)
    expect(plan.stdout).toContain("#1  1 phases: [gw-1, access, gw-2]")
    // access's 1 s of convergence takes both sessions down (ar-1 reaches no gateway): 2 participant-service seconds.
    expect(plan.stdout).toContain("    phase 1: gw-1, access, gw-2 — nobody worse off while in flight; 2 participant-service seconds down while moved units converge; no single fault takes down more than before the plan")
    expect(existsSync(join(planOut, "planned-phase-1.yaml"))).toBe(true)
  }, 120_000)
})

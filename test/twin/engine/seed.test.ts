/**
 * A seed is a whole number from 0 to 4294967295 (twin/engine/seed.ts). The keyed streams mix the seed in as
 * 32 bits, so `--seed=1` and `--seed=4294967297` (and `-1` and `4294967295`) wrote the same trace under two
 * seeds; outside the range a seed is now refused wherever it is read, in one line, exit 2.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { parseScenario } from "../../../scenarios/load.ts"
import { renderInputInvalid } from "../../../topology/input-issue.ts"
import { keyedRandom } from "../../../twin/engine/random.ts"
import { isSeed, MAX_SEED } from "../../../twin/engine/seed.ts"

const twin = (...args: ReadonlyArray<string>) => {
  const r = spawnSync(process.execPath, ["twin/bin/twin.ts", ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe("seeds from 0 to 4294967295", () => {
  it("the range is what the keyed streams can tell apart: 1 and 2³² + 1 draw alike, so the latter is no seed", () => {
    expect(keyedRandom(1, "k").next()).toBe(keyedRandom(2 ** 32 + 1, "k").next())
    expect([0, 1, 20270306, MAX_SEED].map(isSeed)).toEqual([true, true, true, true])
    expect([-1, MAX_SEED + 1, 1.5, Number.NaN].map(isSeed)).toEqual([false, false, false, false])
  })

  it("a scenario's seed: outside the range is refused at its path", () => {
    const scenario = (seed: string) => `name: s\npurpose: p\nseed: ${seed}\ncalendar: {date: "2027-03-08", from: "09:28", to: "09:36"}\n`
    const lines = (seed: string) => {
      const r = parseScenario("s.yaml", scenario(seed))
      return Result.isFailure(r) ? renderInputInvalid(r.failure) : []
    }
    expect(lines("4294967297")).toEqual(["s.yaml:seed: expected a seed from 0 to 4294967295, got 4294967297"])
    expect(lines("-1")).toEqual(["s.yaml:seed: expected a seed from 0 to 4294967295, got -1"])
    expect(lines("4294967295")).toEqual([])
  })

  it("--seed of twin simulate, twin run and twin sweep: one line, exit 2, before any work", () => {
    const out = join(mkdtempSync(join(tmpdir(), "twin-seed-")), "t.ndjson")
    expect(twin("simulate", "--seed=4294967297", "--from", "09:00", "--to", "09:01", "--out", out)).toMatchObject({ code: 2, stderr: "--seed: expected a seed from 0 to 4294967295, got 4294967297\n" })
    expect(twin("run", "test/scenarios/fixtures/short-fail.yaml", "--seed=-1", "--out", join(tmpdir(), "twin-seed-run"))).toMatchObject({ code: 2, stderr: "--seed: expected a seed from 0 to 4294967295, got -1\n" })
    // sweep --seeds N runs the seed and the N − 1 after it: 4294967295 and 4294967296 is one seed too many
    expect(twin("sweep", "test/twin/sweep/fixtures/tiny-monte-carlo.yaml", "--engine", "message", "--faults", "random:1", "--seed", "4294967294", "--seeds", "3", "--out", join(tmpdir(), "twin-seed-sweep"))).toMatchObject({
      code: 2,
      stderr: "--seeds: expected at most 2 seeds from seed 4294967294 (the last must be a seed from 0 to 4294967295), got 3\n"
    })
    expect(twin("sweep", "test/scenarios/fixtures/short-fail.yaml", "--faults", "random:2", "--seed=4294967296")).toMatchObject({ code: 2, stderr: "--seed: expected a seed from 0 to 4294967295, got 4294967296\n" })
  })
})

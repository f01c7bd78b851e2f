/**
 * `npm run fuzz:parts` itself (test/fuzz/parts-agree.ts), one case, so that the differential fuzz of runs in
 * parts against one world keeps running: the drawn scenario runs both ways and the two agree.
 */
import { spawnSync } from "node:child_process"
import { describe, expect, it } from "vitest"
import { TWIN_NODE_FLAGS } from "../../twin/parallel/heap-flags.ts"

describe("the differential fuzz of runs in parts", () => {
  it("runs a drawn drill in one world and in parts, and finds them agreeing", () => {
    const r = spawnSync(process.execPath, [...TWIN_NODE_FLAGS, "test/fuzz/parts-agree.ts", "--cases", "1", "--seed", "22"], { encoding: "utf8" })
    expect(r.stderr.split("\n").filter((l) => l.startsWith("| 1 |"))).toHaveLength(1)
    expect(r.stdout).toMatch(/^\| 1 \| [^|]+ \| [^|]+ \| (pass|fail) \| parts \| [\d.]+ \/ [\d.]+ \| yes \|$/m)
    expect(r.stdout).toContain("1 cases (")
    expect(r.stdout).toContain("seed 22: 0 disagreeing")
    expect(r.status).toBe(0)
  }, 120_000)
})

import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { LONGEST_FIRST, slowFirst } from "./slow-first-sequencer.ts"

const repo = fileURLToPath(new URL("../../", import.meta.url))

describe("the long test files first", () => {
  it("names 18 test files that exist, each once (a renamed file would silently start late)", () => {
    expect(LONGEST_FIRST).toHaveLength(18)
    expect(new Set(LONGEST_FIRST).size).toBe(18)
    expect(LONGEST_FIRST.filter((f) => !existsSync(`${repo}${f}`) || !f.endsWith(".test.ts"))).toEqual([])
  })

  it("puts the listed files first in the list's order, the others after in the order given", () => {
    const given = [
      "/r/test/a.test.ts",
      "/r/test/twin/cli/run.test.ts", // 18th listed
      "/r/test/b.test.ts",
      "/r/test/scenarios/library/market-rehearsal.test.ts", // 5th
      "/r/test/twin/parallel/cluster.test.ts", // 2nd
      "/r/test/c.test.ts"
    ]
    expect(slowFirst(given, (p) => p)).toEqual([
      "/r/test/twin/parallel/cluster.test.ts",
      "/r/test/scenarios/library/market-rehearsal.test.ts",
      "/r/test/twin/cli/run.test.ts",
      "/r/test/a.test.ts",
      "/r/test/b.test.ts",
      "/r/test/c.test.ts"
    ])
  })

  it("matches whole path segments: another folder's file of the same name is not listed", () => {
    // "x/cli.test.ts" ends with "cli.test.ts" but not with "/test/twin/cli.test.ts".
    expect(slowFirst(["/r/test/x/cli.test.ts", "/r/test/twin/cli.test.ts"], (p) => p)).toEqual(["/r/test/twin/cli.test.ts", "/r/test/x/cli.test.ts"])
  })
})

/**
 * The launch flags of twin/parallel/heap-flags.ts are spelled out where nothing can import them: twin.ts's
 * shebang, package.json's scripts, the Dockerfile. Each must carry the list as it is; and the young
 * generation they ask for must be what this Node gives both the main thread and a parts' worker.
 */
import { spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { launchFlagsOf } from "../../../bench/launch-flags.ts"
import { TWIN_NODE_FLAGS, WORKER_YOUNG_GENERATION_MB } from "../../../twin/parallel/heap-flags.ts"

const root = new URL("../../../", import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), "utf8")
const flags = TWIN_NODE_FLAGS.join(" ")

describe("the CLI's launch flags", () => {
  it("are the same list in the shebang, package.json's scripts and the Dockerfile", () => {
    expect(read("twin/bin/twin.ts").split("\n")[0]).toBe(`#!/usr/bin/env -S node ${flags}`)
    const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts
    for (const name of ["start", "twin", "bench", "fuzz:parts"]) expect(scripts[name], name).toMatch(new RegExp(`^node ${flags} \\S+\\.ts( |$)`))
    expect(read("deploy/Dockerfile")).toContain(`ENTRYPOINT ["node", ${TWIN_NODE_FLAGS.map((f) => JSON.stringify(f)).join(", ")}, "twin/bin/twin.ts"]`)
    // What the benchmarks start this tree's CLI with (and another tree's with its own).
    expect(launchFlagsOf(new URL(".", root).pathname)).toEqual(TWIN_NODE_FLAGS)
  })

  it("give the main thread and a parts' worker their whole young generation from the start", () => {
    const size = `require("node:v8").getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size / 1048576`
    const script = `
      const { Worker } = require("node:worker_threads")
      console.log(${size})
      new Worker(\`console.log(${size})\`, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: ${WORKER_YOUNG_GENERATION_MB} } })`
    const without = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" })
    const launched = spawnSync(process.execPath, [...TWIN_NODE_FLAGS, "-e", script], { encoding: "utf8" })
    expect(launched.stderr).toBe("")
    const sizes = (r: typeof launched) => r.stdout.trim().split("\n").map(Number)
    expect(sizes(without).every((mb) => mb < WORKER_YOUNG_GENERATION_MB / 3)).toBe(true)
    expect(sizes(launched)).toEqual([WORKER_YOUNG_GENERATION_MB / 3, WORKER_YOUNG_GENERATION_MB / 3])
  })
})

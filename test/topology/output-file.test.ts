/**
 * An output file written in pieces (topology/output-file.ts `openOutput`): a flush interrupted half-way — a
 * race it loses, as a run in parts' wait does when the worker's part ends — still writes what it took, and
 * `restart` empties the file for a run that starts its output again.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Fiber } from "effect"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { openOutput } from "../../topology/output-file.ts"

const dir = mkdtempSync(join(tmpdir(), "output-file-"))
afterAll(() => rmSync(dir, { recursive: true }))

const run = <A>(effect: Effect.Effect<A, unknown, never>) => Effect.runPromise(effect)
const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => `{"line":${from + i},"pad":"${"x".repeat(200)}"}\n`).join("")

describe("an output file written in pieces", () => {
  it("writes all a flush took, though the flush was interrupted at once", async () => {
    const path = join(dir, "interrupted.ndjson")
    await run(Effect.scoped(Effect.gen(function*() {
      const out = yield* openOutput(path)
      for (let round = 0; round < 20; round++) {
        out.write(lines(round * 2_000, 2_000))
        const flushing = yield* Effect.forkChild(out.flush, { startImmediately: true })
        yield* Fiber.interrupt(flushing)
      }
      yield* out.commit
    })).pipe(Effect.provide(NodeServices.layer)))
    expect(readFileSync(path, "utf8")).toBe(lines(0, 40_000))
  })

  it("starts again from an empty file after restart", async () => {
    const path = join(dir, "restarted.ndjson")
    await run(Effect.scoped(Effect.gen(function*() {
      const out = yield* openOutput(path)
      out.write(lines(0, 3))
      yield* out.flush
      out.write(lines(3, 2))
      yield* out.restart
      out.write(lines(100, 1))
      yield* out.commit
    })).pipe(Effect.provide(NodeServices.layer)))
    expect(readFileSync(path, "utf8")).toBe(lines(100, 1))
  })
})

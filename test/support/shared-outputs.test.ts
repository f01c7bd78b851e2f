/** The disk protocol of shared-outputs.ts: one maker per output however many ask at once, and a failure told to all. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { makeOnceIn } from "./shared-outputs.ts"

let root: string | undefined
afterEach(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true })
  root = undefined
})

describe("shared outputs", () => {
  it("three callers at once: one makes the output, all three get its folder", async () => {
    root = mkdtempSync(join(tmpdir(), "shared-outputs-test-"))
    let makers = 0
    const make = async (dir: string) => {
      makers++
      await new Promise((r) => setTimeout(r, 300))
      writeFileSync(`${dir}.txt`, "made")
    }
    const dirs = await Promise.all([makeOnceIn(root, "a b/c", make), makeOnceIn(root, "a b/c", make), makeOnceIn(root, "a b/c", make)])
    expect(makers).toBe(1)
    // The name made safe for a file name: every run of other characters one underscore.
    expect(dirs).toEqual([join(root, "a_b_c"), join(root, "a_b_c"), join(root, "a_b_c")])
    expect(readFileSync(join(root, "a_b_c.done"), "utf8")).toBe("ok")
    expect(readFileSync(join(root, "a_b_c.txt"), "utf8")).toBe("made")
    // Asked again later (another file): not made again.
    await makeOnceIn(root, "a b/c", make)
    expect(makers).toBe(1)
  })

  it("a maker that fails fails every caller with its message", async () => {
    root = mkdtempSync(join(tmpdir(), "shared-outputs-test-"))
    const make = async () => {
      await new Promise((r) => setTimeout(r, 200))
      throw new Error("twin run: exit 3")
    }
    const results = await Promise.allSettled([makeOnceIn(root, "x", make), makeOnceIn(root, "x", make)])
    expect(results.map((r) => (r.status === "rejected" && r.reason instanceof Error ? r.reason.message : r.status))).toEqual(["twin run: exit 3", "shared output x: failed: twin run: exit 3"])
    expect(existsSync(join(root, "x.lock"))).toBe(true)
  })
})

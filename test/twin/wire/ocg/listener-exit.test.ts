/**
 * The FIX listener's close must let the process exit: resetting a socket that still has writes queued,
 * or whose peer has already closed, left a libuv handle that never finished closing, and node spun at
 * 100 % CPU at exit for ever (found when `npm run bench -- fix` never returned). Ten sessions run a
 * closed order loop and drop as the gateway writes; then the listener closes and the child must end.
 */
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const repo = fileURLToPath(new URL("../../../../", import.meta.url))

describe("the OCG-C listener's close", () => {
  it("leaves nothing that keeps the process from exiting (ten sessions dropping while the gateway writes)", () => {
    const script = `const { benchFix } = await import(${JSON.stringify(`${repo}bench/fix.ts`)}); const r = await benchFix(10, 0.5); console.log("orders", r.orders > 0)`
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: repo, encoding: "utf8", timeout: 30_000 })
    expect(child.error?.message).toBeUndefined()
    expect([child.status, child.stdout.trim()]).toEqual([0, "orders true"])
  }, 60_000)
})

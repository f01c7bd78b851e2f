import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { runLibrary, verdicts } from "./support.ts"

describe("the full-day market rehearsal", () => {
  it("passes every service-level check over 06:00–18:30 and writes all four files", async () => {
    const { report, dir } = await runLibrary("market-rehearsal.yaml")
    expect(report.verdict).toBe("pass")
    expect(Object.values(verdicts(report)).every((v) => v === "pass")).toBe(true)
    expect(report.checks).toHaveLength(10)
    expect(report.affected).toEqual([])
    // One metrics sample a minute for 12.5 hours, and the evening's ECP downloads judged too.
    expect(report.health).toHaveLength(751)
    for (const f of ["trace.ndjson", "report.json", "report.md", "report.html"]) expect(existsSync(join(dir, f))).toBe(true)
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8"))).toEqual(JSON.parse(JSON.stringify(report)))
  }, 900_000)
})

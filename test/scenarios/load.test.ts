/**
 * Every problem of a scenario file is reported (scenarios/load.ts): an unknown top-level field, found by
 * the Schema, no longer hides the problems only resolving the rest finds — a fault's misspelt `forr:`.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

describe("a scenario with an unknown field and a bad fault", () => {
  it("reports both, the unknown field first: exit 2", () => {
    const file = join(mkdtempSync(join(tmpdir(), "twin-load-")), "b6.yaml")
    writeFileSync(file, [
      "name: bad",
      "purpose: bad input",
      'calendar: {date: "2027-03-08", from: "09:28", to: "09:36"}',
      "durationn: 5m",
      "faults:",
      '  - {id: f, kind: node-crash, node: ocg-dc1-03, at: "09:30", forr: 2m}',
      ""
    ].join("\n"))
    const r = spawnSync(process.execPath, ["twin/bin/twin.ts", "run", file, "--out", join(tmpdir(), "twin-load-out")], { encoding: "utf8", timeout: 120_000 })
    expect({ code: r.status, stderr: r.stderr }).toEqual({
      code: 2,
      stderr: `${file}:durationn: expected no such field, got "5m"\n${file}:faults[0].forr: expected no such field, got "2m"\n`
    })
  })
})

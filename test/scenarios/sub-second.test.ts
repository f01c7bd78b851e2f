/**
 * Scenario times with sub-second precision (issue 13): `"06:29:59.900"` is used to the microsecond wherever a
 * scenario takes a clock time, and malformed fractions are refused with the usual one-line error.
 *
 * Hand derivation: 06:29:59 = (6·3600 + 29·60 + 59) s = 23 399 s = 23 399 000 000 µs; .900 adds 900 000 µs.
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { formatIssue } from "../../topology/input-issue.ts"
import { parseEstate } from "../../topology/load.ts"
import { buildModel } from "../../topology/model.ts"
import { parseScenario } from "../../scenarios/load.ts"
import { resolveScenario } from "../../scenarios/resolve.ts"
import { runScenario } from "../../scenarios/run.ts"
import { MemoryTrace } from "../../twin/engine/trace.ts"
import { fakeCatalogues } from "./support/fake-catalogues.ts"

const parsed = parseEstate("tiny", readFileSync(new URL("../topology/fixtures/tiny-estate.yaml", import.meta.url), "utf8"))
if (Result.isFailure(parsed)) throw new Error("tiny estate does not parse")
const model = buildModel(parsed.success)

const resolve = (body: string) => {
  const file = parseScenario("s.yaml", `name: t\npurpose: p\ncalendar: {from: "06:00", to: "06:45"}\n${body}`)
  if (Result.isFailure(file)) return { lines: file.failure.issues.map((i) => formatIssue("s.yaml", i)) }
  const r = resolveScenario({ id: "s", file: "s.yaml", scenario: file.success, model, estateFile: "tiny.yaml", seed: 1, catalogues: fakeCatalogues })
  return Result.isFailure(r) ? { lines: r.failure.map((i) => formatIssue("s.yaml", i)) } : { scenario: r.success }
}

const link = "ar-dc1-a--old-core-dc1-a"

describe("sub-second scenario times", () => {
  it("a fault at 06:29:59.900 for 250ms and a step at 06:30:00.000250 happen at those microseconds", () => {
    const { scenario, lines } = resolve(`phases:
  - id: p1
    name: plane A
    steps: [{at: "06:30:00.000250", move: [access-dc1-a]}]
faults: [{id: blip, kind: link-down, link: ${link}, at: "06:29:59.900", for: 250ms}]
`)
    expect(lines).toBeUndefined()
    const trace = new MemoryTrace()
    runScenario(scenario!, { trace })
    const events = trace.events
      .filter((e) => e.kind === "scenario.fault" || e.kind === "scenario.step" || (e.kind === "world.change" && e.subject === link))
      .map((e) => [e.t, e.kind, e.subject, e.data.status ?? e.data.down ?? null])
    expect(events).toEqual([
      [23_399_900_000, "scenario.fault", "blip", "start"],
      [23_399_900_000, "world.change", link, true],
      // 06:29:59.900 + 250 ms = 06:30:00.150, after the step at 06:30:00.000250 (= 23 400 000 250 µs).
      [23_400_000_250, "scenario.step", "p1", null],
      [23_400_150_000, "world.change", link, false],
      [23_400_150_000, "scenario.fault", "blip", "end"]
    ])
  })

  it("refuses a dot without digits, seven decimals and a fraction past 24:00, one line each", () => {
    const { lines } = resolve(`faults:
  - {kind: link-down, link: ${link}, at: "06:29:59."}
  - {kind: link-down, link: ${link}, at: "06:29:59.1234567"}
  - {kind: link-down, link: ${link}, at: "24:00:00.1"}
`)
    const expected = 'expected a time of day "HH:MM", "HH:MM:SS" or "HH:MM:SS.ffffff" (up to 6 decimals)'
    expect(lines).toEqual([
      `s.yaml:faults[0].at: ${expected}, got "06:29:59."`,
      `s.yaml:faults[1].at: ${expected}, got "06:29:59.1234567"`,
      `s.yaml:faults[2].at: ${expected}, got "24:00:00.1"`
    ])
  })
})

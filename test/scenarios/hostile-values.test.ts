/**
 * Issue 17, item 1: a duration too large to represent gave a fault a NaN end, the scheduler took it, the run
 * stopped at once and passed. Durations are finite and within the day, and the scheduler refuses a time
 * that is not a finite number as the defect it is.
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { catalogues } from "../../scenarios/catalogues.ts"
import { MAX_DURATION, parseDuration } from "../../scenarios/format/duration.ts"
import { parseScenario } from "../../scenarios/load.ts"
import { resolveScenario } from "../../scenarios/resolve.ts"
import { formatIssue, renderInputInvalid } from "../../topology/input-issue.ts"
import { defaultEstatePath, parseEstate } from "../../topology/load.ts"
import { buildModel } from "../../topology/model.ts"
import { validateEstate } from "../../topology/validate.ts"
import { Scheduler } from "../../twin/engine/scheduler.ts"

describe("durations", () => {
  it("refuses hundreds of digits (Infinity), more than a day, and text longer than 64 characters", () => {
    expect(parseDuration(`${"9".repeat(400)}s`)).toBe(undefined)
    expect(parseDuration("24h1us")).toBe(undefined)
    expect(parseDuration("1s".repeat(40))).toBe(undefined)
    expect(parseDuration("24h")).toBe(MAX_DURATION)
    expect(parseDuration("1h30m")).toBe(5_400_000_000)
  })
})

describe("the scheduler", () => {
  it("refuses NaN and Infinity as times", () => {
    const s = new Scheduler<null>()
    expect(() => s.schedule(Number.NaN, 0, 0)).toThrow("cannot schedule at a time that is not a finite number: NaN")
    expect(() => s.schedule(Number.POSITIVE_INFINITY, 0, 0)).toThrow("not a finite number: Infinity")
  })
})

/** Issue 17, items 2–4: inputs that were accepted and silently changed the answer (or crashed) are refused. */
const defaultParsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(defaultParsed)) throw new Error("default estate does not parse")
const defaultModel = buildModel(defaultParsed.success)

describe("values that must be refused, one line each", () => {
  const tinyText = readFileSync("test/topology/fixtures/tiny-estate.yaml", "utf8")
  const estateLines = (text: string): ReadonlyArray<string> => {
    const parsed = parseEstate("e.yaml", text)
    if (Result.isFailure(parsed)) return renderInputInvalid(parsed.failure)
    const valid = validateEstate("e.yaml", parsed.success)
    return Result.isFailure(valid) ? renderInputInvalid(valid.failure) : []
  }

  it("a link latency of 1e308 (finite, but it overflowed the graph analysis)", () => {
    const text = tinyText.replace("capacityMbps: 10000, latencyUs: 180, mtu: 1500}", "capacityMbps: 10000, latencyUs: 1e308, mtu: 1500}")
    expect(estateLines(text)[0]).toBe("e.yaml:links[0].latencyUs: expected a one-way latency in µs from 0 to 10,000,000, got 1e+308")
  })

  it("an assumption value of .nan", () => {
    expect(estateLines(tinyText.replace("{value: 250, status: U", "{value: .nan, status: U"))[0]).toMatch(/^e\.yaml:assumptions\.interDcLatencyUs\.value: expected .*, got NaN$/)
  })

  it("two members of one flow with the same name", () => {
    expect(estateLines(tinyText.replace("- {name: lineB, plane: B, targets: [omdc-pub-b]}", "- {name: lineA, plane: B, targets: [omdc-pub-b]}"))).toContain(
      'e.yaml:flows[0].members[1].name: expected a member name not used before in this flow, got "lineA", already used at members[0]'
    )
  })

  const scenarioLines = (body: string): ReadonlyArray<string> => {
    const text = `name: s\npurpose: p\nestate: default\nseed: 1\ncalendar: {date: "2027-03-08", day: trading-day, from: "09:25", to: "09:30"}\n${body}`
    const parsed = parseScenario("s.yaml", text)
    if (Result.isFailure(parsed)) return renderInputInvalid(parsed.failure)
    const resolved = resolveScenario({ id: "s", file: "s.yaml", scenario: parsed.success, model: defaultModel, estateFile: "default", seed: 1, catalogues })
    return Result.isFailure(resolved) ? resolved.failure.map((i) => formatIssue("s.yaml", i)) : []
  }

  it("typos in checks that take no parameters", () => {
    expect(scenarioLines("checks:\n  - {id: e, check: ecp-deadlines, typo: 1}\n  - {id: x, check: executions-exactly-once, maxx: 3}\n")).toEqual([
      "s.yaml:checks[0].typo: expected no such field, got 1",
      "s.yaml:checks[1].maxx: expected no such field, got 3"
    ])
  })

  it("two checks of one phase with the same id, pre or post (found by the fuzz corpus, test/fuzz/)", () => {
    const phase = (pre: string, post: string) =>
      `phases:\n  - id: p1\n    name: P1\n${pre === "" ? "" : `    preChecks:\n${pre}`}    steps:\n      - {at: "09:27", move: [omdc-dc2-line-b]}\n    postChecks:\n${post}`
    expect(scenarioLines(phase("      - {id: a, check: ecp-deadlines}\n", "      - {id: b, at: \"09:28\", check: ecp-deadlines}\n      - {id: a, at: \"09:28\", check: ecp-deadlines}\n"))).toEqual([
      's.yaml:phases[0].postChecks[1].id: expected a check id not used before in this phase, got "a", already used at preChecks[0]'
    ])
    expect(scenarioLines(phase("", "      - {id: b, at: \"09:28\", check: ecp-deadlines}\n      - {id: b, at: \"09:29\", check: ecp-deadlines}\n"))).toEqual([
      's.yaml:phases[0].postChecks[1].id: expected a check id not used before in this phase, got "b", already used at postChecks[0]'
    ])
  })

  it("engine.metricsEvery of 0s (the run looped until memory ran out) and an impossible date", () => {
    expect(scenarioLines("engine: {metricsEvery: 0s}\n")).toEqual(['s.yaml:engine.metricsEvery: expected a duration of at least 1s, got "0s"'])
    const bad = parseScenario("s.yaml", `name: s\npurpose: p\ncalendar: {date: "2027-13-45", day: trading-day, from: "09:25", to: "09:30"}\n`)
    expect(Result.isFailure(bad) ? renderInputInvalid(bad.failure) : []).toEqual(['s.yaml:calendar.date: expected a date YYYY-MM-DD that exists, got "2027-13-45"'])
  })
})

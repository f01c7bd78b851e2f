import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { formatIssue } from "../../topology/input-issue.ts"
import { parseEstate } from "../../topology/load.ts"
import { buildModel } from "../../topology/model.ts"
import { parseScenario } from "../../scenarios/load.ts"
import { resolveScenario } from "../../scenarios/resolve.ts"
import { parseClock } from "../../twin/engine/time.ts"
import { fakeCatalogues } from "./support/fake-catalogues.ts"

const estatePath = new URL("../topology/fixtures/tiny-estate.yaml", import.meta.url)
const parsed = parseEstate("tiny", readFileSync(estatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("tiny estate does not parse")
const model = buildModel(parsed.success)

const resolve = (yaml: string, seed = 1) => {
  const file = parseScenario("s.yaml", yaml)
  if (Result.isFailure(file)) return { lines: file.failure.issues.map((i) => formatIssue("s.yaml", i)) }
  const r = resolveScenario({ id: "s", file: "s.yaml", scenario: file.success, model, estateFile: "tiny.yaml", seed, catalogues: fakeCatalogues })
  return Result.isFailure(r) ? { lines: r.failure.map((i) => formatIssue("s.yaml", i)) } : { scenario: r.success }
}

const head = `name: t\npurpose: p\ncalendar: {from: "06:00", to: "08:00"}\n`

describe("resolving a scenario against its estate", () => {
  it("turns times into microseconds and fills the defaults", () => {
    const { scenario } = resolve(`${head}phases:
  - id: p1
    name: one
    steps: [{at: "06:30", move: [access-dc1-a]}, {at: "06:40", move: [access-dc1-b]}]
    postChecks: [{id: prt, at: "07:00", check: link-stays-up, link: x}]
    rollback: {cutoff: "07:30", takes: 5m}
faults:
  - {kind: link-down, link: ar-dc1-a--old-core-dc1-a, at: "06:10", for: 90s}
checks:
  - {check: link-stays-up, link: ar-dc1-a--old-core-dc1-a, during: p1}
`)
    expect(scenario).toBeDefined()
    const s = scenario!
    expect([s.seed, s.day, s.window, s.engine.convergence, s.write]).toEqual([
      1, "trading-day", { from: parseClock("06:00"), to: parseClock("08:00") }, 1_000_000, { trace: true, markdown: true, html: true }
    ])
    expect(s.faults.map((f) => [f.id, f.start, f.end])).toEqual([["link-down@06:10", parseClock("06:10"), parseClock("06:11:30")]])
    const p = s.phases[0]!
    expect([p.window, p.rollback?.takes, p.postChecks[0]?.window]).toEqual([
      { from: parseClock("06:30"), to: parseClock("07:30") }, 300_000_000, { from: parseClock("06:30"), to: parseClock("07:00") }
    ])
    // A check `during` a phase judges that phase's window.
    expect(s.checks[0]?.window).toEqual({ from: parseClock("06:30"), to: parseClock("07:30") })
  })

  it("names every bad reference, parameter and time, one line each", () => {
    const { lines } = resolve(`${head}moved: [access-dc9]
phases:
  - id: p1
    name: one
    steps: [{at: "06:30", move: [access-dc1-a]}, {at: "06:20", move: [access-dc1-c]}]
  - id: p2
    name: two
    steps: [{at: "06:25", back: [access-dc1-a]}]
faults:
  - {kind: link-down, link: no-such-link, at: "06:10"}
  - {kind: link-cut, link: x, at: "06:10"}
  - {kind: link-down, link: ar-dc1-a--old-core-dc1-a, at: "09:10"}
  - {kind: link-down, lnk: ar-dc1-a--old-core-dc1-a, at: "06:10"}
checks:
  - {check: link-stays-up, link: a, during: p9}
  - {check: link-stays-up, link: a, at: "07:00"}
`)
    expect(lines).toEqual([
      's.yaml:moved[0]: expected a cutover unit of tiny-estate (one of access-dc1-a, access-dc1-b), got "access-dc9"',
      's.yaml:phases[0].steps[1].at: expected a time at or after the previous step 06:30:00, got "06:20"',
      's.yaml:phases[0].steps[1].move[0]: expected a cutover unit of tiny-estate (one of access-dc1-a, access-dc1-b), got "access-dc1-c"',
      's.yaml:phases[1].steps[0].at: expected a time after the previous phase ends 06:30:00, got "06:25"',
      's.yaml:faults[0].link: expected a link of the estate, got "no-such-link"',
      's.yaml:faults[1].kind: expected a fault kind, one of link-down, got "link-cut"',
      's.yaml:faults[2].at: expected a time inside the day 06:00–08:00, got "09:10"',
      's.yaml:faults[3].lnk: expected no such field, got "ar-dc1-a--old-core-dc1-a"',
      's.yaml:faults[3].link: expected a value, got nothing',
      's.yaml:checks[0].during: expected a phase id (one of p1, p2) or {from, to}, got "p9"',
      's.yaml:checks[1].at: expected no such field (only post-checks have a time), got "07:00"',
      // Two checks of one kind need ids of their own.
      's.yaml:checks[1].id: expected a check id not used before, got "link-stays-up"'
    ])
  })

  it("an unknown key that is not a plain name is quoted in the path, as everywhere (a one-byte slip: `{id& x, …}`)", () => {
    const { lines } = resolve(`${head}faults:\n  - {kind: link-down, link: ar-dc1-a--old-core-dc1-a, at: "06:10", "for x": 5m}\nchecks:\n  - {id& x, check: link-stays-up, link: ar-dc1-a--old-core-dc1-a}\n`)
    expect(lines).toEqual([
      's.yaml:faults[0]["for x"]: expected no such field, got "5m"',
      's.yaml:checks[0]["id& x"]: expected no such field, got null'
    ])
  })

  it("carries a check's `require: evidence`, and rejects any other requirement", () => {
    const { scenario } = resolve(`${head}checks:
  - {id: a, check: link-stays-up, link: ar-dc1-a--old-core-dc1-a, require: evidence}
  - {id: b, check: link-stays-up, link: ar-dc1-a--old-core-dc1-a}
`)
    expect(scenario!.checks.map((c) => [c.id, c.require])).toEqual([["a", "evidence"], ["b", undefined]])
    const { lines } = resolve(`${head}checks:\n  - {check: link-stays-up, link: ar-dc1-a--old-core-dc1-a, require: data}\n`)
    expect(lines).toEqual(['s.yaml:checks[0].require: expected "evidence", got "data"'])
  })

  it("rejects shapes with the path: a malformed time, a missing calendar, an unknown key", () => {
    const { lines } = resolve(`name: t\npurpose: p\ncalender: {}\nphases: [{id: p1, name: x, steps: [{at: "6.30", move: []}]}]\n`)
    expect(lines).toEqual([
      's.yaml:calender: expected no such field, got {}',
      's.yaml:calendar: expected a value, got nothing',
      's.yaml:phases[0].steps[0].at: expected a time of day "HH:MM", "HH:MM:SS" or "HH:MM:SS.ffffff" (up to 6 decimals), got "6.30"'
    ])
  })

  it("takes the day's timetable from calendar.timetable: on the window only for a half day; anything else one line", () => {
    expect(resolve(head).scenario!.window).toEqual({ from: 6 * 3_600_000_000, to: 8 * 3_600_000_000 })
    const half = `name: t\npurpose: p\ncalendar: {from: "06:00", to: "08:00", timetable: half-day}\n`
    expect(resolve(half).scenario!.window).toEqual({ from: 6 * 3_600_000_000, to: 8 * 3_600_000_000, timetable: "half-day" })
    const full = `name: t\npurpose: p\ncalendar: {from: "06:00", to: "08:00", timetable: full-day}\n`
    expect(resolve(full).scenario!.window).toEqual({ from: 6 * 3_600_000_000, to: 8 * 3_600_000_000 })
    expect(resolve(`name: t\npurpose: p\ncalendar: {from: "06:00", to: "08:00", timetable: typhoon}\n`).lines).toEqual([
      's.yaml:calendar.timetable: expected "full-day" | "half-day", got "typhoon"'
    ])
  })

  it("draws random faults from the seed: the same seed the same faults, another seed others", () => {
    const yaml = `${head}faults:
  - kind: link-down
    draw: {count: 3, between: ["06:10", "07:50"], for: ["1m", "5m"], among: [{link: ar-dc1-a--old-core-dc1-a}, {link: ar-dc1-b--old-core-dc1-b}]}
`
    const draw = (seed: number) => resolve(yaml, seed).scenario!.faults.map((f) => [f.id, f.start, f.end, f.written.link])
    const first = draw(7)
    expect(first).toEqual(draw(7))
    expect(first).not.toEqual(draw(8))
    expect(first.map((f) => f[0]).sort()).toEqual(["link-down#1", "link-down#2", "link-down#3"])
    for (const [, start, end] of first) {
      expect(start as number).toBeGreaterThanOrEqual(parseClock("06:10")!)
      expect(start as number).toBeLessThan(parseClock("07:50")!)
      expect((end as number) - (start as number)).toBeGreaterThanOrEqual(60_000_000)
      expect((end as number) - (start as number)).toBeLessThanOrEqual(300_000_000)
    }
  })
})

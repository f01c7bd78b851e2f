/**
 * `twin plan --score`, `--compare`, the shipped rules by default, and their bad input, run as a user
 * would. Values by hand: the lines plan costs 55 (one window whose rollback takes P1, P2, P3 down: 25 +
 * 10 × 3, test/twin/plan/fixtures/lines-plan.yaml), the same moves in two windows 50 (lines-apart/).
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { Result } from "effect"
import { parseConstraintsFile } from "../../../twin/plan/constraints.ts"
import { shippedConstraintsPath } from "../../../twin/plan/shipped-rules.ts"

const twin = (...args: ReadonlyArray<string>) => {
  const r = spawnSync(process.execPath, ["twin/bin/twin.ts", ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const linesPlan = "test/twin/plan/fixtures/lines-plan.yaml"
const linesApart = "test/twin/plan/fixtures/lines-apart"

describe("twin plan --score and --compare", () => {
  it("bad input: one line, exit 2", () => {
    expect(twin("plan", "--score", "no/such")).toMatchObject({ code: 2, stderr: "no/such: expected a scenario file or a folder of them, got no such file\n" })
    expect(twin("plan", "--compare", linesPlan)).toMatchObject({ code: 2, stderr: "--compare: expected two plans: --compare A B, got one\n" })
    expect(twin("plan", "--score", linesPlan, "--units", "u.yaml")).toMatchObject({ code: 2, stderr: "--units: expected a search flag, not with --score or --compare, got u.yaml\n" })
    expect(twin("plan", "--score", linesPlan, "--compare", linesApart)).toMatchObject({ code: 2, stderr: "--score: expected one of --score FOLDER or --compare A B, got both\n" })
    expect(twin("plan", "--convergence", "10")).toMatchObject({ code: 2, stderr: '--convergence: expected a duration up to 60s, e.g. 10s, got "10"\n' })
    expect(twin("plan", "--score", "scenarios/library/market-rehearsal.yaml")).toMatchObject({
      code: 2,
      stderr: "scenarios/library/market-rehearsal.yaml: expected a plan: scenario files with cutover phases, got none with phases\n"
    })
  }, 60_000)

  it("plans or scenarios on different estates: one line naming both files and both estates, exit 2", () => {
    // --compare scored the lines plan against the shipped one and ranked them (A ranks first; B costs
    // 14895.80 more), though they share no unit or participant.
    expect(twin("plan", "--compare", linesPlan, "scenarios/library/cutover")).toMatchObject({
      code: 2,
      stdout: "",
      stderr: `scenarios/library/cutover/phase-1-dc2-plane-b.yaml:estate: expected the estate of the plan it is compared with (${linesPlan}: test/twin/impact/fixtures/lines-estate.yaml), got "topology/default-estate.yaml"\n`
    })
    // One plan's scenarios on two estates (--score): named with the file whose estate it is not.
    const dir = mkdtempSync(join(tmpdir(), "twin-estates-"))
    const absolute = (f: string, estate: string) => readFileSync(f, "utf8").replace(/^estate: .*$/m, `estate: ${join(process.cwd(), estate)}`)
    writeFileSync(join(dir, "a.yaml"), absolute(linesPlan, "test/twin/impact/fixtures/lines-estate.yaml"))
    writeFileSync(join(dir, "b.yaml"), absolute("scenarios/library/cutover/phase-1-dc2-plane-b.yaml", "topology/default-estate.yaml"))
    expect(twin("plan", "--score", dir)).toMatchObject({
      code: 2,
      stderr: `${dir}/b.yaml:estate: expected the estate of the plan's first scenario (${dir}/a.yaml: test/twin/impact/fixtures/lines-estate.yaml), got "topology/default-estate.yaml"\n`
    })
  }, 60_000)

  it("a plan whose scenario does not start where the one before it leaves off: one line naming it, exit 2", () => {
    // lines-apart's phase 2 with `moved: []`: scored from its own moved:, it would be a plan where line A
    // never moved — a different plan, scored without a word.
    const dir = mkdtempSync(join(tmpdir(), "twin-gap-"))
    const estate = join(process.cwd(), "test/twin/impact/fixtures/lines-estate.yaml")
    for (const f of ["phase-1", "phase-2"]) {
      const text = readFileSync(`${linesApart}/${f}.yaml`, "utf8").replace(/^estate: .*$/m, `estate: ${estate}`)
      writeFileSync(join(dir, `${f}.yaml`), f === "phase-2" ? text.replace("moved: [line-a]", "moved: []") : text)
    }
    expect(twin("plan", "--score", dir)).toMatchObject({
      code: 2,
      stderr: `${dir}/phase-2.yaml:moved: expected the units ${dir}/phase-1.yaml leaves moved (its moved: and its phases' steps), got a moved: without line-a\n`
    })
  }, 60_000)

  it("a plan whose scenarios say different convergence delays: one line naming the file that differs, exit 2, unless --convergence gives one", () => {
    // lines-apart's phase 2 with `engine: {convergence: 30s}`: the plan is scored with one delay, the first
    // scenario's (1s, the default); before, it scored phase 2 with 1s without a word, where a run of
    // phase 2 takes 30s.
    const dir = mkdtempSync(join(tmpdir(), "twin-conv-"))
    const estate = join(process.cwd(), "test/twin/impact/fixtures/lines-estate.yaml")
    for (const f of ["phase-1", "phase-2"]) {
      const text = readFileSync(`${linesApart}/${f}.yaml`, "utf8").replace(/^estate: .*$/m, `estate: ${estate}`)
      writeFileSync(join(dir, `${f}.yaml`), f === "phase-2" ? `${text}engine: {convergence: 30s}\n` : text)
    }
    const refused = `${dir}/phase-2.yaml:engine.convergence: expected the convergence of the plan's first scenario (${dir}/phase-1.yaml: 1s), the one the plan is scored with (or --convergence for every phase), got "30s"\n`
    expect(twin("plan", "--score", dir)).toMatchObject({ code: 2, stderr: refused })
    expect(twin("plan", "--compare", linesPlan, dir)).toMatchObject({ code: 2, stderr: refused })
    // The first says 30s, the second nothing: the default it takes is named.
    writeFileSync(join(dir, "phase-1.yaml"), `${readFileSync(join(dir, "phase-1.yaml"), "utf8")}engine: {convergence: 30s}\n`)
    writeFileSync(join(dir, "phase-2.yaml"), readFileSync(join(dir, "phase-2.yaml"), "utf8").replace("engine: {convergence: 30s}\n", ""))
    expect(twin("plan", "--score", dir)).toMatchObject({
      code: 2,
      stderr: `${dir}/phase-2.yaml:engine.convergence: expected the convergence of the plan's first scenario (${dir}/phase-1.yaml: 30s), the one the plan is scored with (or --convergence for every phase), got nothing (the default 1s)\n`
    })
    // --convergence scores every phase with the delay it gives, whatever the files say.
    const given = twin("plan", "--score", dir, "--convergence", "30s", "--out", join(dir, "out"))
    expect([given.code, given.stdout.split("\n")[0]]).toEqual([0, `${dir}: 2 phases, convergence 30s`])
  }, 60_000)

  it("--score prints the plan's cost and reasons and writes its runbook; --json the same as data", () => {
    const out = mkdtempSync(join(tmpdir(), "twin-score-"))
    const text = twin("plan", "--score", linesPlan, "--out", out)
    expect(text.code).toBe(0)
    expect(text.stdout.split("\n").slice(0, 3)).toEqual([
      `${linesPlan}: 1 phases, convergence 1s`,
      "  cost 55 = exposure 0 + 10 × 0 participants a phase's worst single fault takes down beyond the worst before the plan + 10 × 3 participant-services a rollback takes down (units converging together) + 25 × 1 windows",
      "  phase 1 lines (2027-01-09): line-a, line-b — nobody worse off while in flight; no single fault takes down more than before the plan; its rollback (every unit back at once) takes down 3 participant-services while they converge together; at risk: 3 participants"
    ])
    expect(existsSync(join(out, "runbook.md")) && existsSync(join(out, "runbook.html"))).toBe(true)
    const data = JSON.parse(twin("plan", "--score", linesPlan, "--out", out, "--json").stdout)
    expect([data.cost, data.exposureHours, data.phases[0].rollbackDown, data.phases[0].rollbackAtRisk]).toEqual([55, 0, 3, ["P1", "P2", "P3"]])
    // --csv: the rollback's participant-services and the participants the runbook names (list A).
    expect(twin("plan", "--score", linesPlan, "--out", out, "--csv").stdout.split("\r\n")).toEqual([
      "plan,phase,id,date,units,exposure_hours,down_hours,at_risk,worst_n1_element,worst_n1_participants,rollback_down,rollback_participants",
      `${linesPlan},1,lines,2027-01-09,line-a line-b,0,0,3,,0,3,P1 P2 P3`,
      ""
    ])
  }, 60_000)

  it("--compare puts two plans side by side and says which ranks first and why", () => {
    const r = twin("plan", "--compare", linesPlan, linesApart)
    expect(r.code).toBe(0)
    // The rollback column is the score's term: all a rollback takes down, whose participants its runbook names.
    expect(r.stdout).toContain("rollback: participant-services a rollback takes down while its units converge together (the runbook names their participants)\n")
    expect(r.stdout.split("\n").filter((l) => l !== "").slice(-5)).toEqual([
      "phase  A exposure  A at risk  A worst N-1  A rollback  B exposure  B at risk  B worst N-1  B rollback",
      "1      0           3          none         3           0           nobody     none         0",
      "2                                                      0           nobody     none         0",
      "A phase 1 at risk: P1, P2, P3",
      "B ranks first; A costs 5 more: 3 more participant-services down in a rollback (for 1 fewer window)"
    ])
    const data = JSON.parse(twin("plan", "--compare", linesPlan, linesApart, "--json").stdout)
    expect([data.a.cost, data.b.cost, data.b.phases.length]).toEqual([55, 50, 2])
  }, 60_000)
})

describe("twin plan --convergence", () => {
  it("scores with the delay given and writes it into the plan's scenarios, which its runbook assumes", () => {
    const out = mkdtempSync(join(tmpdir(), "twin-plan-conv-"))
    const r = twin("plan", "--estate", "test/twin/impact/fixtures/lines-estate.yaml", "--convergence", "10s", "--workers", "1", "--out", out)
    expect(r.code).toBe(0)
    // Two windows, line A then line B (the A/B rule learnt: test/twin/plan/convergence.test.ts).
    expect(r.stdout).toContain("#1  2 phases: [line-a] → [line-b]")
    expect(readFileSync(join(out, "planned-phase-1.yaml"), "utf8")).toContain("engine: {convergence: 10s}\n")
    expect(readFileSync(join(out, "runbook.md"), "utf8")).toContain("_Convergence delay assumed: 10s._")
  }, 60_000)
})

describe("twin plan with no flags keeps the shipped rules", () => {
  it("never moves both lines (or both planes) of a system in one window, and writes the runbook", () => {
    const out = mkdtempSync(join(tmpdir(), "twin-plan-default-"))
    const r = twin("plan", "--workers", "1", "--out", out, "--json")
    expect(r.code).toBe(0)
    const data = JSON.parse(r.stdout)
    expect(data.rules).toBe(true)
    const rules = Result.getOrThrow(parseConstraintsFile("shipped", readFileSync(shippedConstraintsPath, "utf8")))
    const pairs = rules.constraints.flatMap((c) => ("apart" in c ? [c.apart] : []))
    // The A/B pairs of the shipped estate: line A and line B of OMD-C and OMD-CC at each site, plane A and
    // plane B of each site's access and of the inter-DC links.
    expect(pairs.length).toBe(7)
    for (const plan of data.plans) {
      for (const phase of plan.phases) for (const pair of pairs) expect(pair.every((u: string) => phase.units.includes(u))).toBe(false)
    }
    expect(readFileSync(join(out, "runbook.md"), "utf8")).toContain("## Whom to notify")
  }, 240_000)
})

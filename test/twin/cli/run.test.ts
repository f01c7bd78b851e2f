import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

/** Runs the real `twin` entry point as a user would, with this process's Node 22. */
const twin = (...args: ReadonlyArray<string>) => {
  const r = spawnSync(process.execPath, ["twin/bin/twin.ts", ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const fixture = (name: string) => `test/scenarios/fixtures/${name}`

describe("twin run", () => {
  it("bad input: one FILE:PATH line per problem, nothing runs, exit 2", () => {
    const r = twin("run", fixture("broken.yaml"))
    expect([r.code, r.stdout]).toEqual([2, ""])
    const file = "test/scenarios/fixtures/broken.yaml"
    expect(r.stderr.trim().split("\n")).toEqual([
      `${file}:phases[0].steps[1].at: expected a time at or after the previous step 06:30:00, got "06:20"`,
      `${file}:phases[0].steps[1].move[0]: expected a cutover unit of tiny-estate (one of access-dc1-a, access-dc1-b), got "access-dc1-z"`,
      `${file}:faults[0].node: expected a node id of the estate, got "core-9"`,
      `${file}:faults[1].link: expected a link id of the estate (or a participant circuit id), got "no-such-link"`,
      `${file}:faults[2].percent: expected a loss percentage above 0, at most 100, got 140`,
      `${file}:faults[3].period: expected a value, got nothing`,
      `${file}:checks[0].participants[0]: expected a participant of tiny-estate, got "P9999"`
    ])
  })

  it("bad settings: one FILE:PATH line each, exit 2", () => {
    const r = twin("run", fixture("settings/bad-shape.yaml"))
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split("\n")).toEqual([
      `${fixture("settings/bad-shape.yaml")}:settings.omd: expected no such field, got {}`,
      `${fixture("settings/bad-shape.yaml")}:settings.ocg.throtle: expected no such field, got 2`,
      `${fixture("settings/bad-shape.yaml")}:settings.ocg.throttle: expected a whole number of messages per second from 1 to 1,000,000, got 0`,
      `${fixture("settings/bad-shape.yaml")}:settings.ocg.cancelOnDisconnect.enabled: expected boolean, got "yes-please"`,
      `${fixture("settings/bad-shape.yaml")}:settings.ocg.groups.burst.orders[0].perSecond: expected a rate above 0, at most 10,000 a second, got -3`
    ])
  })

  it("a missing scenario file, a bad --seed and a missing --estate are bad input too", () => {
    expect(twin("run", "no/such.yaml")).toMatchObject({ code: 2, stderr: "no/such.yaml: expected a readable scenario file, got no such file\n" })
    expect(twin("run", fixture("short-pass.yaml"), "--seed", "x").code).toBe(2)
    expect(twin("run", fixture("short-pass.yaml"), "--estate", "no/estate.yaml")).toMatchObject({
      code: 2,
      stderr: '--estate: expected the path of an estate file, got "no/estate.yaml"\n'
    })
  })

  it("--threads: 1 or 2; with 2 a scenario, with phases or without, runs in two parts and says so", () => {
    expect(twin("run", fixture("short-pass.yaml"), "--threads", "3")).toMatchObject({ code: 2, stdout: "", stderr: "--threads: expected 1 or 2, got 3\n" })
    const out = mkdtempSync(join(tmpdir(), "twin-run-threads-"))
    const baseline = join(out, "baseline.yaml")
    writeFileSync(baseline, `name: Baseline\npurpose: Nothing changes.\nseed: 3\ncalendar: {from: "06:00", to: "06:03"}\nchecks:\n  - {id: health, check: health, service: all, worst: degraded}\n`)
    const parted = twin("run", baseline, "--out", join(out, "parted"))
    expect(parted.code).toBe(0)
    expect(parted.stderr).toContain("\n  ran in 2 parts on two threads: otp-c; otp-csc, omd-c, omd-cc, ecp-sftp\n")
    const oneThread = twin("run", baseline, "--threads", "1", "--out", join(out, "one"))
    expect(oneThread.code).toBe(0)
    expect(oneThread.stderr).not.toContain("ran in")
    // With phases: in parts too, its checks judged at rendezvous of the parts; the same verdicts as one world.
    const phased = twin("run", fixture("short-pass.yaml"), "--out", join(out, "phased"))
    expect(phased.code).toBe(0)
    expect(phased.stderr).toContain("\n  ran in 2 parts on two threads: otp-c; otp-csc, omd-c, omd-cc, ecp-sftp\n")
    const phasedOne = twin("run", fixture("short-pass.yaml"), "--threads", "1", "--out", join(out, "phased-one"))
    expect(phasedOne.stderr).not.toContain("ran in")
    expect(phased.stdout.replace(/\d+ engine events in .*/, "")).toBe(phasedOne.stdout.replace(/\d+ engine events in .*/, "").replace(/phased-one/g, "phased"))
  })

  it("all checks hold: the verdict table, the four files, exit 0", () => {
    const out = mkdtempSync(join(tmpdir(), "twin-run-"))
    const r = twin("run", fixture("short-pass.yaml"), "--out", out)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("  plane-b  completed\n")
    expect(r.stdout).toMatch(/\n {2}prt {6}pass {2}0 participants worse than before the window on any service/)
    expect(r.stdout).toContain("verdict: PASS")
    for (const f of ["trace.ndjson", "report.json", "report.md", "report.html"]) expect(existsSync(join(out, f))).toBe(true)
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"))
    expect([report.scenario.id, report.seed, report.verdict, report.checks.map((c: { id: string; verdict: string }) => [c.id, c.verdict])]).toEqual([
      "short-pass", 3, "pass", [["prt", "pass"]]
    ])
    // The trace is the run's: it opens with trace.start and carries the scenario's decisions.
    const lines = readFileSync(join(out, "trace.ndjson"), "utf8").trim().split("\n").map((l) => JSON.parse(l))
    expect(lines[0].kind).toBe("trace.start")
    expect(lines.filter((e) => e.kind === "scenario.phase").map((e) => e.data.status)).toEqual(["start", "completed"])
    expect(report.run.traceLines).toBe(lines.length)
  })

  it("a failed check: the evidence with its cause, exit 1; --seed overrides the file and the same seed gives the same trace", () => {
    const out = mkdtempSync(join(tmpdir(), "twin-run-"))
    const r = twin("run", fixture("short-fail.yaml"), "--out", out, "--seed", "9")
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/nobody-worse-off {2}FAIL {2}435 participants worse than before the window/)
    // The chain once under the pieces it explains: the carrier's loss at 06:05, the only change, nothing else on.
    expect(r.stdout).toMatch(/P\d{4} \S+: down .*\n {6,}← 06:05:00 fault carrier-a \(carrier-circuit-loss on .+\) started\n/)
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"))
    expect([report.seed, report.verdict]).toEqual([9, "fail"])
    const again = mkdtempSync(join(tmpdir(), "twin-run-"))
    twin("run", fixture("short-fail.yaml"), "--out", again, "--seed", "9")
    expect(readFileSync(join(again, "trace.ndjson"), "utf8")).toBe(readFileSync(join(out, "trace.ndjson"), "utf8"))
    expect(readFileSync(join(again, "report.json"), "utf8").replaceAll(again, "OUT")).toBe(readFileSync(join(out, "report.json"), "utf8").replaceAll(out, "OUT"))
  })

  it("writes affected.csv (every affected pair) and evidence.csv (every piece, beyond report.json's 100 per check)", () => {
    const out = mkdtempSync(join(tmpdir(), "twin-run-"))
    const r = twin("run", fixture("short-fail.yaml"), "--out", out)
    expect(r.code).toBe(1)
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"))
    // The verdict table shows 3 pieces and points to the file with all of them, and names both exports.
    expect(r.stdout).toContain(`    … and ${report.checks[0].evidenceCount - 3} more (all in ${join(out, "evidence.csv")})\n`)
    expect(r.stdout).toContain(`exports: ${join(out, "affected.csv")}, ${join(out, "evidence.csv")} (whom to notify; every piece of evidence)\n`)
    expect([report.files.affectedCsv, report.files.evidenceCsv]).toEqual([join(out, "affected.csv"), join(out, "evidence.csv")])
    const rows = (name: string) => readFileSync(join(out, name), "utf8").slice(0, -2).split("\r\n")
    const affected = rows("affected.csv")
    // A header and one row per entry of report.json's affected, in its order (worst first).
    expect(affected.length).toBe(report.affected.length + 1)
    const first = report.affected[0]
    expect(affected[1]!.startsWith(`${first.participant},${first.service},${first.worst},`)).toBe(true)
    const [check] = report.checks
    const evidence = rows("evidence.csv")
    // Carrier A takes 435 participants' services down: more than the 100 pieces report.json keeps.
    expect([check.evidence.length, evidence.length - 1]).toEqual([100, check.evidenceCount])
    expect(check.evidenceCount).toBeGreaterThan(100)
    expect(evidence[1]!.startsWith(`nobody-worse-off,health,scenario,,fail,${check.evidence[0].participant},`)).toBe(true)
  })
})

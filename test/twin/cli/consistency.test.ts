/**
 * The CLI is consistent (issue 15, item 10): every command that prints results takes --json (and --csv
 * where it prints a table), `twin run FOLDER` runs every scenario of a folder with the worst exit code,
 * `twin list` lists the library and the catalogues, and every --help has an example and names its defaults.
 * Runs the real entry point as a user would. The small OCG-C estate (test/scenarios/fixtures/ocg-estate.yaml):
 * P1 has one circuit on ca-pop, P2 one on cb-pop, both through the one access router ar-dc1 and core router
 * core-dc1 to the gateways ocg-dc1-01 (primary) and ocg-dc1-02, and the Lookup Service ls-dc1-primary/-mirror.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { checkCatalogue } from "../../../scenarios/checks/catalogue.ts"
import { faultCatalogue } from "../../../scenarios/faults/catalogue.ts"

const twin = (...args: ReadonlyArray<string>) => {
  const r = spawnSync(process.execPath, ["twin/bin/twin.ts", ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const ocgEstate = "test/scenarios/fixtures/ocg-estate.yaml"
const csvLines = (text: string) => {
  expect(text.endsWith("\r\n")).toBe(true)
  return text.slice(0, -2).split("\r\n")
}

describe("--help: an example and the defaults in every command", () => {
  const commands = [
    [], ["estate"], ["estate", "validate"], ["estate", "show"], ["estate", "spof"], ["simulate"], ["run"], ["serve"],
    ["sweep"], ["plan"], ["participant"], ["list"], ["list", "scenarios"], ["list", "drills"], ["list", "faults"], ["list", "checks"],
    ["ecp"], ["ecp", "serve"], ["ecp", "key"], ["runner"], ["drill"], ["omd"], ["omd", "listen"]
  ]

  it.each(commands.map((c) => [c.join(" ") || "twin", c]))("%s", (_, command) => {
    const r = twin(...(command as Array<string>), "--help")
    expect(r.code).toBe(0)
    const examples = r.stdout.split("\nEXAMPLES\n")[1]
    expect(examples).toBeDefined()
    // Each example is `  # what it does` then `  twin …`.
    expect(examples!.split("\n").filter((l) => l.startsWith("  twin")).length).toBeGreaterThan(0)
    const flags = (r.stdout.split("\nFLAGS\n")[1] ?? "").split("\n\n")[0]!.split("\n").filter((l) => l.startsWith("  --"))
    // Every flag that takes a value says what it is when not given; on/off flags (--json, --csv, --view) are off.
    for (const line of flags.filter((l) => /^ {2}--\S+ (string|integer|number)/.test(l))) {
      expect([command.join(" "), line]).toEqual([command.join(" "), expect.stringMatching(/default/)])
    }
  })
})

describe("--json and --csv", () => {
  it("both at once is bad input: one line, exit 2", () => {
    expect(twin("estate", "spof", ocgEstate, "--json", "--csv")).toMatchObject({ code: 2, stdout: "", stderr: "--csv: expected one of --json and --csv, got both\n" })
  })

  it("estate spof --csv: the whole N-1 table, one row per element, effect, participant and service", () => {
    const r = twin("estate", "spof", ocgEstate, "--csv")
    expect(r.code).toBe(0)
    const lines = csvLines(r.stdout)
    expect(lines[0]).toBe("element,element_kind,effect,participant,service,flows")
    // ar-dc1 carries both participants: their sessions stop (service lost). Their Lookup Service goes too,
    // but "loses redundancy" is for who keeps the service: neither is listed there.
    expect(lines.filter((l) => l.startsWith("ar-dc1,"))).toEqual([
      "ar-dc1,access-router,loses-service,P1,otp-c,P1/P1T01",
      "ar-dc1,access-router,loses-service,P2,otp-c,P2/P2T01"
    ])
    // ca-pop is P1's only PoP; a gateway failing leaves each session its other gateway.
    expect(lines.filter((l) => l.startsWith("ca-pop,") || l.startsWith("ocg-dc1-01,"))).toEqual([
      "ca-pop,carrier-pop,loses-service,P1,otp-c,P1/P1T01",
      "ocg-dc1-01,ocg-gateway,loses-redundancy,P1,otp-c,P1/P1T01",
      "ocg-dc1-01,ocg-gateway,loses-redundancy,P2,otp-c,P2/P2T01"
    ])
    // The JSON's N-1 table has the same rows.
    const table = JSON.parse(twin("estate", "spof", ocgEstate, "--json").stdout).nMinusOne as Array<{ losesService: Array<unknown>; losesRedundancy: Array<unknown> }>
    expect(lines.length - 1).toBe(table.reduce((n, r) => n + r.losesService.length + r.losesRedundancy.length, 0))
  })

  it("estate show --csv: one row per service", () => {
    expect(csvLines(twin("estate", "show", ocgEstate, "--csv").stdout)).toEqual([
      "service,participants,served,without_redundancy,down,single_points",
      // Both OCG-C users are single-circuit behind one access router and one core router: without redundancy.
      "otp-c,2,0,2,0,ar-dc1 ar-dc1--core-dc1 core-dc1 ca-pop ca-pop--ar-dc1 cb-pop cb-pop--ar-dc1",
      "otp-csc,0,0,0,0,",
      "omd-c,0,0,0,0,",
      "omd-cc,0,0,0,0,",
      "ecp-sftp,0,0,0,0,"
    ])
  })

  it("simulate --json: the summary as an object with the documented fields", () => {
    const out = join(mkdtempSync(join(tmpdir(), "twin-sim-")), "trace.ndjson")
    const r = twin("simulate", "--estate", ocgEstate, "--from", "09:00", "--to", "09:05", "--out", out, "--json")
    expect(r.code).toBe(0)
    const summary = JSON.parse(r.stdout)
    expect(Object.keys(summary)).toEqual(["from", "to", "events", "traceLines", "trace", "parts", "threads", "wallSeconds", "health"])
    expect([summary.from, summary.to, summary.trace]).toEqual(["09:00:00.000", "09:05:00.000", out])
    expect(summary.traceLines).toBe(readFileSync(out, "utf8").trim().split("\n").length)
    // Two OCG-C participants, each single-circuit: without redundancy at the end, as estate show says.
    expect(summary.health["otp-c"]).toEqual({ served: 0, "served-without-redundancy": 2, degraded: 0, down: 0 })
    const table = csvLines(twin("simulate", "--estate", ocgEstate, "--from", "09:00", "--to", "09:05", "--out", out, "--csv").stdout)
    expect(table.slice(0, 2)).toEqual(["service,served,served_without_redundancy,degraded,down", "otp-c,0,2,0,0"])
  })

  it("simulate --trading-parts: the parts and threads in the summary, the count in trace.start; outside 1–64 one line, exit 2", () => {
    const out = join(mkdtempSync(join(tmpdir(), "twin-sim-")), "trace.ndjson")
    const r = twin("simulate", "--estate", ocgEstate, "--from", "09:00", "--to", "09:05", "--out", out, "--trading-parts", "2", "--json")
    expect(r.code).toBe(0)
    const summary = JSON.parse(r.stdout)
    // Three parts on the two threads asked for (the default): a thread takes the next part when free.
    expect([summary.parts, summary.threads]).toEqual([[["otp-c"], ["otp-c"], ["otp-csc", "omd-c", "omd-cc", "ecp-sftp"]], 2])
    // Each of the two participants judged once, in its share's part.
    expect(summary.health["otp-c"]).toEqual({ served: 0, "served-without-redundancy": 2, degraded: 0, down: 0 })
    expect(JSON.parse(readFileSync(out, "utf8").split("\n")[0]!).data.tradingParts).toBe(2)
    // Progress names the trading parts together: where they got (how many at each clock) and their events.
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(/^simulated otp-c in 2 parts to 09:05 ×2 \(\d+ events\) \| otp-csc… to 09:05 \(\d+ events\)$/)
    for (const n of ["0", "65"]) {
      expect(twin("simulate", "--estate", ocgEstate, "--from", "09:00", "--to", "09:05", "--out", out, "--trading-parts", n)).toMatchObject({
        code: 2,
        stdout: "",
        stderr: `--trading-parts: expected a number of parts from 1 to 64, got ${n}\n`
      })
    }
  })

  it("simulate --timetable half-day: the day in trace.start and OMD's statuses; another value one line, exit 2", () => {
    const out = join(mkdtempSync(join(tmpdir(), "twin-sim-")), "trace.ndjson")
    expect(twin("simulate", "--from", "11:59", "--to", "12:16", "--out", out, "--timetable", "half-day").code).toBe(0)
    const events = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l))
    expect(events[0].data.timetable).toBe("half-day")
    const noon = 12 * 3_600_000_000
    const names = events.filter((e) => e.kind === "omd.session-status" && e.data.channel === "omdc/SS" && e.data.line === "A" && e.t >= noon).map((e) => e.data.name)
    expect(names).toEqual(["CAS RP", "CAS OI", "CAS NW", "CAS RC", "CAS MA", "CL"])
    expect(twin("simulate", "--estate", ocgEstate, "--out", out, "--timetable", "quarter-day")).toMatchObject({
      code: 2,
      stdout: "",
      stderr: '--timetable: expected full-day or half-day, got "quarter-day"\n'
    })
    expect(twin("serve", "scenarios/library/market-rehearsal.yaml", "--timetable", "half-day")).toMatchObject({
      code: 2,
      stderr: '--timetable: expected no --timetable with a SCENARIO (its calendar.timetable says the day), got "half-day"\n'
    })
  })

  it("plan --csv: the ranked plans, one row per plan and phase, the figures of --json", () => {
    const plan = "test/twin/plan/fixtures/plan-estate.yaml"
    const args = ["plan", "--estate", plan, "--workers", "1", "--out", mkdtempSync(join(tmpdir(), "twin-plan-"))]
    const lines = csvLines(twin(...args, "--csv").stdout)
    expect(lines[0]).toBe("rank,cost,phases,phase,units,exposure_hours,down_hours,worst_n1_element,worst_n1_participants,rollback_down,rollback_participants")
    // The plan estate's best plan is one window moving gw-1, access, gw-2 (its header says why); its
    // rollback moves access back, so P1 and P2 lose their sessions for the delay, as its runbook says.
    const first = lines[1]!.split(",")
    expect([first[0], ...first.slice(2, 5), ...first.slice(9)]).toEqual(["1", "1", "1", "gw-1 access gw-2", "2", "P1 P2"])
    const plans = JSON.parse(twin(...args, "--json").stdout).plans as Array<{ cost: number; phases: Array<{ units: Array<string>; exposureHours: number; downHours: number; worstN1: { element: string; participants: number }; rollbackDown: number; rollbackParticipants: Array<string> }> }>
    expect(lines.slice(1)).toEqual(plans.flatMap((p, i) => p.phases.map((ph, k) =>
      [i + 1, p.cost, p.phases.length, k + 1, ph.units.join(" "), ph.exposureHours, ph.downHours, ph.worstN1.element, ph.worstN1.participants, ph.rollbackDown, ph.rollbackParticipants.join(" ")].join(",")
    )))
  })

  it("sweep --csv prints sweep.csv", () => {
    const out = mkdtempSync(join(tmpdir(), "twin-sweep-"))
    const r = twin("sweep", "test/twin/sweep/fixtures/small-phase.yaml", "--workers", "1", "--out", out, "--csv")
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(readFileSync(join(out, "sweep.csv"), "utf8"))
    expect(csvLines(r.stdout).length).toBe(1 + 9) // the header and the small sweep's nine faults in one column
  })
})

describe("twin run FOLDER", () => {
  const pass = "test/twin/cli/fixtures/run-pass"
  const mixed = "test/twin/cli/fixtures/run-mixed"

  it("every file in name order, one verdict line each, bad input reported and the rest run; exit: the worst (2)", () => {
    const out = mkdtempSync(join(tmpdir(), "twin-run-folder-"))
    const r = twin("run", mixed, "--out", out)
    expect(r.code).toBe(2)
    const lines = r.stdout.trim().split("\n")
    expect(lines.map((l) => l.replace(/ \(\d+\.\d s\)/, "").replace(out, "OUT"))).toEqual([
      `PASS  ${mixed}/1-quiet.yaml — 1 check, 0 failed → OUT/1-quiet/report.html`,
      `FAIL  ${mixed}/2-access-router-crash.yaml — 1 check, 1 failed → ${join(out, "2-access-router-crash", "report.html").replace(out, "OUT")}`,
      `BAD INPUT  ${mixed}/3-broken.yaml — 1 problem (on stderr)`,
      "3 scenarios: 1 passed, 1 failed, 1 bad input — exit 2"
    ])
    expect(r.stderr).toContain(`${mixed}/3-broken.yaml:faults[0].node: expected a node id of the estate, got "no-such-node"\n`)
    // The failing run's exports: ar-dc1 crashes at 06:05 and stays down to 06:10; both sessions are judged
    // down at 06:06:40.000686 (their BSS's Test Request unanswered) and never recover: to is empty and each is
    // down 06:10:00 − 06:06:40.000686 = 199.999314 s; the cause chain: the crash, the last change (1m40s
    // before), with no other fault on; the evidence names it too.
    const chain = "06:05:00 fault ar-crash (node-crash on ar-dc1) started"
    expect(csvLines(readFileSync(join(out, "2-access-router-crash", "affected.csv"), "utf8"))).toEqual([
      "participant,service,worst,from,to,down_seconds,degraded_seconds,without_redundancy_seconds,cause,cause_at,detail,source,checks",
      `P1,otp-c,down,06:06:40.000686,,199.999314,0,0,${chain},06:06:40.000686,P1/P1T01: no reply to Test Request,health,`,
      `P2,otp-c,down,06:06:40.000686,,199.999314,0,0,${chain},06:06:40.000686,P2/P2T01: no reply to Test Request,health,`
    ])
    expect(csvLines(readFileSync(join(out, "2-access-router-crash", "evidence.csv"), "utf8")).map((l) => l.split(",").at(-1))).toEqual(["cause", chain, chain])
  })

  it("a folder that passes exits 0; one that fails but has no bad input exits 1; --json: a summary per run", () => {
    expect(twin("run", pass, "--out", mkdtempSync(join(tmpdir(), "twin-run-folder-"))).code).toBe(0)
    const failing = twin("run", "test/twin/cli/fixtures/run-fail", "--out", mkdtempSync(join(tmpdir(), "twin-run-folder-")))
    expect([failing.code, failing.stdout.trim().split("\n").at(-1)]).toEqual([1, "2 scenarios: 1 passed, 1 failed, 0 bad input — exit 1"])
    const r = twin("run", mixed, "--out", mkdtempSync(join(tmpdir(), "twin-run-folder-")), "--json")
    const summary = JSON.parse(r.stdout)
    expect([summary.verdict, summary.exitCode, summary.runs.map((x: { verdict: string; exitCode: number }) => [x.verdict, x.exitCode])]).toEqual([
      "bad-input", 2, [["pass", 0], ["fail", 1], ["bad-input", 2]]
    ])
    expect(summary.runs[1]).toMatchObject({ scenario: "2-access-router-crash", failedChecks: ["nobody-worse-off"], phasesNotCompleted: [], affected: 2 })
  })

  it("--csv: each run's checks (and phases), a row each", () => {
    const r = twin("run", pass, "--out", mkdtempSync(join(tmpdir(), "twin-run-folder-")), "--csv")
    expect(csvLines(r.stdout)).toEqual([
      "scenario,file,type,id,kind,role,phase,at,verdict,evidence_count,summary",
      `1-quiet,${pass}/1-quiet.yaml,check,nobody-worse-off,health,scenario,,06:10:00,pass,0,${JSON.parse(twin("run", `${pass}/1-quiet.yaml`, "--out", mkdtempSync(join(tmpdir(), "twin-run-")), "--json").stdout).checks[0].summary}`
    ])
  })

  it("one file with --json prints its report; --view with a folder is bad input", () => {
    const out = mkdtempSync(join(tmpdir(), "twin-run-"))
    const r = twin("run", `${pass}/1-quiet.yaml`, "--out", out, "--json")
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(out, "report.json"), "utf8")))
    expect(twin("run", pass, "--view")).toMatchObject({ code: 2, stderr: `--view: expected one scenario file to watch, got the folder ${pass}\n` })
  })
})

describe("twin list", () => {
  it("faults and checks: every kind of the catalogues with its one-line description, in their order", () => {
    const faults = JSON.parse(twin("list", "faults", "--json").stdout)
    expect(faults).toEqual([...faultCatalogue.values()].map((k) => ({ kind: k.kind, description: k.description })))
    expect(faults[0]).toEqual({ kind: "link-down", description: "A link is down for the window and up at its end; routing reroutes after the convergence delay." })
    const text = twin("list", "checks").stdout.trim().split("\n")
    expect(text.length).toBe(checkCatalogue.size)
    expect(text[0]).toMatch(/^omd-dual-line-loss {2,}No participant goes without market data on an OMD channel/)
    expect(csvLines(twin("list", "checks", "--csv").stdout)[0]).toBe("kind,description")
  })

  it("drills: every training drill by path, with its window, the services to name and the actions expected", () => {
    const list = JSON.parse(twin("list", "drills", "--json").stdout) as Array<{ file: string }>
    expect(list.map((d) => d.file)).toEqual(readdirSync("scenarios/drills").sort().map((f) => `scenarios/drills/${f}`))
    expect(list.find((d) => d.file === "scenarios/drills/cccg-fails-northbound-to-secondary.yaml")).toEqual({
      file: "scenarios/drills/cccg-fails-northbound-to-secondary.yaml",
      id: "cccg-fails-northbound-to-secondary",
      name: "Drill — a China Connect gateway fails and Northbound sessions must reconnect to their secondary",
      date: "2027-03-08",
      from: "09:35",
      to: "10:05",
      services: ["otp-csc"],
      actions: ["restart-service cccg-dc1-1 within 8m"]
    })
    expect(twin("list", "drills").stdout).toMatch(
      /^scenarios\/drills\/firewall-blocks-rts-after-move\.yaml {2,}Drill — after the access move, the new firewall uplinks drop the RTS port \(09:25–09:45; omd-c; roll-back-unit access-dc1-a within 4m, roll-back-unit access-dc1-b within 4m, roll-back-unit access-dc2-a within 4m, roll-back-unit access-dc2-b within 4m\)$/m
    )
    expect(csvLines(twin("list", "drills", "--csv").stdout)[0]).toBe("file,id,name,date,from,to,services,actions")
  })

  it("scenarios: every file of the shipped library by path, with its name and what it has", () => {
    const list = JSON.parse(twin("list", "scenarios", "--json").stdout) as Array<{ file: string }>
    // 5 at the top, 7 cutover phases, 12 drills.
    expect(list.length).toBe(24)
    expect(list.find((s) => s.file === "scenarios/library/drills/broken-plan-lines-together.yaml")).toEqual({
      file: "scenarios/library/drills/broken-plan-lines-together.yaml",
      id: "broken-plan-lines-together",
      name: "Drill — a broken plan moves line A and line B in one step while a new core router is down",
      phases: 1,
      faults: 1,
      checks: 4
    })
    expect(twin("list", "scenarios").stdout.split("\n")[0]).toMatch(
      /^scenarios\/library\/cutover-rehearsal\.yaml {2,}Cutover rehearsal — the seven phases of the plan in one morning, then the morning's trading \(7 phases, 45 checks\)$/
    )
  })
})

/**
 * Scoring written plans (twin/plan/score-plan.ts) and their runbooks (scenarios/runbook/), with values
 * worked out by hand: the lines plan (fixtures/lines-plan.yaml, its header), the broken-plan shape (both
 * lines in one step: test/twin/impact/fixtures/lines-together.yaml) and the shipped seven phases.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Result } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { loadScenario, parseScenario } from "../../../scenarios/load.ts"
import { runbookOf } from "../../../scenarios/runbook/from-scenarios.ts"
import { runbookMarkdown } from "../../../scenarios/runbook/markdown.ts"
import { runbookHtml } from "../../../scenarios/runbook/html.ts"
import { clock } from "../../../scenarios/report/describe.ts"
import type { Scenario } from "../../../scenarios/scenario.ts"
import { phaseInTradingHours, sessionsOfDay } from "../../../scenarios/trading-hours.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { phaseRisks } from "../../../twin/plan/runbook-risks.ts"
import { scoreScenarios } from "../../../twin/plan/score-plan.ts"
import { compareLines, scoreLines } from "../../../twin/plan/plan-report.ts"
import { phaseWhy } from "../../../twin/plan/reasons.ts"

const path = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const load = (file: string): Promise<Scenario> => Effect.runPromise(loadScenario(file, { catalogues }).pipe(Effect.provide(NodeServices.layer)))
const source = async (file: string) => ({ scenario: await load(file), written: Result.getOrThrow(parseScenario(file, readFileSync(file, "utf8"))) })

describe("twin plan --score: a written plan scored", () => {
  it("the lines plan: one window whose rollback would take P1, P2 and P3 down (cost 55)", async () => {
    const scored = scoreScenarios([await load(path("./fixtures/lines-plan.yaml"))])
    expect(scored.plan.cost).toBe(55)
    const [phase] = scored.phases
    expect(phase!.score).toMatchObject({ units: ["line-a", "line-b"], exposureHours: 0, rollbackDown: 3, convergingSeconds: 0, worstN1: { element: "", participants: 0 } })
    expect(phase!.steps.map((s) => [s.units, s.atRisk])).toEqual([[["line-a"], []], [["line-b"], []]])
    expect(phase!.rollbackAtRisk).toEqual(["P1", "P2", "P3"])
  })

  it("both lines in one step: down for the 10 s convergence, counted ten times", async () => {
    const scored = scoreScenarios([await load(path("../impact/fixtures/lines-together.yaml"))])
    // 3 participant-services × 10 s = 30 participant-service seconds down; exposure 10 × 30/3600 h. The
    // phase has no rollback rule: no rollback to score (rollbackDown 0).
    const [phase] = scored.phases
    expect(phase!.score.convergingSeconds).toBe(30)
    expect(phase!.score.exposureHours).toBeCloseTo((10 * 30) / 3600, 12)
    expect(phase!.steps[0]!.atRisk).toEqual(["P1", "P2", "P3"])
    expect(phase!.score.rollbackDown).toBe(0)
    expect(scored.plan.cost).toBeCloseTo(25 + (10 * 30) / 3600, 12)
  })

  it("the shipped seven phases: only phase 7's host moves take anyone down, for their 1 s of convergence", async () => {
    const dir = path("../../../scenarios/library/cutover/")
    const files = ["phase-1-dc2-plane-b", "phase-2-dc2-plane-a", "phase-3-dc2-hosts", "phase-4-inter-dc", "phase-5-dc1-plane-b", "phase-6-dc1-plane-a", "phase-7-dc1-hosts"]
    const scenarios = await Promise.all(files.map((f) => load(`${dir}${f}.yaml`)))
    const scored = scoreScenarios(scenarios)
    const model = scenarios[0]!.model
    const ps = model.file.participants
    // Phase 7 moves the primary site's hosts one per step; each system's servers are all at dc1 or reached
    // through dc1 (the backup site's are closed until a failover), so its 1 s of convergence takes down
    // everyone using it: ecp-dc1 every ECP participant, cccg-dc1 every China Connect one, ocg-dc1 and
    // otp-c-dc1 every OCG-C one; rts-dc1 and lookup-dc1 are recovery and connect flows (no loss of service).
    const ecp = ps.filter((p) => p.ecp).length
    const csc = ps.filter((p) => p.cscSessions.length > 0).length
    const ocg = ps.filter((p) => p.ocgSessions.length > 0).length
    expect([ecp, csc, ocg]).toEqual([585, 282, 610])
    expect(scored.phases.map((p) => p.score.convergingSeconds)).toEqual([0, 0, 0, 0, 0, 0, ecp + csc + 2 * ocg])
    expect(scored.phases[6]!.steps.map((s) => [s.units.join(), s.convergingDown])).toEqual([
      ["rts-dc1", 0], ["ecp-dc1", ecp], ["cccg-dc1", csc], ["lookup-dc1", 0], ["ocg-dc1", ocg], ["otp-c-dc1", ocg]
    ])
    expect(scored.phases[6]!.atRisk.length).toBe(ps.filter((p) => p.ecp || p.cscSessions.length > 0 || p.ocgSessions.length > 0).length)
    // Its rollback moves all six back at once: every one of them loses service again for the delay (612),
    // and the score counts their participant-services, 10 each: ECP, China Connect and OTP-C (ocg-dc1 and
    // otp-c-dc1 take down the same OTP-C sessions: once when they converge together), 585 + 282 + 610.
    expect(scored.phases[6]!.rollbackAtRisk).toEqual(scored.phases[6]!.atRisk)
    expect(scored.phases[6]!.score.rollbackDown).toBe(ecp + csc + ocg)
    expect(scored.phases.slice(0, 6).every((p) => p.atRisk.length === 0 && p.score.rollbackDown === 0 && p.score.worstN1.participants === 0)).toBe(true)
    // 7 windows, (585 + 282 + 2 × 610) = 2,087 participant-service seconds down, ten times, and the
    // rollback's 1,477 participant-services: 175 + 20870/3600 + 14770.
    expect(scored.plan.cost).toBeCloseTo(175 + (10 * 2087) / 3600 + 10 * 1477, 10)
  }, 60_000)
})

describe("who is at risk per step (fixtures/risky-order.yaml, worked out in its header)", () => {
  it("names those worse off once a step settles and those down while it converges, with why", async () => {
    const s = await source(path("./fixtures/risky-order.yaml"))
    const scored = scoreScenarios([s.scenario])
    expect(scored.phases[0]!.steps.map((x) => [x.units.join(), x.atRisk, x.worseOff, x.convergingDown])).toEqual([
      ["access", ["P1", "P2"], 2, 0],
      ["gw-1", ["P1", "P2"], 0, 2],
      ["gw-2", [], 0, 0]
    ])
    expect(scored.phases[0]!.score.exposureHours).toBeCloseTo((2 * 10 * 5) / 60 + (2 * 10) / 3600, 12)
    const md = runbookMarkdown(runbookOf([s], { title: "risky", source: "test", risks: phaseRisks(scored) })).split("\n")
    expect(md).toContain("| 1 | 06:20:00 | move | access | 2 participants | list A |")
    expect(md).toContain("| 2 | 06:25:00 | move | gw-1 | 2 participants | list A |")
    expect(md).toContain("- 06:20:00: 2 participants worse off than before the plan until the next step")
    expect(md).toContain("- 06:25:00: 2 participant-services down while gw-1 converges (1s)")
  })
})

describe("who loses service in a rollback: everyone its units converging together take down", () => {
  it("a rollback that moves access back takes P1 and P2 down for the delay, however many units it moves", async () => {
    // risky-order.yaml rolls back access, gw-1 and gw-2 at once from the state with all three moved: ar-1's
    // links are out for 1 s, so no session reaches a gateway — P1 and P2 down. The runbook once said
    // "Nobody loses service while they converge together"; then the score's rollback term still left them
    // out (access alone does it too), so the cost said less than the runbook. Both name P1 and P2 now:
    // 25 + 10 × 2 (rollback) + the exposure of the steps (test above).
    const risky = await source(path("./fixtures/risky-order.yaml"))
    const scored = scoreScenarios([risky.scenario])
    expect([scored.phases[0]!.score.rollbackDown, scored.phases[0]!.rollbackAtRisk]).toEqual([2, ["P1", "P2"]])
    expect(scored.plan.cost).toBeCloseTo(25 + 10 * 2 + (2 * 10 * 5) / 60 + (2 * 10) / 3600, 12)
    const md = runbookMarkdown(runbookOf([risky], { title: "risky", source: "test", risks: phaseRisks(scored) })).split("\n")
    expect(md).toContain("- Roll back if a PRT step fails before the cut-off 07:10:00: move gw-2, gw-1, access back (in that order, all at once) 5m after the failure. They converge together: 2 participants lose service for about 1s — see list A.")
    // ../sweep/fixtures/two-phases: phase 1 (gw-1, gw-2) ends with every session down already — its rollback
    // takes nobody down who had service; phase 2 moves access alone, and moving it back does what its step did.
    const dir = path("../sweep/fixtures/two-phases/")
    const two = scoreScenarios(await Promise.all(["phase-1", "phase-2"].map((f) => load(`${dir}${f}.yaml`))))
    expect(two.phases.map((p) => p.rollbackAtRisk)).toEqual([[], ["P1", "P2"]])
    expect(two.phases.map((p) => p.score.rollbackDown)).toEqual([0, 2])
  })
})

describe("a convergence delay of 0 s: nothing is out of service while units move", () => {
  it("scores the lines plan as the search does (25, no rollback term) and puts nobody at risk", async () => {
    // twin plan --convergence 0s finds line-a, line-b in one window at cost 25 (search.ts: no convergence
    // cost without a delay); --score of the same plan said 55 (its rollback "takes down 3") and the runbook
    // "2 participant-services down while access converges (0s)".
    const lines = await source(path("./fixtures/lines-plan.yaml"))
    const scored = scoreScenarios([lines.scenario], { convergence: 0 })
    expect([scored.plan.cost, scored.phases[0]!.score.rollbackDown, scored.phases[0]!.rollbackAtRisk, scored.phases[0]!.atRisk]).toEqual([25, 0, [], []])
    const risky = scoreScenarios([(await source(path("./fixtures/risky-order.yaml"))).scenario], { convergence: 0 })
    // access first still leaves P1 and P2 down once settled (06:20–06:25): at risk for that, not for a move.
    expect(risky.phases[0]!.steps.map((x) => [x.units.join(), x.atRisk, x.convergingDown])).toEqual([
      ["access", ["P1", "P2"], 0],
      ["gw-1", [], 0],
      ["gw-2", [], 0]
    ])
    expect(risky.phases[0]!.rollbackAtRisk).toEqual([])
  })
})

describe("the runbook of a small plan", () => {
  it("lists the steps, go/no-go, PRT, rollback with its cut-off, and whom to notify", async () => {
    const s = await source(path("./fixtures/lines-plan.yaml"))
    const runbook = runbookOf([s], { title: "lines", source: "test", risks: phaseRisks(scoreScenarios([s.scenario])) })
    const md = runbookMarkdown(runbook).split("\n")
    expect(md).toContain("| 1 | line A, then line B | 2027-01-09 | 06:20:00–07:10:00 | 06:20:00 move line-a; 06:25:00 move line-b | 3 participants | 07:10:00 |")
    expect(md).toContain("**Go / no-go at 06:20:00, judged over 06:19:00–06:20:00: go only if every one holds; one failing is a no-go (the phase and the phases after it do not start).**")
    expect(md).toContain("- [ ] nobody-degraded-or-down: every service: nobody degraded or down")
    expect(md).toContain("| 1 | 06:20:00 | move | line-a | nobody | — |")
    expect(md).toContain("| 2 | 06:25:00 | move | line-b | nobody | — |")
    expect(md).toContain("- [ ] 07:00:00 prt-omd-c-lines: omd-c: no subscriber without both lines for longer than 0s")
    expect(md).toContain("- Roll back if a PRT step fails before the cut-off 07:10:00: move line-b, line-a back (in that order, all at once) 5m after the failure. They converge together: 3 participants lose service for about 1s — see list A.")
    expect(md).toContain("- Cut-off 07:10:00: after it a failure no longer rolls back — the phase stands and is reported failed; escalate instead.")
    expect(md).toContain("**List A** — 3 participants: P1 (Participant 1), P2 (Participant 2), P3 (Participant 3)")
    const page = runbookHtml(runbook)
    expect(page).toContain("@page { size: A4;")
    expect(page).toContain("<h3>List A — 3 participants</h3><p class=\"list\">P1 (Participant 1), P2 (Participant 2), P3 (Participant 3)</p>")
  })
})

describe("a rollback rule nothing triggers counts no rollback (fixtures/never-rolled-back.yaml)", () => {
  // Worked out in the fixture's header: 25.11 as written (`when: never`, no watch); 65.11 if a failed PRT
  // could roll it back. Before the fix `when: never` was scored as a rollback: 65.11, "10 × 4 participant-
  // services a rollback takes down", and the runbook told the team to prepare for one.
  const file = path("./fixtures/never-rolled-back.yaml")
  type Rollback = NonNullable<Scenario["phases"][number]["rollback"]>
  const withRule = (s: Scenario, change: (r: Rollback, p: Scenario["phases"][number]) => Partial<Scenario["phases"][number]>): Scenario =>
    ({ ...s, phases: s.phases.map((p) => ({ ...p, ...change(p.rollback!, p) })) })

  it("scores 25.11 with when: never and no watch, and says why no rollback is counted", async () => {
    const never = await source(file)
    const scored = scoreScenarios([never.scenario])
    expect(scored.plan.cost).toBeCloseTo(25 + (10 * 40) / 3600, 12)
    expect(scored.phases[0]!.score).toMatchObject({ rollbackDown: 0, rollbackParticipants: [], rollbackRule: false, rollbackUntriggered: true, convergingSeconds: 40 })
    expect(scored.phases[0]!.rollbackAtRisk).toEqual([])
    expect(phaseWhy(scored.phases[0]!.score)).toContain(
      "a rollback rule nothing triggers (when: never or no PRT step by its cut-off, and no watched check): a failure leaves the phase as it is, so no rollback is counted"
    )
    const md = runbookMarkdown(runbookOf([never], { title: "never", source: "test", risks: phaseRisks(scored) })).split("\n")
    expect(md).toContain("- No rollback: its rule has no trigger (when: never, no watched check) — a failed PRT step leaves the phase as it is and fails the run.")
    expect(md.filter((l) => l.includes("Roll back if") || l.includes("Cut-off 07:10"))).toEqual([])
  })

  it("counts the rollback where something can trigger it: a failed PRT before the cut-off, or a watched check", async () => {
    const never = (await source(file)).scenario
    const rollback = 25 + (10 * 40) / 3600 + 10 * 4
    const onPrt = scoreScenarios([withRule(never, (r) => ({ rollback: { ...r, onPostCheck: true } }))])
    expect([onPrt.plan.cost, onPrt.phases[0]!.score.rollbackDown, onPrt.phases[0]!.rollbackAtRisk]).toEqual([rollback, 4, ["P1", "P2"]])
    const watched = scoreScenarios([withRule(never, (r, p) => ({ rollback: { ...r, watch: [p.postChecks[0]!] } }))])
    expect(watched.plan.cost).toBeCloseTo(rollback, 12)
    // when: post-check-fails but the PRT after the cut-off: a failure there no longer rolls back.
    const late = scoreScenarios([withRule(never, (r) => ({ rollback: { ...r, onPostCheck: true, cutoff: r.cutoff - 20 * 60_000_000 } }))])
    expect([late.phases[0]!.score.rollbackDown, late.phases[0]!.score.rollbackRule]).toEqual([0, false])
  })

  it("--compare shows 'no trigger' in its rollback column and the plan that can roll back costs 40 more", async () => {
    const never = (await source(file)).scenario
    const onPrt = withRule(never, (r) => ({ rollback: { ...r, onPostCheck: true } }))
    const lines = compareLines({ label: "never", scored: scoreScenarios([never]) }, { label: "on-prt", scored: scoreScenarios([onPrt]) })
    expect(lines.find((l) => l.startsWith("1 "))).toMatch(/no trigger\s.*\s4$/)
    expect(lines.join("\n")).toContain("4 more participant-services down in a rollback — a phase of the first without a rollback rule that can trigger counts none")
  })
})


describe("a planned fall-back is a step like a move (fixtures/fall-back/, worked out in their headers)", () => {
  // Before: score-plan.ts kept only steps with a `move:`, so the 06:40 fall-back of both lines was not
  // scored (exposure 0) and the rollback moved back lines already back (572): both plans 5,745, "A and B score
  // the same", and the runbook's 06:40 row "not judged".
  const fallBack = path("./fixtures/fall-back/fall-back.yaml")
  const noFallBack = path("./fixtures/fall-back/no-fall-back.yaml")

  it("scores the dual-line outage of the fall-back (572 participant-services × 1 s) and a rollback with nothing left to move back (0)", async () => {
    const s = await source(fallBack)
    const scored = scoreScenarios([s.scenario])
    const [phase] = scored.phases
    expect(phase!.steps.map((x) => [x.units, x.moved, x.back, x.convergingDown])).toEqual([
      [["omdc-dc1-line-a"], ["omdc-dc1-line-a"], [], 0],
      [["omdc-dc1-line-b"], ["omdc-dc1-line-b"], [], 0],
      [["omdc-dc1-line-a", "omdc-dc1-line-b"], [], ["omdc-dc1-line-a", "omdc-dc1-line-b"], 572]
    ])
    expect(phase!.score).toMatchObject({ convergingSeconds: 572, rollbackDown: 0, rollbackParticipants: [], rollbackRule: true })
    expect(phase!.score.exposureHours).toBeCloseTo((10 * 572) / 3600, 12)
    expect(phase!.rollbackUnits).toEqual([])
    expect(phase!.steps[2]!.atRisk.length).toBe(572)
    expect(scored.plan.cost).toBeCloseTo(25 + (10 * 572) / 3600, 12)
    const md = runbookMarkdown(runbookOf([s], { title: "fall-back", source: "test", risks: phaseRisks(scored) })).split("\n")
    expect(md).toContain("| 3 | 06:40:00 | back | omdc-dc1-line-a, omdc-dc1-line-b | 572 participants | list A |")
    expect(md).toContain("- 06:40:00: 572 participant-services down while omdc-dc1-line-a, omdc-dc1-line-b converge (1s)")
    expect(md).toContain("- Roll back if a PRT step fails before the cut-off 07:10:00: nothing to move back — every unit the phase moved is back on the old backbone after its steps (planned fall-back).")
  }, 60_000)

  it("--compare ranks the plan with the fall-back first: the other's rollback is the dual-line outage (5,720)", async () => {
    const a = scoreScenarios([(await source(fallBack)).scenario])
    const b = scoreScenarios([(await source(noFallBack)).scenario])
    expect([b.plan.cost, b.phases[0]!.score.rollbackDown, b.phases[0]!.rollbackUnits]).toEqual([5745, 572, ["omdc-dc1-line-b", "omdc-dc1-line-a"]])
    expect(b.phases[0]!.score.exposureHours).toBe(0)
    const lines = compareLines({ label: "fall-back", scored: a }, { label: "no-fall-back", scored: b })
    expect(lines.at(-1)).toBe("A ranks first; B costs 5718.41 more: 572 more participant-services down in a rollback (for 1.59 less exposure)")
  }, 60_000)
})

describe("steps in trading hours (fixtures/trading-hours/phase-7-monday.yaml, worked out in its header)", () => {
  // Before: --compare of the shipped phase 7 and the same phase on a Monday 10:00–10:25 said "A and B score
  // the same", and neither --score nor the runbook said the Monday one moves the hosts in continuous trading.
  const monday = path("./fixtures/trading-hours/phase-7-monday.yaml")
  const saturday = path("../../../scenarios/library/cutover/phase-7-dc1-hosts.yaml")
  const warnings = [
    "step 10:00:00 move rts-dc1",
    "step 10:05:00 move ecp-dc1",
    "step 10:10:00 move cccg-dc1",
    "step 10:15:00 move lookup-dc1",
    "step 10:20:00 move ocg-dc1",
    "step 10:25:00 move otp-c-dc1"
  ].map((w) => `${w} is in continuous trading (09:30:00–12:00:00) of 2027-02-22, a trading day`)
    .concat(["the rollback at 10:45:00 falls in continuous trading (09:30:00–12:00:00) of 2027-02-22, a trading day"])

  it("names each step and the rollback in continuous trading; --compare ranks the Saturday window first at the same cost", async () => {
    const m = await source(monday)
    const a = scoreScenarios([(await source(saturday)).scenario])
    const b = scoreScenarios([m.scenario])
    // Scored alike by the impact engine: 5.80 + 10 × 1,477 + 25.
    expect(a.plan.cost).toBeCloseTo(b.plan.cost, 9)
    expect(b.plan.cost).toBeCloseTo(25 + (10 * 2087) / 3600 + 10 * 1477, 9)
    expect(a.phases[0]!.score.tradingHours).toBeUndefined()
    expect(b.phases[0]!.score.tradingHours).toEqual(warnings)
    const lines = compareLines({ label: "saturday", scored: a }, { label: "monday", scored: b })
    expect(lines).toContain(`WARNING B phase 1 phase-7-dc1-hosts: ${warnings[0]}`)
    expect(lines.at(-1)).toBe("A ranks first; B moves units during trading hours (7 steps or rollbacks in a trading session) — ranked after every plan that does not, at the same cost")
    // Whichever side it is on, and however much cheaper: ranked after.
    expect(compareLines({ label: "monday", scored: b }, { label: "saturday", scored: a }).at(-1)).toMatch(/^B ranks first; A moves units during trading hours/)
    const cheaper = { ...b, plan: { ...b.plan, cost: b.plan.cost - 100 } }
    expect(compareLines({ label: "monday", scored: cheaper }, { label: "saturday", scored: a }).at(-1)).toBe(
      "B ranks first; A moves units during trading hours (7 steps or rollbacks in a trading session) — ranked after every plan that does not, though it costs 100 less"
    )
    expect(scoreLines("monday", b).filter((l) => l.startsWith("WARNING"))).toEqual(warnings.map((w) => `WARNING phase 1 phase-7-dc1-hosts: ${w}`))
    const md = runbookMarkdown(runbookOf([m], { title: "monday", source: "test", risks: phaseRisks(b) })).split("\n")
    expect(md.filter((l) => l.startsWith("- step") || l.startsWith("- the rollback"))).toEqual(warnings.map((w) => `- ${w}`))
    expect(md[2]).toContain("WARNING: 7 steps or rollbacks fall inside a trading session (phase 1): see the phase.")
  }, 60_000)

  it("a rehearsal day, a weekend and the hours outside the sessions have none; a half day has no afternoon", async () => {
    const m = (await source(monday)).scenario
    const phase = m.phases[0]!
    expect(phaseInTradingHours({ ...m, day: "rehearsal" }, phase)).toEqual([])
    expect(phaseInTradingHours({ ...m, date: "2027-02-20" }, phase)).toEqual([]) // a Saturday
    expect(sessionsOfDay({ ...m, date: undefined }).map((s) => [s.name, clock(s.from), clock(s.to)])).toEqual([
      ["the pre-opening session", "09:00:00", "09:30:00"],
      ["continuous trading", "09:30:00", "12:00:00"],
      ["continuous trading", "13:00:00", "16:00:00"],
      ["the closing auction session", "16:00:00", "16:15:00"]
    ])
    expect(sessionsOfDay({ ...m, window: { ...m.window, timetable: "half-day" } }).map((s) => [s.name, clock(s.from), clock(s.to)])).toEqual([
      ["the pre-opening session", "09:00:00", "09:30:00"],
      ["continuous trading", "09:30:00", "12:00:00"],
      ["the closing auction session", "12:00:00", "12:15:00"]
    ])
    // The lunch break: a step at 12:30 is in no session of a full day; at 12:05 on a half day, the closing auction.
    const at = (t: string) => ({ ...phase, steps: [{ at: parseClock(t)!, move: ["rts-dc1"], back: [] }], rollback: undefined })
    expect(phaseInTradingHours(m, at("12:30"))).toEqual([])
    expect(phaseInTradingHours({ ...m, window: { ...m.window, timetable: "half-day" } }, at("12:05")).map((x) => x.session.name)).toEqual(["the closing auction session"])
  })
})

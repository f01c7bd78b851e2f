/**
 * `twin participant` (issue 15 item 7): one participant's story, exact output on the tiny estate
 * (test/topology/fixtures/tiny-estate.yaml), the two-phase plan test/scenarios/fixtures/participant/plan.yaml
 * and the hand-written trace test/scenarios/fixtures/participant/trace.ndjson. Runs the real entry point.
 *
 * The tiny estate: P1 has a circuit on each carrier (ca-pop, cb-pop), each PoP reaches both access routers,
 * and the access uplinks of plane A and B are the units access-dc1-a and access-dc1-b. Line A of P1's OMD-C
 * feed crosses plane A, line B plane B; its session and the Lookup Service are unicast and take the fastest
 * way (ca-pop, 180 µs to either access router; ar-dc1-a comes first), so they cross plane A only.
 */
import { spawnSync } from "node:child_process"
import { describe, expect, it } from "vitest"

const twin = (...args: ReadonlyArray<string>) => {
  const r = spawnSync(process.execPath, ["twin/bin/twin.ts", ...args], { encoding: "utf8" })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const tiny = "test/topology/fixtures/tiny-estate.yaml"
const plan = "test/scenarios/fixtures/participant/plan.yaml"
const trace = "test/scenarios/fixtures/participant/trace.ndjson"

const profileOfP1 = [
  "P1 — Participant 1; kind broker; estate tiny-estate",
  "circuits",
  "  P1-c1  carrier carrier-a  PoP ca-pop",
  "  P1-c2  carrier carrier-b  PoP cb-pop",
  "sessions",
  "  OCG-C P1T01  trading  primary ocg-dc1  secondary ocg-dc2",
  "subscriptions: omdC:SS",
  "flows",
  "  P1/omdc-ss     omd-c  primary  lineA, lineB",
  "  P1/P1T01       otp-c  primary  primary, secondary",
  "  P1/ocg-lookup  otp-c  connect  ls-dc1",
  "cutover units on its paths",
  // Plane A carries line A, the session and the Lookup Service; plane B only line B (see the header).
  "  access-dc1-a  P1/omdc-ss, P1/P1T01, P1/ocg-lookup",
  "  access-dc1-b  P1/omdc-ss"
]

describe("twin participant", () => {
  it("prints circuits, sessions, subscriptions, flows and the units on its paths", () => {
    expect(twin("participant", "P1", "--estate", tiny)).toEqual({ code: 0, stdout: `${profileOfP1.join("\n")}\n`, stderr: "" })
  })

  it("--scenario: the plan steps that move (or move back) a unit on its paths, with the scenario's estate", () => {
    // All three steps touch P1: 06:02 moves plane A, 06:04 plane B, 06:06 moves plane A back.
    expect(twin("participant", "P1", "--scenario", plan)).toEqual({
      code: 0,
      stdout: [
        ...profileOfP1,
        "plan steps of plan that touch them",
        "  06:02:00  plane-a  moves access-dc1-a",
        "  06:04:00  plane-b  moves access-dc1-b",
        "  06:06:00  plane-b  moves back access-dc1-a",
        ""
      ].join("\n"),
      stderr: ""
    })
  })

  it("--trace: the timeline per service, each worsening with its cause chain", () => {
    // The trace: fault core-a-down (node-crash on new-core-dc1-a) from 06:02:00 to 06:05:00, step plane-b
    // at 06:04:00, P1's OMD-C down at 06:04:02 and served again at 06:05:30. The chain at 06:04:02: the
    // latest change is the step (2 s before), and the fault was on at the step: its enabler. The
    // recovery has no chain; the health.cause at 06:04:03 is not a status change; P2's events are not P1's.
    // Its orders sent into the step waited for TCP's retransmission: a spell of late answers.
    const r = twin("participant", "P1", "--estate", tiny, "--trace", trace)
    expect(r).toMatchObject({ code: 0, stderr: "" })
    expect(r.stdout.split("\n").slice(profileOfP1.length)).toEqual([
      `timeline (${trace})`,
      "  omd-c",
      "    06:00:00  served — P1/omdc-ss: both lines",
      "    06:04:02  down (was served) — P1/omdc-ss: line A silent, line B silent",
      "      cause: 06:04:00 step plane-b moved access-dc1-b, while core-a-down (node-crash on new-core-dc1-a since 06:02:00) was on",
      "    06:05:30  served (was down) — P1/omdc-ss: both lines",
      "  otp-c",
      "    06:00:00  served — P1/P1T01: primary ocg-dc1",
      "  orders",
      "    06:04:03.500  P1T01 (otp-c)  New Orders answered late, the longest 2.5s (New Order 41, sent 06:04:01); in time again at 06:04:04",
      ""
    ])
  })

  it("--trace: a fault from the opening instant is the cause of a first status worse than by design; a weakness by design has none", () => {
    // opening-fault.ndjson: both of P1's gateways crash at 06:00:00, the window's opening, until 06:05:00. P1's
    // OTP-C is down from its first event, though served by design (`design`, docs/trace.md), until it logs on
    // at 06:05:05: harm from the opening, put down to the fault. P2's OMD-C rides one circuit — without
    // redundancy by design, which the fault at the same instant did not cause.
    const fault = "test/scenarios/fixtures/participant/opening-fault.ndjson"
    const p1 = twin("participant", "P1", "--estate", tiny, "--trace", fault)
    expect(p1).toMatchObject({ code: 0, stderr: "" })
    expect(p1.stdout.split("\n").slice(profileOfP1.length)).toEqual([
      `timeline (${fault})`,
      "  omd-c",
      "    06:00:00  served",
      "  otp-c",
      "    06:00:00  down (by design served) — P1/P1T01: starting: not logged on yet",
      "      cause: 06:00:00 fault gw-down (node-crash on ocg-dc1, ocg-dc2) started",
      "    06:05:05  served (was down)",
      "  orders: no answer late, no order unanswered or waiting",
      ""
    ])
    const p2 = JSON.parse(twin("participant", "P2", "--estate", tiny, "--trace", fault, "--json").stdout)
    expect(p2.timeline).toEqual([{
      service: "omd-c",
      baseline: "served-without-redundancy",
      changes: [{ t: 21_600_000_000, status: "served-without-redundancy", previous: null, cause: "P2/omdc-ss: lines A and B live; single point of failure cb-pop", chain: "" }]
    }])
  })

  it("--json: the profile, the steps and the timeline as objects", () => {
    const r = twin("participant", "P2", "--scenario", plan, "--trace", trace, "--json")
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.estate).toBe("tiny-estate")
    // P2's one circuit lands on cb-pop, which reaches both access routers: the same units as P1.
    expect(out.participant.circuits).toEqual([{ id: "P2-c1", carrier: "carrier-b", pop: "cb-pop" }])
    expect(out.participant.units.map((u: { id: string }) => u.id)).toEqual(["access-dc1-a", "access-dc1-b"])
    expect(out.steps).toEqual([
      { phase: "plane-a", at: 21_720_000_000, move: ["access-dc1-a"], back: [] },
      { phase: "plane-b", at: 21_840_000_000, move: ["access-dc1-b"], back: [] },
      { phase: "plane-b", at: 21_960_000_000, move: [], back: ["access-dc1-a"] }
    ])
    // P2 went from served-without-redundancy to down at 06:04:02.500 (21 842 500 000 µs): same chain as P1's.
    // A trace without `design` (written before it was): the first status is the baseline.
    expect(out.timeline).toEqual([{
      service: "omd-c",
      baseline: "served-without-redundancy",
      changes: [
        { t: 21_600_000_000, status: "served-without-redundancy", previous: null, cause: "P2/omdc-ss: one circuit", chain: "" },
        {
          t: 21_842_500_000,
          status: "down",
          previous: "served-without-redundancy",
          cause: "P2/omdc-ss: line A silent, line B silent",
          chain: "06:04:00 step plane-b moved access-dc1-b, while core-a-down (node-crash on new-core-dc1-a since 06:02:00) was on"
        }
      ]
    }])
    expect(out.orders).toEqual([])
  })

  it("an unknown participant is bad input: one line, exit 2", () => {
    expect(twin("participant", "P9", "--estate", tiny)).toEqual({
      code: 2,
      stdout: "",
      stderr: "PARTICIPANT: expected a participant of tiny-estate (P1, P2), got \"P9\"\n"
    })
  })

  it("a trace of another estate is bad input", () => {
    expect(twin("participant", "P0001", "--trace", trace)).toEqual({
      code: 2,
      stdout: "",
      stderr: "--trace: expected a trace of hkex-securities-backbone, got one of \"tiny-estate\"\n"
    })
  })

  it("a line that is not a trace event is bad input, named by its line", () => {
    // The line's first 60 characters, as JSON.
    expect(twin("participant", "P1", "--estate", tiny, "--trace", plan)).toMatchObject({
      code: 2,
      stdout: "",
      stderr: `${plan}:line 1: expected a trace event {t, kind, subject, data} (docs/trace.md), got "# \`twin participant --scenario\` on the tiny estate (test/twi"\n`
    })
  })
})

import { describe, expect, it } from "vitest"
import { renderHtml } from "../../../scenarios/report/html.ts"
import { EVIDENCE_SHOWN } from "../../../scenarios/report/html/checks-table.ts"
import { html } from "../../../scenarios/report/html/escape.ts"
import { searchScript } from "../../../scenarios/report/html/search.ts"
import { AFFECTED_SHOWN } from "../../../scenarios/report/html/tables.ts"
import { byClass, byId, findAll, parseHtml, textOf, titleOf, type HtmlElement } from "./html-tree.ts"
import { smallReport } from "./fixture.ts"

const page = renderHtml(smallReport)
const tree = parseHtml(page)
const healthCharts = byClass(tree, "figure", "health-chart")
const chartOf = (service: string): HtmlElement => {
  const chart = healthCharts.find((figure) => figure.attrs["data-service"] === service)
  if (chart === undefined) throw new Error(`no chart for ${service}`)
  return chart
}
const texts = (elements: ReadonlyArray<HtmlElement>) => elements.map((e) => textOf(e))


/** The fixture's chain for the evidence from 09:30 (small-report.json). */
const F2 = "09:30:00 fault f2 (node-down on ocg-dc1-03) started"

describe("renderHtml: a self-contained page", () => {
  it("has one inline script (the search), no external reference and no URL at all", () => {
    // The only <script> is the search's own text, inline (html/search.ts); the escaped one in the evidence is text.
    const scripts = findAll(tree, (e) => e.tag === "script")
    expect(scripts.map((e) => [e.attrs, textOf(e)])).toEqual([[{}, searchScript]])
    expect(page.match(/<script/gi)).toEqual(["<script"])
    expect(page).not.toMatch(/https?:/i)
    expect(findAll(tree, (e) => e.tag === "link" || e.tag === "img" || e.tag === "iframe" || "src" in e.attrs)).toEqual([])
    // Phases and verdicts first (issue 15 item 9).
    expect(findAll(tree, (e) => "href" in e.attrs).map((e) => e.attrs["href"])).toEqual(
      ["#phases", "#checks", "#affected", "#health", "#faults", "#run"]
    )
  })

  it("has a search box, hidden until the script shows it, so the page reads the same without it", () => {
    const box = byId(tree, "report-search")!
    expect(box.attrs["hidden"]).toBe("")
    expect(findAll([box], (e) => e.tag === "input").map((e) => e.attrs["type"])).toEqual(["search"])
    // What it filters: the evidence and the affected tables, and nothing else.
    expect(findAll(tree, (e) => e.tag === "table" && e.attrs["class"] === "searchable").map((t) => t.attrs["id"] ?? "evidence"))
      .toEqual(["evidence", "affected-table"])
  })

  it("parses as balanced HTML with the sections and tables a reader navigates by, ids unique", () => {
    const required = [
      "summary", "checks", "checks-table", "health", "health-legend", "health-0", "health-1", "affected",
      "affected-chart", "affected-table", "phases", "phases-table", "faults", "faults-table", "run"
    ]
    for (const id of required) expect(byId(tree, id), id).toBeDefined()
    const ids = findAll(tree, (e) => "id" in e.attrs).map((e) => e.attrs["id"])
    expect(new Set(ids).size).toBe(ids.length)
    expect(texts(findAll(tree, (e) => e.tag === "h2"))).toEqual(
      ["Phases", "Checks", "Affected participants", "Service health over time", "Faults", "Run"]
    )
  })

  it("shows the verdict as a badge in the header", () => {
    const header = byId(tree, "summary")!
    expect(texts(byClass([header], "span", "badge"))).toEqual(["FAIL"])
    expect(textOf(byClass([header], "p", "verdict")[0]!)).toBe("FAIL 3 checks, 1 failed; 2 phases not completed")
  })
})

describe("renderHtml: checks and evidence", () => {
  it("has one row per check, and the failed check's evidence open in a <details>", () => {
    const rows = byClass(tree, "tr", "check")
    expect(rows.map((row) => [row.attrs["id"], row.attrs["class"]])).toEqual([
      ["check-omdc-availability", "check pass"],
      ["check-pre-phase-2", "check pass"],
      ["check-post-phase-2", "check fail"]
    ])
    expect(texts(findAll([rows[2]!], (e) => e.tag === "td"))).toEqual(
      ["post-phase-2", "all-served", "post-check of phase-2", "09:40:00", "FAIL", "2 participants not served | P0002 & P0003"]
    )
    const details = findAll(tree, (e) => e.tag === "details")
    expect(details.length).toBe(1)
    expect(details[0]!.attrs).toEqual({ open: "" })
    expect(textOf(findAll(details, (e) => e.tag === "summary")[0]!)).toBe("Evidence: 3 of 3")
  })

  it("keeps <script> and quotes of evidence as escaped text", () => {
    expect(page).toContain("logon refused | gateway said &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
    const details = findAll(tree, (e) => e.tag === "details")
    const cells = findAll(details, (e) => e.tag === "td").map((td) => textOf(td))
    expect(cells.slice(0, 5)).toEqual(
      ["P0002", "otp-c", "09:30:00–09:36:00", 'logon refused | gateway said <script>alert("x")</script>', F2]
    )
    expect(cells.slice(10)).toEqual(["ocg-dc1-03", "", "09:30:00–…", "node down", F2])
  })
})

describe("renderHtml: health charts", () => {
  it("draws one chart per service, each a stack of four areas from served up to down", () => {
    expect(healthCharts.map((chart) => chart.attrs["data-service"])).toEqual(["omd-c", "otp-c"])
    for (const chart of healthCharts) {
      expect(byClass([chart], "path", "area").map((p) => p.attrs["data-status"])).toEqual(
        ["served", "served-without-redundancy", "degraded", "down"]
      )
    }
    // The fixture's samples have no `worst` (a report from before it): each sample holds to the next, so the
    // 09:30 sample (2 down, 2 served of 4) is the worst of 09:30–09:35 for every layer but degraded or worse… which
    // counts the down too: 2. Served counts its fewest.
    expect(byClass([chartOf("otp-c")], "path", "area").map(titleOf)).toEqual([
      "otp-c served: fewest 2 in 09:30:00–09:35:00",
      "otp-c without redundancy or worse: peak 2 in 09:30:00–09:35:00",
      "otp-c degraded or worse: peak 2 in 09:30:00–09:35:00",
      "otp-c down: peak 2 in 09:30:00–09:35:00"
    ])
  })

  it("takes the y scale from the participants sampled and the x axis in HH:MM over the window", () => {
    const chart = chartOf("omd-c")
    expect(textOf(findAll([chart], (e) => e.tag === "figcaption")[0]!)).toBe("omd-c (4 participants)")
    expect(texts(findAll(byClass([chart], "g", "x-axis"), (e) => e.tag === "text"))).toEqual(
      ["09:00", "09:10", "09:20", "09:30", "09:40", "09:50", "10:00"]
    )
    expect(texts(findAll(byClass([chart], "g", "y-axis"), (e) => e.tag === "text"))).toEqual(["0", "1", "2", "3", "4"])
  })

  it("shades and labels the three phases, and marks move steps and fault starts and ends", () => {
    for (const chart of healthCharts) {
      const phases = byClass([chart], "g", "phase")
      expect(phases.map((g) => g.attrs["data-phase"])).toEqual(["phase-1", "phase-2", "phase-3"])
      expect(texts(byClass(phases, "text", "phase-label"))).toEqual(["Move DC1 line B", "Move OCG gateways", "Move RTS"])
      expect(titleOf(phases[1]!)).toBe("phase-2: Move OCG gateways 09:25:00–09:40:00 (rolled-back)")
      expect(byClass([chart], "line", "step").map(titleOf)).toEqual([
        "phase-1 09:10:00: move omdc-dc1-line-b",
        "phase-2 09:26:00: move ocg-dc1-a, ocg-dc1-b",
        "phase-2 09:33:15: move back ocg-dc1-a, ocg-dc1-b"
      ])
      const faults = byClass([chart], "g", "fault")
      expect(faults.map((g) => [g.attrs["data-fault"], byClass([g], "line", "fault-start").length, byClass([g], "line", "fault-end").length]))
        .toEqual([["f1", 1, 1], ["f2", 1, 0]])
    }
  })

  it("places a marker at its time on the x scale (09:00–10:00 over x 40–626)", () => {
    const step = byClass([chartOf("omd-c")], "line", "step")[0]!
    expect([step.attrs["x1"], step.attrs["x2"]]).toEqual(["137.7", "137.7"]) // 40 + 586 × 10/60
  })
})

describe("renderHtml: affected participants", () => {
  it("draws a bar per participant and service, split into down, degraded and without-redundancy time", () => {
    const bars = byClass(byId(tree, "affected-chart")!.children, "g", "bar")
    expect(bars.map((bar) => [
      bar.attrs["data-participant"],
      bar.attrs["data-service"],
      byClass([bar], "rect", "bar-segment").map((r) => r.attrs["data-status"])
    ])).toEqual([
      ["P0002", "otp-c", ["down", "served-without-redundancy"]],
      ["P0003", "omd-c", ["degraded"]],
      ['P0004&"<i>', "omd-c", ["served-without-redundancy"]]
    ])
    expect(page).toContain(`data-participant="${html('P0004&"<i>')}"`)
    expect(texts(findAll(byClass([byId(tree, "affected-chart")!], "g", "x-axis"), (e) => e.tag === "text")))
      .toEqual(["0", "5m", "10m", "15m"])
  })

  it("lists every affected participant in the table with times per status", () => {
    const rows = findAll([byId(tree, "affected-table")!], (e) => e.tag === "tr").slice(1)
    expect(rows.map((row) => texts(findAll([row], (e) => e.tag === "td")))).toEqual([
      // What was seen, with its instant, then the cause chain (— when the fixture has none).
      ["P0002", "otp-c", "down", "09:30:00", "10m", "—", "5m", "P0002/P0002T01: logon refused (at 09:35:00)",
        "09:33:15 rollback of phase-2 moved back ocg-dc1-a, ocg-dc1-b, while f2 (node-down on ocg-dc1-03 since 09:30:00) was on"],
      ["P0003", "omd-c", "degraded", "09:10:00", "—", "15m", "—", "P0003/omdc-ss: line A loss 2.5 % (at 09:10:00)", "—"],
      ['P0004&"<i>', "omd-c", "without redundancy", "09:10:00", "—", "—", "10m", "P0004/omdc-ss: line B silent 6 s (at 09:10:00)", "—"]
    ])
  })
})

describe("renderHtml: phases and faults tables", () => {
  it("links the CSV exports beside it: the affected list, the rest of the evidence and the run's files", () => {
    const files = { ...smallReport.files, affectedCsv: "runs/dc1-cutover/affected.csv", evidenceCsv: "runs/dc1-cutover/evidence.csv" }
    const check = { ...smallReport.checks[2]!, evidenceCount: 130 }
    const withCsv = parseHtml(renderHtml({ ...smallReport, checks: [check], files }))
    const links = findAll(withCsv, (e) => e.tag === "a" && e.attrs["class"] === "csv")
    // The evidence note (3 shown of 130), the affected list (3 pairs), then the run's exports.
    expect(links.map((a) => [a.attrs["href"], textOf(a)])).toEqual([
      ["evidence.csv", "evidence.csv"], ["affected.csv", "affected.csv"], ["affected.csv", "affected.csv"], ["evidence.csv", "evidence.csv"]
    ])
    expect(texts(byClass(withCsv, "p", "more"))).toEqual(["… and 127 more: all 130 in evidence.csv"])
    expect(texts(byClass(withCsv, "p", "export"))).toEqual(["All 3 affected participant–service pairs, for notifying participants: affected.csv"])
  })

  it("lists phases with steps, outcome and rollback, and faults with window and targets", () => {
    const phaseRows = findAll([byId(tree, "phases-table")!], (e) => e.tag === "tr").slice(1)
    expect(texts(phaseRows.map((row) => findAll([row], (e) => e.tag === "td")[5]!))).toEqual(
      ["completed", "rolled-back", "not-started phase phase-2 was rolled back"]
    )
    expect(textOf(findAll([phaseRows[1]!], (e) => e.tag === "td")[6]!)).toBe(
      "09:33:15: post-check all-served failing (units ocg-dc1-a, ocg-dc1-b)"
    )
    const faultRows = findAll([byId(tree, "faults-table")!], (e) => e.tag === "tr").slice(1)
    expect(faultRows.map((row) => texts(findAll([row], (e) => e.tag === "td")))).toEqual([
      ["f1", "link-flap", "09:12:00–09:14:00", "ca-pop-1--ar-a", "period=20s, down=5s"],
      ["f2", "node-down", "09:30:00–…", "ocg-dc1-03", ""]
    ])
  })

  it("renders a report with nothing in it without charts", () => {
    const empty = parseHtml(renderHtml({ ...smallReport, checks: [], phases: [], faults: [], health: [], affected: [] }))
    expect(byClass(empty, "figure", "health-chart")).toEqual([])
    expect(texts(byClass(empty, "p", "empty"))).toEqual([
      "No phases.", "No checks.", "No participant's service got worse than the estate gives it by design.",
      "The run recorded no health samples.", "No faults."
    ])
  })
})

describe("renderHtml: affected chart never hides an outage", () => {
  it("a 4-second spell down beside 4 hours without redundancy is still 2 px wide", () => {
    const a = { ...smallReport.affected[0]!, time: { "served-without-redundancy": 4 * 3600 * 1_000_000, degraded: 0, down: 4_000_000 } }
    const chart = parseHtml(renderHtml({ ...smallReport, affected: [a] }))
    const segments = byClass(byId(chart, "affected-chart")!.children, "rect", "bar-segment")
    // The axis runs 0–5 h (hourly ticks) over x 170–624 (454 px): 4 s is 0.1 px, drawn as MIN_SEGMENT = 2 px; the
    // 4 h without redundancy is 454 × 4/5 = 363.2 px and starts after the 2 px.
    expect(segments.map((r) => [r.attrs["data-status"], r.attrs["width"], r.attrs["x"]])).toEqual([
      ["down", "2", "170"],
      ["served-without-redundancy", "363.2", "172"]
    ])
  })
})

describe("renderHtml: long lists collapsed", () => {
  it("shows the first 10 pieces of evidence and collapses the other 3 under a summary", () => {
    // 13 pieces: the fixture's first, renamed P1000…P1012, so each row is told apart.
    const piece = smallReport.checks[2]!.evidence[0]!
    const evidence = Array.from({ length: 13 }, (_, i) => ({ ...piece, participant: `P${1000 + i}` }))
    const check = { ...smallReport.checks[2]!, evidence, evidenceCount: 13 }
    const long = parseHtml(renderHtml({ ...smallReport, checks: [check] }))
    expect(EVIDENCE_SHOWN).toBe(10)
    const details = findAll(long, (e) => e.tag === "details")
    // The check's evidence (open: it failed), and inside it the collapsed rest (closed).
    expect(details.map((d) => d.attrs)).toEqual([{ open: "" }, { class: "more-rows" }])
    const firstColumn = (t: HtmlElement) => findAll([t], (e) => e.tag === "tr").slice(1).map((r) => textOf(findAll([r], (e) => e.tag === "td")[0]!))
    const [shown, rest] = findAll([details[0]!], (e) => e.tag === "table")
    expect(firstColumn(shown!)).toEqual(["P1000", "P1001", "P1002", "P1003", "P1004", "P1005", "P1006", "P1007", "P1008", "P1009"])
    expect(firstColumn(rest!)).toEqual(["P1010", "P1011", "P1012"])
    expect(textOf(findAll([details[1]!], (e) => e.tag === "summary")[0]!)).toBe("3 more pieces of evidence")
  })

  it("shows the first 20 affected pairs and collapses the other 2, the table's id on the first part", () => {
    const a = smallReport.affected[0]!
    const affected = Array.from({ length: 22 }, (_, i) => ({ ...a, participant: `P${2000 + i}` }))
    const long = parseHtml(renderHtml({ ...smallReport, affected }))
    expect(AFFECTED_SHOWN).toBe(20)
    expect(findAll([byId(long, "affected-table")!], (e) => e.tag === "tr").length).toBe(1 + 20)
    const more = byClass(long, "details", "more-rows")
    expect(more.length).toBe(1)
    expect(textOf(findAll(more, (e) => e.tag === "summary")[0]!)).toBe("2 more affected participant–service pairs")
    expect(findAll(more, (e) => e.tag === "tbody").flatMap((b) => findAll([b], (e) => e.tag === "tr")).map((r) => textOf(findAll([r], (e) => e.tag === "td")[0]!)))
      .toEqual(["P2020", "P2021"])
  })
})

describe("renderHtml: the orders section", () => {
  it("says the figures and lists the notes, searchable; a report from before them has no such section", () => {
    expect(byId(tree, "orders")).toBeUndefined()
    const note = { t: 34_501_613_037, participant: "P0487", service: "otp-c" as const, session: "P0487T02", kind: "late" as const, orders: 1, text: "New Orders answered late, the longest 1.401s (New Order 6, sent 09:35:00.211712)" }
    const withOrders = parseHtml(renderHtml({ ...smallReport, orders: { sessionsLate: 1, longest: 1_401_325, unanswered: 0, stillWaiting: 0, notes: [note], notesCount: 3 } }))
    const section = byId(withOrders, "orders")!
    expect(textOf(section)).toContain("1 session with answers late (the longest 1.401s); 0 orders never answered; 0 orders still waiting at the end of the run.")
    const table = byId(withOrders, "orders-table")!
    expect(table.attrs["class"]).toContain("searchable")
    expect(texts(findAll([table], (e) => e.tag === "td"))).toEqual(["P0487", "otp-c", "P0487T02", "09:35:01.613037", note.text])
    expect(textOf(section)).toContain("2 more in the trace: one participant's all with `twin participant P --trace`.")
  })
})

/**
 * Charts never hide an outage (issue 15): the report's health spans carry each sample interval's worst, and
 * bucketing keeps the worst of every span a bucket touches (scenarios/report/html/envelope.ts).
 */
import { describe, expect, it } from "vitest"
import { envelope, healthSpans, type Span } from "../../../scenarios/report/html/envelope.ts"
import { healthChart } from "../../../scenarios/report/html/health-chart.ts"
import { byClass, parseHtml, titleOf } from "./html-tree.ts"
import { smallReport } from "./fixture.ts"

const s = (seconds: number) => seconds * 1_000_000
const span = (from: number, to: number, down: number, degradedOrWorse = down, notServed = degradedOrWorse, total = 10): Span =>
  ({ from: s(from), to: s(to), levels: { down, degradedOrWorse, notServed, total } })

describe("envelope", () => {
  it("each bucket keeps the worst of the spans it touches, neighbours with the same worst merged", () => {
    // 0–100 s in 4 buckets of 25 s. Spans: nobody down 0–30 s, 2 down 30–34 s, 1 degraded 34–60 s, nobody 60–100 s.
    const spans = [span(0, 30, 0), span(30, 34, 2, 2, 3), span(34, 60, 0, 1, 1), span(60, 100, 0)]
    expect(envelope(spans, 0, s(100), 4)).toEqual([
      // 0–25 s: only the first span.
      span(0, 25, 0),
      // 25–50 s touches the 4-second outage (2 down, 3 not served) and the degraded span: their maximum per level.
      span(25, 50, 2, 2, 3),
      // 50–75 s: the degraded span (to 60 s) and the quiet one.
      span(50, 75, 0, 1, 1),
      span(75, 100, 0)
    ])
  })

  it("a span of one instant counts in the bucket holding it; a bucket nothing touches is left out", () => {
    expect(envelope([span(10, 10, 5), span(60, 100, 1)], 0, s(100), 4)).toEqual([span(0, 25, 5), span(50, 100, 1)])
  })

  it("a whole window at one bucket per pixel still shows 4 s down", () => {
    // 80 minutes (4,800 s) over 586 buckets of 8.19 s: the 06:30-like outage at 1,806–1,810 s lands in bucket 220.
    const spans = [span(0, 1806, 0), span(1806, 1810, 572, 572, 572, 640), span(1810, 4800, 0)]
    const out = envelope(spans, 0, s(4800), 586)
    const down = out.filter((b) => b.levels.down > 0)
    expect(down.map((b) => [Math.floor(b.from / (s(4800) / 586)), b.levels.down])).toEqual([[220, 572]])
  })
})

describe("healthSpans from a report", () => {
  it("sample i's worst covers the interval from the sample before; the last sample's counts hold to the window's end", () => {
    const c = (down: number) => ({ served: 4 - down, "served-without-redundancy": 0, degraded: 0, down })
    const w = (down: number) => ({ down, degradedOrWorse: down, notServed: down })
    const report = {
      ...smallReport,
      window: { from: s(0), to: s(180) },
      health: [
        { t: s(0), services: { "omd-c": c(0) }, worst: { "omd-c": w(0) } },
        // Two participants down for 4 s between 0 and 60 s: no instant sample shows them.
        { t: s(60), services: { "omd-c": c(0) }, worst: { "omd-c": w(2) } },
        { t: s(120), services: { "omd-c": c(0) }, worst: { "omd-c": w(0) } }
      ]
    }
    expect(healthSpans(report, "omd-c")).toEqual([
      { from: s(0), to: s(60), levels: { down: 2, degradedOrWorse: 2, notServed: 2, total: 4 } },
      { from: s(60), to: s(120), levels: { down: 0, degradedOrWorse: 0, notServed: 0, total: 4 } },
      { from: s(120), to: s(180), levels: { down: 0, degradedOrWorse: 0, notServed: 0, total: 4 } }
    ])
    // The chart: a red layer over 0–60 s, and the caption names the peak, never "down: none".
    const tree = parseHtml(healthChart({ report, service: "omd-c", index: 0 }))
    expect(byClass(tree, "path", "area").map(titleOf)).toEqual([
      "omd-c served: fewest 2 in 00:00:00–00:01:00",
      "omd-c without redundancy or worse: peak 2 in 00:00:00–00:01:00",
      "omd-c degraded or worse: peak 2 in 00:00:00–00:01:00",
      "omd-c down: peak 2 in 00:00:00–00:01:00"
    ])
  })
})

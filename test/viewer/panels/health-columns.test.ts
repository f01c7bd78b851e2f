/**
 * The side panel's health chart in device pixels (viewer/src/panels/health.ts `healthColumns`): each column
 * the worst of the samples it covers. The audit's case: 572 of 572 OMD-C subscribers down for 3 s
 * (09:10:05–09:10:08) in a 20-minute window of 600 two-second buckets; drawn in 300 columns (a 300-unit
 * viewBox, as before), the old area chart gave each bucket half a unit and blended the red away.
 */
import { describe, expect, it } from "vitest"
import { healthColumns } from "../../../viewer/src/panels/health.ts"
import { TraceIndex } from "../../../viewer/src/state/trace-index.ts"
import type { TraceEvent } from "../../../viewer/src/trace/types.ts"

const S = 1_000_000
const NINE = 9 * 3600 * S
const ids = Array.from({ length: 572 }, (_, i) => `P${String(i + 1).padStart(4, "0")}`)
const h = (t: number, p: string, status: string, previous: string | null): TraceEvent =>
  ({ t, kind: "health", subject: p, data: { service: "omd-c", status, previous, cause: "" } })
const events: ReadonlyArray<TraceEvent> = [
  { t: NINE, kind: "trace.start", subject: "twin", data: { version: 1, estate: "x", seed: 1, from: NINE, to: NINE + 1200 * S, moved: [], participants: 572 } },
  ...ids.map((p) => h(NINE, p, "served", null)),
  ...ids.map((p, i) => h(NINE + 605 * S + 5977 + i, p, "down", "served")),
  ...ids.map((p) => h(NINE + 608 * S, p, "served", "down"))
]

describe("health chart columns", () => {
  const index = new TraceIndex(events)
  index.finish()
  const from = index.from
  const to = index.to

  it("in 300 columns of 4 s, the column of 09:10:04–09:10:08 has all 572 down", () => {
    const cols = healthColumns(index.samples, "omd-c", from, to, 300)
    const down = cols.map((c, i) => [i, c.down] as const).filter(([, d]) => d > 0)
    expect(down).toEqual([[151, 572]])
    expect(cols[151]).toEqual({ served: 0, "served-without-redundancy": 0, degraded: 0, down: 572 })
    expect(cols[150]).toEqual({ served: 572, "served-without-redundancy": 0, degraded: 0, down: 0 })
  })

  it("in 50 columns (24 s each) and in 2,000 (0.6 s each), the outage is never lost", () => {
    expect(healthColumns(index.samples, "omd-c", from, to, 50).filter((c) => c.down === 572).length).toBe(1)
    // Buckets 09:10:04 and 09:10:06 (2 s each) are down: 2 × 2 s / 0.6 s → columns 1007–1013.
    const fine = healthColumns(index.samples, "omd-c", from, to, 2000)
    expect(fine.map((c, i) => [i, c.down] as const).filter(([, d]) => d > 0).map(([i]) => i)).toEqual([1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013])
  })
})

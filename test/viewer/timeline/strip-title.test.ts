/**
 * The timeline strip's tooltip (viewer/src/timeline/timeline.ts `stripTitle`) tells the bucket's worst at
 * one instant, never a sum of per-service worsts of different instants. The audit's long scenario made
 * small: both OMD-C lines lost at 10:00:00 for 3 s (4 subscribers down), then an OCG gateway crash at
 * 10:00:09 (3 OTP-C services down) after OMD-C is back — one 60-s bucket holds both. At worst 4 were down at
 * once (the old tooltip said 4 + 3 = 7, "801" in the audit's 572 + 229).
 */
import { describe, expect, it } from "vitest"
import { TraceIndex } from "../../../viewer/src/state/trace-index.ts"
import { stripTitle } from "../../../viewer/src/timeline/timeline.ts"
import type { TraceEvent } from "../../../viewer/src/trace/types.ts"

const S = 1_000_000
const TEN = 10 * 3600 * S
const h = (t: number, p: string, service: string, status: string, previous: string | null): TraceEvent =>
  ({ t, kind: "health", subject: p, data: { service, status, previous, cause: "" } })

const omd = ["P1", "P2", "P3", "P4"]
const ocg = ["P1", "P2", "P3"]
const events: ReadonlyArray<TraceEvent> = [
  { t: TEN - 60 * S, kind: "trace.start", subject: "twin", data: { version: 1, estate: "x", seed: 1, from: TEN - 60 * S, to: TEN + 240 * S, moved: [], participants: 4 } },
  ...omd.map((p) => h(TEN - 60 * S, p, "omd-c", "served", null)),
  ...ocg.map((p) => h(TEN - 60 * S, p, "otp-c", "served", null)),
  ...omd.map((p) => h(TEN, p, "omd-c", "down", "served")),
  ...omd.map((p) => h(TEN + 3 * S, p, "omd-c", "served", "down")),
  ...ocg.map((p) => h(TEN + 9 * S, p, "otp-c", "down", "served")),
  ...ocg.map((p) => h(TEN + 30 * S, p, "otp-c", "served", "down"))
]

describe("timeline strip tooltip", () => {
  it("says 4 participant-services down at once at worst, with each service's own worst labelled per service — not 7", () => {
    const index = new TraceIndex(events, { buckets: 5 })
    index.finish()
    const i = index.samples.findIndex((s) => s.t === TEN)
    const bucket = index.samples[i]!
    expect([bucket.counts["omd-c"].down, bucket.counts["otp-c"].down]).toEqual([4, 3])
    expect(bucket.atOnce).toEqual({ down: 4, degraded: 0 })
    expect(stripTitle(bucket, index.samples[i + 1]!.t)).toBe(
      "10:00:00–10:01:00: 4 participant-services down at once at worst (each service's own worst: otp-c 3, omd-c 4)"
    )
  })
})

import { describe, expect, it } from "vitest"
import { seconds } from "../../../../twin/engine/time.ts"
import type { FeedHandlerState } from "../../../../twin/models/omd/feed-handler.ts"
import { at, deliver, LATENCY, world } from "./world.ts"

// 10 messages a second from 09:30 in 1 s slices; the handler calls a line silent after 3 heartbeat
// intervals (6 s) without data or heartbeat.

const lineEvents = (w: ReturnType<typeof world>) =>
  w.kinds("omd.line", "flow.status")
    .filter((e) => e.t > at("09:00"))
    .map((e) => e.kind === "omd.line"
      ? [e.t, e.kind, e.data["line"], e.data["state"], e.data["silentFor"]]
      : [e.t, e.kind, e.data["up"], e.data["of"], e.data["degraded"], e.data["detail"]])

describe("silent line detection", () => {
  it("reports line A silent 6 s after it was last heard (up 1 of 2), then both (up 0)", () => {
    const w = world({
      blocked: (from, to, now) =>
        to === "P0001.fh" && ((from === "pub-a" && now > at("09:30:10") + 500_000) || (from === "pub-b" && now > at("09:30:20") + 500_000))
    })
    w.rt.run(at("09:30:30"))
    // A's last slice reached the handler at 09:30:10 + 100 µs, B's at 09:30:20 + 100 µs.
    expect(lineEvents(w)).toEqual([
      [at("09:30:16") + LATENCY, "omd.line", "A", "silent", seconds(6)],
      [at("09:30:16") + LATENCY, "flow.status", 1, 2, false, "line A silent"],
      [at("09:30:26") + LATENCY, "omd.line", "B", "silent", seconds(6)],
      [at("09:30:26") + LATENCY, "flow.status", 0, 2, false, "lines A and B silent"]
    ])
    expect(w.kinds("omd.gap")).toEqual([])
  })

  it("sees a crashed line A come back with the restart heartbeat; line B carried what A skipped, so no gap", () => {
    const w = world()
    deliver(w.rt, at("09:30:10") + 500_000, "ops", "pub-a", { _tag: "control", command: "crash" })
    deliver(w.rt, at("09:30:20") + 500_000, "ops", "pub-a", { _tag: "control", command: "restart", catchUp: false })
    w.rt.run(at("09:30:30") + LATENCY)
    const back = at("09:30:20") + 500_000 + LATENCY
    expect(lineEvents(w)).toEqual([
      [at("09:30:16") + LATENCY, "omd.line", "A", "silent", seconds(6)],
      [at("09:30:16") + LATENCY, "flow.status", 1, 2, false, "line A silent"],
      // The restart heartbeat carries seq 200: A skipped 101 … 200, which B delivered.
      [back, "omd.line", "A", "alive", back - (at("09:30:10") + LATENCY)],
      [back, "flow.status", 2, 2, false, "lines A and B live"]
    ])
    const fh = w.rt.stateOf<FeedHandlerState>("P0001.fh")
    // A was first for 1 … 100. B for 101 … 200 (A down), and also for 201 … 300: handling the restart re-armed
    // pub-a's slice timer after pub-b's, so from 09:30:21 B's copy leaves, and arrives, first.
    expect(fh.arb.firstCome).toEqual({ A: 100, B: 200 })
    expect(fh.arb.duplicates).toBe(200)
    expect(fh.stats.gaps).toBe(0)
    expect(w.kinds("omd.publisher").filter((e) => e.subject === "pub-a").map((e) => [e.t, e.data["state"], e.data["seq"]])).toEqual([
      [at("06:00"), "start-of-day", 0],
      [at("09:30:10") + 500_000, "down", 100],
      [at("09:30:20") + 500_000, "up", 200]
    ])
  })
})

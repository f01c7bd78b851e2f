/**
 * The drill hub's tick runs the world to the instant due at the tick's start, as the live hub does
 * (test/twin/serve/adaptive-slices.test.ts): re-reading the pacer's target after every slice made a world that
 * keeps up chase the clock in steps of a few virtual µs for the whole tick budget, every tick.
 */
import { describe, expect, it } from "vitest"
import { DrillHub } from "../../../../twin/serve/drill/drill-hub.ts"
import type { IdealRun } from "../../../../twin/serve/drill/ideal-run.ts"
import { startServer } from "../../../../twin/serve/server.ts"
import { DrillClient, shippedDrill } from "./support.ts"

const TOKEN = "instructor-token-pacing"
const START = (9 * 60 + 25) * 60_000_000

describe("drill pacing", () => {
  it("a world that keeps up runs to exactly the instant due 50 ms after the start at 300× in 4 slices, then waits", async () => {
    const drill = await shippedDrill("omd-lines-lost-in-failover")
    const wall = { now: 0 }
    const hub = new DrillHub({ drill, speed: 300, token: TOKEN, wallNow: () => wall.now, ideal: () => new Promise<IdealRun>(() => undefined), save: () => Promise.resolve(""), log: () => undefined })
    // No `hub.run()`: the test calls `tick` itself, on its own wall clock.
    const serving = await startServer({ host: "127.0.0.1", port: 0, viewer: undefined, traces: new Map(), drillHub: hub })
    const instructor = await DrillClient.open(`ws://127.0.0.1:${serving.port}/drill`)
    try {
      instructor.send({ type: "hello", token: TOKEN })
      await instructor.next("welcome")
      instructor.send({ type: "start", token: TOKEN, ref: "s" })
      expect((await instructor.next("ack", (m) => m.ref === "s")).detail).toBe("drill started at 09:25:00")
      // Each slice costs 10 µs of wall time: at 300× the instant due moves on 3 ms of virtual time a slice.
      const advance = hub.world.advance.bind(hub.world)
      let slices = 0
      hub.world.advance = (to) => {
        slices++
        wall.now += 0.01
        return advance(to)
      }
      wall.now = 50 // 50 ms × 300 = 15 s of virtual time due
      hub.tick()
      // 4 slices of 1 + 2 + 4 + 8 s (twin/serve/run-toward.ts) to exactly 09:25:15; before, about 4,000 slices
      // of 3 ms until the 40 ms budget ran out.
      expect([slices, hub.world.now]).toEqual([4, START + 15_000_000])
    } finally {
      instructor.close()
      hub.stop()
      await serving.close()
    }
  })
})

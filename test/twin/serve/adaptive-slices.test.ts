/**
 * Issue 17, item 7: the hub keeps its time budget inside a slice of the world. A slice that took longer than
 * the tick's budget (40 ms) makes the next ones 8× shorter, down to 1 ms; cheap ones (under a quarter of
 * the budget) let them double back up to a simulated minute — so an expensive stretch never holds the sockets
 * for long (twin/serve/run-toward.ts).
 */
import { describe, expect, it, vi } from "vitest"
import { LiveHub } from "../../../twin/serve/live-hub.ts"
import { LiveSession } from "../../../twin/serve/live-session.ts"
import { minutes, NINE, tiny } from "./support.ts"

/** A ten-minute world on the tiny estate whose every slice costs `cost()` ms of the fake wall clock, counted. */
const costed = (wall: { now: number }, cost: () => number) => {
  const session = new LiveSession({ model: tiny, seed: 4, window: { from: NINE, to: NINE + minutes(10) }, moved: [] })
  const advance = session.advance.bind(session)
  const world = { session, slices: 0 }
  session.advance = (to) => {
    world.slices++
    wall.now += cost()
    return advance(to)
  }
  return world
}

describe("slices adapt to what they cost", () => {
  it("1 s, then 125 ms, 15.625 ms, 1.953 ms, 1 ms while each costs 100 ms of wall time; back up ×2 when free", () => {
    const wall = { now: 0, cost: 100 }
    const { session } = costed(wall, () => wall.cost)
    const hub = new LiveHub({ session, speed: 1000, token: "instructor-1", log: () => {}, wallNow: () => wall.now })
    const steps: Array<number> = []
    let last = session.now
    const tick = () => {
      wall.now += 1000 // a wall second: the pacer's target is far ahead at 1000×
      hub.tick()
      steps.push(session.now - last)
      last = session.now
    }
    hub.start() // at wall 0 the target is where the world is: nothing runs yet
    // Each tick runs one slice: it took 100 ms, over the 40 ms budget, so the tick ends there.
    for (let i = 0; i < 5; i++) tick()
    expect(steps).toEqual([1_000_000, 125_000, 15_625, 1_953, 1_000])
    // Free slices: 2 ms, 4 ms, … within one tick until the pacer's target (far ahead at 1000×).
    wall.cost = 0
    steps.length = 0
    tick()
    hub.stop()
    expect(steps[0]).toBeGreaterThan(1_000_000)
  })

  it("on time, the next tick comes tickMs after this one began, not after it ended", () => {
    vi.useFakeTimers()
    try {
      const wall = { now: 0 }
      // Each slice costs 30 ms of wall: under the 40 ms budget, so one slice gets there.
      const world = costed(wall, () => 30)
      const session = world.session
      const hub = new LiveHub({ session, speed: 1, token: "instructor-1", log: () => {}, wallNow: () => wall.now, tickMs: 50 })
      hub.start() // wall 0: nothing due yet; the next tick in 50 ms
      wall.now = 50
      vi.advanceTimersByTime(50)
      // That tick began at 50 and ended at 80: the next is due at 100, 20 ms on — not 50 ms after its end.
      expect([world.slices, wall.now, session.now]).toEqual([1, 80, NINE + 50_000])
      vi.advanceTimersByTime(19)
      expect(world.slices).toBe(1)
      wall.now = 100
      vi.advanceTimersByTime(1)
      hub.stop()
      expect([world.slices, session.now]).toEqual([2, NINE + 100_000])
    } finally {
      vi.useRealTimers()
    }
  })

  it("a world that keeps up runs to the instant due at the tick's start and waits for the next tick (no chasing the clock)", () => {
    // Each slice costs 10 µs of wall time; at 300× that moves the instant due on by 3 ms of virtual time.
    const wall = { now: 0 }
    const world = costed(wall, () => 0.01)
    const session = world.session
    const hub = new LiveHub({ session, speed: 300, token: "instructor-1", log: () => {}, wallNow: () => wall.now })
    hub.start()
    wall.now = 50 // a tick later: 50 ms × 300 = 15 s of virtual time due
    world.slices = 0
    hub.tick()
    hub.stop()
    // 4 slices, each doubling the last as it costs under a quarter of the budget (1 + 2 + 4 + 8 s), to exactly
    // 09:00:15 (twin/serve/run-toward.ts); before, the loop re-read the target after every slice and chased it
    // in 3 ms steps until its 40 ms budget ran out (about 4,000 slices).
    expect([world.slices, session.now]).toEqual([4, NINE + 15_000_000])
  })
})

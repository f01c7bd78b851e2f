/**
 * The hubs' tick loop (twin/serve/run-toward.ts) on a fake world and a fake wall clock: each slice costs
 * what the test says, so the slices it asks for and where it stops are exact.
 */
import { describe, expect, it } from "vitest"
import { seconds } from "../../../twin/engine/time.ts"
import { FIRST_SLICE, MAX_SLICE, MIN_SLICE, RunToward } from "../../../twin/serve/run-toward.ts"

/** A world whose slices cost `cost(from, to)` wall ms; it records the slices asked for. */
const fakeWorld = (wall: { now: number }, cost: (from: number, to: number) => number, end = seconds(3600)) => {
  const world = {
    now: 0,
    slices: [] as Array<number>,
    get over() {
      return world.now >= end
    },
    // As LiveSession.advance: capped at the window's end.
    advance(target: number) {
      const t = Math.min(target, end)
      wall.now += cost(world.now, t)
      world.slices.push(t - world.now)
      world.now = t
    }
  }
  return world
}

describe("running a world toward the instant due", () => {
  it("a cheap world reaches the target exactly, in slices that double from a simulated second, and is on time", () => {
    const wall = { now: 0 }
    const world = fakeWorld(wall, () => 0.01)
    const toward = new RunToward(() => wall.now, 40)
    expect(toward.run(world, seconds(15) + 500, 0)).toBe(false)
    expect(world.now).toBe(seconds(15) + 500)
    // Each slice costs 0.01 ms, under a quarter of the budget: 1 + 2 + 4 + 8 s = 15 s, then the 500 µs left.
    expect(world.slices).toEqual([FIRST_SLICE, 2 * FIRST_SLICE, 4 * FIRST_SLICE, 8 * FIRST_SLICE, 500])
  })

  it("stops when the budget runs out and says the world is behind; a slice dearer than the budget makes the next an eighth", () => {
    const wall = { now: 0 }
    // 100 ms per simulated second: the first slice (1 s) alone overruns the 40 ms budget.
    const world = fakeWorld(wall, (from, to) => ((to - from) / FIRST_SLICE) * 100)
    const toward = new RunToward(() => wall.now, 40)
    expect(toward.run(world, seconds(60), 0)).toBe(true)
    expect(world.slices).toEqual([FIRST_SLICE])
    // The next tick: slices of 125 ms (12.5 wall ms each, between a quarter of the budget and the whole),
    // so they stay; the budget runs out after the fourth (50 ms).
    expect(toward.run(world, seconds(60), wall.now)).toBe(true)
    expect(world.slices.slice(1)).toEqual(Array.from({ length: 4 }, () => FIRST_SLICE / 8))
  })

  it("slices shrink no further than a millisecond and grow back while cheap, up to a simulated minute", () => {
    const wall = { now: 0 }
    let dear = true
    const world = fakeWorld(wall, () => (dear ? 100 : 1))
    const toward = new RunToward(() => wall.now, 40)
    for (let i = 0; i < 6; i++) toward.run(world, seconds(600), wall.now)
    expect(world.slices.at(-1)).toBe(MIN_SLICE)
    dear = false
    const before = world.slices.length
    toward.run(world, seconds(600), wall.now)
    // Each cheap slice (1 ms < 10 ms) doubles the next, up to a minute (MAX_SLICE).
    const grown = world.slices.slice(before)
    expect(grown.slice(0, 4)).toEqual([MIN_SLICE, 2 * MIN_SLICE, 4 * MIN_SLICE, 8 * MIN_SLICE])
    expect(Math.max(...grown)).toBe(MAX_SLICE)
  })

  it("the world is told where it goes next: behind, its next slice; on time, the next tick's instant (a slice at most); at its end, nowhere", () => {
    const wall = { now: 0 }
    const aheads: Array<number> = []
    // 100 ms per simulated second, as above: behind after the first slice, whose cost makes the next an eighth.
    const world = Object.assign(fakeWorld(wall, (from, to) => ((to - from) / FIRST_SLICE) * 100), { runAhead: (t: number) => void aheads.push(t) })
    const slow = new RunToward(() => wall.now, 40)
    expect(slow.run(world, seconds(60), 0)).toBe(true)
    expect(aheads).toEqual([world.now + FIRST_SLICE / 8])
    // Near the target, the next slice stops at the target.
    expect(slow.run(world, world.now + 1_000, wall.now)).toBe(false)
    expect(aheads.length).toBe(1)
    const cheap = Object.assign(fakeWorld(wall, () => 0.01, seconds(2)), { runAhead: (t: number) => void aheads.push(t) })
    expect(new RunToward(() => wall.now, 40).run(cheap, seconds(60), wall.now, seconds(70))).toBe(false)
    expect(aheads.length).toBe(1)
    // On time, with the next tick's instant known: told to go there, at most a slice on.
    const onTime = Object.assign(fakeWorld(wall, () => 0.01), { runAhead: (t: number) => void aheads.push(t) })
    const toward = new RunToward(() => wall.now, 40)
    expect(toward.run(onTime, seconds(1), wall.now, seconds(1) + 50_000)).toBe(false)
    expect(aheads.at(-1)).toBe(seconds(1) + 50_000)
    expect(toward.run(onTime, seconds(2), wall.now, seconds(600))).toBe(false)
    // Slices doubled twice (1 s, then the 1 s left at 2 s): the next would be 4 s.
    expect(aheads.at(-1)).toBe(seconds(2) + 4 * FIRST_SLICE)
    expect(aheads.length).toBe(3)
    const capped = Object.assign(fakeWorld(wall, () => 50), { runAhead: (t: number) => void aheads.push(t) })
    expect(new RunToward(() => wall.now, 40).run(capped, seconds(1) + 10, wall.now)).toBe(true)
    expect(aheads.at(-1)).toBe(seconds(1) + 10)
  })

  it("a world at its window's end is not behind, whatever the target", () => {
    const wall = { now: 0 }
    const world = fakeWorld(wall, () => 0.01, seconds(2))
    const toward = new RunToward(() => wall.now, 40)
    expect(toward.run(world, seconds(60), 0)).toBe(false)
    expect(world.now).toBe(seconds(2))
  })
})

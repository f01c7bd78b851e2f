/**
 * The speed the live world really holds (twin/serve/held-speed.ts) and the clock message that carries it:
 * a world that cannot keep the speed asked is not shown as keeping it (the pacer caps `lagMs` at 2 s).
 */
import { describe, expect, it } from "vitest"
import { HeldSpeed } from "../../../twin/serve/held-speed.ts"
import { type HubSocket, LiveHub } from "../../../twin/serve/live-hub.ts"
import { LiveSession } from "../../../twin/serve/live-session.ts"
import { FakeSocket, minutes, NINE, tiny } from "./support.ts"

/**
 * A hub at ×1000 over `session`, whose slices each cost their virtual span / 500 in wall time (the world's
 * own ceiling is ×500), ticked until its debt reaches the pacer's cap.
 */
const behind = (session: LiveSession) => {
  const wall = { now: 0 }
  const advance = session.advance.bind(session)
  session.advance = (to) => {
    wall.now += (to - session.now) / 500 / 1000
    return advance(to)
  }
  const logged: Array<string> = []
  const hub = new LiveHub({ session, speed: 1000, token: "instructor-1", log: (line) => logged.push(line), wallNow: () => wall.now })
  const socket = new FakeSocket()
  hub.attach(socket satisfies HubSocket)
  socket.receive({ type: "hello", have: 0 })
  const clocks = () => socket.sent.map((t) => JSON.parse(t) as { type: string; speed?: number; held?: number; lagMs?: number }).filter((m) => m.type === "clock")
  hub.start()
  // A wall ms on, a virtual second is due; from then on the world is behind (its slices cost twice the wall
  // time they cover at ×1000), each tick runs its whole 40 ms budget and the next comes at once: 200 ticks
  // are ~8 s of wall, by when the debt (half a wall second more each wall second) has reached the pacer's
  // 2 s cap.
  wall.now = 1
  for (let i = 0; i < 200; i++) {
    hub.tick()
    socket.drain()
  }
  return { hub, socket, wall, clocks, logged }
}

describe("the speed held", () => {
  it("is virtual seconds per wall second over the last 5 s of samples, once they span a wall second", () => {
    const held = new HeldSpeed()
    held.note(0, NINE)
    held.note(500, NINE + 250_000_000)
    // Half a wall second of samples: not yet a figure.
    expect(held.value).toBeUndefined()
    held.note(1_000, NINE + 500_000_000)
    // 500 virtual s in 1 wall s.
    expect(held.value).toBe(500)
    // 6 s on at 300 virtual s a wall s: the window keeps the sample at 2,000 ms (the last at or before
    // 7,000 − 5,000) and the figure is 1,500 v s over 5 s.
    held.note(2_000, NINE + 1_000_000_000)
    held.note(7_000, NINE + 2_500_000_000)
    expect(held.value).toBe(300)
    // Thirds: 1 v s in 3 wall s is 0.333…, given to a tenth.
    held.reset()
    expect(held.value).toBeUndefined()
    held.note(10_000, NINE)
    held.note(13_000, NINE + 1_000_000)
    expect(held.value).toBe(0.3)
  })

  it("the hub's clock says ×1000 asked and 500 held for a world that runs at most 500 virtual s a wall s", () => {
    const session = new LiveSession({ model: tiny, seed: 4, window: { from: NINE, to: NINE + minutes(120) }, moved: [] })
    const { hub, socket, wall, clocks, logged } = behind(session)
    const last = clocks().at(-1)!
    expect([last.speed, last.held]).toEqual([1000, 500])
    // The operator is told once what two threads are for (a day without a scenario, on one thread).
    expect(logged.filter((l) => l.includes("--threads 2"))).toEqual([
      'twin serve: the world holds ×500 of ×1000 on one thread; --threads 2 runs the OCG-C/OTP-C trading path on a core of its own (docs/live.md "Two threads")'
    ])
    // The debt is capped (pacer.ts; the tick's own 40 ms at ×1000 on top): the lag alone says ~2 s behind
    // however slow the world is.
    expect(last.lagMs).toBeGreaterThanOrEqual(1_950)
    expect(last.lagMs).toBeLessThanOrEqual(2_050)
    // A new speed starts afresh: no figure until a wall second at it; then ×100, which it keeps (a tick every
    // 50 ms of wall after the last ends, and 5 virtual s of world, 10 ms of wall, in each: held = asked).
    const before = clocks().length
    socket.receive({ type: "speed", speed: 100, token: "instructor-1", ref: 1 })
    expect(clocks().slice(before).map((m) => m.held)).toEqual([undefined])
    for (let i = 0; i < 30; i++) {
      wall.now += 50
      hub.tick()
      socket.drain()
    }
    hub.stop()
    const after = clocks().at(-1)!
    // 99.9: the first tick at the new speed (re-anchored mid-way) is in the window.
    expect([after.speed, after.held]).toEqual([100, 99.9])
  })

  it("on two threads with the trading path in one part, the operator is told once what --trading-parts is for; in parts, nothing", async () => {
    const window = { from: NINE, to: NINE + minutes(120) }
    const [whole, split] = [1, 2].map((tradingParts) => new LiveSession({ model: tiny, seed: 4, window, moved: [], threads: 2, tradingParts }))
    try {
      const told = behind(whole!)
      told.hub.stop()
      expect(told.logged.filter((l) => l.includes("holds"))).toEqual([
        'twin serve: the world holds ×500 of ×1000 on two threads; --trading-parts 4 splits the OCG-C/OTP-C trading path over both, not one world (docs/live.md "Two threads")'
      ])
      const quiet = behind(split!)
      quiet.hub.stop()
      expect(quiet.clocks().at(-1)!.held).toBe(500)
      expect(quiet.logged.filter((l) => l.includes("holds"))).toEqual([])
    } finally {
      await Promise.all([whole!.close(), split!.close()])
    }
  }, 60_000)
})

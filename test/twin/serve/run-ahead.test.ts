/**
 * A live hub with its world on two threads (`threads: 2`) runs the trading part's next step ahead while its
 * own thread serves the sockets and sleeps between ticks (run-toward.ts, live-session.ts `runAhead`), and an
 * instructor's control takes that step first: it acts at the instant the whole world has reached.
 */
import { afterAll, describe, expect, it } from "vitest"
import { seconds } from "../../../twin/engine/time.ts"
import { LiveHub } from "../../../twin/serve/live-hub.ts"
import { LiveSession } from "../../../twin/serve/live-session.ts"
import { FakeSocket, minutes, NINE, tiny } from "./support.ts"

const sessions: Array<LiveSession> = []
afterAll(() => Promise.all(sessions.map((s) => s.close())))

describe("the trading part runs ahead of the hub's ticks", () => {
  it("on time: to the next tick's instant (a slice at most); behind: to the next slice; a pause takes the step first", () => {
    const wall = { now: 0, cost: 100 }
    const session = new LiveSession({ model: tiny, seed: 4, window: { from: NINE, to: NINE + minutes(10) }, moved: [], threads: 2 })
    sessions.push(session)
    const advance = session.advance.bind(session)
    session.advance = (to) => {
      wall.now += wall.cost
      return advance(to)
    }
    const hub = new LiveHub({ session, speed: 1000, token: "instructor-1", log: () => {}, wallNow: () => wall.now })
    const socket = new FakeSocket()
    hub.attach(socket)
    socket.receive({ type: "hello", have: 0 })
    // At wall 0 the world is where it is due: on time. The next tick (50 ms on at ×1000) will want 50 s; the
    // trading part runs ahead a first slice's worth, 1 s, while nothing else moves.
    hub.start()
    expect([session.now, session.ahead]).toEqual([NINE, NINE + seconds(1)])
    // A wall second later, 1,000 s are due: the first slice takes the step run ahead and costs 100 ms, over the
    // 40 ms budget, so the tick ends behind and the next slice (an eighth) runs ahead.
    wall.now += 1000
    hub.tick()
    expect([session.now, session.ahead]).toEqual([NINE + seconds(1), NINE + seconds(1) + 125_000])
    // A pause acts where the whole world is: the step run ahead is taken first.
    wall.cost = 0
    socket.receive({ type: "pause", token: "instructor-1", ref: 1 })
    expect([session.now, session.ahead]).toEqual([NINE + seconds(1) + 125_000, undefined])
    const replies = socket.sent.map((t) => JSON.parse(t) as { type: string; ref?: number; detail?: string })
    expect(replies.find((m) => m.ref === 1)).toEqual({ type: "ack", ref: 1, detail: "paused at 09:00:01" })
    // Paused, the world neither moves nor runs ahead.
    wall.now += 1000
    hub.tick()
    hub.stop()
    expect([session.now, session.ahead]).toEqual([NINE + seconds(1) + 125_000, undefined])
  }, 60_000)
})

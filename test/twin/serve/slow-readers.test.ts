/**
 * Issue 16, defect 6: a client that does not read holds a bounded part of the server's memory. The backlog
 * goes out only while the socket has room (highWaterBytes), the rest when it drains; a client whose socket
 * has not drained for stallMs is cut off. A fake socket makes the drain explicit: `bufferedAmount` is what
 * was sent and not yet drained, and a write callback runs when the test drains it.
 */
import { describe, expect, it } from "vitest"
import { type HubSocket, LiveHub } from "../../../twin/serve/live-hub.ts"
import { LiveSession } from "../../../twin/serve/live-session.ts"
import { startServer } from "../../../twin/serve/server.ts"
import { FakeSocket, LiveClient, minutes, NINE, tiny } from "./support.ts"

const hubWithLog = (wall: { now: number }) => {
  // Five hours of the tiny estate: 1,865 events before anyone connects, sent in frames of 700.
  const session = new LiveSession({ model: tiny, seed: 4, window: { from: NINE - minutes(180), to: NINE + minutes(120) }, moved: [] })
  session.advance(NINE + minutes(120))
  const hub = new LiveHub({ session, speed: 60, token: "instructor-1", log: () => {}, wallNow: () => wall.now, highWaterBytes: 20_000, stallMs: 30_000, frameEvents: 700 })
  return { hub, session }
}

const attach = (hub: LiveHub) => {
  const socket = new FakeSocket()
  hub.attach(socket satisfies HubSocket)
  socket.receive({ type: "hello", have: 0 })
  return socket
}

describe("flow control per client", () => {
  it("sends one frame past the high-water mark and waits; each drain lets the next out; held replies follow the backlog", () => {
    const wall = { now: 0 }
    const { hub, session } = hubWithLog(wall)
    expect(session.lines.length).toBe(1_865)
    const socket = attach(hub)
    // welcome is sent at once; the first frame (700 events, ~0.1 MB) leaves the socket over 20,000
    // bytes, so the hub waits: the clock after it is dropped (a later one comes), nothing else is queued.
    expect(socket.types()).toEqual(["welcome", "events 0+700"])
    socket.receive({ type: "pause", token: "instructor-1", ref: 1 })
    expect(socket.types()).toEqual(["welcome", "events 0+700"])
    socket.drain()
    expect(socket.types()).toEqual(["welcome", "events 0+700", "events 700+700"])
    socket.drain()
    // The last frame (465 events) is over the mark too: it goes out and the hub waits again.
    expect(socket.types()).toEqual(["welcome", "events 0+700", "events 700+700", "events 1400+465"])
    socket.drain()
    // Caught up: the held ack follows the backlog.
    expect(socket.types()).toEqual(["welcome", "events 0+700", "events 700+700", "events 1400+465", "ack"])
    expect(JSON.parse(socket.sent.at(-1)!)).toMatchObject({ type: "ack", ref: 1 })
  })

  it("never holds more than the high-water mark and one frame for a client that does not read", () => {
    // (frames of ~0.1 MB against a 20 kB mark: each client holds exactly welcome and its first frame)
    const wall = { now: 0 }
    const { hub } = hubWithLog(wall)
    const sockets = Array.from({ length: 20 }, () => attach(hub))
    for (let i = 0; i < 5; i++) hub.flush()
    const largestFrame = Math.max(...sockets[0]!.sent.map((t) => t.length))
    for (const s of sockets) expect(s.bufferedAmount).toBeLessThan(20_000 + largestFrame)
    expect(sockets.map((s) => s.sent.length)).toEqual(Array(20).fill(2))
  })

  it("cuts off a client that has not drained for 30 s, and only that one", () => {
    const wall = { now: 0 }
    const { hub } = hubWithLog(wall)
    const stuck = attach(hub)
    const reader = attach(hub)
    for (let i = 0; i < 3; i++) reader.drain()
    wall.now = 30_000
    hub.flush()
    expect([stuck.terminated, hub.clientCount]).toEqual([false, 2])
    wall.now = 30_001
    hub.flush()
    expect([stuck.terminated, reader.terminated, hub.clientCount]).toEqual([true, false, 1])
  })

  it("cuts off a client that floods frames without reading once 1,000 replies are held (they grew without bound)", () => {
    const wall = { now: 0 }
    const { hub } = hubWithLog(wall)
    const flooder = attach(hub)
    // its backlog waits on the socket (never drained), so each bad frame's error is held, not sent
    const sentBefore = flooder.sent.length
    for (let i = 0; i < 1_000; i++) flooder.receive({ type: "nope", ref: i })
    expect([flooder.terminated, flooder.sent.length - sentBefore, hub.clientCount]).toEqual([false, 0, 1])
    flooder.receive({ type: "nope", ref: 1_000 }) // the 1,001st reply: cut off
    expect([flooder.terminated, hub.clientCount]).toEqual([true, 0])
  })

  it("clients catching up together share the encoded frames (the same string objects)", () => {
    const wall = { now: 0 }
    const { hub } = hubWithLog(wall)
    const a = attach(hub)
    const b = attach(hub)
    expect(a.sent[1]).toBe(b.sent[1])
  })
})

describe("200 clients at once on a real socket", () => {
  it("each is welcomed and gets the whole log, in order, with no gap", async () => {
    const { hub, session } = hubWithLog({ now: 0 })
    const serving = await startServer({ host: "127.0.0.1", port: 0, viewer: undefined, traces: new Map(), hub })
    try {
      const clients = await Promise.all(Array.from({ length: 200 }, () => LiveClient.open(`ws://127.0.0.1:${serving.port}/live`)))
      for (const c of clients) c.send({ type: "hello", have: 0 })
      await Promise.all(clients.map((c) => c.next("welcome")))
      hub.flush()
      await Promise.all(clients.map((c) => c.next("events", (m) => m.from + m.events.length === session.lines.length)))
      for (const c of clients) expect(c.events.length).toBe(1_865)
      for (const c of clients) c.socket.close()
    } finally {
      await serving.close()
    }
  }, 60_000)
})

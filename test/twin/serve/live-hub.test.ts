import { afterEach, describe, expect, it } from "vitest"
import { LiveHub } from "../../../twin/serve/live-hub.ts"
import { LiveSession } from "../../../twin/serve/live-session.ts"
import { type Serving, startServer } from "../../../twin/serve/server.ts"
import { LiveClient, minutes, NINE, tiny } from "./support.ts"

const TOKEN = "instructor-secret-1"
const LINK = "ar-dc1-a--new-core-dc1-a"

let serving: Serving | undefined
const clients: Array<LiveClient> = []

const serve = async (speed: number, length = minutes(10)) => {
  const session = new LiveSession({ model: tiny, seed: 4, window: { from: NINE, to: NINE + length }, moved: [] })
  const hub = new LiveHub({ session, speed, token: TOKEN, log: () => {} })
  serving = await startServer({ host: "127.0.0.1", port: 0, viewer: undefined, traces: new Map(), hub })
  hub.start()
  return { hub, url: `ws://127.0.0.1:${serving.port}/live` }
}

const connect = async (url: string, hello?: Record<string, unknown>) => {
  const client = await LiveClient.open(url)
  clients.push(client)
  if (hello !== undefined) client.send({ type: "hello", ...hello })
  return client
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()))
  await serving?.close()
  serving = undefined
})

describe("twin serve's live socket on 127.0.0.1", () => {
  it("welcomes the instructor (token) and a trainee (none) with the drill's vocabulary", async () => {
    const { url } = await serve(1)
    const instructor = await connect(url, { have: 0, token: TOKEN })
    const trainee = await connect(url, { have: 0 })
    const a = await instructor.next("welcome")
    const b = await trainee.next("welcome")
    expect(a.role).toBe("instructor")
    expect(b.role).toBe("trainee")
    expect(a.scenario).toBe(null)
    expect(a.units).toEqual(["access-dc1-a", "access-dc1-b"])
    expect(a.speed).toBe(1)
    expect(a.faultKinds.find((k: { kind: string }) => k.kind === "link-down")).toEqual({
      kind: "link-down",
      params: ["link"],
      summary: "A link is down for the window and up at its end; routing reroutes after the convergence delay."
    })
    const first = await trainee.next("events")
    expect(first.from).toBe(0)
    expect(first.events[0]).toMatchObject({ t: NINE, kind: "trace.start", subject: "twin" })
    const clock = await trainee.next("clock")
    expect(clock).toMatchObject({ speed: 1, paused: false })
  })

  it("refuses controls without the instructor's token, and a wrong token joins as trainee", async () => {
    const { url } = await serve(1)
    const trainee = await connect(url, { have: 0 })
    await trainee.next("welcome")
    trainee.send({ type: "pause", ref: 1 })
    expect(await trainee.next("error")).toEqual({ type: "error", ref: 1, message: "instructor token required" })
    trainee.send({ type: "inject", fault: { kind: "link-down", link: LINK }, token: "guess", ref: "x" })
    expect(await trainee.next("error")).toEqual({ type: "error", ref: "x", message: "instructor token required" })
    const wrong = await connect(url, { have: 0, token: "not-the-token" })
    expect((await wrong.next("welcome")).role).toBe("trainee")
    expect(await wrong.next("error")).toEqual({ type: "error", message: "instructor token required (joined as trainee)" })
  })

  it("answers bad frames with an error and keeps the socket open", async () => {
    const { url } = await serve(1)
    const client = await connect(url, { have: 0 })
    await client.next("welcome")
    client.send("{not json")
    expect(await client.next("error")).toEqual({ type: "error", message: "message: expected JSON, got text that does not parse" })
    client.socket.send(Buffer.from([0, 1, 2, 255]), { binary: true })
    expect(await client.next("error")).toEqual({ type: "error", message: "message: expected a JSON text frame, got a binary frame" })
    client.send("x".repeat(200_000))
    expect((await client.next("error")).message).toBe("message: expected at most 65536 characters, got 200000")
    client.send({ type: "speed", speed: 5000, token: TOKEN, ref: 9 })
    expect(await client.next("error")).toEqual({ type: "error", ref: 9, message: "speed: expected a speed from 1 to 1000, got 5000" })
    client.send({ type: "hello", have: 0 })
    expect((await client.next("welcome")).role).toBe("trainee")
    expect(client.socket.readyState).toBe(client.socket.OPEN)
  })

  it("an injected link-down reaches a trainee as scenario.fault then world.change for that link", async () => {
    const { url } = await serve(1)
    const instructor = await connect(url, { have: 0, token: TOKEN })
    const trainee = await connect(url, { have: 0 })
    await instructor.next("welcome")
    await trainee.next("welcome")
    instructor.send({ type: "pause", token: TOKEN, ref: "p" })
    const paused = await instructor.next("ack", (m) => m.ref === "p")
    expect(paused.detail).toMatch(/^paused at 09:00:\d\d$/)
    instructor.send({ type: "inject", fault: { kind: "link-down", link: LINK }, token: TOKEN, ref: "i" })
    expect(await instructor.next("ack", (m) => m.ref === "i")).toEqual({ type: "ack", ref: "i", detail: `injected link-down live-1 on ${LINK} until ended` })
    const start = await trainee.event((e) => e.kind === "scenario.fault")
    const change = await trainee.event((e) => e.kind === "world.change" && e.subject === LINK)
    expect(start).toMatchObject({ subject: "live-1", data: { kind: "link-down", status: "start", targets: [LINK] } })
    expect(change).toMatchObject({ t: start.t, data: { what: "link", down: true } })
    expect(trainee.events.indexOf(change)).toBeGreaterThan(trainee.events.indexOf(start))
    instructor.send({ type: "inject", fault: { kind: "link-down", link: "no-such-link" }, token: TOKEN, ref: "bad" })
    expect(await instructor.next("error", (m) => m.ref === "bad")).toEqual({
      type: "error",
      ref: "bad",
      message: 'fault.link: expected a link id of the estate (or a participant circuit id), got "no-such-link"'
    })
  })

  it("a client that reconnects with have=N gets the rest: no gap, no duplicate, the same log as a fresh client", async () => {
    const { url } = await serve(300) // ten simulated minutes in two seconds
    const first = await connect(url, { have: 0 })
    await first.next("events")
    const held = [...first.events]
    await first.close()
    await new Promise((resolve) => setTimeout(resolve, 300))
    const again = await connect(url)
    again.events.push(...held)
    again.send({ type: "hello", have: held.length })
    await again.next("end")
    // Every frame after the reconnect continues where the held events stop: nothing twice, nothing skipped.
    const frames = again.messages.filter((m) => m.type === "events")
    expect(frames[0]?.from ?? held.length).toBe(held.length)
    const fresh = await connect(url, { have: 0 })
    const end = await fresh.next("end")
    expect(end.t).toBe(NINE + minutes(10))
    expect(fresh.events.length).toBeGreaterThan(held.length)
    expect(again.events).toEqual(fresh.events)
  })
})

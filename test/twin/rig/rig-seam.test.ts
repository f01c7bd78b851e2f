/**
 * The seam the real endpoints hang on (twin/rig): which participants are watched, the world's steps as
 * they happen, the path gate, the pacer's wall time for a virtual instant, the rig's start and close, and
 * `/rig` on the viewer's server.
 */
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { premises } from "../../../topology/model.ts"
import { startRig } from "../../../twin/rig/rig.ts"
import type { RigContext, RigEndpointFactory } from "../../../twin/rig/rig-endpoint.ts"
import { watchedParticipants } from "../../../twin/rig/watched.ts"
import { LiveSession } from "../../../twin/serve/live-session.ts"
import { Pacer } from "../../../twin/serve/pacer.ts"
import { startServer } from "../../../twin/serve/server.ts"
import { minutes, NINE, tiny } from "../serve/support.ts"

const window = { from: NINE, to: NINE + minutes(5) }
const session = () => new LiveSession({ model: tiny, seed: 4, window, moved: [] })

describe("watched participants (--rig)", () => {
  // tiny: P1 has circuits to ca-pop and cb-pop (group ca-pop+cb-pop), P2 only to cb-pop (group cb-pop).
  it("default: the first participant of each group; a list, a group, none", () => {
    expect(watchedParticipants(tiny, undefined)).toEqual(Result.succeed(["P1", "P2"]))
    expect(watchedParticipants(tiny, "P2,P1")).toEqual(Result.succeed(["P1", "P2"]))
    expect(watchedParticipants(tiny, "group:cb-pop")).toEqual(Result.succeed(["P2"]))
    expect(watchedParticipants(tiny, "none")).toEqual(Result.succeed([]))
  })
  it("an unknown participant or group is refused with what was expected", () => {
    const p = watchedParticipants(tiny, "P1,P9")
    expect(Result.isFailure(p) && p.failure.got).toBe('"P9"')
    const g = watchedParticipants(tiny, "group:nowhere")
    expect(Result.isFailure(g) && g.failure.expected).toContain("ca-pop+cb-pop, cb-pop")
  })
})

describe("following the live world", () => {
  it("onAdvanced hands over exactly the events each step recorded, in order", () => {
    const live = session()
    const header = live.log.length // trace.start and the estate's layout, written when the world is built
    const seen: Array<number> = []
    const reached: Array<number> = []
    live.onAdvanced((fresh, now) => {
      seen.push(fresh.length)
      reached.push(now)
    })
    live.advance(NINE + 1)
    live.advance(NINE + minutes(1))
    live.advance(NINE + minutes(1)) // no time passes: called with nothing new
    live.advance(NINE + minutes(9)) // capped at the window's end
    expect(reached).toEqual([NINE + 1, NINE + minutes(1), NINE + minutes(1), NINE + minutes(5)])
    expect(seen[2]).toBe(0)
    expect(header).toBeGreaterThan(0)
    expect(seen.reduce((a, b) => a + b, 0)).toBe(live.log.length - header)
  })

  it("pathNow closes while a link on the path is down and opens again after", () => {
    const live = session()
    live.advance(NINE + minutes(1))
    const from = premises("P2").bss
    const gateway = tiny.file.nodes.find((n) => n.kind === "ocg-gateway")!.id
    expect(live.pathNow(from, gateway)?.open).toBe(true)
    // P2 has one circuit: with it down no route is open.
    const r = live.apply({ type: "inject", fault: { kind: "link-down", link: "P2-c1" }, for: "1m" })
    expect(Result.isSuccess(r)).toBe(true)
    live.advance(NINE + minutes(1) + 1)
    expect(live.pathNow(from, gateway)?.open ?? false).toBe(false)
    live.advance(NINE + minutes(3))
    expect(live.pathNow(from, gateway)?.open).toBe(true)
  })
})

describe("pacer.wallAt", () => {
  it("maps a virtual instant to the wall time it is due at the current speed; none while paused", () => {
    const p = new Pacer({ start: NINE, speed: 60, wallNow: 1_000 })
    // 60 s virtual at 60× is 1 s of wall time after the anchor.
    expect(p.wallAt(NINE + 60_000_000)).toBe(2_000)
    p.setSpeed(120, 5_000, NINE + 240_000_000)
    expect(p.wallAt(NINE + 360_000_000)).toBe(6_000)
    p.pause(6_000, NINE + 360_000_000)
    expect(p.wallAt(NINE + 400_000_000)).toBeUndefined()
  })
})

describe("the rig", () => {
  const context = (): RigContext => ({ session: session(), watched: ["P1"], host: "127.0.0.1", stateDir: "/tmp/unused", wallAt: () => 0, log: () => undefined })
  it("gathers every endpoint's listing and closes them all once", async () => {
    const closed: Array<string> = []
    const endpoint = (service: string, port: number): RigEndpointFactory => ({
      service,
      start: async (ctx) => ({
        listing: () => [{ service, name: `${ctx.watched[0]} ${service}`, transport: "tcp", address: ctx.host, port }],
        close: async () => void closed.push(service)
      })
    })
    const rig = await startRig([endpoint("a", 1), endpoint("b", 2)], context())
    expect(rig.listing().map((l) => `${l.name}:${l.port}`)).toEqual(["P1 a:1", "P1 b:2"])
    await Promise.all([rig.close(), rig.close()])
    expect(closed).toEqual(["b", "a"])
  })
  it("an endpoint that cannot start closes the ones before it and names itself", async () => {
    const closed: Array<string> = []
    const good: RigEndpointFactory = { service: "good", start: async () => ({ listing: () => [], close: async () => void closed.push("good") }) }
    const bad: RigEndpointFactory = { service: "bad", start: async () => Promise.reject(new Error("port 9 in use")) }
    await expect(startRig([good, bad], context())).rejects.toThrow("bad: port 9 in use")
    expect(closed).toEqual(["good"])
  })
  it("/rig on the viewer's server answers the listing as JSON", async () => {
    const listing = [{ service: "omd-c", name: "P1 line A", transport: "udp-multicast", address: "239.1.1.1", port: 30001 }]
    const serving = await startServer({ host: "127.0.0.1", port: 0, viewer: undefined, traces: new Map(), rigListing: () => listing })
    try {
      const res = await fetch(`${serving.origin}/rig`)
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ endpoints: listing })
    } finally {
      await serving.close()
    }
  })
})

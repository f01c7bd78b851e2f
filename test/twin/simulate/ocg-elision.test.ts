import { describe, expect, it } from "vitest"
import { ocgWiringOf } from "../../../twin/simulate/wire-ocg.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"
import { at, observable, runDefault } from "./elision-runs.ts"

// Idle sessions elided from 06:01:20; then a lossy, jittery circuit, a gateway lost and back, a circuit down.
const faults: Wiring = {
  system: "faults",
  wire: ({ runtime, world }) => {
    const lossy = (lossPct: number, jitterUs: number) => () =>
      world.batch(() => {
        world.apply(WorldChange.linkLoss("P0001-c1", lossPct))
        world.apply(WorldChange.linkLatency("P0001-c1", 0, jitterUs))
      })
    runtime.at(at("06:04"), lossy(20, 300))
    runtime.at(at("06:06"), lossy(0, 0))
    runtime.at(at("06:08"), () => world.apply(WorldChange.nodeDown("ocg-dc1-03", true)))
    runtime.at(at("06:12"), () => world.apply(WorldChange.nodeDown("ocg-dc1-03", false)))
    runtime.at(at("06:15"), () => world.apply(WorldChange.linkDown("P0002-c1", true)))
  }
}

const run = (elideHeartbeats: boolean, also: ReadonlyArray<Wiring> = [faults]) => runDefault(3, "06:00", "06:25", [ocgWiringOf({ elideHeartbeats }), ...also])

describe("heartbeat elision on the default estate", () => {
  const exact = run(false)
  const elided = run(true)

  it("writes the same trace as simulating every heartbeat, through loss, jitter, a gateway lost and a circuit down", () => {
    expect(elided.trace.length).toBe(exact.trace.length)
    expect(observable(elided.trace)).toEqual(observable(exact.trace))
    expect(exact.trace.some((e) => e.kind === "ocg.gateway" && e.data.event === "session-end")).toBe(true)
  })

  it("runs no more engine events; while every unit is periodic, far fewer", () => {
    // With P0002's circuit down from 06:15 its unit is never periodic again, and every unit in step with it
    // (a timer at the same microsecond of the cycle, through any chain of units) stays live with it.
    expect(elided.events).toBeLessThanOrEqual(exact.events)
    const quietExact = run(false, [])
    const quietElided = run(true, [])
    expect(quietElided.events).toBeLessThan(quietExact.events * 0.2)
    expect(observable(quietElided.trace)).toEqual(observable(quietExact.trace))
  })
})

// The open: every trading session's first order comes in 09:30–09:31, and the heartbeats of units elided
// since 09:26 must be worked out before it. A circuit is lossy from 09:30:30 to 09:31:30.
const open: Wiring = {
  system: "open faults",
  wire: ({ runtime, world }) => {
    runtime.at(at("09:30:30"), () => world.apply(WorldChange.linkLoss("P0003-c1", 10)))
    runtime.at(at("09:31:30"), () => world.apply(WorldChange.linkLoss("P0003-c1", 0)))
  }
}

/** Counts the heartbeat events a catch-up steps (the elision's `stepAt`) at or after `from`: a wiring wired first. */
const catchUpSteps = (from: string) => {
  const counted = { steps: 0 }
  const spy: Wiring = {
    system: "catch-up steps",
    wire: ({ runtime }) => {
      const stepAt = runtime.elision.stepAt
      runtime.elision.stepAt = (id, input, t) => {
        if (t >= at(from)) counted.steps++
        return stepAt(id, input, t)
      }
    }
  }
  return { spy, counted }
}

describe("heartbeat elision at the open", () => {
  it("writes the same trace as simulating every heartbeat through the first orders of the day and a lossy circuit", () => {
    const exact = runDefault(5, "09:25", "09:33", [ocgWiringOf({ elideHeartbeats: false }), open])
    const elided = runDefault(5, "09:25", "09:33", [ocgWiringOf({ elideHeartbeats: true }), open])
    expect(observable(elided.trace)).toEqual(observable(exact.trace))
    expect(elided.events).toBeLessThan(exact.events)
  })

  it("wakes each unit at the look before its first order: the orders find no heartbeats to catch up", () => {
    const { spy, counted } = catchUpSteps("09:29:30")
    const elided = runDefault(5, "09:25", "09:32", [spy, ocgWiringOf({ elideHeartbeats: true })])
    const exact = runDefault(5, "09:25", "09:32", [ocgWiringOf({ elideHeartbeats: false })])
    // The units were elided before the open (far fewer events than simulating every heartbeat)…
    expect(elided.events).toBeLessThan(exact.events * 0.9)
    // …and from the last look before the first orders on, no wake stepped a heartbeat.
    expect(counted.steps).toBe(0)
  })
})

// Idle sessions elided from 06:01:20; ocg-dc1-03 down 06:05:00–06:05:30, back before any session on it
// notices (120 s of silence): each one meets the restarted gateway's reset at its first heartbeat after it.
const shortCrash: Wiring = {
  system: "short crash",
  wire: ({ runtime, world }) => {
    runtime.at(at("06:05"), () => world.apply(WorldChange.nodeDown("ocg-dc1-03", true)))
    runtime.at(at("06:05:30"), () => world.apply(WorldChange.nodeDown("ocg-dc1-03", false)))
  }
}

describe("heartbeat elision and a gateway restarted before its sessions noticed the crash", () => {
  it("writes the same trace as simulating every heartbeat: every session on it reset at its first heartbeat after the restart", () => {
    const exact = runDefault(3, "06:00", "06:08", [ocgWiringOf({ elideHeartbeats: false }), shortCrash])
    const elided = runDefault(3, "06:00", "06:08", [ocgWiringOf({ elideHeartbeats: true }), shortCrash])
    expect(observable(elided.trace)).toEqual(observable(exact.trace))
    // The units were elided before the crash (fewer events than simulating every heartbeat).
    expect(elided.events).toBeLessThan(exact.events * 0.9)
    const resets = elided.trace.filter((e) => e.kind === "ocg.session" && e.data["event"] === "disconnected")
    const lost = elided.trace.find((e) => e.kind === "ocg.gateway" && e.data["event"] === "crash")!.data["connectionsLost"]
    expect([resets.length, lost]).toEqual([262, 262])
    for (const e of resets) {
      expect([e.data["gateway"], e.data["reason"]]).toEqual(["ocg-dc1-03", "dropped by gateway: connection reset (gateway restarted)"])
      // A heartbeat every 20 s: the first after the 06:05:30 restart comes within an interval of it.
      expect(e.t).toBeGreaterThan(at("06:05:30"))
      expect(e.t).toBeLessThan(at("06:05:50") + 5_000)
    }
  })
})

/** World changes as one union: how each is written in the trace, what puts it back, and one port for two worlds. */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { parseEstate } from "../../../topology/load.ts"
import { buildModel, type EstateModel } from "../../../topology/model.ts"
import { constantNetwork, Runtime } from "../../../twin/engine/runtime.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import { RecordingWorld } from "../../../twin/impact/recording-world.ts"
import { HealthTracker } from "../../../twin/world/health.ts"
import { World } from "../../../twin/world/world.ts"
import { applyChange, elementOf, restoring, traceOf, WorldChange } from "../../../twin/world/world-change.ts"
import type { WorldPort } from "../../../twin/world/world-port.ts"
import { WorldState } from "../../../twin/world/world-state.ts"

const estate = (name: string): EstateModel => {
  const file = `test/topology/analysis/${name}.yaml`
  const parsed = parseEstate(file, readFileSync(file, "utf8"))
  if (Result.isFailure(parsed)) throw new Error(`${file} does not parse`)
  return buildModel(parsed.success)
}

/** [subject, data with `what` first] as JSON, so that the key order is pinned too. */
const written = (change: WorldChange, state = new WorldState()): [string, string] => {
  const { subject, data } = traceOf(change, state)
  return [subject, JSON.stringify(data)]
}

describe("WorldChange", () => {
  it("is written in the trace as before the union: `what`, the impairment's field names in order, null for a cleared field", () => {
    // docs/trace.md, `world.change`: these are the exact lines the per-change methods wrote.
    expect(written(WorldChange.unitMoved("u1"))).toEqual(["u1", '{"what":"unit","moved":true}'])
    expect(written(WorldChange.unitMoved("u1", true))).toEqual(["u1", '{"what":"unit","moved":false}'])
    expect(written(WorldChange.linkDown("l1", true))).toEqual(["l1", '{"what":"link","down":true}'])
    expect(written(WorldChange.linkLoss("l1", 2.5))).toEqual(["l1", '{"what":"link","lossPct":2.5}'])
    expect(written(WorldChange.linkLatency("l1", 2_000, 300))).toEqual(["l1", '{"what":"link","addedLatencyUs":2000,"jitterUs":300}'])
    expect(written(WorldChange.linkMtu("l1", 1_400))).toEqual(["l1", '{"what":"link","mtu":1400}'])
    expect(written(WorldChange.linkMtu("l1", undefined))).toEqual(["l1", '{"what":"link","mtu":null}'])
    expect(written(WorldChange.linkBlackhole("l1", "reverse"))).toEqual(["l1", '{"what":"link","blackhole":"reverse"}'])
    expect(written(WorldChange.linkBlackhole("l1", undefined))).toEqual(["l1", '{"what":"link","blackhole":null}'])
    expect(written(WorldChange.linkCap("l1", 100))).toEqual(["l1", '{"what":"link","capMbps":100}'])
    expect(written(WorldChange.linkCap("l1", undefined))).toEqual(["l1", '{"what":"link","capMbps":null}'])
    expect(written(WorldChange.linkMulticast("l1", true))).toEqual(["l1", '{"what":"link","multicastBlocked":true}'])
    expect(written(WorldChange.linkPorts("l1", ["ocg", "rts"]))).toEqual(["l1", '{"what":"link","blockedPorts":["ocg","rts"]}'])
    expect(written(WorldChange.nodeDown("n1", false))).toEqual(["n1", '{"what":"node","down":false}'])
    expect(written(WorldChange.nodeMulticast("n1", true))).toEqual(["n1", '{"what":"node-impairment","multicastBlocked":true}'])
    expect(written(WorldChange.nodePorts("n1", []))).toEqual(["n1", '{"what":"node-impairment","blockedPorts":[]}'])
    expect(written(WorldChange.clockSkew("n1", -1_500))).toEqual(["n1", '{"what":"clock","skewUs":-1500}'])
    expect(written(WorldChange.drFailover(true))).toEqual(["hkex", '{"what":"dr-failover","on":true}'])
  })

  it("writes a routing hold with the side routing keeps: where it is held already, else where the unit is", () => {
    const state = new WorldState()
    // Not moved, not held: held at the old side.
    expect(written(WorldChange.routingHold("u1", true), state)).toEqual(["u1", '{"what":"routing-hold","held":true,"moved":false}'])
    applyChange(state, WorldChange.routingHold("u1", true))
    applyChange(state, WorldChange.unitMoved("u1"))
    // Moved since, but held at the old side: the release still names the side it was held at.
    expect(written(WorldChange.routingHold("u1", false), state)).toEqual(["u1", '{"what":"routing-hold","held":false,"moved":false}'])
    // A second hold keeps the first side (the unit is moved now, the hold says old).
    applyChange(state, WorldChange.routingHold("u1", true))
    expect(state.heldUnits.get("u1")).toBe(false)
    applyChange(state, WorldChange.routingHold("u1", false))
    expect(written(WorldChange.routingHold("u1", true), state)).toEqual(["u1", '{"what":"routing-hold","held":true,"moved":true}'])
  })

  it("puts back what the element had for the aspect changed, not healthy, and leaves its other aspects", () => {
    const state = new WorldState()
    applyChange(state, WorldChange.linkLoss("l1", 5))
    applyChange(state, WorldChange.linkMtu("l1", 1_400))
    applyChange(state, WorldChange.clockSkew("n1", 700))
    applyChange(state, WorldChange.nodePorts("n1", ["sftp"]))
    expect(restoring(WorldChange.linkLoss("l1", 50), state)).toEqual(WorldChange.linkLoss("l1", 5))
    expect(restoring(WorldChange.linkMtu("l1", 576), state)).toEqual(WorldChange.linkMtu("l1", 1_400))
    expect(restoring(WorldChange.linkMtu("l2", 576), state)).toEqual(WorldChange.linkMtu("l2", undefined))
    expect(restoring(WorldChange.linkLatency("l1", 9, 9), state)).toEqual(WorldChange.linkLatency("l1", 0, 0))
    expect(restoring(WorldChange.linkDown("l1", true), state)).toEqual(WorldChange.linkDown("l1", false))
    expect(restoring(WorldChange.clockSkew("n1", 0), state)).toEqual(WorldChange.clockSkew("n1", 700))
    expect(restoring(WorldChange.nodePorts("n1", ["sftp", "ocg"]), state)).toEqual(WorldChange.nodePorts("n1", ["sftp"]))
    expect(restoring(WorldChange.nodeDown("n1", true), state)).toEqual(WorldChange.nodeDown("n1", false))
    expect(restoring(WorldChange.unitMoved("u1"), state)).toEqual(WorldChange.unitMoved("u1", true))
    expect(restoring(WorldChange.drFailover(true), state)).toEqual(WorldChange.drFailover(false))
    // Loss back to 5 % leaves the MTU cut in place; clearing both leaves the link healthy (no entry).
    applyChange(state, WorldChange.linkLoss("l1", 50))
    applyChange(state, restoring(WorldChange.linkLoss("l1", 50), state))
    expect(state.link("l1")).toMatchObject({ lossPct: 50, mtu: 1_400 })
    applyChange(state, WorldChange.linkLoss("l1", 0))
    applyChange(state, WorldChange.linkMtu("l1", undefined))
    expect(state.links.has("l1")).toBe(false)
  })

  it("names the link or node a change is about (none for units, holds and DR)", () => {
    expect(elementOf(WorldChange.linkCap("l1", 10))).toEqual({ link: "l1" })
    expect(elementOf(WorldChange.nodeMulticast("n1", true))).toEqual({ node: "n1" })
    expect(elementOf(WorldChange.clockSkew("n1", 1))).toEqual({ node: "n1" })
    expect(elementOf(WorldChange.unitMoved("u1"))).toBeUndefined()
    expect(elementOf(WorldChange.routingHold("u1", true))).toBeUndefined()
    expect(elementOf(WorldChange.drFailover(true))).toBeUndefined()
  })
})

describe("WorldPort: the simulated world and the impact engine's recorder", () => {
  /** What a fault would do through the port: a unit moved, a link down and back within a batch, a node down. */
  const drill = (world: WorldPort, runtime: Runtime) => {
    runtime.at(1_000, () => world.apply(WorldChange.unitMoved("access-dc1")))
    runtime.at(2_000, () =>
      world.batch(() => {
        world.apply(WorldChange.linkDown("pop-a1--ar-1", true))
        world.apply(WorldChange.nodeDown("ecp-1", true))
      })
    )
    runtime.at(3_000, () => world.apply(WorldChange.linkDown("pop-a1--ar-1", false)))
  }

  it("take the same changes to the same physical state; the simulated one records each, the recorder notes each instant", () => {
    const model = estate("cutover")
    const trace = new MemoryTrace()
    const world = new World(model, { seed: 1, convergenceDelayUs: 500 })
    const health = new HealthTracker(model, trace)
    const simulated = new Runtime(world.network, health)
    world.attach(simulated, health)
    drill(world, simulated)
    simulated.run(10_000)

    const recorded = new Runtime(constantNetwork(0), { write: () => {} })
    const recorder = new RecordingWorld(recorded, [])
    drill(recorder, recorded)
    recorded.run(10_000)

    for (const w of [world.state, recorder.state]) {
      expect([...w.moved]).toEqual(["access-dc1"])
      expect([...w.nodesDown]).toEqual(["ecp-1"])
      expect([...w.linksDown()]).toEqual([])
    }
    // One note per change outside a batch, one for the batch: 1,000, 2,000 (both), 3,000.
    expect(recorder.changes.map((c) => [c.t, c.state.linksDown, c.state.nodesDown])).toEqual([
      [1_000, [], []],
      [2_000, ["pop-a1--ar-1"], ["ecp-1"]],
      [3_000, [], ["ecp-1"]]
    ])
    // Each change recorded; routing converges 500 µs later, once per batch, one line per change.
    expect(trace.events.filter((e) => e.kind.startsWith("world.")).map((e) => [e.t, e.kind, e.subject, JSON.stringify(e.data)])).toEqual([
      [1_000, "world.change", "access-dc1", '{"what":"unit","moved":true}'],
      [1_500, "world.converged", "access-dc1", '{"what":"unit"}'],
      [2_000, "world.change", "pop-a1--ar-1", '{"what":"link","down":true}'],
      [2_000, "world.change", "ecp-1", '{"what":"node","down":true}'],
      [2_500, "world.converged", "pop-a1--ar-1", '{"what":"link"}'],
      [2_500, "world.converged", "ecp-1", '{"what":"node"}'],
      [3_000, "world.change", "pop-a1--ar-1", '{"what":"link","down":false}'],
      [3_500, "world.converged", "pop-a1--ar-1", '{"what":"link"}']
    ])
  })

  it("tells the wirings each change as it is, after it is applied and recorded", () => {
    const model = estate("cutover")
    const trace = new MemoryTrace()
    const world = new World(model, { seed: 1, convergenceDelayUs: 500 })
    const health = new HealthTracker(model, trace)
    const rt = new Runtime(world.network, health)
    world.attach(rt, health)
    const seen: Array<[string, boolean, number]> = []
    world.onChange((change) => {
      if (change._tag === "NodeDown") seen.push([change.node, world.state.nodesDown.has(change.node), trace.ofKind("world.change").length])
    })
    rt.at(100, () => world.apply(WorldChange.nodeDown("ecp-1", true)))
    rt.at(200, () => world.apply(WorldChange.linkLoss("pop-a1--ar-1", 1)))
    rt.at(300, () => world.apply(WorldChange.nodeDown("ecp-1", false)))
    rt.run(1_000)
    // The link change is not a NodeDown; the state already says down/up and the trace already has the line.
    expect(seen).toEqual([["ecp-1", true, 1], ["ecp-1", false, 3]])
  })

  it("has elided work catch up under the old state before it applies a change", () => {
    const model = estate("cutover")
    const trace = new MemoryTrace()
    const world = new World(model, { seed: 1, convergenceDelayUs: 500 })
    const health = new HealthTracker(model, trace)
    const rt = new Runtime(world.network, health)
    world.attach(rt, health)
    const caughtUp: Array<[boolean, number]> = []
    rt.elide({ intercept: () => false, settle: () => {}, settleAll: () => caughtUp.push([world.state.nodesDown.has("ecp-1"), trace.ofKind("world.change").length]) })
    rt.at(100, () => world.apply(WorldChange.nodeDown("ecp-1", true)))
    rt.at(200, () => world.apply(WorldChange.nodeDown("ecp-1", false)))
    rt.run(1_000)
    // Before the first change: up, nothing recorded; before the second: down, one change recorded.
    expect(caughtUp).toEqual([[false, 0], [true, 1]])
  })
})

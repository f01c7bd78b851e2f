/**
 * Messages on a TCP connection across the estate's network (twin/engine/tcp.ts, twin/world/sim-network.ts):
 * random loss delays them, a cut holds them, a host that goes down takes its connections with it.
 * Hand-made estate test/topology/analysis/redundant.yaml; the sender on P1.bss, the receiver on ocg-1.
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { type Machine, send } from "../../../twin/engine/machine.ts"
import { Runtime } from "../../../twin/engine/runtime.ts"
import { DATA_BACKOFF, rtoAfter } from "../../../twin/engine/tcp.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import { HealthTracker } from "../../../twin/world/health.ts"
import { World } from "../../../twin/world/world.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"
import { emitTest as emit, eventsOfTestKind } from "../../support/test-kinds.ts"

const file = "test/topology/analysis/redundant.yaml"
const parsed = parseEstate(file, readFileSync(file, "utf8"))
if (Result.isFailure(parsed)) throw new Error(`${file} does not parse`)
const model = buildModel(parsed.success)

const COUNT = 200

/** Sends COUNT messages, one every `every` µs from t = 0, on connection 1 (or as datagrams); `changes` at their instants. */
const run = (stream: number | undefined, changes: ReadonlyArray<readonly [number, WorldChange]>, until = 30_000_000, every = 10_000) => {
  const trace = new MemoryTrace()
  const world = new World(model, { seed: 11, convergenceDelayUs: 500_000 })
  const health = new HealthTracker(model, trace)
  const rt = new Runtime(world.network, health)
  world.attach(rt, health)
  const sender: Machine<number, number> = {
    step: (n, input) => {
      if (input._tag === "receive") return [n, []]
      const next = n + 1
      return [next, [send("gw", next, 200, stream), ...(next < COUNT ? [{ _tag: "timer" as const, name: "tick", after: every }] : [])]]
    }
  }
  const receiver: Machine<null, number> = {
    step: (s, input) => (input._tag === "receive" ? [s, [emit("got", { n: input.message })]] : [s, []])
  }
  for (const [at, change] of changes) rt.at(at, () => world.apply(change))
  rt.add("bss", "P1.bss", sender, 0)
  rt.add("gw", "ocg-1", receiver, null)
  rt.run(until)
  const got = eventsOfTestKind(trace, "got").map((e) => ({ t: e.t, n: e.data.n as number }))
  return { got, world }
}

describe("TCP connections on the estate's network", () => {
  it("a 30 % loss on the gateway's link delays messages on a connection by whole retransmission timeouts, never loses one or reorders", () => {
    const loss: ReadonlyArray<readonly [number, WorldChange]> = [[0, WorldChange.linkLoss("ar-1--ocg-1", 30)]]
    // One message every 2 s: a retransmission (200 ms, 600 ms, …) seldom makes the next one wait.
    const clean = run(1, [], 500_000_000, 2_000_000)
    const lossy = run(1, loss, 500_000_000, 2_000_000)
    expect(lossy.got.map((g) => g.n)).toEqual(Array.from({ length: COUNT }, (_, i) => i + 1))
    const delays = lossy.got.map((g, i) => g.t - clean.got[i]!.t)
    // Each message arrives on time, after whole retransmission timeouts (200 ms, then 400 ms more, …), or
    // right behind the one ahead of it (head-of-line: TCP delivers in order), never earlier than that one.
    const timeouts = new Set(Array.from({ length: 8 }, (_, k) => Array.from({ length: k }, (_, n) => rtoAfter(DATA_BACKOFF, n)).reduce((a, b) => a + b, 0)))
    const behind = (i: number) => i > 0 && lossy.got[i]!.t - lossy.got[i - 1]!.t < 1_000
    expect(delays.filter((d, i) => !(timeouts.has(d) || behind(i)))).toEqual([])
    expect(lossy.got.every((g, i) => i === 0 || g.t >= lossy.got[i - 1]!.t)).toBe(true)
    const retransmitted = delays.filter((d) => d > 0 && timeouts.has(d)).length
    expect(retransmitted).toBeGreaterThan(COUNT * 0.2)
    expect(retransmitted).toBeLessThan(COUNT * 0.4)
    // The same loss drops datagrams.
    const datagrams = run(undefined, loss, 500_000_000, 2_000_000)
    expect(datagrams.got.length).toBeGreaterThan(COUNT * 0.55)
    expect(datagrams.got.length).toBeLessThan(COUNT * 0.85)
  })

  it("a cut of the gateway's only link holds the connection's messages; they arrive in order once it is back", () => {
    const cut: ReadonlyArray<readonly [number, WorldChange]> = [[500_000, WorldChange.linkDown("ar-1--ocg-1", true)], [1_300_000, WorldChange.linkDown("ar-1--ocg-1", false)]]
    const held = run(1, cut)
    expect(held.got.map((g) => g.n)).toEqual(Array.from({ length: COUNT }, (_, i) => i + 1))
    // The first message into the cut (sent at 0.5 s) is retransmitted at 0.7, 1.1 and 1.9 s: the first
    // sending after the link is back; the others waited behind it.
    const first = held.got.find((g) => g.n === 51)!
    expect(first.t).toBeGreaterThanOrEqual(1_900_000)
    expect(first.t).toBeLessThan(1_901_000)
    // 51 … 191 (sent by 1.9 s) go together at 1.9 s, 32 µs apart on P1's 50 Mbps circuit.
    expect(held.got.filter((g) => g.t >= 1_900_000 && g.t < 1_910_000).map((g) => g.n)).toEqual(Array.from({ length: 141 }, (_, i) => i + 51))
    expect(held.world.network.steady("P1.bss", "ocg-1")).toBe(true)
    // Datagrams sent into the cut, and until routing converged on the link's return (1.8 s), are gone.
    expect(run(undefined, cut).got.length).toBe(COUNT - 130)
  })

  it("while held, the pair is not steady (nothing may predict its traffic)", () => {
    const { world } = run(1, [[500_000, WorldChange.linkDown("ar-1--ocg-1", true)]], 1_000_000)
    expect(world.network.steady("P1.bss", "ocg-1")).toBe(false)
  })

  it("a receiving host that goes down takes the connection with it: nothing held for it arrives after it returns", () => {
    const crash: ReadonlyArray<readonly [number, WorldChange]> = [[500_000, WorldChange.nodeDown("ocg-1", true)], [1_000_000, WorldChange.nodeDown("ocg-1", false)]]
    const reset = run(1, crash)
    // 1 … 50 before the crash; the connection's later messages were never held for the dead host.
    expect(reset.got.filter((g) => g.n <= 100).map((g) => g.n)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
  })
})

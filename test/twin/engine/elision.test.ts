/** The elision contract (twin/engine/elision.ts): what the runtime asks of an elider, and when. */
import { describe, expect, it } from "vitest"
import type { Elider, ElisionHost } from "../../../twin/engine/elision.ts"
import { type Input, type Machine, timer } from "../../../twin/engine/machine.ts"
import { constantNetwork, Runtime } from "../../../twin/engine/runtime.ts"
import { Scheduler } from "../../../twin/engine/scheduler.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"

/** Counts its inputs; ticks every 100 µs. */
const counter: Machine<number, null> = {
  step: (s, input: Input<null>) => (input._tag === "start" ? [s, [timer("tick", 100)]] : [s + 1, input._tag === "timer" ? [timer("tick", 100)] : []])
}

/** An elider that records what the runtime asks of it; `settle` of machine "a" sets its count to 1,000. */
const recorder = () => {
  const asked: Array<string> = []
  let host: ElisionHost | undefined
  const elider: Elider = {
    intercept: (id, input) => {
      asked.push(`intercept ${id} ${input._tag}`)
      return false
    },
    settle: (id) => {
      asked.push(`settle ${id}`)
      if (id === "a") host!.setState("a", 1_000)
    },
    settleAll: () => {
      asked.push("settleAll")
    }
  }
  return { asked, elider, bind: (h: ElisionHost) => (host = h) }
}

describe("elision", () => {
  it("reads from outside catch the machine up first; the held state is as is", () => {
    const rt = new Runtime(constantNetwork(0), new MemoryTrace())
    rt.add("a", "n", counter, 0)
    const r = recorder()
    const host = r.bind(rt.elide(r.elider))
    rt.run(350)
    // start at 0, ticks at 100, 200, 300: 3 inputs counted (start is not).
    expect(host.heldState<number>("a")).toBe(3)
    expect(r.asked).toEqual([])
    expect(rt.stateOf<number>("a")).toBe(1_000)
    expect(r.asked).toEqual(["settle a"])
  })

  it("catches everything up on request (the world's, before a change), every elider", () => {
    const rt = new Runtime(constantNetwork(0), new MemoryTrace())
    rt.catchUpElided() // no elider: nothing to do
    const [r, s] = [recorder(), recorder()]
    r.bind(rt.elide(r.elider))
    s.bind(rt.elide(s.elider))
    rt.catchUpElided()
    rt.add("b", "n", counter, 0)
    rt.stateOf("b")
    expect([r.asked, s.asked]).toEqual([["settleAll", "settle b"], ["settleAll", "settle b"]])
  })

  it("offers each elider the inputs of the machines it watches, one machine to both if both watch it", () => {
    const rt = new Runtime(constantNetwork(0), new MemoryTrace())
    for (const id of ["a", "b", "c"]) rt.add(id, "n", counter, 0)
    const [r, s] = [recorder(), recorder()]
    const [hr, hs] = [rt.elide(r.elider), rt.elide(s.elider)]
    hr.watch("a", true)
    hs.watch("b", true)
    hr.watch("c", true)
    hs.watch("c", true)
    rt.run(50)
    hr.watch("c", false) // s still watches c
    rt.run(150)
    expect(r.asked).toEqual(["intercept a start", "intercept c start", "intercept a timer"])
    expect(s.asked).toEqual(["intercept b start", "intercept c start", "intercept b timer", "intercept c timer"])
  })

  it("offers the inputs of watched machines only, while they are watched", () => {
    const rt = new Runtime(constantNetwork(0), new MemoryTrace())
    rt.add("a", "n", counter, 0)
    rt.add("b", "n", counter, 0)
    const r = recorder()
    const host = rt.elide(r.elider)
    host.watch("b", true)
    rt.run(250)
    host.watch("b", false)
    rt.run(450)
    // b's start (0) and ticks at 100 and 200 while watched; nothing of a's, nothing of b's after.
    expect(r.asked).toEqual(["intercept b start", "intercept b timer", "intercept b timer"])
    expect([rt.stateOf<number>("b"), host.heldState<number>("a")]).toEqual([4, 4])
  })

  it("puts back a suspended timer to fire at its instant, ordered as armed at `born`", () => {
    const trace = new MemoryTrace()
    const rt = new Runtime(constantNetwork(0), trace)
    rt.add("a", "n", counter, 0)
    const host = rt.elide(recorder().elider)
    rt.run(150)
    expect({ ...host.armedTimers("a").get("tick")! }).toMatchObject({ at: 200, born: 100 })
    host.suspendTimer("a", "tick")
    rt.run(1_000)
    // Suspended at 150: no tick at 200 or after; the count stays at the one tick of 100.
    expect(host.heldState<number>("a")).toBe(1)
    host.restoreTimer("a", "tick", 1_100, 100)
    rt.run(1_150)
    expect(host.heldState<number>("a")).toBe(2)
    expect(host.armedTimers("a").get("tick")?.at).toBe(1_200)
  })
})

describe("Scheduler.watch", () => {
  it("offers events of watched targets to `intercept`, growing past the targets it knew", () => {
    const s = new Scheduler<string>()
    for (const target of [0, 5, 200]) s.schedule(10, target, 0, `t${target}`)
    s.watch(200, true) // beyond the first 64 targets: the table grows
    s.watch(5, true)
    s.watch(5, false)
    const offered: Array<string> = []
    const ran: Array<string> = []
    s.runUntil(100, (_t, _k, p) => ran.push(p!), (_t, _k, p) => {
      offered.push(p!)
      return false
    })
    expect(offered).toEqual(["t200"])
    expect(ran).toEqual(["t0", "t5", "t200"])
    expect([s.now, s.ran]).toEqual([100, 3])
  })
})

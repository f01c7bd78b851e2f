import { describe, expect, it } from "vitest"
import { type Input, type Machine, multicast, send, timer, cancel } from "../../../twin/engine/machine.ts"
import { emitTest as emit } from "../../support/test-kinds.ts"
import { constantNetwork, Runtime } from "../../../twin/engine/runtime.ts"
import { encodeTraceEvent, MemoryTrace } from "../../../twin/engine/trace.ts"

type Msg = { readonly n: number }

/** Pings its peer every 1,000 µs until it has sent `count`; echoes what it receives as an emit. */
const pinger = (peer: string, count: number): Machine<{ sent: number }, Msg> => ({
  step: (s, input: Input<Msg>) => {
    switch (input._tag) {
      case "start":
        return [s, [timer("tick", 1_000)]]
      case "timer": {
        const sent = s.sent + 1
        return [{ sent }, [send(peer, { n: sent }, 100), ...(sent < count ? [timer("tick", 1_000)] : [])]]
      }
      case "receive":
        return [s, [emit("got", { n: input.message.n, from: input.from })]]
    }
  }
})

describe("Runtime", () => {
  it("delivers messages after the network latency and fires timers at their times", () => {
    const trace = new MemoryTrace()
    const rt = new Runtime(constantNetwork(250), trace)
    rt.add("a", "node-a", pinger("b", 3), { sent: 0 })
    rt.add("b", "node-b", pinger("a", 0), { sent: 0 }, 10_000)
    rt.run(10_000)
    expect(trace.events.map((e) => [e.t, e.subject, e.data])).toEqual([
      [1_250, "b", { n: 1, from: "a" }],
      [2_250, "b", { n: 2, from: "a" }],
      [3_250, "b", { n: 3, from: "a" }]
    ])
  })

  it("re-arming a timer replaces it; cancelling stops it", () => {
    const trace = new MemoryTrace()
    const m: Machine<number, never> = {
      step: (s, input) => {
        if (input._tag === "start") return [s, [timer("t", 100), timer("t", 500), timer("u", 50), cancel("u")]]
        return [s + 1, [emit("fired", { name: input._tag === "timer" ? input.name : "" })]]
      }
    }
    const rt = new Runtime(constantNetwork(0), trace)
    rt.add("m", "n", m, 0)
    rt.run(10_000)
    expect(trace.events.map((e) => [e.t, e.data])).toEqual([[500, { name: "t" }]])
  })

  it("drops messages the network blocks", () => {
    const trace = new MemoryTrace()
    const rt = new Runtime(constantNetwork(10, (_from, _to, now) => now >= 2_000 && now < 3_000), trace)
    rt.add("a", "node-a", pinger("b", 4), { sent: 0 })
    rt.add("b", "node-b", pinger("a", 0), { sent: 0 }, 10_000)
    rt.run(10_000)
    expect(trace.events.map((e) => e.data.n)).toEqual([1, 3, 4])
  })

  it("multicasts to subscribers in subscription order, each with the seqs lost on its path", () => {
    const trace = new MemoryTrace()
    const publisher: Machine<null, Msg> = {
      step: (s, input) =>
        input._tag === "start" ? [s, [multicast("omdc/SS/A", { n: 1 }, 1_000, { stream: "omdc/SS/A", first: 101, last: 110 })]] : [s, []]
    }
    const receiver: Machine<null, Msg> = {
      step: (s, input) => (input._tag === "receive" ? [s, [emit("range", { lost: [...(input.lost ?? [])] })]] : [s, []])
    }
    const lossy = (to: string, _stream: string, seq: number) => to === "fh-2" && (seq === 103 || seq === 107)
    const rt = new Runtime(constantNetwork(40, () => false, lossy), trace)
    rt.add("fh1", "fh-1", receiver, null)
    rt.add("fh2", "fh-2", receiver, null)
    rt.add("pub", "pub-node", publisher, null, 1_000)
    rt.subscribe("omdc/SS/A", "fh2")
    rt.subscribe("omdc/SS/A", "fh1")
    rt.run(5_000)
    expect(trace.events.map((e) => [e.t, e.subject, e.data])).toEqual([
      [1_040, "fh2", { lost: [103, 107] }],
      [1_040, "fh1", { lost: [] }]
    ])
  })

  it("shareInFlight: a machine added mid-run also hears what is on its way to another (kept ones only, not its timers)", () => {
    // Latency 300 ms: at 290 ms the messages multicast at 1 and 2 ms are due in the kernel's heap, the one
    // multicast at 100 ms in its calendar of far events (far-events.ts); both are shared.
    const trace = new MemoryTrace()
    const at: Record<string, number> = { n2: 2_000, n4: 100_000, n3: 295_000 }
    const publisher: Machine<null, Msg> = {
      step: (s, input) => {
        if (input._tag === "start") return [s, [multicast("g", { n: 1 }, 100), ...Object.entries(at).map(([name, t]) => timer(name, t - 1_000))]]
        if (input._tag === "timer") return [s, [multicast("g", { n: Number(input.name.slice(1)) }, 100)]]
        return [s, []]
      }
    }
    const receiver: Machine<{ readonly ticks: boolean }, Msg> = {
      step: (s, input) => {
        if (input._tag === "start") return [s, s.ticks ? [timer("tick", 350_000)] : []]
        return [s, [emit("got", { n: input._tag === "receive" ? input.message.n : 0 })]]
      }
    }
    const rt = new Runtime(constantNetwork(300_000), trace)
    rt.add("fh1", "fh-1", receiver, { ticks: true }, 0)
    rt.subscribe("g", "fh1")
    rt.add("pub", "pub-node", publisher, null, 1_000)
    rt.at(290_000, () => {
      rt.add("fh2", "fh-2", receiver, { ticks: false })
      rt.subscribe("g", "fh2")
      rt.shareInFlight<Msg>("fh1", "fh2", (input) => input._tag === "receive" && input.message.n !== 2)
    })
    rt.run(1_000_000)
    expect(trace.events.map((e) => [e.t, e.subject, e.data.n])).toEqual([
      [301_000, "fh1", 1],
      [301_000, "fh2", 1],
      [302_000, "fh1", 2],
      [350_000, "fh1", 0],
      [400_000, "fh1", 4],
      [400_000, "fh2", 4],
      [595_000, "fh1", 3],
      [595_000, "fh2", 3]
    ])
  })

  it("gives the same bytes twice", () => {
    const run = () => {
      const trace = new MemoryTrace()
      const rt = new Runtime(constantNetwork(33), trace)
      rt.add("a", "x", pinger("b", 50), { sent: 0 })
      rt.add("b", "y", pinger("a", 50), { sent: 0 })
      rt.run(1_000_000)
      return trace.events.map(encodeTraceEvent).join("\n")
    }
    const first = run()
    expect(first.length).toBeGreaterThan(1000)
    expect(run()).toBe(first)
  })

  it("re-arms a lazy timer from Machine.deadline without a step, in the order the step would have", () => {
    // A heartbeat-like timer: due 1,000 µs after the last poke or beat; a firing before then only re-arms.
    type Lazy = { readonly due: number }
    const lazy = (steps: { n: number }, withDeadline: boolean): Machine<Lazy, Msg> => ({
      step: (s, input, now) => {
        steps.n++
        if (input._tag === "start") return [s, [timer("hb", s.due - now)]]
        if (input._tag === "receive") return [{ due: now + 1_000 }, []]
        if (now < s.due) return [s, [timer("hb", s.due - now)]]
        return [{ due: now + 1_000 }, [emit("beat", {}), timer("hb", 1_000)]]
      },
      ...(withDeadline ? { deadline: (s: Lazy, name: string) => (name === "hb" ? s.due : undefined) } : {})
    })
    const run = (withDeadline: boolean) => {
      const trace = new MemoryTrace()
      const steps = { n: 0 }
      const rt = new Runtime(constantNetwork(0), trace)
      rt.add("a", "x", lazy(steps, withDeadline), { due: 1_000 })
      rt.add("b", "y", lazy(steps, withDeadline), { due: 1_000 })
      for (const id of ["a", "b"]) {
        rt.inject(500, id, { _tag: "receive", from: "z", message: { n: 0 } })
        rt.inject(1_200, id, { _tag: "receive", from: "z", message: { n: 0 } })
      }
      rt.run(2_000)
      const armed = { ...rt.elision.armedTimers("a").get("hb")! }
      rt.run(3_500)
      return { lines: trace.events.map((e) => [e.t, e.subject, e.kind]), steps: steps.n, events: rt.events, armed }
    }
    const stepped = run(false)
    const fast = run(true)
    // Both beat at 2,200 (the last poke + 1,000) and 3,200, a before b as they were armed.
    const lines = [[2_200, "a", "beat"], [2_200, "b", "beat"], [3_200, "a", "beat"], [3_200, "b", "beat"]]
    expect(stepped.lines).toEqual(lines)
    expect(fast.lines).toEqual(lines)
    // Per machine: start, 2 pokes and 4 firings (1,000 and 1,500 only re-arm) are events either way ...
    expect(stepped.events).toBe(14)
    expect(fast.events).toBe(14)
    // ... but the 2 re-arming firings are not steps with the fast path.
    expect(stepped.steps).toBe(14)
    expect(fast.steps).toBe(10)
    // Re-armed at 1,500 for 2,200, as the step re-arms it.
    expect(stepped.armed).toEqual({ generation: stepped.armed.generation, at: 2_200, born: 1_500, name: "hb", input: { _tag: "timer", name: "hb" } })
    expect(fast.armed).toEqual(stepped.armed)
  })

  it("works a lazy timer's key out once per timer (Machine.timerKey) and hands it to every deadline check", () => {
    // The machine of the test above, with a key: each of two machines arms "hb" once and keeps re-arming the
    // same timer (by its steps and by the runtime's fast path), so the key is worked out twice in all, and
    // each machine's four firings (1,000, 1,500, 2,200, 3,200) are four deadline checks given that key.
    type Lazy = { readonly due: number }
    const keysMade: Array<string> = []
    const keysSeen: Array<string> = []
    const lazy: Machine<Lazy, Msg, string> = {
      step: (s, input, now) => {
        if (input._tag === "start") return [s, [timer("hb", s.due - now)]]
        if (input._tag === "receive") return [{ due: now + 1_000 }, []]
        if (now < s.due) return [s, [timer("hb", s.due - now)]]
        return [{ due: now + 1_000 }, [emit("beat", {}), timer("hb", 1_000)]]
      },
      deadline: (s, name, _now, key) => {
        keysSeen.push(key)
        return name === "hb" ? s.due : undefined
      },
      timerKey: (name) => {
        keysMade.push(name)
        return `key of ${name}`
      }
    }
    const trace = new MemoryTrace()
    const rt = new Runtime(constantNetwork(0), trace)
    rt.add("a", "x", lazy, { due: 1_000 })
    rt.add("b", "y", lazy, { due: 1_000 })
    for (const id of ["a", "b"]) {
      rt.inject(500, id, { _tag: "receive", from: "z", message: { n: 0 } })
      rt.inject(1_200, id, { _tag: "receive", from: "z", message: { n: 0 } })
    }
    rt.run(3_500)
    expect(trace.events.map((e) => [e.t, e.subject])).toEqual([[2_200, "a"], [2_200, "b"], [3_200, "a"], [3_200, "b"]])
    expect(keysMade).toEqual(["hb", "hb"])
    expect(keysSeen).toEqual(Array.from({ length: 8 }, () => "key of hb"))
  })

  it("sends through Network.channel handles when the network has them: one per sender and receiver, same arrivals", () => {
    const run = (withChannels: boolean) => {
      const trace = new MemoryTrace()
      const base = constantNetwork(250)
      const made: Array<string> = []
      const network = withChannels
        ? {
          ...base,
          channel: (from: string, to: string) => {
            made.push(`${from}>${to}`)
            return { from, to }
          },
          deliverOn: (channel: unknown, bytes: number, now: number) => {
            const c = channel as { from: string; to: string }
            return base.deliver(c.from, c.to, bytes, now)
          }
        }
        : base
      const rt = new Runtime(network, trace)
      rt.add("a", "node-a", pinger("b", 3), { sent: 0 })
      rt.add("c", "node-c", pinger("b", 2), { sent: 0 })
      rt.add("b", "node-b", pinger("a", 0), { sent: 0 }, 10_000)
      rt.run(10_000)
      return { lines: trace.events.map((e) => [e.t, e.subject, e.data]), made }
    }
    const plain = run(false)
    const channelled = run(true)
    expect(channelled.lines).toEqual(plain.lines)
    expect(channelled.lines).toEqual([
      [1_250, "b", { n: 1, from: "a" }],
      [1_250, "b", { n: 1, from: "c" }],
      [2_250, "b", { n: 2, from: "a" }],
      [2_250, "b", { n: 2, from: "c" }],
      [3_250, "b", { n: 3, from: "a" }]
    ])
    expect(channelled.made).toEqual(["node-a>node-b", "node-c>node-b"])
  })

  it("a firing timer its own step re-arms, cancels, or cancels and re-arms, ends up armed as the step says", () => {
    const trace = new MemoryTrace()
    // Fires at 100, 200, 300: re-arms itself, then cancels and re-arms, then cancels for good.
    const m: Machine<number, never> = {
      step: (s, input) => {
        if (input._tag === "start") return [s, [timer("t", 100)]]
        const fired = emit("fired", { n: s })
        if (s === 0) return [1, [fired, timer("t", 100)]]
        if (s === 1) return [2, [fired, cancel("t"), timer("t", 100)]]
        return [3, [fired, cancel("t")]]
      }
    }
    const rt = new Runtime(constantNetwork(0), trace)
    rt.add("m", "n", m, 0)
    rt.run(250)
    expect({ ...rt.elision.armedTimers("m").get("t")! }).toMatchObject({ at: 300, born: 200 })
    rt.run(1_000)
    expect(trace.events.map((e) => [e.t, e.data])).toEqual([[100, { n: 0 }], [200, { n: 1 }], [300, { n: 2 }]])
    expect(rt.elision.armedTimers("m").size).toBe(0)
  })
})

import { describe, expect, it } from "vitest"
import { type Action, close, type Input, type Machine, send, timer } from "../../../twin/engine/machine.ts"
import { constantNetwork, Runtime } from "../../../twin/engine/runtime.ts"
import { CONNECT_BACKOFF, DATA_BACKOFF, giveUpAfter, ORPHAN_RETRIES, RESET, retransmissionDelay, rtoAfter } from "../../../twin/engine/tcp.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import { emitTest as emit } from "../../support/test-kinds.ts"

type Msg = { readonly n: number }

/** Sends message k on connection `streams[k-1]` (undefined: a datagram) at each of `at`; reports what it receives. */
const sender = (peer: string, at: ReadonlyArray<number>, streams: ReadonlyArray<number | undefined>): Machine<number, Msg> => ({
  step: (sent, input: Input<Msg>, now) => {
    if (input._tag === "start") return [sent, at.length === 0 ? [] : [timer("next", at[0]! - now)]]
    if (input._tag === "receive") return [sent, [emit("got", { n: input.message.n })]]
    const n = sent + 1
    const next = at[n]
    return [n, [send(peer, { n }, 100, streams[n - 1]), ...(next === undefined ? [] : [timer("next", next - now)])]]
  }
})

/** Runs `a` sending to `b` over a 10 µs network cut while `cut(now)`; what `b` got, with the instants. */
const received = (at: ReadonlyArray<number>, streams: ReadonlyArray<number | undefined>, cut: (now: number) => boolean, until = 2_000_000_000) => {
  const trace = new MemoryTrace()
  const rt = new Runtime(constantNetwork(10, (_from, _to, now) => cut(now)), trace)
  rt.add("a", "node-a", sender("b", at, streams), 0)
  rt.add("b", "node-b", sender("a", [], []), 0)
  rt.run(until)
  return trace.events.map((e) => [e.t, e.data.n])
}

describe("TCP backoff (Linux defaults)", () => {
  it("doubles from 200 ms to 120 s and gives data up after 924.6 s, a connect after 127 s", () => {
    expect([0, 1, 2, 9, 10, 15].map((n) => rtoAfter(DATA_BACKOFF, n))).toEqual([200_000, 400_000, 800_000, 102_400_000, 120_000_000, 120_000_000])
    expect(giveUpAfter(DATA_BACKOFF)).toBe(924_600_000)
    expect(giveUpAfter(CONNECT_BACKOFF)).toBe(127_000_000)
  })

  it("random loss costs the timeouts of the sendings lost; all lost is no delivery", () => {
    const losses = (k: number) => {
      let n = 0
      return () => n++ < k
    }
    expect(retransmissionDelay(DATA_BACKOFF, losses(0))).toBe(0)
    expect(retransmissionDelay(DATA_BACKOFF, losses(2))).toBe(600_000)
    expect(retransmissionDelay(DATA_BACKOFF, losses(16))).toBeUndefined()
  })
})

describe("Runtime: messages on a TCP connection", () => {
  const cutFrom1sTo2s = (now: number) => now >= 1_000_000 && now < 2_000_000

  it("are held while the path is cut and arrive in order at the first retransmission after it returns", () => {
    // Connection opened at 0.5 s (message 1); 2 and 3 written into the cut at 1.1 s and 1.3 s: 2 is
    // retransmitted at 1.3, 1.7, 2.5 s (200, 400, 800 ms), 3 waits behind it.
    expect(received([500_000, 1_100_000, 1_300_000, 2_600_000], [7, 7, 7, 7], cutFrom1sTo2s)).toEqual([
      [500_010, 1],
      [2_500_010, 2],
      [2_500_010, 3],
      [2_600_010, 4]
    ])
  })

  it("while a datagram in the same cut is lost", () => {
    expect(received([500_000, 1_100_000, 2_600_000], [undefined, undefined, undefined], cutFrom1sTo2s)).toEqual([[500_010, 1], [2_600_010, 3]])
  })

  it("a connection's first message is its SYN: retransmitted after 1 s, 2 s, …", () => {
    expect(received([1_500_000], [1], cutFrom1sTo2s)).toEqual([[2_500_010, 1]])
  })

  it("a SYN to a host that is down goes unanswered and is sent again until the host is back; data on an established connection dies with it", () => {
    // b's host is down from 1 s to 2 s: the network answers RESET for a stream message (sim-network.ts, an
    // end of the path down). Connection 1 opened at 0.5 s, its message 2 written at 1.1 s: dead. Connection 2
    // opened at 1.5 s: its SYN is sent again at 2.5 s (1 s initial RTO) and the host, back, accepts it.
    const down = (now: number) => now >= 1_000_000 && now < 2_000_000
    const trace = new MemoryTrace()
    const rt = new Runtime({
      ...constantNetwork(10),
      channel: (from, to) => ({ from, to }),
      deliverOn: (_channel, _bytes, now) => now + 10,
      deliverStream: (_channel, _bytes, now) => (down(now) ? RESET : now + 10)
    }, trace)
    rt.add("a", "node-a", sender("b", [500_000, 1_100_000, 1_500_000], [1, 1, 2]), 0)
    rt.add("b", "node-b", sender("a", [], []), 0)
    rt.run(10_000_000)
    expect(trace.events.map((e) => [e.t, e.data.n])).toEqual([[500_010, 1], [2_500_010, 3]])
  })

  it("an answer on a connection the peer opened is data, not a SYN: retransmitted after 200 ms", () => {
    const echo: Machine<null, Msg> = {
      step: (s, input) => (input._tag === "receive" ? [s, [send(input.from, { n: input.message.n + 100 }, 100, 3)]] : [s, []])
    }
    const trace = new MemoryTrace()
    // b → a cut from 0.5 s to 0.9 s: the answer to 1 (at b 0.5 s + 10 µs) goes at 0.7 s (cut), then at 1.1 s.
    const rt = new Runtime(constantNetwork(10, (from, _to, now) => from === "node-b" && now >= 500_000 && now < 900_000), trace)
    rt.add("a", "node-a", sender("b", [500_000], [3]), 0)
    rt.add("b", "node-b", echo, null)
    rt.run(5_000_000)
    expect(trace.events.map((e) => [e.t, e.data.n])).toEqual([[1_100_020, 101]])
  })

  it("a newer connection to the same machine ends the older one and its unsent messages", () => {
    // 2 (connection 1) is held; 3 opens connection 2 after the path returned: 2 is never delivered.
    expect(received([500_000, 1_100_000, 2_100_000, 2_700_000], [1, 1, 2, 1], cutFrom1sTo2s)).toEqual([
      [500_010, 1],
      [2_100_010, 3],
      [2_700_010, 4]
    ])
  })

  it("the kernel gives a connection up 924.6 s after its unsent message was first sent", () => {
    const cutLong = (end: number) => (now: number) => now >= 1_000_000 && now < end
    // Back 924 s after the message: the 15th and last retransmission (804.6 s after it) was cut, and the
    // timeout that follows it (120 s) ends in a reset, not in another sending.
    expect(received([500_000, 1_100_000], [1, 1], cutLong(1_100_000 + 924_000_000))).toEqual([[500_010, 1]])
    // Back before the last retransmission: delivered by it, 804.6 s after the first sending.
    expect(received([500_000, 1_100_000], [1, 1], cutLong(1_100_000 + 800_000_000))).toEqual([[500_010, 1], [1_100_000 + 804_600_000 + 10, 2]])
  })
})

describe("Runtime: closing a TCP connection", () => {
  /** Performs each scripted action at its instant (sorted); reports what it receives. */
  const script = (steps: ReadonlyArray<readonly [number, Action<Msg>]>): Machine<number, Msg> => ({
    step: (done, input: Input<Msg>, now) => {
      if (input._tag === "start") return [done, steps.length === 0 ? [] : [timer("next", steps[0]![0] - now)]]
      if (input._tag === "receive") return [done, [emit("got", { n: input.message.n })]]
      const next = steps[done + 1]
      return [done + 1, [steps[done]![1], ...(next === undefined ? [] : [timer("next", next[0] - now)])]]
    }
  })
  const run = (steps: ReadonlyArray<readonly [number, Action<Msg>]>, cut: (now: number) => boolean) => {
    const trace = new MemoryTrace()
    const rt = new Runtime(constantNetwork(10, (_from, _to, now) => cut(now)), trace)
    rt.add("a", "node-a", script(steps), 0)
    rt.add("b", "node-b", script([]), 0)
    rt.run(2_000_000_000)
    return trace.events.map((e) => [e.t, e.data.n])
  }
  const cutUntil = (end: number) => (now: number) => now >= 1_000_000 && now < end

  it("aborts a connection whose SYN the cut holds: nothing written on it ever arrives", () => {
    const open: Array<readonly [number, Action<Msg>]> = [[1_100_000, send("b", { n: 1 }, 100, 4)], [1_200_000, send("b", { n: 2 }, 100, 4)]]
    // Not closed: the SYN's retransmission at 2.1 s carries both.
    expect(run(open, cutUntil(2_000_000))).toEqual([[2_100_010, 1], [2_100_010, 2]])
    expect(run([...open, [1_500_000, close("b", 4)]], cutUntil(2_000_000))).toEqual([])
  })

  it("leaves a newer connection to the same machine alone", () => {
    const steps: Array<readonly [number, Action<Msg>]> = [[1_100_000, send("b", { n: 1 }, 100, 4)], [1_500_000, close("b", 3)]]
    expect(run(steps, cutUntil(2_000_000))).toEqual([[2_100_010, 1]])
  })

  it("orphans an established one: what it holds goes until the 8th retransmission, then the connection is reset", () => {
    const steps: Array<readonly [number, Action<Msg>]> = [
      [500_000, send("b", { n: 1 }, 100, 4)],
      [1_100_000, send("b", { n: 2 }, 100, 4)],
      [1_200_000, close("b", 4)]
    ]
    expect(ORPHAN_RETRIES).toBe(8)
    const eighth = 1_100_000 + 51_000_000 // 0.2 s × (2⁸ − 1) after the first sending
    expect(run(steps, cutUntil(eighth - 1))).toEqual([[500_010, 1], [eighth + 10, 2]])
    expect(run(steps, cutUntil(eighth + 1))).toEqual([[500_010, 1]])
    // Not closed, the same cut ends at the 9th retransmission, 51.2 s later.
    expect(run(steps.slice(0, 2), cutUntil(eighth + 1))).toEqual([[500_010, 1], [eighth + 51_200_000 + 10, 2]])
  })
})

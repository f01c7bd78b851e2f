/**
 * `OmdListener` on real loopback multicast, fed by an in-test sender that uses the codec, recovering from an
 * in-test RTS server over TCP. The day: a Sequence Reset on both lines, then 20 packets of 10 Add Orders
 * (numbers 1..200, packet k holds 10k+1..10k+10; order id = number). Counts below follow from that layout.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { encodePacket, packMessages, type AddOrder, type OmdMessage } from "../../../../../twin/wire/omd/index.ts"
import type { ChannelStats } from "../../../../../twin/wire/omd/listen/channel-feed.ts"
import { OmdListener, type ChannelEndpoints } from "../../../../../twin/wire/omd/listen/listener.ts"
import { PcapWriter } from "../../../../../twin/wire/omd/listen/pcap.ts"
import { closedPort, eventually, MulticastSender, randomAddressBlock, TestRtsServer, type Endpoint } from "./loopback-peers.ts"

const block = randomAddressBlock()
let nextGroup = 1
/** Fresh groups and ports for each test: 239.255.G.n on port P+n. */
const endpoint = (): Endpoint => {
  const n = nextGroup++
  return { address: block.group(n), port: block.port(n) }
}

const order = (seq: number): AddOrder => ({ msgType: 30, securityCode: 5, orderId: BigInt(seq), price: 1000, quantity: 100, side: 0, orderType: "2", orderBookPosition: 0 })
const DAY = Array.from({ length: 20 }, (_, k) => encodePacket(10 * k + 1, 0n, Array.from({ length: 10 }, (_, i) => order(10 * k + 1 + i))))
const RESET = encodePacket(1, 0n, [{ msgType: 100, newSeqNo: 1 }])
const STORED = new Map<number, OmdMessage>(Array.from({ length: 200 }, (_, i) => [i + 1, order(i + 1)]))

const cleanup: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close()
})

const setUp = async (channels: ReadonlyArray<ChannelEndpoints>, rtsPort: number | ReadonlyArray<number> | undefined, pcap?: PcapWriter) => {
  const sender = await MulticastSender.start()
  cleanup.push(() => sender.close())
  const events: Array<string> = []
  const listener = await OmdListener.start({
    channels, rts: rtsPort === undefined ? undefined : (typeof rtsPort === "number" ? [rtsPort] : rtsPort).map((port) => ({ host: "127.0.0.1", port })), username: "P0001",
    rtsConnectTimeoutMs: 2000, rtsResponseTimeoutMs: 5000, onEvent: (line) => events.push(line), ...(pcap === undefined ? {} : { pcap })
  })
  cleanup.push(() => listener.stop())
  return { sender, listener, events }
}

/** Sends the day on both lines, packet k to line A unless dropped there, then to line B unless dropped there. */
const sendDay = async (sender: MulticastSender, a: Endpoint, b: Endpoint, dropA: ReadonlySet<number>, dropB: ReadonlySet<number>, packets = DAY) => {
  await sender.send(RESET, a)
  await sender.send(RESET, b)
  for (let k = 0; k < packets.length; k++) {
    if (!dropA.has(k)) await sender.send(packets[k]!, a)
    if (!dropB.has(k)) await sender.send(packets[k]!, b)
  }
}

const ss = (listener: OmdListener): ChannelStats => listener.report().channels[0]!

describe("twin omd listen's feed handler on loopback", () => {
  it("receives both lines: 200 messages processed once, the other copies duplicates, no gap; the pcap reads back in tcpdump", async () => {
    const a = endpoint()
    const b = endpoint()
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "omd-listen-")), "both.pcap")
    cleanup.push(async () => fs.rmSync(path.dirname(file), { recursive: true, force: true }))
    const { sender, listener } = await setUp([{ channel: "SS", channelId: 1, lineA: a, lineB: b }], undefined, new PcapWriter(file))
    await sendDay(sender, a, b, new Set(), new Set())
    expect(await eventually(() => ss(listener).processed === 200 && ss(listener).duplicates === 200)).toBe(true)
    const report = await listener.stop()
    const s = report.channels[0]!
    // 21 packets a line (the reset + 20); 1 + 200 messages a line; 16 + 8 = 24 and 16 + 10·32 = 336 bytes.
    expect([s.lines.A.packets, s.lines.B.packets, s.lines.A.messages, s.lines.A.bytes]).toEqual([21, 21, 201, 24 + 20 * 336])
    expect([s.gaps, s.recovered, s.unrecovered, s.sequenceResets, s.nextExpected, s.books.orders]).toEqual([0, 0, 0, 1, 201, 200])
    expect(report.pcap).toEqual({ path: file, packets: 42 })
    const lines = execFileSync("tcpdump", ["-r", file, "-nn"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim().split("\n")
    expect(lines).toHaveLength(42)
    // Arrival order across the two sockets is the kernel's: count each kind of line instead.
    const count = (to: Endpoint, length: number) => lines.filter((l) => l.includes(`IP 127.0.0.1.${sender.port} > ${to.address}.${to.port}: UDP, length ${length}`)).length
    expect([count(a, 24), count(b, 24), count(a, 336), count(b, 336)]).toEqual([1, 1, 20, 20])
  })

  it("loses packets 4..6 on line A only: line B fills them, no gap, no RTS request", async () => {
    const a = endpoint()
    const b = endpoint()
    const rts = await TestRtsServer.start(STORED)
    cleanup.push(() => rts.close())
    const { sender, listener } = await setUp([{ channel: "SS", channelId: 1, lineA: a, lineB: b }], rts.port)
    await sendDay(sender, a, b, new Set([4, 5, 6]), new Set())
    expect(await eventually(() => ss(listener).processed === 200 && ss(listener).lines.B.packets === 21)).toBe(true)
    const s = ss(listener)
    expect([s.lines.A.packets, s.gaps, s.recovered, s.books.orders]).toEqual([18, 0, 0, 200])
    expect(s.lines.B.firstCome).toBeGreaterThanOrEqual(30) // 41..70 came only on B
    expect(rts.requests).toEqual([])
  })

  it("loses packet 4 (numbers 41..50) on both lines: asks the RTS for exactly 41..50 and recovers them", async () => {
    const a = endpoint()
    const b = endpoint()
    const rts = await TestRtsServer.start(STORED)
    cleanup.push(() => rts.close())
    const { sender, listener, events } = await setUp([{ channel: "SS", channelId: 1, lineA: a, lineB: b }], rts.port)
    await sendDay(sender, a, b, new Set([4]), new Set([4]))
    expect(await eventually(() => ss(listener).processed === 200)).toBe(true)
    const s = ss(listener)
    expect([s.gaps, s.gapMessages, s.recovered, s.unrecovered, s.rtsRequests, s.books.orders, s.nextExpected]).toEqual([1, 10, 10, 0, 1, 200, 201])
    expect(rts.requests).toEqual([{ username: "P0001", channelId: 1, beginSeqNum: 41, endSeqNum: 50 }])
    expect(events).toContain("SS: gap 41-50 recovered from RTS (10 messages)")
  })

  it("asks the next RTS when the first refuses the connection: the second serves exactly 41..50", async () => {
    const a = endpoint()
    const b = endpoint()
    const rts = await TestRtsServer.start(STORED)
    cleanup.push(() => rts.close())
    const { sender, listener } = await setUp([{ channel: "SS", channelId: 1, lineA: a, lineB: b }], [await closedPort(), rts.port])
    await sendDay(sender, a, b, new Set([4]), new Set([4]))
    expect(await eventually(() => ss(listener).processed === 200)).toBe(true)
    expect([ss(listener).recovered, ss(listener).rtsFailures, listener.report().rtsRequestsSent]).toEqual([10, 0, 2])
    expect(rts.requests).toEqual([{ username: "P0001", channelId: 1, beginSeqNum: 41, endSeqNum: 50 }])
  })

  it("falls back to refresh when the RTS refuses the connection: snapshot at 60, 41..50 unrecovered, 61..100 from the cache", async () => {
    const a = endpoint()
    const b = endpoint()
    const refreshA = endpoint()
    const refreshB = endpoint()
    const { sender, listener, events } = await setUp([{ channel: "SS", channelId: 1, lineA: a, lineB: b, refreshA, refreshB }], await closedPort())
    await sendDay(sender, a, b, new Set([4]), new Set([4]), DAY.slice(0, 10)) // numbers 1..100
    expect(await eventually(() => ss(listener).state === "awaiting-refresh")).toBe(true)
    // The refresh cycle: a snapshot of the market at 60 (orders 1..60) then Refresh Complete(60), on refresh A, repeated.
    const cycle: Array<OmdMessage> = [...Array.from({ length: 60 }, (_, i) => order(i + 1)), { msgType: 203, lastSeqNum: 60 }]
    let refreshSeq = 1
    const refreshing = setInterval(() => {
      for (const p of packMessages(refreshSeq, 0n, cycle)) void sender.send(p.bytes, refreshA)
      refreshSeq += cycle.length
    }, 20)
    cleanup.push(async () => clearInterval(refreshing))
    expect(await eventually(() => ss(listener).refreshes === 1)).toBe(true)
    const s = ss(listener)
    // Processed: 1..40 live, then 61..100 from the cache (51..60 superseded by the snapshot) = 80.
    expect([s.gaps, s.rtsFailures, s.refreshes, s.unrecovered, s.processed, s.nextExpected, s.books.orders, s.state]).toEqual([1, 1, 1, 10, 80, 101, 100, "synced"])
    expect(events).toContain("SS: RTS cannot serve 41-50 (connection refused): refresh")
  })

  it("sees and reports the DR signal: DRStatus 1 clears the books, the repeated DRStatus 2 is reported once", async () => {
    const a = endpoint()
    const b = endpoint()
    const drA = endpoint()
    const drB = endpoint()
    const { sender, listener, events } = await setUp(
      [{ channel: "SS", channelId: 1, lineA: a, lineB: b }, { channel: "DR", channelId: undefined, lineA: drA, lineB: drB }],
      undefined
    )
    await sendDay(sender, a, b, new Set(), new Set(), DAY.slice(0, 3))
    expect(await eventually(() => ss(listener).books.orders === 30)).toBe(true)
    await sender.send(RESET, drA)
    await sender.send(RESET, drB)
    for (const [seq, drStatus] of [[1, 1], [2, 2], [3, 2]] as const) {
      const packet = encodePacket(seq, 0n, [{ msgType: 105, drStatus }])
      await sender.send(packet, drA)
      await sender.send(packet, drB)
    }
    expect(await eventually(() => listener.report().drSignals.length === 3)).toBe(true)
    expect(listener.report().drSignals.map((d) => [d.channel, d.seq, d.drStatus])).toEqual([["DR", 1, 1], ["DR", 2, 2], ["DR", 3, 2]])
    expect(events.filter((e) => e.includes("Disaster Recovery Signal"))).toEqual([
      "DR: Disaster Recovery Signal, DRStatus 1 (DR in progress) at 1",
      "DR: Disaster Recovery Signal, DRStatus 2 (DR completed) at 2"
    ])
    expect(ss(listener).books.orders).toBe(0)
  })
})

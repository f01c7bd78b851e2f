/**
 * The network loses OMD packets, not single sequence numbers: a publisher's slice and a refresh snapshot
 * tell the network how many consecutive numbers one packet carries (stream.ts `messagesPerPacket`).
 */
import { describe, expect, it } from "vitest"
import { Runtime, type Network } from "../../../../twin/engine/runtime.ts"
import { MemoryTrace } from "../../../../twin/engine/trace.ts"
import { messagesPerPacket, publisherNode, realRequests, refreshPublisherNode } from "../../../../twin/models/omd/index.ts"
import { seconds } from "../../../../twin/engine/time.ts"
import { at } from "./world.ts"

describe("packets of OMD messages", () => {
  it("holds ⌊(1,500 − 28 − 16) / bytes⌋ messages: 36 of SS's 40 bytes, 40 of SP's 36, 52 of SF's 28", () => {
    expect([messagesPerPacket(40), messagesPerPacket(36), messagesPerPacket(28)]).toEqual([36, 40, 52])
    expect(messagesPerPacket(5_000)).toBe(1)
  })

  it("counts a request by the packets it spans, at most one per real channel", () => {
    // 36 numbers = 1 packet; 37 = 2; 10,000 over 4 real channels = 4.
    expect([realRequests(36, 4, 36), realRequests(37, 4, 36), realRequests(10_000, 4, 36), realRequests(3, 4)]).toEqual([1, 2, 4, 3])
  })

  it("a publisher's slices and a refresh snapshot are lost by the network in packets of the channel's size", () => {
    const asked: Array<readonly [string, number, number, number | undefined]> = []
    const network: Network = {
      deliver: (_from, _to, _bytes, now) => now + 100,
      lostInRange: (_from, _to, stream, first, last, _now, perPacket) => {
        asked.push([stream, first, last, perPacket])
        return []
      }
    }
    const rt = new Runtime(network, new MemoryTrace())
    const pub = publisherNode({ group: "SS", line: "A", rates: [{ from: at("09:30"), perSecond: 10_000 }], timetable: [], startOfDayMessages: 0 })
    const refresh = refreshPublisherNode({ group: "SS", line: "A", period: seconds(30), snapshotDuration: seconds(1), snapshotMessages: 100 })
    rt.add("pub", "pub", pub.machine, pub.state, at("06:00"))
    rt.add("refresh", "refresh", refresh.machine, refresh.state, at("06:00"))
    rt.add("rx", "rx", { step: (s) => [s, []] }, null)
    for (const g of ["omdc/SS/A", "omdc/SS/refresh/A"]) rt.subscribe(g, "rx")
    rt.run(at("09:30:02"))
    // 09:30:01: the first one-second slice, 1 … 10,000, in packets of 36 (SS: 40-byte messages).
    expect(asked.filter(([stream]) => stream === "omdc/SS/A").slice(0, 1)).toEqual([["omdc/SS/A", 1, 10_000, 36]])
    expect(asked.find(([stream, first, last]) => stream === "omdc/SS/refresh/A" && last > first)?.[3]).toBe(36)
  })
})

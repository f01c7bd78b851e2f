/**
 * SendTime of a refresh snapshot's packets (spec §3.2: the header carries "a send timestamp"; §3.3: ns since
 * the epoch, to the millisecond). The rig sends snapshot packet j of n at `spreadOffset(j, n, 29 s)`
 * after the snapshot reaches the participant (feed.ts: the snapshot paced over its 30 s cycle less 1 s);
 * the publisher started it at the trace's `omd.refresh.cycle` instant, so packet j leaves the publisher at
 * that instant + the same offset, and that is its SendTime — every packet its own, 29 s / n ≈ 2.8 ms apart,
 * not the one SendTime the whole snapshot carried before. Refresh Complete goes right after the last packet.
 *
 * No sockets: the feed's queue is a recorder that sends each packet at once and notes when it was due, so
 * the assertions are the world's instants (default estate — the tiny one has no refresh publishers — one
 * participant on SS, 09:00 … 09:01:05).
 */
import { describe, expect, it } from "vitest"
import type { Micros } from "../../../../../twin/engine/time.ts"
import { LiveSession } from "../../../../../twin/serve/live-session.ts"
import { decodePacket, isOmdDecodeError, type DecodedPacket } from "../../../../../twin/wire/omd/index.ts"
import { DEFAULT_ADDRESS_BASE } from "../../../../../twin/wire/omd/rig/address-plan.ts"
import { OmdFeed, refreshCompleteSeq, spreadOffset } from "../../../../../twin/wire/omd/rig/feed.ts"
import { sendTimeOf } from "../../../../../twin/wire/omd/rig/packets.ts"
import type { Outgoing, OutgoingSeries, SendQueue } from "../../../../../twin/wire/omd/rig/send-queue.ts"
import { defaultEstate, NINE, seconds } from "./support.ts"

const N = 30_000 // the refresh model's snapshot size
const model = defaultEstate()
const P = model.file.participants.find((p) => p.circuits.length === 1 && p.omdC.includes("SS"))!.id

interface Sent {
  readonly due: Micros
  readonly packet: DecodedPacket
}

describe("a refresh snapshot's SendTimes (default estate, SS refresh line A)", () => {
  it("advance packet by packet with the pacing: cycle start + spreadOffset(j, n, 29 s); Refresh Complete after the last", () => {
    const live = new LiveSession({ model, seed: 7, window: { from: NINE, to: NINE + seconds(65) }, moved: [] })
    let due: Micros = 0
    const recorder = {
      push: (item: Outgoing) => {
        due = item.at
        item.send()
      },
      pushSeries: (series: OutgoingSeries) => {
        for (let j = 0; j < series.count; j++) {
          due = series.atOf(j)
          series.send(j)
        }
      },
      drainSoon: () => undefined
    }
    const sent: Array<Sent> = []
    const feed = new OmdFeed({
      model,
      seed: 7,
      watched: [P],
      base: DEFAULT_ADDRESS_BASE,
      queue: recorder as unknown as SendQueue,
      sink: (_node, target, bytes) => {
        if (target.group !== "SS" || target.role !== "refresh-A") return
        const packet = decodePacket(bytes, { skipUnknown: true })
        if (isOmdDecodeError(packet)) throw new Error(`undecodable: ${packet.message}`)
        sent.push({ due, packet })
      },
      log: () => undefined
    })
    live.taps.omd = feed.tap
    live.onAdvanced((fresh) => feed.advanced(fresh))
    while (live.now < NINE + seconds(65)) live.advance(live.now + 100_000)

    const cycles = live.log.filter((e) => e.kind === "omd.refresh.cycle" && (e.data as { channel: string }).channel === "omdc/SS" && (e.data as { line: string }).line === "A")
    expect(cycles.slice(0, 2).map((e) => e.t)).toEqual([NINE + seconds(30), NINE + seconds(60)])
    const cycle1 = sent.filter((s) => s.packet.header.seqNum <= N)
    const n = cycle1.length
    expect(cycle1.reduce((m, s) => m + s.packet.header.msgCount, 0)).toBe(N)
    const sendTimes = cycle1.map((s) => s.packet.header.sendTime)

    // Packet j: 09:00:30 + ⌊j · 29 s / n⌋, to the millisecond (sendTimeOf floors to it).
    expect(sendTimes).toEqual(cycle1.map((_, j) => sendTimeOf(NINE + seconds(30) + spreadOffset(j, n, seconds(29)))))
    // n ≈ 10,000 packets over 29 s: ≈ 2.8 ms apart, so each SendTime is later than the one before.
    expect(n).toBeGreaterThan(10_000)
    expect(n).toBeLessThan(29_000)
    for (let j = 1; j < n; j++) expect(sendTimes[j]! > sendTimes[j - 1]!).toBe(true)
    expect(sendTimes.at(-1)! - sendTimes[0]!).toBe(sendTimeOf(spreadOffset(n - 1, n, seconds(29))) - sendTimeOf(0))

    // The line sends each packet the path's delay after its SendTime: the same delay for all (± the ms cut).
    const delays = cycle1.map((s, j) => s.due - Number(sendTimes[j]! / 1_000n - sendTimeOf(0) / 1_000n))
    expect(Math.max(...delays) - Math.min(...delays)).toBeLessThan(1_000)
    expect(Math.min(...delays)).toBeGreaterThan(0)

    // Refresh Complete 30,001 right after the last packet: not stamped before it, and before cycle 2's first.
    const rc = sent.find((s) => s.packet.header.seqNum === refreshCompleteSeq(N, 1))!
    expect(rc.packet.messages[0]).toMatchObject({ msgType: 203 })
    expect(rc.packet.header.sendTime).toBe(sendTimes.at(-1))
    const cycle2First = sent.find((s) => s.packet.header.seqNum === refreshCompleteSeq(N, 1) + 1)!
    expect(cycle2First.packet.header.sendTime).toBe(sendTimeOf(NINE + seconds(60)))
    expect(cycle2First.packet.header.sendTime > rc.packet.header.sendTime).toBe(true)
  }, 120_000)
})

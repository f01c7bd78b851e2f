/**
 * Refresh snapshots paced over their cycle (feed.ts `snapshotSpread`), on the default estate at 1× in virtual
 * time: the rig's send queue reads a virtual clock (ms = the world's µs / 1,000), so what is asserted is when
 * the rig sends each packet, not how fast this machine is.
 *
 * The bug this pins (issue 18, `twin serve --speed 1 --rig P0002`): a snapshot of the default estate is 10,357
 * packets (30,000 messages; the universe's 19,999 Security Definitions make most of its 11.6 MB) and was sent
 * over 0.9 s, SS and SP on refresh A and B together: ~46,000 packets/s per watched participant, so the rig
 * dropped most of them (over 2 s late) and a late-joining `twin omd listen` never saw a whole snapshot.
 * Now cycle k's snapshot goes out evenly over the 30 s period less 1 s (SNAPSHOT_MARGIN): at most
 * ⌈10,357 / 29⌉ = 358 packets in any second of the line, its Refresh Complete right after its last packet and
 * before cycle k + 1's first.
 *
 * The listener (ChannelFeed, the logic of `twin omd listen` without sockets) joins SS at 09:00:40, during cycle
 * 1's snapshot (started 09:00:30): it discards up to cycle 1's Refresh Complete (number 30,001, sent ≈ 09:00:59),
 * collects cycle 2's snapshot (30,002 … 60,001, from 09:01:00) and takes it at Refresh Complete 60,002
 * (≈ 09:01:29), synchronised at cycle 2's LastSeqNum from the trace's `omd.refresh.cycle`.
 */
import { afterEach, describe, expect, it } from "vitest"
import type { Micros } from "../../../../../twin/engine/time.ts"
import { LiveSession } from "../../../../../twin/serve/live-session.ts"
import { decodePacket, isOmdDecodeError, type DecodedPacket } from "../../../../../twin/wire/omd/index.ts"
import { ChannelFeed } from "../../../../../twin/wire/omd/listen/channel-feed.ts"
import { DEFAULT_ADDRESS_BASE } from "../../../../../twin/wire/omd/rig/address-plan.ts"
import { OmdFeed, refreshCompleteSeq, snapshotSpread, DEFAULT_REFRESH_PERIOD } from "../../../../../twin/wire/omd/rig/feed.ts"
import { SendQueue } from "../../../../../twin/wire/omd/rig/send-queue.ts"
import { defaultEstate, NINE, seconds } from "./support.ts"

const model = defaultEstate()
const P = model.file.participants.find((p) => p.circuits.length === 1 && p.omdC.includes("SS"))!.id
const N = 30_000 // the refresh model's snapshot size (index.ts refreshPublisherNode)

interface Sent {
  readonly ms: number
  readonly role: string
  readonly packet: DecodedPacket
}

const closing: Array<() => void> = []
afterEach(() => {
  for (const c of closing.splice(0)) c()
})

describe("refresh snapshots paced over the cycle (default estate, 1×, virtual clock)", () => {
  it("SS refresh A: 10,357 snapshot packets, ≤ 358 a second, Refresh Complete after them; a listener joining at 09:00:40 takes cycle 2", async () => {
    const live = new LiveSession({ model, seed: 7, window: { from: NINE, to: NINE + seconds(92) }, moved: [] })
    let clockMs = NINE / 1_000
    const queue = new SendQueue((t: Micros) => t / 1_000, () => clockMs)
    closing.push(() => queue.close())
    const sent: Array<Sent> = []
    let handed = 0
    const feed = new OmdFeed({
      model,
      seed: 7,
      watched: [P],
      base: DEFAULT_ADDRESS_BASE,
      queue,
      sink: (_node, target, bytes) => {
        handed++
        if (target.group !== "SS") return
        const packet = decodePacket(bytes, { skipUnknown: true })
        if (isOmdDecodeError(packet)) throw new Error(`undecodable packet on ${target.role}: ${packet.message}`)
        sent.push({ ms: clockMs, role: target.role, packet })
      },
      log: () => undefined
    })
    live.taps.omd = feed.tap
    live.onAdvanced((fresh) => feed.advanced(fresh))
    const step = 100_000
    while (live.now < NINE + seconds(92)) {
      clockMs = (live.now + step) / 1_000
      live.advance(live.now + step)
      // Every due packet out, of every group (the queue sends 32 a turn of the event loop).
      let before: number
      do {
        before = handed
        await new Promise((resolve) => setImmediate(resolve))
      } while (handed !== before)
    }
    expect(queue.dropped).toBe(0)

    const cycles = live.log.filter((e) => e.kind === "omd.refresh.cycle" && (e.data as { channel: string }).channel === "omdc/SS" && (e.data as { line: string }).line === "A")
    expect(cycles.map((e) => [e.t, (e.data as { cycle: number }).cycle])).toEqual([
      [NINE + seconds(30), 1],
      [NINE + seconds(60), 2],
      [NINE + seconds(90), 3]
    ])
    expect(snapshotSpread(DEFAULT_REFRESH_PERIOD)).toBe(seconds(29))

    // Refresh line A: cycle 1's snapshot 1 … 30,000 then Refresh Complete 30,001 = refreshCompleteSeq(N, 1).
    const refreshA = sent.filter((s) => s.role === "refresh-A")
    const cycle1 = refreshA.filter((s) => s.packet.header.seqNum <= N)
    expect(cycle1.length).toBe(10_357)
    expect(cycle1.reduce((n, s) => n + s.packet.header.msgCount, 0)).toBe(N)
    const rc1 = refreshA.findIndex((s) => s.packet.header.seqNum === refreshCompleteSeq(N, 1))
    expect(refreshA[rc1]!.packet.messages).toEqual([{ msgType: 203, lastSeqNum: (cycles[0]!.data as { lastSeqNum: number }).lastSeqNum }])
    // Its last snapshot packet goes before it, cycle 2's first (30,002) after it; all within 09:00:30 … 09:01:00.
    expect(refreshA.findIndex((s) => s.packet.header.seqNum === N - cycle1.at(-1)!.packet.header.msgCount + 1)).toBe(rc1 - 1)
    expect(refreshA[rc1 + 1]!.packet.header.seqNum).toBe(refreshCompleteSeq(N, 1) + 1)
    expect(cycle1[0]!.ms).toBeGreaterThanOrEqual((NINE + seconds(30)) / 1_000)
    expect(refreshA[rc1]!.ms).toBeGreaterThanOrEqual((NINE + seconds(58)) / 1_000)
    expect(refreshA[rc1]!.ms).toBeLessThan((NINE + seconds(60)) / 1_000)
    // Paced: ≤ ⌈10,357 / 29⌉ = 358 packets in any whole second of the refresh line (was ~11,500 in 0.9 s).
    const perSecond = new Map<number, number>()
    for (const s of refreshA) perSecond.set(Math.floor(s.ms / 1_000), (perSecond.get(Math.floor(s.ms / 1_000)) ?? 0) + 1)
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(Math.ceil(10_357 / 29))

    // A listener joining at 09:00:40 (late start: refresh) completes with cycle 2's snapshot.
    const joinMs = (NINE + seconds(40)) / 1_000
    const listener = new ChannelFeed({ channel: "SS", arbitrationTimeoutMs: 50 })
    listener.start(joinMs)
    const notes: Array<string> = []
    let completedMs: number | undefined
    for (const s of sent) {
      if (s.ms < joinMs) continue
      const actions =
        s.role === "line-A" || s.role === "line-B"
          ? listener.packet(s.role === "line-A" ? "A" : "B", s.packet, s.ms)
          : listener.refreshPacket(s.packet, s.ms)
      for (const a of actions) {
        if (a._tag === "note") notes.push(a.text)
        if (a._tag === "leave-refresh") completedMs ??= s.ms
      }
    }
    const lastSeqNum2 = (cycles[1]!.data as { lastSeqNum: number }).lastSeqNum
    expect(listener.state).toBe("synced")
    expect(listener.statistics(completedMs!).refreshes).toBe(1)
    expect(notes.filter((n) => n.includes("synchronised"))).toEqual([expect.stringContaining(`SS: refresh (late start) synchronised at ${lastSeqNum2}, ${N} snapshot messages`)])
    // Taken at cycle 2's Refresh Complete, before 09:01:30 (cycle 3).
    expect(completedMs!).toBeGreaterThanOrEqual((NINE + seconds(88)) / 1_000)
    expect(completedMs!).toBeLessThan((NINE + seconds(90)) / 1_000)
  }, 240_000)
})

/**
 * Refresh lines and the DR channel on the wire (default estate: refresh servers and a DR pair for every
 * publisher), for a watched participant P with one circuit taking SS.
 *
 * Refresh (spec §4.4): the refresh model's first snapshot after a 09:00 start is at 09:00:30 (06:00 + k·30 s),
 * sent on the lines a receiver on this host joined (group-members.ts);
 * cycle 1 of 30,000 messages, numbered 1 … 30,000 on the refresh line, then Refresh Complete as number
 * 30,001 (feed.ts: (cycle − 1)(n + 1) + 1 … cycle·(n + 1)) carrying the LastSeqNum the trace's
 * `omd.refresh.cycle` gives.
 *
 * DR (spec §3.4.3): the primary site lost, DR declared 1 s later: DR Signal 1 on P's DR channel groups at
 * once (from the DR pair on the backup site, the primary's node being down), and 30 s later (wire-omd.ts
 * DR_COMPLETES_AFTER) DR Signal 2, the publishers taken over by the backup site (a publisher switch).
 */
import { afterEach, describe, expect, it } from "vitest"
import { defaultEstate, joinLine, listed, NINE, type Received, type RigWorld, seconds, startRigWorld } from "./support.ts"

const model = defaultEstate()
const P = model.file.participants.find((p) => p.circuits.length === 1 && p.omdC.includes("SS"))!.id
const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close()
})
const world = async (octet: number, port: number, to: number): Promise<RigWorld> => {
  const w = await startRigWorld({ model, watched: [P], window: { from: NINE, to }, rig: { addresses: { octet, port } } })
  open.push(w)
  return w
}
const receiver = async (w: RigWorld, channel: string, role: string): Promise<Received> => {
  const r = await joinLine(listed(w, P, channel, role))
  open.push(r)
  return r
}

describe("refresh line", () => {
  it("the 09:00:30 snapshot: numbers 1 … 30,000 (Market Definition first), then Refresh Complete 30,001 with the trace's LastSeqNum", async () => {
    const w = await world(203, 44_000, NINE + seconds(33))
    const r = await receiver(w, "SS", "refresh-A")
    await w.runTo(NINE + seconds(33))
    const cycle = w.live.log.find((e) => e.kind === "omd.refresh.cycle" && (e.data as { channel: string; line: string }).channel === "omdc/SS" && (e.data as { line: string }).line === "A")
    expect(cycle?.t).toBe(NINE + seconds(30))
    const lastSeqNum = (cycle!.data as { lastSeqNum: number }).lastSeqNum
    expect(r.errors).toEqual([])
    const seqs = r.packets.flatMap((p) => Array.from({ length: p.header.msgCount }, (_, i) => p.header.seqNum + i))
    expect(seqs).toEqual(Array.from({ length: 30_001 }, (_, i) => i + 1))
    expect(r.packets[0]!.messages[0]!.msgType).toBe(10)
    expect(r.packets.at(-1)!.messages).toEqual([{ msgType: 203, lastSeqNum }])
    // Only a joined line is sent (group-members.ts): refresh A here; not refresh B, nor lines A and B, which
    // carried data meanwhile but nobody joined them in this test.
    expect(w.omd.sent.get(`${P}|SS|refresh-A`)).toBe(r.packets.length)
    expect([...w.omd.sent.keys()]).toEqual([`${P}|SS|refresh-A`])
    expect(w.omd.feed.counters.packets.get(`${P}|SS|line-A`)).toBeUndefined()
    expect(w.arrivals.some((a) => a.participants.includes(P) && "channel" in a.message && a.message.channel === "omdc/SS" && a.message._tag === "slice")).toBe(true)
  }, 120_000)
})

describe("DR failover", () => {
  it("site loss, DR declared: DR Signal 1 on P's DR channel, DR Signal 2 30 s later, at the trace's numbers; the publishers switch", async () => {
    const w = await world(204, 45_000, NINE + seconds(40))
    const a = await receiver(w, "DR", "line-A")
    const b = await receiver(w, "DR", "line-B")
    await w.runTo(NINE + seconds(2))
    const primary = model.file.sites.find((s) => s.kind === "primary-dc")!.id
    w.live.apply({ type: "inject", fault: { kind: "site-loss", site: primary, drAfter: "1s" }, for: "5m" })
    await w.runTo(NINE + seconds(40))
    const traced = w.live.log
      .filter((e) => e.kind === "omd.dr-signal" && (e.data as { line: string }).line === "A")
      .map((e) => [(e.data as { seq: number }).seq, (e.data as { drStatus: number }).drStatus])
    expect(traced.map(([, s]) => s)).toEqual([1, 2])
    // What line A carried: the day's Sequence Reset (packet SeqNum 1, NewSeqNo 1); at the declaration the
    // backup site's DR publisher takes the channel over (the primary's node is down) and announces its
    // position with a heartbeat (SeqNum 0: nothing sent yet, MsgCount 0), then DR Signal 1 at number 1;
    // DR Signal 2 at number 2.
    expect(a.packets.map((p) => [p.header.seqNum, p.header.msgCount, ...p.messages.map((m) => m.msgType)])).toEqual([[1, 1, 100], [0, 0], [1, 1, 105], [2, 1, 105]])
    const onWire = a.packets.flatMap((p) => p.messages.flatMap((m, i) => (m.msgType === 105 ? [[p.header.seqNum + i, m.drStatus]] : [])))
    expect(onWire).toEqual(traced)
    expect(b.packets.flatMap((p) => p.messages.flatMap((m) => (m.msgType === 105 ? [m.drStatus] : [])))).toEqual([1, 2])
    expect(w.logs.some((l) => /omd-c: SS line A: publisher .* → .* \(DR take-over\)/.test(l))).toBe(true)
  }, 120_000)
})

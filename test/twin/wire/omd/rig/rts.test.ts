/**
 * The rig's Retransmission Service over TCP (default estate: it has the four RTS servers, roles.rts), for a
 * watched participant P with one circuit taking SS: the spec's session (Logon → Logon Response, requests →
 * Retransmission Response and the messages, heartbeats echoed, rejects with their codes, the daily limit
 * closing the connection) and the twin's gate: a firewall rule dropping the RTS port on P's circuit makes
 * connects time out (no answer at all, not a refusal), and the port answers again when the rule goes.
 *
 * Limits with the settings used here (rts-rules.ts, stream.ts groupRts): SS stands for k = 5 real
 * channels, so a request may span 10,000 × 5 = 50,000 numbers; requestsPerUserPerDay is set to 10, and a
 * request of n numbers costs min(⌈n/36⌉, 5) of them (36 SS messages a packet; a request of any answer
 * counts, but one refused 101). The count is the user's at all four servers, so the tests below use P's
 * users apart: P-SS for the first and the real gap, P for the rejects and the daily limit, P-SP for the gate.
 */
import net from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { premises } from "../../../../../topology/model.ts"
import { encodeRtsPacket, MsgType } from "../../../../../twin/wire/omd/index.ts"
import { channelId } from "../../../../../twin/wire/omd/rig/address-plan.ts"
import { sendTimeOf } from "../../../../../twin/wire/omd/rig/packets.ts"
import { defaultEstate, joinLine, listed, minutes, NINE, type Received, type RigWorld, rtsConnect, seconds, startRigWorld, tapSeqs } from "./support.ts"

const model = defaultEstate()
const P = model.file.participants.find((p) => p.circuits.length === 1 && p.omdC.includes("SS") && p.omdC.includes("SP"))!.id
const circuit = model.file.participants.find((p) => p.id === P)!.circuits[0]!.id
let w: RigWorld
let lineA: Received

const logon = (username: string) => encodeRtsPacket({ msgType: MsgType.Logon, username })
const request = (channel: number, begin: number, end: number) => encodeRtsPacket({ msgType: MsgType.RetransmissionRequest, channelId: channel, beginSeqNum: begin, endSeqNum: end })
const rtsOf = (element: string) => w.rig.listing().find((l) => l.participant === P && l.role === "rts" && l.element === element)!

beforeAll(async () => {
  w = await startRigWorld({
    model,
    watched: [P],
    window: { from: NINE, to: NINE + minutes(3) },
    rig: { addresses: { octet: 202, port: 43_000 }, rtsTiming: { logonMs: 400, heartbeatMs: 300, responseMs: 300 } },
    settings: { rts: { requestsPerUserPerDay: 10 } }
  })
  lineA = await joinLine(listed(w, P, "SS", "line-A"))
  await w.runTo(NINE + seconds(4))
}, 120_000)
afterAll(async () => {
  await lineA?.close()
  await w?.close()
})

describe("RTS listing", () => {
  it("one TCP listener per RTS server of the estate for P, role rts, element the server's node", () => {
    const rts = w.rig.listing().filter((l) => l.participant === P && l.role === "rts")
    expect(rts.map((l) => l.element)).toEqual(model.roles.rts)
    expect(rts.every((l) => l.transport === "tcp" && l.address === "127.0.0.1" && l.port > 0)).toBe(true)
  })
})

describe("RTS session", () => {
  it("Logon → SessionStatus 0; a request inside the window → status 0 then exactly those numbers, as line A carried them", async () => {
    const l = rtsOf(model.roles.rts[0]!)
    const c = await rtsConnect(l.address, l.port)
    try {
      c.send(logon(`${P}-SS`))
      await c.waitFor(1)
      expect(c.packets[0]!.messages).toEqual([{ msgType: 102, sessionStatus: 0 }])
      // 20,010 … 20,120: book numbers line A carried (the tap says so), 111 of them.
      const tap = new Set(tapSeqs(w.arrivals, P, "omdc/SS", "A"))
      expect(tap.has(20_010) && tap.has(20_120)).toBe(true)
      c.send(request(channelId("SS")!, 20_010, 20_120))
      await c.waitFor(2)
      expect(c.packets[1]!.messages).toEqual([{ msgType: 202, channelId: 1, retransStatus: 0, beginSeqNum: 20_010, endSeqNum: 20_120 }])
      const data = async () => c.packets.slice(2).reduce((n, p) => n + p.header.msgCount, 0)
      for (let i = 0; i < 100 && (await data()) < 111; i++) await new Promise((r) => setTimeout(r, 20))
      const seqs = c.packets.slice(2).flatMap((p) => Array.from({ length: p.header.msgCount }, (_, i) => p.header.seqNum + i))
      expect(seqs).toEqual(Array.from({ length: 111 }, (_, i) => 20_010 + i))
      // The same messages as on line A (SendTime may differ: the spec lets the framing differ too).
      const onLine = new Map(lineA.packets.flatMap((p) => p.messages.map((m, i) => [p.header.seqNum + i, m] as const)))
      const resent = c.packets.slice(2).flatMap((p) => p.messages.map((m, i) => [p.header.seqNum + i, m] as const))
      for (const [seq, m] of resent) expect(m).toEqual(onLine.get(seq))
    } finally {
      await c.close()
    }
  })

  it("rejects: unknown channel → 1, more than 50,000 numbers → 100, not yet published → 2; past the daily limit → 101 and the connection closes", async () => {
    const l = rtsOf(model.roles.rts[1]!)
    const c = await rtsConnect(l.address, l.port)
    c.send(logon(P))
    await c.waitFor(1)
    c.send(request(9, 20_010, 20_010))
    c.send(request(1, 1, 50_001))
    const highest = w.omd.feed.highest("SS")
    c.send(request(1, highest + 1, highest + 1))
    await c.waitFor(4)
    expect(c.packets.slice(1, 4).map((p) => p.messages[0])).toEqual([
      { msgType: 202, channelId: 9, retransStatus: 1, beginSeqNum: 20_010, endSeqNum: 20_010 },
      { msgType: 202, channelId: 1, retransStatus: 100, beginSeqNum: 1, endSeqNum: 50_001 },
      { msgType: 202, channelId: 1, retransStatus: 2, beginSeqNum: highest + 1, endSeqNum: highest + 1 }
    ])
    // User P's first today: 1 (channel 9) + 5 (50,001 numbers: all 5 real channels) + 1 = 7 of 10. One
    // number more: 8, accepted. Then 100 numbers cost ⌈100/36⌉ = 3: 11 > 10 → 101 (not counted: P has 8).
    c.send(request(1, 20_010, 20_010))
    c.send(request(1, 20_010, 20_109))
    await c.waitFor(6)
    expect(c.packets[4]!.messages[0]).toMatchObject({ retransStatus: 0, beginSeqNum: 20_010, endSeqNum: 20_010 })
    expect(c.packets[5]!.header.seqNum).toBe(20_010) // the one number
    await c.closed
    expect(c.packets.length).toBe(7)
    expect(c.packets[6]!.messages[0]).toEqual({ msgType: 202, channelId: 1, retransStatus: 101, beginSeqNum: 20_010, endSeqNum: 20_109 })
  })

  it("the daily limit is the user's at every server: P, with 8 of 10 used at one server, gets 2 more at another, then 101 and the connection closes", async () => {
    const l = rtsOf(model.roles.rts[3]!)
    const c = await rtsConnect(l.address, l.port)
    c.send(logon(P))
    await c.waitFor(1)
    expect(c.packets[0]!.messages).toEqual([{ msgType: 102, sessionStatus: 0 }])
    // 72 numbers: ⌈72/36⌉ = 2 real requests → 10 of 10, accepted. Then one number: 11 > 10 → 101 (counted
    // at this server alone it would be the 3rd, accepted).
    c.send(request(1, 20_010, 20_081))
    await c.waitFor(2)
    expect(c.packets[1]!.messages[0]).toEqual({ msgType: 202, channelId: 1, retransStatus: 0, beginSeqNum: 20_010, endSeqNum: 20_081 })
    const data = () => c.packets.slice(2).reduce((n, p) => n + p.header.msgCount, 0)
    for (let i = 0; i < 100 && data() < 72; i++) await new Promise((r) => setTimeout(r, 20))
    expect(data()).toBe(72)
    const before = c.packets.length
    c.send(request(1, 20_010, 20_010))
    await c.closed
    expect(c.packets.length).toBe(before + 1)
    expect(c.packets.at(-1)!.messages[0]).toEqual({ msgType: 202, channelId: 1, retransStatus: 101, beginSeqNum: 20_010, endSeqNum: 20_010 })
  })

  it("an unknown username → SessionStatus 5, a second session of a user → 100, each connection then closed", async () => {
    const l = rtsOf(model.roles.rts[2]!)
    const bad = await rtsConnect(l.address, l.port)
    bad.send(logon("nobody"))
    await bad.waitFor(1)
    expect(bad.packets[0]!.messages).toEqual([{ msgType: 102, sessionStatus: 5 }])
    await bad.closed
    const first = await rtsConnect(l.address, l.port)
    first.send(logon(`${P}-SS`))
    await first.waitFor(1)
    const second = await rtsConnect(l.address, l.port)
    second.send(logon(`${P}-SS`))
    await second.waitFor(1)
    expect(second.packets[0]!.messages).toEqual([{ msgType: 102, sessionStatus: 100 }])
    await second.closed
    await first.close()
  })

  it("heartbeats: echoed, the session stays; not echoed within the timeout, the server closes it; no Logon within the logon timeout closes it", async () => {
    const l = rtsOf(model.roles.rts[3]!)
    const c = await rtsConnect(l.address, l.port)
    c.send(logon(`${P}-SS`))
    await c.waitFor(2) // Logon Response, then a heartbeat (300 ms)
    expect(c.packets[1]!.header.msgCount).toBe(0)
    // SendTime is the instant the world stands at (ms on 2026-07-06 HKT), as on every other packet: not the wall clock.
    expect(c.packets[1]!.header.sendTime).toBe(sendTimeOf(w.live.now))
    c.send(c.raw[1]!) // the exact copy
    await c.waitFor(3) // the next heartbeat: the session lived
    expect(c.packets[2]!.header.msgCount).toBe(0)
    await c.closed // not echoed: closed 300 ms later
    const silent = await rtsConnect(l.address, l.port)
    await silent.closed // no Logon within 400 ms
    expect(silent.packets).toEqual([])
  })
})

describe("RTS untrusted input", () => {
  it("a PktSize under 16, a message other than Logon/Request, a request before Logon: the connection closes with a line naming what and where; the server goes on", async () => {
    const l = rtsOf(model.roles.rts[2]!)
    const tiny = await rtsConnect(l.address, l.port)
    tiny.send(Uint8Array.from([3, 0, 1, 0])) // PktSize 3 (a packet header alone is 16)
    await tiny.closed
    const wrong = await rtsConnect(l.address, l.port)
    wrong.send(encodeRtsPacket({ msgType: MsgType.SequenceReset, newSeqNo: 1 }))
    await wrong.closed
    const early = await rtsConnect(l.address, l.port)
    early.send(request(1, 20_010, 20_010))
    await early.closed
    const lines = w.logs.filter((x) => x.startsWith(`omd-c RTS ${model.roles.rts[2]!} ${P}: closed:`))
    expect(lines.slice(-3).map((x) => x.slice(x.indexOf("closed:")))).toEqual([
      "closed: BadPktSize at stream offset 0: PktSize expected 16..1500, got 3",
      "closed: MsgType 100: expected Logon (101) or Retransmission Request (201)",
      "closed: Retransmission Request before Logon"
    ])
    const ok = await rtsConnect(l.address, l.port)
    ok.send(logon(P))
    await ok.waitFor(1)
    expect(ok.packets[0]!.messages).toEqual([{ msgType: 102, sessionStatus: 0 }])
    await ok.close()
  })
})

describe("RTS recovers a real gap", () => {
  it("loss on P's circuit takes both lines: the RTS returns exactly the trace's omd.gap range, which line A never carried", async () => {
    w.live.apply({ type: "inject", fault: { kind: "link-loss", link: circuit, percent: 30 }, for: "2s" })
    await w.runTo(w.live.now + seconds(3))
    const gap = w.live.log.find((e) => e.kind === "omd.gap" && e.subject === P && (e.data as { channel?: string }).channel === "omdc/SS")
    expect(gap).toBeDefined()
    const { first, last } = gap!.data as { first: number; last: number }
    const onLine = new Set(lineA.seqs())
    expect(Array.from({ length: last - first + 1 }, (_, i) => first + i).some((s) => onLine.has(s))).toBe(false)
    const l = rtsOf(model.roles.rts[0]!)
    const c = await rtsConnect(l.address, l.port)
    try {
      c.send(logon(`${P}-SS`))
      await c.waitFor(1)
      c.send(request(1, first, last))
      await c.waitFor(2)
      expect(c.packets[1]!.messages[0]).toEqual({ msgType: 202, channelId: 1, retransStatus: 0, beginSeqNum: first, endSeqNum: last })
      const count = () => c.packets.slice(2).reduce((n, p) => n + p.header.msgCount, 0)
      for (let i = 0; i < 200 && count() < last - first + 1; i++) await new Promise((r) => setTimeout(r, 20))
      expect(c.packets.slice(2).flatMap((p) => Array.from({ length: p.header.msgCount }, (_, i) => p.header.seqNum + i))).toEqual(Array.from({ length: last - first + 1 }, (_, i) => first + i))
    } finally {
      await c.close()
    }
  }, 60_000)
})

describe("RTS gated by the twin", () => {
  it("a firewall dropping the RTS port on P's circuit: connects time out (no answer, no refusal), an open session is frozen; after the rule goes both work", async () => {
    const l = rtsOf(model.roles.rts[0]!)
    expect(w.live.pathNow(premises(P).feedHandler, model.roles.rts[0]!)?.open).toBe(true)
    // A session opened before the rule (user P-SP, with all its day's requests: echoing heartbeats).
    const held = await rtsConnect(l.address, l.port, true)
    held.send(logon(`${P}-SP`))
    await held.waitFor(1)
    expect(held.packets[0]!.messages).toEqual([{ msgType: 102, sessionStatus: 0 }])
    w.live.apply({ type: "inject", fault: { kind: "firewall-port-blocked", link: circuit, port: "rts" }, for: "20s" })
    await w.runTo(w.live.now + seconds(1))
    await w.omd.rts.gate()
    expect(w.live.pathNow(premises(P).feedHandler, model.roles.rts[0]!)?.open).toBe(false)
    const outcome = await new Promise<string>((resolve) => {
      const s = net.connect({ host: l.address, port: l.port })
      const t = setTimeout(() => { resolve(s.connecting ? "still connecting" : "?"); s.destroy() }, 1_500)
      s.once("connect", () => { clearTimeout(t); resolve("connected"); s.destroy() })
      s.once("error", (e) => { clearTimeout(t); resolve(`error ${e.message}`) })
    })
    expect(outcome).toBe("still connecting")
    // The held session: its request gets no answer while the rule stands…
    held.send(request(1, 20_010, 20_012))
    await new Promise((r) => setTimeout(r, 700))
    expect(held.packets.length).toBe(1)
    await w.runTo(w.live.now + seconds(21))
    await w.omd.rts.gate()
    // … and is answered once it goes (3 numbers: one packet of its own).
    await held.waitFor(3)
    expect(held.packets[1]!.messages[0]).toEqual({ msgType: 202, channelId: 1, retransStatus: 0, beginSeqNum: 20_010, endSeqNum: 20_012 })
    expect([held.packets[2]!.header.seqNum, held.packets[2]!.header.msgCount]).toEqual([20_010, 3])
    await held.close()
    const c = await rtsConnect(l.address, l.port)
    await c.close()
  }, 60_000)
})

/**
 * A refresh snapshot laid out from its messages' sizes and encoded packet by packet when due
 * (packets.ts `PacketComposer.snapshot`, packet-encode.ts `packetStarts`): byte for byte what packing the
 * whole snapshot at once made (`pack`, what the rig did before), so shedding a snapshot at ×1000 costs no
 * encoding and changes nothing on the wire at 1×.
 */
import { describe, expect, it } from "vitest"
import { ChannelContent } from "../../../../../twin/wire/omd/content/channel-content.ts"
import { MAX_MSG_COUNT, messageSize, packetStarts, PACKET_HEADER_BYTES } from "../../../../../twin/wire/omd/index.ts"
import { PacketComposer, sendTimeOf, withoutLost } from "../../../../../twin/wire/omd/rig/packets.ts"

const NINE = 9 * 3_600_000_000

describe("packetStarts", () => {
  it("starts a packet where PacketBuilder.add refuses: by bytes (1,472) and by MsgCount (255)", () => {
    // 16-byte header; 100-byte messages: 14 fit (16 + 1,400 = 1,416; a 15th makes 1,516 > 1,472).
    expect([...packetStarts(30, () => 100)]).toEqual([0, 14, 28, 30])
    // 4-byte messages: bytes allow 364, MsgCount stops at 255.
    expect(MAX_MSG_COUNT).toBe(255)
    expect(PACKET_HEADER_BYTES).toBe(16)
    expect([...packetStarts(600, () => 4)]).toEqual([0, 255, 510, 600])
    expect([...packetStarts(0, () => 4)]).toEqual([0])
  })
  it("refuses a message no packet can hold, as PacketBuilder does", () => {
    expect(() => packetStarts(2, (i) => (i === 1 ? 1_500 : 10))).toThrow(RangeError)
  })
})

describe("a lazy snapshot", () => {
  // SS at seed 7 with a Trading Session Status at 20,001 (the state a snapshot carries), synchronised at 25,003.
  const content = () => {
    const c = new ChannelContent(7, "omdc/SS", "SS")
    c.session(20_001, NINE, 1, 2)
    return c
  }
  const first = 30_002 // cycle 2 of 30,000 messages: (2 − 1) × 30,001 + 1
  const sendTime = sendTimeOf(NINE + 60_000_000)
  const eager = () => {
    const c = content()
    return new PacketComposer().pack(first, 30_000, sendTime, (i) => c.snapshotMessage(25_003, i))
  }

  it("has pack's packets, byte for byte, encoded in any order", () => {
    const packets = eager()
    const lazy = new PacketComposer().snapshot(first, 30_000, () => sendTime, content().snapshotAt(25_003))
    expect(lazy.count).toBe(packets.length)
    expect(lazy.messages).toBe(30_000)
    // Last first, then the rest: each packet is encoded from its own layout entry, not from the previous one.
    expect(lazy.packet(packets.length - 1)).toEqual(packets.at(-1))
    for (let j = 0; j < packets.length; j++) expect(lazy.packet(j)).toEqual(packets[j])
  })

  it("a later cycle's reference-data packets are copies stamped with its SeqNum and SendTime: byte for byte pack's, the Security Definitions not built again", () => {
    const composer = new PacketComposer()
    const c = content()
    // Cycle 1 (numbers 1 …), every packet encoded.
    const one = composer.snapshot(1, 30_000, () => sendTimeOf(NINE + 30_000_000), c.snapshotAt(25_003))
    for (let j = 0; j < one.count; j++) one.packet(j)
    // Cycle 2, counting the messages built for it.
    const state = c.snapshotAt(25_003)
    let built = 0
    const counted = { ...state, message: (i: number) => (built++, state.message(i)) }
    const two = composer.snapshot(first, 30_000, () => sendTime, counted)
    const packets = eager()
    expect(two.count).toBe(packets.length)
    for (let j = 0; j < packets.length; j++) expect(two.packet(j)).toEqual(packets[j])
    // Only the messages from the first packet holding anything but reference data (index 20,000 on) were built.
    const firstOther = [...Array(two.count).keys()].find((j) => two.firstSeq(j) - first + two.msgCount(j) > state.sameBefore)!
    expect(built).toBe(30_000 - (two.firstSeq(firstOther) - first))
    expect(state.sameBefore).toBe(20_000)
  })

  it("sizes every message as the codec does", () => {
    const s = content().snapshotAt(25_003)
    for (const i of [0, 1, 19_999, 20_000, 20_001, 20_002, 29_999]) expect(s.size(i)).toBe(messageSize(s.message(i)))
  })

  it("less a loss (withoutLost): the packets holding a lost number left out, as the rig filtered pack's", () => {
    const packets = eager()
    // Lost: the 6th number of the snapshot and its last.
    const lost = new Set([first + 5, first + 29_999])
    const holds = (p: Uint8Array) => {
      // SeqNum at byte 4, MsgCount at byte 2 (packet-header.ts).
      const seq = p[4]! | (p[5]! << 8) | (p[6]! << 16) | (p[7]! * 16_777_216)
      for (let s = seq; s < seq + p[2]!; s++) if (lost.has(s)) return true
      return false
    }
    const kept = packets.filter((p) => !holds(p))
    expect(kept.length).toBe(packets.length - 2)
    const all = new PacketComposer().snapshot(first, 30_000, () => sendTime, content().snapshotAt(25_003))
    const lazy = withoutLost(all, lost)
    expect(lazy.count).toBe(kept.length)
    expect(lazy.messages).toBe(kept.reduce((n, p) => n + p[2]!, 0))
    for (let j = 0; j < kept.length; j++) expect(lazy.packet(j)).toEqual(kept[j])
    // Reference data packs 2–3 messages a packet: first + 5 is in packet 2 (0: 3 messages, 1: 2), which is
    // left out; the kept ones are the whole snapshot's objects, encoded once whatever a participant's loss.
    expect([0, 1, 2].map((j) => [all.firstSeq(j) - first, all.msgCount(j)])).toEqual([[0, 3], [3, 2], [5, 2]])
    expect(lazy.packet(0)).toBe(all.packet(0))
    expect(lazy.packet(2)).toBe(all.packet(3))
    // Each kept packet keeps its place in the whole, so a paced line sends it when its SendTime says.
    expect([lazy.slots, lazy.slotOf!(1), lazy.slotOf!(2)]).toEqual([all.count, 1, 3])
  })

  it("one composer laying out snapshots of other market states (a layout kept by its sizes) still packs each as pack does", () => {
    const c = content()
    const composer = new PacketComposer()
    // 25,003 … 25,006: the life in progress at each phase of its four numbers (its add, modified, gone):
    // market states of other sizes and lengths, some with the layout of one before.
    for (const last of [25_003, 25_004, 25_005, 25_006, 25_003]) {
      const packets = new PacketComposer().pack(first, 30_000, sendTime, (i) => c.snapshotMessage(last, i))
      const lazy = composer.snapshot(first, 30_000, () => sendTime, c.snapshotAt(last))
      expect(lazy.count).toBe(packets.length)
      for (let j = 0; j < packets.length; j++) expect(lazy.packet(j)).toEqual(packets[j])
    }
  })
})

/**
 * Packets (spec §3.2, §3.3, §3.4.1, §3.5): headers written out by hand, heartbeat, the RTS framing, and the
 * builder's limits (1500 bytes less IPv4 20 and UDP 8 = PktSize ≤ 1472; MsgCount ≤ 255).
 */
import { describe, expect, it } from "vitest"
import {
  decodePacket, encodeHeartbeat, encodePacket, encodeRtsPacket, MAX_PKT_SIZE, packMessages, PacketBuilder, PacketFramer,
  type AddOrder, type OmdDecodeError
} from "../../../../twin/wire/omd/index.ts"
import { SEND_TIME, SEND_TIME_HEX, wire } from "./fixtures.ts"

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex")

/** Header + Sequence Reset + DR Signal, 32 bytes, SeqNum 41 (the two messages are 41 and 42). */
export const TWO_MESSAGE_PACKET = wire([
  [0, "20 00", "PktSize = 32 = 16 + 8 + 8"],
  [2, "02", "MsgCount = 2"],
  [3, "00", "Filler"],
  [4, "29 00 00 00", "SeqNum = 41"],
  [8, SEND_TIME_HEX, "SendTime = 1796607005789000000"],
  [16, "08 00", "MsgSize = 8"],
  [18, "64 00", "MsgType = 100 Sequence Reset"],
  [20, "01 00 00 00", "NewSeqNo = 1"],
  [24, "08 00", "MsgSize = 8"],
  [26, "69 00", "MsgType = 105 DR Signal"],
  [28, "01 00 00 00", "DRStatus = 1 (in progress)"]
])

describe("OMD-C packets", () => {
  it("encodes and decodes a packet of two messages laid out by hand", () => {
    const packet = encodePacket(41, SEND_TIME, [{ msgType: 100, newSeqNo: 1 }, { msgType: 105, drStatus: 1 }])
    expect(hex(packet)).toBe(hex(TWO_MESSAGE_PACKET))
    expect(decodePacket(TWO_MESSAGE_PACKET)).toEqual({
      header: { pktSize: 32, msgCount: 2, seqNum: 41, sendTime: SEND_TIME },
      messages: [{ msgType: 100, newSeqNo: 1 }, { msgType: 105, drStatus: 1 }]
    })
  })

  it("encodes a heartbeat as a bare header with MsgCount 0 and the previous message's SeqNum (§3.4.1)", () => {
    const heartbeat = wire([
      [0, "10 00", "PktSize = 16"],
      [2, "00", "MsgCount = 0"],
      [3, "00", "Filler"],
      [4, "92 10 00 00", "SeqNum = 4242"],
      [8, SEND_TIME_HEX, "SendTime"]
    ])
    expect(hex(encodeHeartbeat(4242, SEND_TIME))).toBe(hex(heartbeat))
    expect(decodePacket(heartbeat)).toEqual({ header: { pktSize: 16, msgCount: 0, seqNum: 4242, sendTime: SEND_TIME }, messages: [] })
  })

  it("frames an RTS Logon as §3.5 prints it: PktSize 32, MsgCount 1, SeqNum 0, SendTime 0", () => {
    const logon = wire([
      [0, "20 00", "PktSize = 32"],
      [2, "01", "MsgCount = 1"],
      [3, "00", "Filler"],
      [4, "00 00 00 00", "SeqNum = 0 (not used)"],
      [8, "00 00 00 00 00 00 00 00", "SendTime = 0 (not used)"],
      [16, "10 00", "MsgSize = 16"],
      [18, "65 00", "MsgType = 101"],
      [20, "50 30 30 30 31 00 00 00 00 00 00 00", "Username = 'P0001' + 7 nulls"]
    ])
    expect(hex(encodeRtsPacket({ msgType: 101, username: "P0001" }))).toBe(hex(logon))
  })

  it("packs 100 Add Orders of 32 bytes 45 to a packet: 16 + 45·32 = 1456 ≤ 1472 < 16 + 46·32 = 1488", () => {
    const orders: Array<AddOrder> = Array.from({ length: 100 }, (_, i) => ({
      msgType: 30, securityCode: 5, orderId: BigInt(i + 1), price: 62350, quantity: 100, side: 0, orderType: "2", orderBookPosition: 0
    }))
    const packets = packMessages(1, SEND_TIME, orders)
    expect(packets.map((p) => [p.seqNum, p.msgCount, p.bytes.length])).toEqual([[1, 45, 1456], [46, 45, 1456], [91, 10, 336]])
    const decoded = packets.map((p) => decodePacket(p.bytes))
    expect(decoded.map((d) => ("header" in d ? d.header.seqNum : -1))).toEqual([1, 46, 91])
    expect(decoded.flatMap((d) => ("messages" in d ? d.messages : []))).toEqual(orders)
  })

  it("fills a packet to exactly 1472 bytes when the messages allow it: 16 + 182·8 = 1472", () => {
    const resets = Array.from({ length: 183 }, () => ({ msgType: 100 as const, newSeqNo: 1 }))
    const packets = packMessages(1, 0n, resets)
    expect(packets.map((p) => [p.msgCount, p.bytes.length])).toEqual([[182, MAX_PKT_SIZE], [1, 24]])
  })

  it("stops a packet at 255 messages (MsgCount is a Uint8) when its capacity would hold more", () => {
    const builder = new PacketBuilder(4096) // (4096 − 16) / 8 = 510 Sequence Resets would fit the bytes
    builder.start(1, 0n)
    let added = 0
    while (builder.add({ msgType: 100, newSeqNo: 1 })) added++
    expect(added).toBe(255)
    expect(builder.nextSeqNum).toBe(256)
    expect(builder.finish().length).toBe(16 + 255 * 8)
  })

  it("refuses a message larger than any packet (a caller bug) with a RangeError", () => {
    const entries = Array.from({ length: 61 }, () => ({ aggregateQuantity: 1n, price: 1, numberOfOrders: 1, side: 0, priceLevel: 1, updateAction: 0 }))
    // 12 + 24·61 = 1476 > 1472 − 16 = 1456 bytes of messages.
    expect(() => encodePacket(1, 0n, [{ msgType: 53, securityCode: 1, entries }])).toThrow(RangeError)
  })

  it("cuts a TCP stream into packets by PktSize, whatever the chunking", () => {
    const logonResponse = encodeRtsPacket({ msgType: 102, sessionStatus: 0 }) // 16 + 8 = 24 bytes
    const stream = Uint8Array.from([...logonResponse, ...TWO_MESSAGE_PACKET, ...encodeHeartbeat(42, 0n)])
    for (const chunk of [1, 3, 7, 24, stream.length]) {
      const framer = new PacketFramer()
      const packets: Array<number> = []
      for (let at = 0; at < stream.length; at += chunk)
        expect(framer.push(stream.subarray(at, at + chunk), (p) => packets.push(p.length))).toBeUndefined()
      expect(packets).toEqual([24, 32, 16])
    }
  })

  it("stops a TCP stream at a PktSize under 16, naming its offset in the stream", () => {
    const framer = new PacketFramer()
    const bad = Uint8Array.from([...TWO_MESSAGE_PACKET, 0x0f, 0x00, 0, 0])
    const seen: Array<number> = []
    const error = framer.push(bad, (p) => seen.push(p.length)) as OmdDecodeError
    expect(seen).toEqual([32])
    expect([error.reason, error.offset, error.field, error.got]).toEqual(["BadPktSize", 32, "PktSize", "15"])
    expect(framer.push(TWO_MESSAGE_PACKET, () => seen.push(0))).toBe(error)
  })
})

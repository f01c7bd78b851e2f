/**
 * Untrusted bytes: every malformed input decodes to an OmdDecodeError naming the offset (never a throw).
 * The base packet (hand-laid, 56 bytes): header @0 (PktSize 56, MsgCount 2, SeqNum 7), Sequence Reset @16
 * (MsgSize 8), Add Order @24 (MsgSize 32) — so messages start at 16 and 24 and the packet ends at 56.
 */
import { describe, expect, it } from "vitest"
import { decodePacket, isOmdDecodeError, type OmdDecodeError } from "../../../../twin/wire/omd/index.ts"
import { SEND_TIME_HEX, wire } from "./fixtures.ts"

const BASE = wire([
  [0, "38 00", "PktSize = 56"],
  [2, "02", "MsgCount = 2"],
  [3, "00", "Filler"],
  [4, "07 00 00 00", "SeqNum = 7"],
  [8, SEND_TIME_HEX, "SendTime"],
  [16, "08 00 64 00 01 00 00 00", "Sequence Reset: MsgSize 8, MsgType 100, NewSeqNo 1"],
  [24, "20 00 1e 00", "Add Order: MsgSize 32, MsgType 30"],
  [28, "05 00 00 00 09 00 00 00 00 00 00 00", "SecurityCode 5, OrderId 9"],
  [40, "8e f3 00 00 90 01 00 00 00 00 32 00 00 00 00 00", "Price 62350, Quantity 400, Side 0, '2', Filler, Position 0"]
])

const errorOf = (bytes: Uint8Array, skipUnknown = false): OmdDecodeError => {
  const result = decodePacket(bytes, { skipUnknown })
  if (!isOmdDecodeError(result)) throw new Error(`expected an error, decoded ${JSON.stringify(result, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))}`)
  return result
}
const summary = (e: OmdDecodeError) => [e.reason, e.offset, e.field]

/** BASE with a few bytes changed: [offset, byte]. */
const patched = (bytes: Uint8Array, ...changes: ReadonlyArray<readonly [number, number]>): Uint8Array => {
  const copy = bytes.slice()
  for (const [at, value] of changes) copy[at] = value
  return copy
}
/** The first `length` bytes, with PktSize set to `length` so the packet is consistent with its datagram. */
const cutConsistently = (length: number): Uint8Array => patched(BASE.subarray(0, length), [0, length & 0xff], [1, length >> 8])

describe("decodePacket on malformed input", () => {
  it("decodes the base packet", () => {
    expect(isOmdDecodeError(decodePacket(BASE))).toBe(false)
  })

  it("reports a datagram cut at every offset as TruncatedPacket at the cut", () => {
    for (let cut = 0; cut < BASE.length; cut++) {
      const e = errorOf(BASE.subarray(0, cut))
      // Under 16 bytes the header itself is short; from 16 on, PktSize 56 promises more than arrived.
      expect(summary(e)).toEqual(["TruncatedPacket", cut, cut < 16 ? "packet header" : "PktSize"])
    }
  })

  it("reports a packet cut at every offset, PktSize agreeing, at the message the cut falls in", () => {
    const expected = (cut: number) =>
      cut === 16 ? ["MsgCountMismatch", 16, "MsgCount"] // no bytes for message 1 of 2
      : cut < 24 ? ["TruncatedMessage", 16, "MsgSize"] // 1–3 bytes of header, or MsgSize 8 past the end
      : cut === 24 ? ["MsgCountMismatch", 24, "MsgCount"] // one message of 2
      : ["TruncatedMessage", 24, "MsgSize"] // Add Order's MsgSize 32 runs past the end
    for (let cut = 16; cut < BASE.length; cut++) expect(summary(errorOf(cutConsistently(cut))), `cut at ${cut}`).toEqual(expected(cut))
  })

  it("rejects a PktSize under the 16-byte header, over 1472, or shorter than the datagram at offset 0", () => {
    expect(summary(errorOf(patched(BASE, [0, 15])))).toEqual(["BadPktSize", 0, "PktSize"])
    // 1473 = 0x05c1: one byte over 1500 less IPv4 and UDP headers.
    expect(errorOf(patched(BASE, [0, 0xc1], [1, 0x05]))).toMatchObject({ reason: "BadPktSize", offset: 0, got: "1473", expected: "16..1472" })
    const trailing = Uint8Array.from([...BASE, 0])
    expect(errorOf(trailing)).toMatchObject({ reason: "BadPktSize", offset: 0, got: "56", expected: "57 (the bytes received)" })
  })

  it("rejects a MsgSize under 4, or not its type's Total Length, at the message's offset", () => {
    expect(errorOf(patched(BASE, [24, 3]))).toMatchObject({ reason: "BadMsgSize", offset: 24, got: "3" })
    // Sequence Reset claiming 12 bytes with the packet grown to match: still not §3.4.2's 8.
    const longReset = wire([
      [0, "24 00 01 00 07 00 00 00", "PktSize 36, MsgCount 1, SeqNum 7"],
      [8, "00 00 00 00 00 00 00 00", "SendTime 0"],
      [16, "0c 00 64 00 01 00 00 00 00 00 00 00", "MsgSize 12, MsgType 100, NewSeqNo 1, 4 extra bytes"],
      [28, "08 00 69 00 01 00 00 00", "padding to 36 (not read)"]
    ])
    expect(errorOf(longReset)).toMatchObject({ reason: "BadMsgSize", offset: 16, field: "MsgSize", got: "12" })
    // Aggregate Order Book Update with NoEntries 3 and MsgSize 36 (= 12 + 24·1): 12 + 24·3 = 84 expected.
    const aggregate = wire([
      [0, "34 00 01 00 01 00 00 00 00 00 00 00 00 00 00 00", "PktSize 52, MsgCount 1, SeqNum 1, SendTime 0"],
      [16, "24 00 35 00 d2 04 00 00 00 00 00", "MsgSize 36, MsgType 53, SecurityCode 1234, Filler"],
      [27, "03", "NoEntries = 3"],
      [28, "c8 00 00 00 00 00 00 00 2a 26 00 00 01 00 00 00 01 00 02 01 00 00 00 00", "one entry"]
    ])
    expect(errorOf(aggregate)).toMatchObject({ reason: "BadMsgSize", offset: 16, got: "36", expected: "84 for Aggregate Order Book Update (53) with noEntries 3" })
  })

  it("rejects an unknown MsgType at its offset (message + 2); skips a spec type it does not model only when asked", () => {
    // 999 = 0x03e7 is no OMD-C type.
    expect(errorOf(patched(BASE, [26, 0xe7], [27, 0x03]))).toMatchObject({ reason: "UnknownMsgType", offset: 26, field: "MsgType", got: "999" })
    expect(errorOf(patched(BASE, [26, 0xe7], [27, 0x03]), true)).toMatchObject({ reason: "UnknownMsgType", offset: 26 })
    // 13 Liquidity Provider is in §3.2 Table 1 but not modelled.
    const liquidityProvider = patched(BASE, [26, 13], [27, 0])
    expect(errorOf(liquidityProvider)).toMatchObject({ reason: "UnknownMsgType", offset: 26, got: "13" })
    expect(decodePacket(liquidityProvider, { skipUnknown: true })).toMatchObject({
      header: { seqNum: 7, msgCount: 2 },
      messages: [{ msgType: 100, newSeqNo: 1 }, { msgType: "unknown", wireType: 13, size: 32 }]
    })
  })

  it("rejects a MsgCount that lies, where the messages run out or the extra bytes start", () => {
    expect(errorOf(patched(BASE, [2, 3]))).toMatchObject({ reason: "MsgCountMismatch", offset: 56, got: "2 before the packet ends" })
    expect(errorOf(patched(BASE, [2, 1]))).toMatchObject({ reason: "MsgCountMismatch", offset: 24, got: "32 bytes left over" })
    expect(errorOf(patched(BASE, [2, 0]))).toMatchObject({ reason: "MsgCountMismatch", offset: 16, got: "40 bytes left over" })
  })
})

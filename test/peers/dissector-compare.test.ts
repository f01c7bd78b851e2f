/**
 * The comparison of an independent dissector's reading with the twin's codec (dissector-compare.ts), on a
 * packet the twin's encoder wrote and a tshark JSON layer laid out as tshark prints an OMI dissector's tree
 * (the shape copied from `tshark -T json --no-duplicate-keys` on a rig capture): agreement, a value read
 * differently, a message type the dissector does not know, and the pcap reader.
 */
import { describe, expect, it } from "vitest"
import { encodePacket, type OmdMessage } from "../../twin/wire/omd/index.ts"
import { pcapGlobalHeader, pcapRecord, udpFrame } from "../../twin/wire/omd/listen/pcap.ts"
import { comparePacket, dissectorFields, emptyComparison, pcapPayloads } from "./dissector-compare.ts"

const P = "hkex.hkexsecurities.standard.omd.v1.45"
const f = (fields: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${P}.${k}`, v]))

const messages: ReadonlyArray<OmdMessage> = [
  { msgType: 53, securityCode: 28, entries: [
    { aggregateQuantity: 10_000n, price: 135_530, numberOfOrders: 1, side: 1, priceLevel: 1, updateAction: 0 },
    { aggregateQuantity: 8_000n, price: 135_540, numberOfOrders: 2, side: 1, priceLevel: 2, updateAction: 0 }
  ] },
  { msgType: 30, securityCode: 95, orderId: 207_236n, price: 234_660, quantity: 8_000, side: 0, orderType: "2", orderBookPosition: 0 }
]
const bytes = encodePacket(207_235, 1_783_300_936_000_000_000n, messages)

/** The layer tshark prints for `bytes`; `price` is the Add Order's price as the dissector shows it. */
const layer = (addOrderPrice = "234.66", knowsAddOrder = true) => ({
  [`${P}.packetheader`]: "",
  [`${P}.packetheader_tree`]: f({ pktsize: String(bytes.length), msgcount: "2", filler: "", seqnum: "207235", sendtime: "1783300936000000000" }),
  [`${P}.message`]: ["", ""],
  [`${P}.message_tree`]: [
    f({
      messageindex: "1", msgheader: "", msgheader_tree: f({ msgsize: "60", msgtype: "53" }),
      aggregateorderbookupdatemessage: "",
      aggregateorderbookupdatemessage_tree: f({
        securitycode: "28", filler3: "", noentries: "2", bookentry: ["", ""],
        bookentry_tree: [
          f({ bookentryindex: "1", aggregatequantity: "10000", price: "135.53", numberoforders: "1", side: "1", pricelevel: "1", updateaction: "0", filler4: "" }),
          f({ bookentryindex: "2", aggregatequantity: "8000", price: "135.54", numberoforders: "2", side: "1", pricelevel: "2", updateaction: "0", filler4: "" })
        ]
      })
    }),
    f({
      messageindex: "2", msgheader: "", msgheader_tree: f({ msgsize: "32", msgtype: "30" }),
      ...(knowsAddOrder ? {
        addordermessage: "",
        addordermessage_tree: f({ securitycode: "95", orderid: "207236", price: addOrderPrice, quantity: "8000", side: "0", ordertype: "2", filler1: "", orderbookposition: "0" })
      } : {})
    })
  ]
})

describe("an OMI dissector's reading held against the twin's codec", () => {
  it("agrees field by field: header, sizes, types, group counts and entries in order, prices scaled by 10^3", () => {
    const c = emptyComparison()
    comparePacket(c, "frame 1", dissectorFields(layer(), P), bytes)
    expect(c.mismatches).toEqual([])
    expect({ packets: c.packets, messages: c.messages, fields: c.fields }).toEqual({ packets: 1, messages: 2, fields: 4 + 4 + 2 + 2 * 6 + 7 })
    expect([...c.dissectorOnly, ...c.twinOnly]).toEqual([])
    expect([...c.scales]).toEqual([["price", new Set([3])]])
  })

  it("names the field, the frame and both readings when a value differs", () => {
    const c = emptyComparison()
    comparePacket(c, "frame 7", dissectorFields(layer("234.67"), P), bytes)
    expect(c.mismatchCount).toBe(1)
    expect(c.mismatches).toEqual(['frame 7: price: dissector "234.67", twin "234660"'])
  })

  it("counts a message the dissector does not know as the twin's fields left over, not as agreement", () => {
    const c = emptyComparison()
    comparePacket(c, "frame 1", dissectorFields(layer("234.66", false), P), bytes)
    expect(c.mismatchCount).toBe(0)
    expect(Object.fromEntries(c.twinOnly)).toEqual({ securitycode: 1, orderid: 1, price: 1, quantity: 1, side: 1, ordertype: 1, orderbookposition: 1 })
  })

  it("reports bytes the twin cannot decode as a disagreement", () => {
    const c = emptyComparison()
    comparePacket(c, "frame 2", dissectorFields(layer(), P), bytes.subarray(0, 40))
    expect(c.mismatches[0]).toMatch(/^frame 2: the twin's decoder: TruncatedPacket/)
  })

  it("reads each frame's UDP payload out of a pcap the listener writes", () => {
    const frame = udpFrame({ wallMs: 0, source: { address: "127.0.0.1", port: 5000 }, destination: { address: "239.192.0.8", port: 30008 }, payload: bytes }, 1)
    const pcap = new Uint8Array([...pcapGlobalHeader(), ...pcapRecord(1_000, frame), ...pcapRecord(2_000, frame)])
    const payloads = pcapPayloads(pcap)
    expect(payloads.length).toBe(3)
    expect(Buffer.from(payloads[2]!).equals(Buffer.from(bytes))).toBe(true)
  })
})

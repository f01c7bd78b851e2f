/**
 * OMD-C codec throughput on one core: messages per second the encoder packs into packets (PacketBuilder,
 * reused buffer, no copy) and the decoder reads back (decodePacket over whole packets), on a representative
 * order-book mix [U: proportions of a busy FullTick channel]: 40 % Add Order, 15 % Modify, 30 % Delete, 8 %
 * Trade, 5 % Aggregate Order Book Update with 2 entries, 2 % Statistics.
 */
import { decodePacket, isOmdDecodeError, PacketBuilder, type OmdMessage } from "../twin/wire/omd/index.ts"

const mix = (n: number): Array<OmdMessage> => {
  const out: Array<OmdMessage> = []
  let x = 11
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    const r = x % 100
    const securityCode = 1 + (x % 2000)
    const orderId = BigInt(i + 1)
    if (r < 40) out.push({ msgType: 30, securityCode, orderId, price: 10_000 + (x % 500), quantity: 100 * (1 + (x % 20)), side: x & 1, orderType: "2", orderBookPosition: 0 })
    else if (r < 55) out.push({ msgType: 31, securityCode, orderId, quantity: 100, side: x & 1, orderBookPosition: 0 })
    else if (r < 85) out.push({ msgType: 32, securityCode, orderId, side: x & 1 })
    else if (r < 93) out.push({ msgType: 50, securityCode, tradeId: i, price: 10_000, quantity: 100, trdType: 0, tradeTime: 1_796_607_005_123_456_000n })
    else if (r < 98) out.push({ msgType: 53, securityCode, entries: [
      { aggregateQuantity: 1000n, price: 10_000, numberOfOrders: 3, side: 0, priceLevel: 1, updateAction: 1 },
      { aggregateQuantity: 500n, price: 10_010, numberOfOrders: 1, side: 1, priceLevel: 2, updateAction: 0 }
    ] })
    else out.push({ msgType: 60, securityCode, sharesTraded: 1_000_000n, turnover: 10_000_000_000n, highPrice: 10_100, lowPrice: 9_900, lastPrice: 10_000, vwap: 10_003, shortSellSharesTraded: 0, shortSellTurnover: 0n })
  }
  return out
}

const encodeAll = (messages: ReadonlyArray<OmdMessage>, keep: boolean): { packets: Array<Uint8Array>; bytes: number } => {
  const builder = new PacketBuilder()
  const packets: Array<Uint8Array> = []
  let bytes = 0
  builder.start(1, 0n)
  for (const message of messages) {
    if (!builder.add(message)) {
      const packet = keep ? builder.finish() : builder.finishView()
      bytes += packet.length
      if (keep) packets.push(packet)
      builder.start(builder.nextSeqNum, 0n)
      builder.add(message)
    }
  }
  const last = keep ? builder.finish() : builder.finishView()
  bytes += last.length
  if (keep) packets.push(last)
  return { packets, bytes }
}

export const benchOmdCodec = (count: number) => {
  const messages = mix(count)
  encodeAll(messages.slice(0, 50_000), false) // warm-up
  const t0 = performance.now()
  const { bytes } = encodeAll(messages, false)
  const encodeMs = performance.now() - t0
  const { packets } = encodeAll(messages, true)
  for (const p of packets.slice(0, 2_000)) decodePacket(p) // warm-up
  let decoded = 0
  const t1 = performance.now()
  for (const p of packets) {
    const result = decodePacket(p)
    if (isOmdDecodeError(result)) throw result
    decoded += result.messages.length
  }
  const decodeMs = performance.now() - t1
  if (decoded !== count) throw new Error(`decoded ${decoded} of ${count}`)
  return { count, packets: packets.length, bytes, encodeMs, decodeMs }
}

export const renderOmdCodecBench = (): string => {
  const r = benchOmdCodec(1_000_000)
  const rate = (ms: number) => Math.round(r.count / (ms / 1000)).toLocaleString("en")
  return [
    "omd-codec: OMD-C v1.45 encoder and decoder alone, one core (40% Add, 15% Modify, 30% Delete, 8% Trade, 5% Aggregate×2, 2% Statistics)",
    "| | messages | packets | MB | ms | messages/s |",
    "|---|---:|---:|---:|---:|---:|",
    `| encode (PacketBuilder) | ${r.count.toLocaleString("en")} | ${r.packets.toLocaleString("en")} | ${(r.bytes / 1e6).toFixed(1)} | ${r.encodeMs.toFixed(0)} | ${rate(r.encodeMs)} |`,
    `| decode (decodePacket) | ${r.count.toLocaleString("en")} | ${r.packets.toLocaleString("en")} | ${(r.bytes / 1e6).toFixed(1)} | ${r.decodeMs.toFixed(0)} | ${rate(r.decodeMs)} |`
  ].join("\n")
}

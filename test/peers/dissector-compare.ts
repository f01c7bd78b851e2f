/**
 * An independent decoder's reading of OMD-C packets held against the twin's codec: the Open Markets
 * Initiative's Wireshark dissectors for HKEX OMD-C Securities v1.45 (public, GPLv3, not in this repo), run
 * by tshark, print every field of every message (`tshark -T json --no-duplicate-keys`); the same frame's
 * bytes decoded by twin/wire/omd must give the same value for each field of the same name, in order.
 *
 * The twin's decoder reads back what its encoder meant (decode ∘ encode = id, properties.test.ts), so a
 * field the two decoders read differently is a layout the twin's codec and the dissector disagree on:
 * an offset, a width, a scale or a type.
 *
 * Rules of the comparison (each checked by dissector-compare.test.ts):
 * - names: the dissector's field `hkex.….v1.45.orderid` is the twin's `orderId` (lowercase, letters and
 *   digits); ALIASES for the few the two spell differently; fillers and the dissector's own containers
 *   (a message, a group entry, a count the twin keeps as an array's length) are not fields;
 * - order: each dissector field is matched with the twin's next unmatched field of that name, so repeated
 *   names (one per message, one per group entry) pair up in the order they appear in the packet;
 * - values: equal as text, or as numbers, or the dissector's decimal × 10^k equals the twin's integer
 *   (prices are Int32 in thousandths: "234.66" is 234660) — each field's k is counted, so a field read at
 *   two scales shows.
 */
import { decodePacket, isOmdDecodeError, messageSize, PacketFramer } from "../../twin/wire/omd/index.ts"

export type Leaf = readonly [name: string, value: string]

/** The dissector's names for the twin's fields where the two spell them differently (spec: Security Definition). */
const ALIASES: Readonly<Record<string, string>> = { maturitydate: "bondmaturitydate", nounderlyingsecurities: "nounderlyings" }

/** The dissector's tree nodes that hold fields rather than being one (their text is empty). */
const CONTAINERS = new Set(["message", "packet", "packetheader", "msgheader", "bookentry", "underlyingsecurity", "liquidityprovider"])

const normalise = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, "")

const isField = (name: string): boolean =>
  !name.startsWith("filler") && !name.endsWith("index") && !name.endsWith("composite") && !CONTAINERS.has(name) && !name.endsWith("message")

/** The dissector's fields of one packet (its protocol layer in tshark's JSON), in tree order. */
export const dissectorFields = (layer: unknown, prefix: string): Array<Leaf> => {
  const out: Array<Leaf> = []
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (node === null || typeof node !== "object") return
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const short = key.startsWith(`${prefix}.`) ? key.slice(prefix.length + 1) : key
      if (short.endsWith("_tree") || typeof value === "object") {
        walk(value)
        continue
      }
      const name = normalise(short)
      if (!isField(name) || typeof value !== "string") continue
      out.push([ALIASES[name] ?? name, value])
    }
  }
  walk(layer)
  return out
}

/** The twin's fields of one decoded packet: the header, then per message its size, type and fields. */
const twinFields = (bytes: Uint8Array, maxPktSize: number): Array<Leaf> | string => {
  const decoded = decodePacket(bytes, { maxPktSize })
  if (isOmdDecodeError(decoded)) return `${decoded.reason} at ${decoded.offset} (${decoded.field}: expected ${decoded.expected}, got ${String(decoded.got)})`
  const out: Array<Leaf> = []
  const h = decoded.header
  out.push(["pktsize", String(h.pktSize)], ["msgcount", String(h.msgCount)], ["seqnum", String(h.seqNum)], ["sendtime", String(h.sendTime)])
  const walk = (value: unknown, key: string): void => {
    if (Array.isArray(value)) {
      // The spec's count field before a group (NoEntries, NoUnderlyingSecurities) is the array's length here.
      out.push([`no${normalise(key)}`, String(value.length)])
      return value.forEach((v) => walk(v, key))
    }
    if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (k !== "msgType") walk(v, k)
      return
    }
    out.push([normalise(key), String(value)])
  }
  for (const m of decoded.messages) {
    // Without skipUnknown the decoder refuses unknown types; the branch keeps the types honest.
    if (m.msgType === "unknown") {
      out.push(["msgsize", String(m.size)], ["msgtype", String(m.wireType)])
      continue
    }
    out.push(["msgsize", String(messageSize(m))], ["msgtype", String(m.msgType)])
    walk(m, "")
  }
  return out
}

export interface Comparison {
  packets: number
  messages: number
  fields: number
  readonly byMsgType: Map<number, number>
  /** Dissector fields with no twin field of that name left in the packet, by name. */
  readonly dissectorOnly: Map<string, number>
  /** Twin fields the dissector did not show (a message type it does not know, a count kept as a length), by name. */
  readonly twinOnly: Map<string, number>
  /** Per field name, the powers of ten its decimals were scaled by to meet the twin's integers. */
  readonly scales: Map<string, Set<number>>
  readonly mismatches: Array<string>
  mismatchCount: number
}

export const emptyComparison = (): Comparison => ({
  packets: 0, messages: 0, fields: 0, byMsgType: new Map(), dissectorOnly: new Map(), twinOnly: new Map(), scales: new Map(), mismatches: [], mismatchCount: 0
})

const MAX_EXAMPLES = 40
const bump = <K>(m: Map<K, number>, k: K): void => void m.set(k, (m.get(k) ?? 0) + 1)

const sameValue = (c: Comparison, name: string, theirs: string, ours: string): boolean => {
  if (theirs === ours || theirs.trim() === ours.trim()) return true
  const t = Number(theirs)
  const o = Number(ours)
  if (theirs === "" || ours === "" || !Number.isFinite(t) || !Number.isFinite(o)) return false
  if (t === o) return true
  for (let k = 1; k <= 6; k++) {
    if (Math.round(t * 10 ** k) !== o) continue
    if (!c.scales.has(name)) c.scales.set(name, new Set())
    c.scales.get(name)!.add(k)
    return true
  }
  return false
}

const mismatch = (c: Comparison, text: string): void => {
  c.mismatchCount++
  if (c.mismatches.length < MAX_EXAMPLES) c.mismatches.push(text)
}

/** Holds one packet's dissector fields against the twin's reading of its bytes; adds to `c`. */
export const comparePacket = (c: Comparison, where: string, theirs: ReadonlyArray<Leaf>, bytes: Uint8Array, maxPktSize = 1472): void => {
  const ours = twinFields(bytes, maxPktSize)
  if (typeof ours === "string") return mismatch(c, `${where}: the twin's decoder: ${ours}`)
  c.packets++
  for (const [name, value] of ours) {
    if (name === "msgtype") bump(c.byMsgType, Number(value))
  }
  c.messages += ours.filter(([name]) => name === "msgsize").length
  const used = new Array<boolean>(ours.length).fill(false)
  let from = 0
  for (const [name, value] of theirs) {
    c.fields++
    let k = -1
    for (let i = from; i < ours.length; i++) {
      if (!used[i] && ours[i]![0] === name) {
        k = i
        break
      }
    }
    if (k < 0) {
      bump(c.dissectorOnly, name)
      continue
    }
    used[k] = true
    from = k
    if (!sameValue(c, name, value, ours[k]![1])) mismatch(c, `${where}: ${name}: dissector ${JSON.stringify(value)}, twin ${JSON.stringify(ours[k]![1])}`)
  }
  ours.forEach(([name], i) => {
    if (!used[i]) bump(c.twinOnly, name)
  })
}

/** The payload of each frame of a classic pcap (Ethernet, IPv4, UDP or TCP), by frame number from 1. */
export const pcapPayloads = (pcap: Uint8Array): Array<Uint8Array> => {
  const view = new DataView(pcap.buffer, pcap.byteOffset, pcap.byteLength)
  const magic = view.getUint32(0, true)
  if (magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) throw new Error(`not a little-endian classic pcap (magic ${magic.toString(16)})`)
  const linkType = view.getUint32(20, true)
  if (linkType !== 1) throw new Error(`link type ${linkType}: expected 1 (Ethernet; tcpdump -i lo writes it)`)
  const frames: Array<Uint8Array> = [new Uint8Array()]
  for (let at = 24; at + 16 <= pcap.length; ) {
    const captured = view.getUint32(at + 8, true)
    const frame = pcap.subarray(at + 16, at + 16 + captured)
    at += 16 + captured
    const ip = 14
    const ihl = (frame[ip]! & 0x0f) * 4
    const total = (frame[ip + 2]! << 8) | frame[ip + 3]!
    const protocol = frame[ip + 9]
    if (protocol === 17) frames.push(frame.subarray(ip + ihl + 8, ip + total))
    else if (protocol === 6) frames.push(frame.subarray(ip + ihl + (frame[ip + ihl + 12]! >> 4) * 4, ip + total))
    else frames.push(new Uint8Array())
  }
  return frames
}

/**
 * Packets of a TCP stream (the RTS) as the twin's framer cuts them, per connection. The dissector reads one
 * packet from the start of each segment (it does not reassemble), so a segment the twin cuts into more than
 * one packet is reported: the comparison would otherwise skip packets silently.
 */
export class TcpPackets {
  private readonly framers = new Map<string, PacketFramer>()

  push(connection: string, payload: Uint8Array): Array<Uint8Array> | string {
    let framer = this.framers.get(connection)
    if (framer === undefined) this.framers.set(connection, (framer = new PacketFramer()))
    const packets: Array<Uint8Array> = []
    const error = framer.push(payload, (p) => packets.push(p))
    return error === undefined ? packets : `${error.reason} at ${error.offset}`
  }
}

/**
 * A classic libpcap capture file (the format tcpdump -w writes and Wireshark opens): a 24-byte global
 * header (magic 0xa1b2c3d4 little-endian, version 2.4, snaplen 65535, link type 1 Ethernet), then per
 * datagram a 16-byte record header (seconds, microseconds, captured and original length) and a frame
 * synthesised around the UDP payload as it crossed the wire: Ethernet (destination the IPv4 multicast MAC
 * 01:00:5e + the group's low 23 bits, type 0x0800), IPv4 (20 bytes, TTL 1 as multicast senders default to,
 * protocol 17, header checksum computed), UDP (8 bytes, checksum 0 = none, allowed over IPv4). The socket API
 * hands us the payload, the sender's address and port; the destination is the group we joined.
 * Records are buffered and written synchronously in blocks of about 1 MB (and at close), so a long capture
 * does not sit in memory.
 */
import * as fs from "node:fs"

const ETHERNET = 14
const IPV4 = 20
const UDP = 8
const LINKTYPE_ETHERNET = 1

const ipv4Bytes = (address: string): ReadonlyArray<number> => {
  const parts = address.split(".").map((p) => Number.parseInt(p, 10))
  return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255) ? parts : [0, 0, 0, 0]
}

const checksum = (bytes: Uint8Array, from: number, length: number): number => {
  let sum = 0
  for (let i = 0; i < length; i += 2) sum += (bytes[from + i]! << 8) | (bytes[from + i + 1] ?? 0)
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16)
  return ~sum & 0xffff
}

export interface CapturedDatagram {
  readonly wallMs: number
  readonly source: { readonly address: string; readonly port: number }
  readonly destination: { readonly address: string; readonly port: number }
  readonly payload: Uint8Array
}

/** The frame of one UDP datagram: Ethernet + IPv4 + UDP + payload. */
export const udpFrame = (d: CapturedDatagram, ipId: number): Uint8Array => {
  const frame = new Uint8Array(ETHERNET + IPV4 + UDP + d.payload.length)
  const view = new DataView(frame.buffer)
  const dst = ipv4Bytes(d.destination.address)
  const src = ipv4Bytes(d.source.address)
  frame.set([0x01, 0x00, 0x5e, dst[1]! & 0x7f, dst[2]!, dst[3]!], 0) // RFC 1112 §6.4 multicast MAC
  frame.set([0x02, 0x00, ...src], 6) // a locally administered source MAC carrying the sender's address
  view.setUint16(12, 0x0800)
  const ip = ETHERNET
  frame[ip] = 0x45
  view.setUint16(ip + 2, IPV4 + UDP + d.payload.length)
  view.setUint16(ip + 4, ipId & 0xffff)
  frame[ip + 8] = 1 // TTL
  frame[ip + 9] = 17 // UDP
  frame.set(src, ip + 12)
  frame.set(dst, ip + 16)
  view.setUint16(ip + 10, checksum(frame, ip, IPV4))
  const udp = ip + IPV4
  view.setUint16(udp, d.source.port)
  view.setUint16(udp + 2, d.destination.port)
  view.setUint16(udp + 4, UDP + d.payload.length)
  frame.set(d.payload, udp + UDP)
  return frame
}

export const pcapGlobalHeader = (): Uint8Array => {
  const header = new Uint8Array(24)
  const view = new DataView(header.buffer)
  view.setUint32(0, 0xa1b2c3d4, true)
  view.setUint16(4, 2, true)
  view.setUint16(6, 4, true)
  view.setInt32(8, 0, true) // thiszone
  view.setUint32(12, 0, true) // sigfigs
  view.setUint32(16, 65535, true) // snaplen
  view.setUint32(20, LINKTYPE_ETHERNET, true)
  return header
}

export const pcapRecord = (wallMs: number, frame: Uint8Array): Uint8Array => {
  const record = new Uint8Array(16 + frame.length)
  const view = new DataView(record.buffer)
  const seconds = Math.floor(wallMs / 1000)
  view.setUint32(0, seconds, true)
  view.setUint32(4, Math.round((wallMs - seconds * 1000) * 1000), true)
  view.setUint32(8, frame.length, true)
  view.setUint32(12, frame.length, true)
  record.set(frame, 16)
  return record
}

const FLUSH_BYTES = 1 << 20

export class PcapWriter {
  private chunks: Array<Uint8Array> = []
  private buffered = 0
  private ipId = 0
  private readonly fd: number
  packets = 0
  readonly path: string

  /** Creates (truncates) the file: throws the file system's error, which the caller reports against --pcap. */
  constructor(path: string) {
    this.path = path
    this.fd = fs.openSync(path, "w")
    fs.writeSync(this.fd, pcapGlobalHeader())
  }

  write(datagram: CapturedDatagram): void {
    const record = pcapRecord(datagram.wallMs, udpFrame(datagram, this.ipId++))
    this.chunks.push(record)
    this.buffered += record.length
    this.packets++
    if (this.buffered >= FLUSH_BYTES) this.flush()
  }

  close(): void {
    this.flush()
    fs.closeSync(this.fd)
  }

  private flush(): void {
    if (this.buffered > 0) fs.writeSync(this.fd, Buffer.concat(this.chunks))
    this.chunks = []
    this.buffered = 0
  }
}

/**
 * The 16-byte packet header every packet starts with (spec §3.3), and the packet limits (§3.2).
 *
 *   0 PktSize  Uint16  size of the packet, this field included
 *   2 MsgCount Uint8   messages in the packet (0: heartbeat, §3.4.1)
 *   3 Filler   String  1
 *   4 SeqNum   Uint32  sequence number of the first message (a heartbeat: of the previous message sent)
 *   8 SendTime Uint64  nanoseconds since 1970-01-01 UTC (to the millisecond)
 */

export const PACKET_HEADER_BYTES = 16

/** §3.2: "The maximum length of a packet is 1500 bytes which includes the multicast headers". */
export const MAX_PACKET_BYTES = 1500
/**
 * What we count as the multicast headers inside the 1500: IPv4 without options (20) + UDP (8). Ethernet's
 * own header is outside the 1500, as the Ethernet MTU is. Same reading as the twin's model (models/omd/stream.ts).
 */
export const IP_UDP_HEADER_BYTES = 28
/** Largest OMD-C packet (PktSize) on a multicast line: 1500 − 28 = 1472. */
export const MAX_PKT_SIZE = MAX_PACKET_BYTES - IP_UDP_HEADER_BYTES
/** MsgCount is a Uint8. */
export const MAX_MSG_COUNT = 255

export interface PacketHeader {
  readonly pktSize: number
  readonly msgCount: number
  readonly seqNum: number
  /** Nanoseconds since the epoch. */
  readonly sendTime: bigint
}

export const writePacketHeader = (view: DataView, at: number, header: PacketHeader): void => {
  view.setUint16(at, header.pktSize, true)
  view.setUint8(at + 2, header.msgCount)
  view.setUint8(at + 3, 0) // Filler
  view.setUint32(at + 4, header.seqNum, true)
  view.setBigUint64(at + 8, header.sendTime, true)
}

/** Reads the header at `at`; the caller checked 16 bytes are there. */
export const readPacketHeader = (view: DataView, at: number): PacketHeader => ({
  pktSize: view.getUint16(at, true),
  msgCount: view.getUint8(at + 2),
  seqNum: view.getUint32(at + 4, true),
  sendTime: view.getBigUint64(at + 8, true)
})

/** Milliseconds since the epoch → SendTime nanoseconds (the spec's precision is the millisecond). */
export const sendTimeFromMs = (ms: number): bigint => BigInt(Math.trunc(ms)) * 1_000_000n

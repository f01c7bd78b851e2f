/**
 * The pcap bytes written out by hand: the libpcap global header, a record header, and the Ethernet/IPv4/UDP
 * frame synthesised around a datagram (the loopback tests read whole files back with tcpdump -r).
 */
import { describe, expect, it } from "vitest"
import { pcapGlobalHeader, pcapRecord, udpFrame } from "../../../../../twin/wire/omd/listen/pcap.ts"
import { wire } from "../fixtures.ts"

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex")

describe("pcap", () => {
  it("writes the classic libpcap global header: magic, v2.4, snaplen 65535, link type 1 (Ethernet)", () => {
    expect(hex(pcapGlobalHeader())).toBe(hex(wire([
      [0, "d4 c3 b2 a1", "magic 0xa1b2c3d4 (little-endian file)"],
      [4, "02 00 04 00", "version 2.4"],
      [8, "00 00 00 00", "thiszone 0"],
      [12, "00 00 00 00", "sigfigs 0"],
      [16, "ff ff 00 00", "snaplen 65535"],
      [20, "01 00 00 00", "network 1 = Ethernet"]
    ])))
  })

  it("frames a datagram 127.0.0.1:5000 → 239.255.1.2:6000 as Ethernet + IPv4 (checksum 0x49c4) + UDP, in a record stamped to the µs", () => {
    const frame = udpFrame({ wallMs: 0, source: { address: "127.0.0.1", port: 5000 }, destination: { address: "239.255.1.2", port: 6000 }, payload: Uint8Array.from([1, 2, 3, 4]) }, 7)
    // IPv4 header checksum (ones' complement of the ones'-complement sum of its 16-bit words, checksum 0):
    // 4500 + 0020 + 0007 + 0000 + 0111 + 7f00 + 0001 = c539; + efff = 1b538 → b538 + 1 = b539; + 0102 = b63b;
    // ~b63b = 49c4.
    const expected = wire([
      [0, "01 00 5e 7f 01 02", "Ethernet destination: 01:00:5e + low 23 bits of 239.255.1.2"],
      [6, "02 00 7f 00 00 01", "source: locally administered, carrying 127.0.0.1"],
      [12, "08 00", "EtherType IPv4"],
      [14, "45 00 00 20", "IPv4, IHL 5, TOS 0, total length 32 = 20 + 8 + 4"],
      [18, "00 07 00 00", "identification 7, no fragmentation"],
      [22, "01 11 49 c4", "TTL 1, protocol 17 (UDP), header checksum 0x49c4"],
      [26, "7f 00 00 01 ef ff 01 02", "127.0.0.1 → 239.255.1.2"],
      [34, "13 88 17 70 00 0c 00 00", "UDP 5000 → 6000, length 12, checksum 0 (none)"],
      [42, "01 02 03 04", "payload"]
    ])
    expect(hex(frame)).toBe(hex(expected))
    expect(hex(pcapRecord(1796607005789, frame))).toBe(hex(wire([
      [0, "1d 0c 16 6b", "ts_sec 1796607005"],
      [4, "08 0a 0c 00", "ts_usec 789000"],
      [8, "2e 00 00 00 2e 00 00 00", "captured and original length 46"],
      [16, hex(expected).replace(/(..)/g, "$1 ").trim(), "the frame"]
    ])))
  })
})

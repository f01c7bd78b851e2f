/**
 * Loopback multicast memberships (group-members.ts): the kernel's table parsed, read again at most every
 * 20 ms, every group joined where the table cannot be read or the rig is not on loopback; and a real join
 * on this host seen, then its leave.
 */
import dgram from "node:dgram"
import { describe, expect, it } from "vitest"
import { everyGroupJoined, loopbackGroups, loopbackMembership } from "../../../../../twin/wire/omd/rig/group-members.ts"

// /proc/net/igmp as Linux 6 printed it with one socket joined to 239.192.0.2 on 127.0.0.1.
const TABLE = [
  "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter",
  "1\tlo        :     2      V3",
  "\t\t\t\t0200C0EF     1 0:00000000\t\t0",
  "\t\t\t\t010000E0     1 0:00000000\t\t0",
  "4\teth0      :     2      V3",
  "\t\t\t\t0800C0EF     1 0:00000000\t\t0",
  "\t\t\t\t010000E0     1 0:00000000\t\t0",
  ""
].join("\n")

describe("loopback multicast memberships", () => {
  it("reads the groups of device lo, host-order hex to dotted (0200C0EF is 239.192.0.2); another device's are not loopback's", () => {
    expect([...loopbackGroups(TABLE)].sort()).toEqual(["224.0.0.1", "239.192.0.2"])
  })

  it("reads the table again only after 20 ms", () => {
    let table = TABLE
    let reads = 0
    let now = 0
    const joined = loopbackMembership("127.0.0.1", () => (reads++, table), () => now)
    expect(joined("239.192.0.2")).toBe(true)
    table = TABLE.replace("0200C0EF", "0300C0EF")
    now = 19
    expect(joined("239.192.0.2")).toBe(true)
    now = 20
    expect(joined("239.192.0.2")).toBe(false)
    expect(joined("239.192.0.3")).toBe(true)
    expect(reads).toBe(3) // the first look whether it can be read, then at 0 and at 20
  })

  it("counts every group joined on another interface than loopback, or where the table cannot be read", () => {
    expect(loopbackMembership("10.1.2.3", () => "")).toBe(everyGroupJoined)
    expect(loopbackMembership("127.0.0.1", () => { throw new Error("ENOENT") })).toBe(everyGroupJoined)
  })

  it.runIf(process.platform === "linux")("sees a socket of this host join a group on 127.0.0.1, then leave it", async () => {
    let now = 0
    const joined = loopbackMembership("127.0.0.1", undefined, () => now)
    const group = "239.192.250.7"
    expect(joined(group)).toBe(false)
    const socket = dgram.createSocket({ type: "udp4", reuseAddr: true })
    await new Promise<void>((resolve) => socket.bind(0, () => resolve()))
    socket.addMembership(group, "127.0.0.1")
    now += 20
    expect(joined(group)).toBe(true)
    socket.dropMembership(group, "127.0.0.1")
    now += 20
    expect(joined(group)).toBe(false)
    await new Promise<void>((resolve) => socket.close(() => resolve()))
  })
})

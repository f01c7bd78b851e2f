/**
 * Which multicast groups a socket on this host has joined on loopback (Linux `/proc/net/igmp`, device
 * `lo`): the rig sends a refresh line only while its group is joined (feed.ts). So the network behaves to a
 * watched participant: it carries a group to a participant's site only while a receiver there has joined
 * it (IGMP, PIM), and a feed handler joins the refresh channels when it needs a snapshot and leaves after
 * (spec §4.4; `twin omd listen` does). Nobody refreshing is the usual case, and a snapshot is ~10,000
 * packets (the day's Security Definitions): at ×60 a watched participant's refresh lines were two thirds of
 * what the rig sent (2 × 417,000 packets in 25 s against 2 × 185,000 on lines A and B), and the rig fell
 * behind. Lines A and B and the DR channel are always sent, joined or not (tcpdump on `lo` sees them alone).
 *
 * Read again at most every REREAD_MS (a join is seen within that; a snapshot is queued whole at its start,
 * so one that began before the join is not sent — a feed handler waits for the next Refresh Complete
 * anyway). A host without `/proc/net/igmp`, or a rig on another interface than loopback (its receivers on
 * other hosts, whose joins this host cannot see): every group counts as joined.
 */
import { readFileSync } from "node:fs"

const REREAD_MS = 20

/** The groups joined on device `lo` in the text of `/proc/net/igmp` (each address as "239.192.0.2"). */
export const loopbackGroups = (igmp: string): Set<string> => {
  const groups = new Set<string>()
  let onLoopback = false
  for (const line of igmp.split("\n")) {
    const device = /^\d+\s+(\S+)\s*:/.exec(line)
    if (device !== null) {
      onLoopback = device[1] === "lo"
      continue
    }
    const group = /^\s+([0-9A-Fa-f]{8})\s/.exec(line)
    if (!onLoopback || group === null) continue
    // The kernel prints the address as a host-order (little-endian) 32-bit number: 239.192.0.2 is 0200C0EF.
    const n = Number.parseInt(group[1]!, 16)
    groups.add(`${n & 0xff}.${(n >>> 8) & 0xff}.${(n >>> 16) & 0xff}.${n >>> 24}`)
  }
  return groups
}

/** Whether `address` is joined on this host's loopback now (within REREAD_MS). */
export type GroupJoined = (address: string) => boolean

export const everyGroupJoined: GroupJoined = () => true

/**
 * Membership on loopback, for a rig bound to `host`: `everyGroupJoined` when `host` is not a loopback
 * address or the kernel's table cannot be read. `read` and `now` are the test's seams.
 */
export const loopbackMembership = (
  host: string,
  read: () => string = () => readFileSync("/proc/net/igmp", "utf8"),
  now: () => number = Date.now
): GroupJoined => {
  if (!host.startsWith("127.")) return everyGroupJoined
  try {
    read()
  } catch {
    return everyGroupJoined
  }
  let groups = new Set<string>()
  let readAt = -Infinity
  return (address) => {
    const t = now()
    if (t - readAt >= REREAD_MS) {
      try {
        groups = loopbackGroups(read())
      } catch {
        return true
      }
      readAt = t
    }
    return groups.has(address)
  }
}

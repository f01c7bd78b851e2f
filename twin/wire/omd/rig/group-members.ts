/**
 * Which multicast groups a socket on this host has joined on loopback (Linux `/proc/net/igmp`, device
 * `lo`): the rig sends a watched participant's line only while its group is joined (feed.ts) — as the
 * network carries a group to a participant's site only while a receiver there has joined it (IGMP, PIM),
 * and as a feed handler joins the refresh channels only when it needs a snapshot, leaving after (spec §4.4;
 * `twin omd listen` does). Measured before (2026-12-07, `twin serve --from 09:30 --speed 60`, 25–30 s,
 * nobody listening): with `--rig P0001` the SS refresh lines were 2 × 417,000 of the rig's packets against
 * 2 × 185,000 on lines A and B and the rig dropped 34,287 packets; with the default rig (six OMD-C
 * participants) it dropped 17 million — the wire had gaps the trace does not for whoever listened. A
 * capture tool alone (`tcpdump -i lo`) sees a line only while a receiver has joined it, as on a
 * participant's LAN.
 *
 * Read again at most every REREAD_MS (a join is seen within that; what was queued before it — a slice's
 * packets, a snapshot, queued whole when they start — is not sent: a late joiner refreshes anyway). A host
 * without `/proc/net/igmp`, or a rig on another interface than loopback (its receivers on other hosts,
 * whose joins this host cannot see): every group counts as joined.
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

/**
 * How many connections wait in a listening socket's accept queue, as Linux tells in /proc/net/tcp(6): for a
 * socket in LISTEN (state 0A) the `rx_queue` field is that count (sk_ack_backlog). The black hole
 * (black-hole.ts) reads it to know its queue is full whoever filled it — a client connecting while the port
 * changes hands fills it as well as the black hole's own connections do.
 *
 * `undefined` where the kernel does not say (no /proc, another system, no such listener): the caller falls
 * back to what it sees of its own connections.
 */
import { readFile } from "node:fs/promises"
import { isIPv4, isIPv6 } from "node:net"

/** An address as /proc/net/tcp(6) prints it: each 32-bit word in the host's (little-endian) byte order. */
export const procAddressOf = (address: string): string | undefined => {
  const bytes = isIPv4(address) ? address.split(".").map(Number) : isIPv6(address) ? ipv6Bytes(address) : undefined
  if (bytes === undefined) return undefined
  let out = ""
  for (let w = 0; w < bytes.length; w += 4) {
    for (let b = 3; b >= 0; b--) out += bytes[w + b]!.toString(16).toUpperCase().padStart(2, "0")
  }
  return out
}

const ipv6Bytes = (address: string): Array<number> => {
  const bare = address.split("%")[0]!
  // An IPv4 tail (::ffff:127.0.0.1) is two groups.
  const tail = bare.match(/(\d+\.\d+\.\d+\.\d+)$/)
  const text = tail === null ? bare : bare.slice(0, -tail[1]!.length) + ipv4Groups(tail[1]!)
  const [head, rest] = text.includes("::") ? text.split("::") as [string, string] : [text, undefined]
  const groupsOf = (s: string) => (s === "" ? [] : s.split(":"))
  const front = groupsOf(head)
  const back = rest === undefined ? [] : groupsOf(rest)
  const groups = [...front, ...Array<string>(8 - front.length - back.length).fill("0"), ...back]
  return groups.flatMap((g) => {
    const v = parseInt(g, 16)
    return [v >> 8, v & 0xff]
  })
}

const ipv4Groups = (v4: string): string => {
  const [a, b, c, d] = v4.split(".").map(Number) as [number, number, number, number]
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
}

/** The accept queue's length of the listener on `address:port`, or undefined when the kernel does not say. */
export const acceptQueueLength = async (address: string, port: number): Promise<number | undefined> => {
  const local = procAddressOf(address)
  if (local === undefined) return undefined
  const file = isIPv4(address) ? "/proc/net/tcp" : "/proc/net/tcp6"
  const text = await readFile(file, "latin1").catch(() => undefined)
  if (text === undefined) return undefined
  const wanted = `${local}:${port.toString(16).toUpperCase().padStart(4, "0")}`
  let longest: number | undefined
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/)
    // sl local_address rem_address st tx_queue:rx_queue …
    if (f[1] !== wanted || f[3] !== "0A") continue
    const rx = parseInt(f[4]?.split(":")[1] ?? "", 16)
    if (Number.isFinite(rx)) longest = Math.max(longest ?? 0, rx)
  }
  return longest
}

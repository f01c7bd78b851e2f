/**
 * The receiving end of `npm run bench -- omd-wire`, in its own process (as a feed handler would be): joins
 * the groups it is given, marks every sequence number received per group, and reports on request.
 * Messages from the parent: { join: [{ address, port }] } then { report: true } → { counts, packets }.
 */
import dgram from "node:dgram"

interface Group { readonly address: string; readonly port: number }
const seen: Array<Uint8Array> = []
const packets: Array<number> = []
const sockets: Array<dgram.Socket> = []

const join = async (groups: ReadonlyArray<Group>): Promise<void> => {
  for (const [i, g] of groups.entries()) {
    seen[i] = new Uint8Array(1 << 24)
    packets[i] = 0
    const s = dgram.createSocket({ type: "udp4", reuseAddr: true })
    s.on("message", (m) => {
      packets[i]!++
      const count = m[2]!
      const seq = m.readUInt32LE(4)
      const marks = seen[i]!
      for (let k = 0; k < count; k++) marks[(seq + k) & 0xffffff] = 1
    })
    await new Promise<void>((resolve) => s.bind(g.port, () => resolve()))
    s.addMembership(g.address, "127.0.0.1")
    s.setRecvBufferSize(4 << 20)
    sockets.push(s)
  }
}

process.on("message", (m: { join?: ReadonlyArray<Group>; report?: { from: number; to: number }; quit?: boolean }) => {
  if (m.join !== undefined) void join(m.join).then(() => process.send!({ joined: true }))
  if (m.report !== undefined) {
    const counts = seen.map((marks) => {
      let n = 0
      for (let s = m.report!.from; s <= m.report!.to; s++) n += marks[s & 0xffffff]!
      return n
    })
    process.send!({ counts, packets: [...packets] })
    for (let i = 0; i < seen.length; i++) {
      seen[i]!.fill(0)
      packets[i] = 0
    }
  }
  if (m.quit === true) {
    for (const s of sockets) s.close()
    process.exit(0)
  }
})

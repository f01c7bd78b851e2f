/** The gate between ssh2 and the TCP socket (twin/wire/ecp/gated-socket.ts), on a loopback socket pair. */
import { createServer, connect, type Server, type Socket } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { CONTROL_LIMIT, GatedSocket } from "../../../../twin/wire/ecp/gated-socket.ts"

let server: Server | undefined
const sockets: Array<Socket> = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())))
  server = undefined
})

/** A gated server side and the plain client (the peer) of one loopback connection; `peerGot()` is what the peer read so far. */
const pair = async () => {
  const accepted = new Promise<Socket>((resolve) => {
    server = createServer((s) => resolve(s))
    server.listen(0, "127.0.0.1")
  })
  await new Promise<void>((resolve) => server!.once("listening", () => resolve()))
  const address = server!.address()
  const peer = connect({ host: "127.0.0.1", port: typeof address === "object" && address !== null ? address.port : 0 })
  sockets.push(peer)
  const tcp = await accepted
  sockets.push(tcp)
  const gated = new GatedSocket(tcp)
  let peerGot = Buffer.alloc(0)
  peer.on("data", (b: Buffer) => (peerGot = Buffer.concat([peerGot, b])))
  let gatedGot = Buffer.alloc(0)
  gated.on("data", (b: Buffer) => (gatedGot = Buffer.concat([gatedGot, b])))
  return { gated, peer, peerGot: () => peerGot, gatedGot: () => gatedGot }
}

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms))
const bytes = (n: number, fill: number) => Buffer.alloc(n, fill)

describe("GatedSocket", () => {
  it("open: passes both ways", async () => {
    const p = await pair()
    p.gated.write("to peer")
    p.peer.write("to server")
    await settle()
    expect(p.peerGot().toString()).toBe("to peer")
    expect(p.gatedGot().toString()).toBe("to server")
    expect(p.gated.stalledSince).toBeUndefined()
  })

  it("down: holds both ways, in order, and lets everything through when open again", async () => {
    const p = await pair()
    p.gated.setPassage({ _tag: "down" })
    p.gated.write("one ")
    p.gated.write("two")
    p.peer.write("abc")
    await settle(100)
    p.peer.write("def")
    await settle()
    expect(p.peerGot().length).toBe(0)
    expect(p.gatedGot().length).toBe(0)
    expect(p.gated.stalledSince).toBeDefined()
    p.gated.setPassage({ _tag: "open" })
    await settle()
    expect(p.peerGot().toString()).toBe("one two")
    expect(p.gatedGot().toString()).toBe("abcdef")
    expect(p.gated.stalledSince).toBeUndefined()
  })

  it("mute (a crashed host): the stream closes for its owner, the peer sees nothing — no bytes, no FIN — until reset", async () => {
    const p = await pair()
    let peerEnded = false
    let peerError = ""
    p.peer.on("end", () => (peerEnded = true))
    p.peer.on("error", (e: NodeJS.ErrnoException) => (peerError = e.code ?? e.message))
    const ownerClosed = new Promise<void>((resolve) => p.gated.once("close", () => resolve()))
    p.gated.setPassage({ _tag: "down" })
    p.gated.write("held")
    p.gated.mute()
    await ownerClosed
    p.peer.write("unanswered")
    await settle()
    expect([p.peerGot().length, peerEnded, peerError, p.gatedGot().length]).toEqual([0, false, "", 0])
    p.gated.reset()
    await settle()
    expect([p.peerGot().length, peerEnded, peerError]).toEqual([0, false, "ECONNRESET"])
  })

  it("MTU cut to 1280: control-size writes pass; a data write is held, and what follows it", async () => {
    const p = await pair()
    p.gated.setPassage({ _tag: "mtu", mtu: 1280 })
    // 100 bytes: control. CONTROL_LIMIT + 1 bytes: data, first segment min(4097, 1500) = 1500 > 1280: held.
    p.gated.write(bytes(100, 0x61))
    await settle()
    expect(p.peerGot().length).toBe(100)
    p.gated.write(bytes(CONTROL_LIMIT + 1, 0x62))
    p.gated.write(bytes(10, 0x63))
    await settle()
    expect(p.peerGot().length).toBe(100)
    // A cut to 1500 or more lets full segments through: the held data moves, then the 10 bytes behind it.
    p.gated.setPassage({ _tag: "mtu", mtu: 1500 })
    await settle()
    expect(p.peerGot().equals(Buffer.concat([bytes(100, 0x61), bytes(CONTROL_LIMIT + 1, 0x62), bytes(10, 0x63)]))).toBe(true)
  })
})

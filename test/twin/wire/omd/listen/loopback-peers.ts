/**
 * In-test peers for the listener on loopback: a multicast sender that uses the codec, and a small
 * retransmission server (Logon → Logon Response, Retransmission Request → Response + the stored messages).
 * Groups 239.255.G.x and ports P..P+99 are drawn at random per test file so files running side by side
 * never share a group and port.
 */
import * as dgram from "node:dgram"
import * as net from "node:net"
import {
  decodePacket, encodeHeartbeat, encodeRtsPacket, isOmdDecodeError, packMessages, PacketFramer, type OmdMessage
} from "../../../../../twin/wire/omd/index.ts"

export const randomAddressBlock = (): { readonly group: (n: number) => string; readonly port: (n: number) => number } => {
  const octet = 1 + Math.floor(Math.random() * 250)
  const base = 20_000 + Math.floor(Math.random() * 400) * 100
  return { group: (n) => `239.255.${octet}.${n}`, port: (n) => base + n }
}

export interface Endpoint {
  readonly address: string
  readonly port: number
}

export class MulticastSender {
  private readonly socket: dgram.Socket
  private constructor(socket: dgram.Socket) {
    this.socket = socket
  }

  static start(): Promise<MulticastSender> {
    return new Promise((resolve) => {
      const socket = dgram.createSocket("udp4")
      socket.bind(0, "127.0.0.1", () => {
        socket.setMulticastInterface("127.0.0.1")
        socket.setMulticastLoopback(true)
        resolve(new MulticastSender(socket))
      })
    })
  }

  get port(): number {
    return this.socket.address().port
  }

  send(bytes: Uint8Array, to: Endpoint): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(bytes, to.port, to.address, (error) => (error ? reject(error) : resolve())))
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()))
  }
}

export interface RtsRequestSeen {
  readonly username: string
  readonly channelId: number
  readonly beginSeqNum: number
  readonly endSeqNum: number
}

export interface TestRtsOptions {
  /** SessionStatus of the Logon Response (default 0: active). */
  readonly logonStatus?: number
  /** RetransStatus of every Retransmission Response (default 0: accepted). */
  readonly retransStatus?: number
  /** Send a heartbeat (SeqNum 77) right after the Logon Response and record the client's answer. */
  readonly heartbeat?: boolean
}

/** Serves Retransmission Requests from `stored` (number → message); records each logon, request and heartbeat answer. */
export class TestRtsServer {
  readonly heartbeatAnswers: Array<string> = []
  readonly requests: Array<RtsRequestSeen> = []
  private readonly sockets = new Set<net.Socket>()
  private username = ""
  private readonly server: net.Server
  private readonly stored: ReadonlyMap<number, OmdMessage>
  private readonly options: TestRtsOptions
  private constructor(server: net.Server, stored: ReadonlyMap<number, OmdMessage>, options: TestRtsOptions) {
    this.server = server
    this.stored = stored
    this.options = options
  }

  static start(stored: ReadonlyMap<number, OmdMessage>, options: TestRtsOptions = {}): Promise<TestRtsServer> {
    return new Promise((resolve) => {
      const server = net.createServer()
      const rts = new TestRtsServer(server, stored, options)
      server.on("connection", (socket) => rts.serve(socket))
      server.listen(0, "127.0.0.1", () => resolve(rts))
    })
  }

  get port(): number {
    const address = this.server.address()
    return typeof address === "object" && address !== null ? address.port : 0
  }

  private serve(socket: net.Socket): void {
    this.sockets.add(socket)
    socket.on("close", () => this.sockets.delete(socket))
    socket.on("error", () => undefined)
    const framer = new PacketFramer()
    socket.on("data", (chunk: Buffer) => {
      framer.push(chunk, (bytes) => {
        const packet = decodePacket(bytes)
        if (isOmdDecodeError(packet)) return void socket.destroy()
        if (packet.messages.length === 0) return void this.heartbeatAnswers.push(Buffer.from(bytes).toString("hex"))
        const message = packet.messages[0]!
        if (message.msgType === 101) {
          this.username = message.username
          const sessionStatus = this.options.logonStatus ?? 0
          socket.write(encodeRtsPacket({ msgType: 102, sessionStatus }))
          if (sessionStatus !== 0) return void socket.end() // §4.3: the server closes after a rejected logon
          if (this.options.heartbeat === true) socket.write(encodeHeartbeat(77, 0n))
        } else if (message.msgType === 201) {
          const { channelId, beginSeqNum, endSeqNum } = message
          this.requests.push({ username: this.username, channelId, beginSeqNum, endSeqNum })
          const retransStatus = this.options.retransStatus ?? 0
          socket.write(encodeRtsPacket({ msgType: 202, channelId, retransStatus, beginSeqNum, endSeqNum }))
          if (retransStatus !== 0) return
          const messages: Array<OmdMessage> = []
          for (let seq = beginSeqNum; seq <= endSeqNum; seq++) messages.push(this.stored.get(seq)!)
          for (const p of packMessages(beginSeqNum, 0n, messages)) socket.write(p.bytes)
        }
      })
    })
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}

/** A loopback TCP port nothing listens on (listened on, then closed): connecting is refused. */
export const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = net.createServer()
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

/** Polls `check` every 10 ms until it holds (true) or `timeoutMs` passes (false). */
export const eventually = async (check: () => boolean, timeoutMs = 15_000): Promise<boolean> => {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (check()) return true
    await new Promise((r) => setTimeout(r, 10))
  }
  return check()
}

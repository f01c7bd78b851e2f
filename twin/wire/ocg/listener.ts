/**
 * The socket glue: one TCP listener per OCG-C gateway (or Lookup Service endpoint), each accepted socket
 * handed to the core as a `ConnectionPort`. Thin on purpose: every rule is in session/.
 *
 * `close()` resets every accepted socket and stops listening (the rig's end; an endpoint kept closed until
 * DR; a crashed gateway is not closed but silenced in the core); `open()` again re-binds the same port, so
 * a client configured with it finds the endpoint back.
 */
import { createServer, type Server, type Socket } from "node:net"
import { resetOrDestroy } from "../socket-reset.ts"
import type { ConnectionPort } from "./session/connection.ts"

/** What a listener hands each socket's bytes to (a gateway's `Connection`, a Lookup Service exchange). */
export interface SocketHandler {
  readonly label: string
  receive(chunk: Buffer): void
  close(how: "end" | "reset", reason: string): void
  closedByPeer(reason: string): void
}

export interface Listener {
  readonly port: number
  readonly listening: boolean
  /** Opens (again) on the port it had, or a free one the first time. */
  open(): Promise<void>
  /** Stops listening and resets every accepted socket. */
  close(): Promise<void>
}

const portOf = (socket: Socket): ConnectionPort => ({
  remote: `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? 0}`,
  write: (bytes, written) => {
    if (socket.destroyed) return
    if (written === undefined) socket.write(bytes)
    else socket.write(bytes, () => written())
  },
  backlog: () => socket.writableLength,
  close: (how) => {
    if (how === "reset") resetOrDestroy(socket)
    else socket.end(() => socket.destroy())
    // A peer that never reads or closes does not hold the socket for ever.
    if (how === "end") setTimeout(() => socket.destroy(), 5000).unref()
  }
})

export const tcpListener = (host: string, onSocket: (port: ConnectionPort) => SocketHandler | undefined, log: (line: string) => void): Listener => {
  let server: Server | undefined
  let port = 0
  const sockets = new Set<Socket>()
  const open = (): Promise<void> =>
    new Promise((resolve, reject) => {
      if (server !== undefined) return resolve()
      const s = createServer((socket) => {
        sockets.add(socket)
        socket.setNoDelay(true)
        const c = onSocket(portOf(socket))
        if (c === undefined) {
          socket.resetAndDestroy()
          return
        }
        socket.on("data", (chunk: Buffer) => {
          try {
            c.receive(chunk)
          } catch (e) {
            // A bug must not take the server down: the connection goes, the operator reads why.
            log(`ocg-c: internal error on ${c.label}: ${e instanceof Error ? e.message : String(e)}; connection dropped`)
            c.close("reset", "internal error")
          }
        })
        socket.on("error", (e) => c.closedByPeer(e.message))
        socket.on("close", () => {
          sockets.delete(socket)
          c.closedByPeer("closed")
        })
      })
      s.once("error", reject)
      s.listen(port, host, () => {
        s.off("error", reject)
        s.on("error", (e) => log(`ocg-c listener ${host}:${port}: ${e.message}`))
        const a = s.address()
        port = typeof a === "object" && a !== null ? a.port : port
        server = s
        resolve()
      })
    })
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      const s = server
      server = undefined
      for (const socket of sockets) resetOrDestroy(socket)
      sockets.clear()
      if (s === undefined) return resolve()
      s.close(() => resolve())
    })
  return {
    get port() {
      return port
    },
    get listening() {
      return server !== undefined
    },
    open,
    close
  }
}

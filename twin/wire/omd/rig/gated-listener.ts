/**
 * A TCP listener the twin can block: open, it accepts on its port; blocked, the port does not answer
 * (a black hole, ../../black-hole.ts: connects time out as at a firewall that drops them) and the connections already open are
 * frozen (no bytes either way) until it opens again. The port stays the same for the listener's life, so
 * the address a client read from `/rig` stays right.
 *
 * Transitions run one after the other (a promise chain). The listener and the black hole bind the port side
 * by side (SO_REUSEPORT), the new one before the old lets go, so a connect across a switch is answered or
 * left unanswered, never refused.
 *
 * Gotcha: a listening server reports a failed accept (EMFILE: out of file descriptors) as an `error`
 * event, which with no listener would end the whole process; it goes to `onError` and the port keeps
 * listening (the next connect is accepted once descriptors are free again).
 */
import net from "node:net"
import { afterAccepting, resetOrDestroy } from "../../socket-reset.ts"
import { type BlackHole, openBlackHole } from "../../black-hole.ts"

export class GatedListener {
  readonly host: string
  port = 0
  private readonly server: net.Server
  private readonly sockets = new Set<net.Socket>()
  /** Connections accepted while blocking, before the black hole took the port: reset when it opens again. */
  private readonly unanswered = new Set<net.Socket>()
  private open = true
  private hole: BlackHole | undefined
  private chain: Promise<void> = Promise.resolve()
  private readonly onFreeze: (socket: net.Socket, frozen: boolean) => void
  private closed = false

  constructor(
    host: string,
    onConnection: (socket: net.Socket) => void,
    onFreeze: (socket: net.Socket, frozen: boolean) => void,
    onError: (message: string) => void
  ) {
    this.host = host
    this.onFreeze = onFreeze
    this.server = net.createServer((socket) => {
      if (!this.open) {
        // Blocked now, the black hole not in place yet (a worker thread starting): the connect that slipped
        // in hears nothing, as one in the black hole's queue does, and is reset when the port opens again.
        socket.on("error", () => undefined)
        socket.pause()
        this.unanswered.add(socket)
        socket.once("close", () => this.unanswered.delete(socket))
        return
      }
      this.sockets.add(socket)
      socket.once("close", () => this.sockets.delete(socket))
      onConnection(socket)
    })
    // Listening, every error is a failed accept (a failed listen also rejects its `start` or `setOpen`).
    this.server.on("error", (e) => onError(`listener ${host}:${this.port}: ${e.message}`))
  }

  get isOpen(): boolean {
    return this.open
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject)
      this.server.listen({ host: this.host, port: 0, reusePort: true }, () => {
        this.server.off("error", reject)
        this.port = (this.server.address() as net.AddressInfo).port
        resolve()
      })
    })
  }

  /** Opens or blocks (resolves once the port behaves so). */
  setOpen(open: boolean): Promise<void> {
    if (open === this.open) return this.chain
    this.open = open
    this.chain = this.chain.then(() => (open ? this.unblock() : this.block())).catch(() => undefined)
    return this.chain
  }

  private async block(): Promise<void> {
    if (this.closed) return
    for (const s of this.sockets) this.onFreeze(s, true)
    // The listening socket closes at once (once the black hole listens beside it); the callback would wait
    // for the frozen connections to end.
    this.hole = await openBlackHole(this.host, this.port, async () => {
      await afterAccepting()
      this.server.close()
    }).catch((e: unknown) => {
      // No black hole: the port is at least not served while blocked (refused).
      if (this.server.listening) this.server.close()
      throw e
    })
  }

  private async unblock(): Promise<void> {
    if (this.closed) return
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject)
      this.server.listen({ host: this.host, port: this.port, reusePort: true }, () => {
        this.server.off("error", reject)
        resolve()
      })
    })
    await this.hole?.close()
    this.hole = undefined
    this.resetUnanswered()
    for (const s of this.sockets) this.onFreeze(s, false)
  }

  private resetUnanswered(): void {
    for (const s of this.unanswered) resetOrDestroy(s)
    this.unanswered.clear()
  }

  async close(): Promise<void> {
    this.closed = true
    await this.chain
    await this.hole?.close()
    this.hole = undefined
    this.resetUnanswered()
    for (const s of this.sockets) s.destroy()
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}

/**
 * A TCP connection as the twin's path lets it through: ssh2 talks to this stream, which passes bytes to and
 * from the real socket only while the path is open.
 *
 * - `open`: everything passes, with the socket's own back-pressure.
 * - `down`: nothing passes either way — reading stops (the peer's bytes wait in the kernel, its window
 *   fills, as when packets are lost), writes are held. A transfer in flight stalls; the owner fails the
 *   connection when the stall lasts too long.
 * - MTU cut to `mtu`: bytes that carry file data are held when their first segment would be larger than
 *   the path MTU (min(bytes, 1500) > mtu, the model's rule, twin/models/ecp/messages.ts), and everything
 *   after them (TCP is one byte stream: nothing overtakes a black-holed segment). As in the model, control
 *   traffic — key exchange, status, directory listings — passes: a write or read of at most
 *   `CONTROL_LIMIT` bytes counts as control (loopback coalesces and splits TCP segments at will, so sizes
 *   are all there is to go by); a file's data moves in 32 KiB SFTP packets.
 *
 * `stalledSince` says since when (wall ms) bytes are held, for the owner's stall timer.
 *
 * `mute` is a crashed host: the stream ends for its owner (ssh2 forgets the session) while the socket sends
 * nothing at all — no held bytes, no FIN — until `reset` answers the peer as a restarted host would.
 */
import { Duplex } from "node:stream"
import type { Socket } from "node:net"
import { resetOrDestroy } from "../socket-reset.ts"

export type Passage = { readonly _tag: "open" } | { readonly _tag: "down" } | { readonly _tag: "mtu"; readonly mtu: number }

/** The size of a full segment on the hosts' own links: a write is cut into segments no larger. */
const HOST_SEGMENT = 1500

/** Largest write or read that stands for control traffic (the model's control messages are under 1400 bytes; OpenSSH's KEXINIT is ~1.5 KB). */
export const CONTROL_LIMIT = 4096

const passes = (p: Passage, bytes: number): boolean =>
  p._tag === "open" || (p._tag === "mtu" && (bytes <= CONTROL_LIMIT || Math.min(bytes, HOST_SEGMENT) <= p.mtu))

export class GatedSocket extends Duplex {
  readonly remoteAddress: string | undefined
  readonly remotePort: number | undefined
  readonly remoteFamily: string | undefined
  private passage: Passage = { _tag: "open" }
  private muted = false
  private readonly held: Array<{ readonly chunk: Buffer; readonly done: (e?: Error | null) => void }> = []
  private heldIn: Buffer | undefined
  private wantRead = false
  /** Wall ms since when bytes wait at the gate (undefined: none). */
  stalledSince: number | undefined
  /** Bytes that went through, both ways (the owner's idle timer reads it). */
  moved = 0

  readonly tcp: Socket

  constructor(tcp: Socket) {
    super({ allowHalfOpen: false })
    this.tcp = tcp
    this.remoteAddress = tcp.remoteAddress
    this.remotePort = tcp.remotePort
    this.remoteFamily = tcp.remoteFamily
    tcp.on("data", (chunk: Buffer) => this.fromPeer(chunk))
    tcp.on("end", () => this.push(null))
    tcp.on("error", (e) => this.destroy(e))
    tcp.on("close", () => this.destroy())
  }

  /** Sets what passes now; held bytes move as far as the new passage lets them. */
  setPassage(p: Passage): void {
    this.passage = p
    this.flushOut()
    if (this.heldIn !== undefined && passes(p, this.heldIn.length)) {
      const chunk = this.heldIn
      this.heldIn = undefined
      this.deliver(chunk)
    }
    if (this.heldIn === undefined && this.wantRead) this.tcp.resume()
    this.noteStall()
  }

  private noteStall(): void {
    const waiting = this.held.length > 0 || this.heldIn !== undefined
    if (!waiting) this.stalledSince = undefined
    else this.stalledSince ??= Date.now()
  }

  private fromPeer(chunk: Buffer): void {
    // Bytes already held go first: a chunk that arrives behind them (read before the pause took) joins them.
    if (this.heldIn !== undefined) {
      this.heldIn = Buffer.concat([this.heldIn, chunk])
      return
    }
    if (!passes(this.passage, chunk.length)) {
      this.heldIn = chunk
      this.tcp.pause()
      this.noteStall()
      return
    }
    this.deliver(chunk)
  }

  private deliver(chunk: Buffer): void {
    this.moved += chunk.length
    if (!this.push(chunk)) {
      this.wantRead = false
      this.tcp.pause()
    }
  }

  override _read(): void {
    this.wantRead = true
    if (this.heldIn === undefined) this.tcp.resume()
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (e?: Error | null) => void): void {
    this.held.push({ chunk, done })
    this.flushOut()
    this.noteStall()
  }

  private flushOut(): void {
    while (this.held.length > 0 && passes(this.passage, this.held[0]!.chunk.length)) {
      const { chunk, done } = this.held.shift()!
      this.moved += chunk.length
      if (this.tcp.write(chunk)) done()
      else this.tcp.once("drain", () => done())
    }
  }

  override _final(done: (e?: Error | null) => void): void {
    if (!this.muted) this.tcp.end()
    done()
  }

  override _destroy(e: Error | null, done: (e?: Error | null) => void): void {
    for (const h of this.held.splice(0)) h.done(e ?? new Error("connection closed"))
    if (!this.muted && !this.tcp.destroyed) this.tcp.destroy()
    done(e)
  }

  /** Ends the stream for its owner and leaves the socket silent (read no more, send nothing) until `reset`. */
  mute(): void {
    this.muted = true
    this.passage = { _tag: "down" }
    this.tcp.pause()
    this.destroy()
  }

  /** Ends the connection with a reset, not a polite close: a restarted host's answer to a connection it lost. */
  reset(): void {
    resetOrDestroy(this.tcp)
    this.destroy()
  }

  /** ssh2 calls these on a real socket. */
  setNoDelay(on = true): this {
    this.tcp.setNoDelay(on)
    return this
  }
  setKeepAlive(on = false, delay = 0): this {
    this.tcp.setKeepAlive(on, delay)
    return this
  }
}

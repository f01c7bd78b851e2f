/**
 * One participant's port on one ECP server: the TCP listener its `sftp` connects to, the SSH server
 * (ssh2: public-key authentication of that participant's user only) and the sessions on it, each through a
 * gate (gated-socket.ts) that the twin's judgement of the path opens and shuts.
 *
 * What the port does for each reach the endpoint sets:
 * - `open`: listening; sessions pass.
 * - `mtu`: listening; sessions pass packets no larger than the path MTU (bigger ones stall).
 * - `unreachable` (the path is down, or the server's node crashed): new connections get no answer (a
 *   black hole, ../black-hole.ts: the client's connect times out); sessions stall and are dropped when the
 *   stall has lasted `failAfter` of the world's time.
 * - `closed` (a backup-site server before failover): nothing listens, a connect is refused at once, as
 *   the model's closed server refuses (twin/models/ecp/server.ts); sessions are dropped.
 *
 * A crash of the server node (`crash`) loses every session at once, silently: a crashed host sends
 * nothing, so its peers see neither a close nor a reset — their bytes go unanswered until their own
 * keepalive or timeout gives up (docs/faults.md, node-crash). The sessions are gone for the server (no
 * SFTP slot held), their sockets kept mute until the node is up again (`restart`), when each is reset:
 * the restarted host knows no such connection and answers the peer's next segment with RST.
 *
 * One port per participant (not one shared port) because the gate is per participant and a TCP
 * connection must be judged before anyone logs in: the port says whose it is.
 *
 * Limits: SFTP sessions per user at once (`maxSessions`, shared by all the user's ports: the session
 * channel is refused past it, as OpenSSH's MaxSessions), connections not logged in per port
 * (`maxStartups`: more are closed at once), login within `loginGraceMs`, a connection that makes no SFTP
 * request for `idleMs` is closed — all wall time, so a slow or silent client never holds the server. Idle
 * is counted in SFTP requests, not bytes: ssh2's server sends the client a keepalive every 15 s and the
 * client answers, so a connection is never silent on the wire (an idle limit on the socket never fired).
 */
import { createServer, type Server as NetServer, type Socket } from "node:net"
import { timingSafeEqual } from "node:crypto"
import type { Duplex } from "node:stream"
import ssh2 from "ssh2"
import type { EcpWireData } from "../../contract/kinds-csc-ecp.ts"
import { type BlackHole, openBlackHole } from "../black-hole.ts"
import { GatedSocket, type Passage } from "./gated-socket.ts"
import type { PublicKey } from "./keys.ts"
import { afterAccepting, resetOrDestroy } from "../socket-reset.ts"
import { serveSftp, type SftpLimits } from "./sftp-user.ts"

export type Reach =
  | { readonly _tag: "open" }
  | { readonly _tag: "mtu"; readonly mtu: number }
  | { readonly _tag: "unreachable" }
  | { readonly _tag: "closed" }

export interface PortLimits extends SftpLimits {
  readonly maxSessions: number
  /** Connections not logged in yet, per port: more are closed at once (OpenSSH's MaxStartups starts dropping at 10). */
  readonly maxStartups: number
  readonly loginGraceMs: number
  readonly idleMs: number
}

export const defaultPortLimits: PortLimits = {
  maxSessions: 4,
  maxStartups: 10,
  maxHandles: 16,
  maxUploadBytes: 64 * 1024 * 1024,
  loginGraceMs: 30_000,
  idleMs: 600_000
}

/** What the user's ports share: the count of SFTP sessions open now. */
export interface UserShare {
  sessions: number
}

export interface PortOptions {
  readonly host: string
  readonly participant: string
  readonly server: string
  readonly hostKey: string
  readonly userKey: PublicKey
  /** The user's folder (a real path). */
  readonly root: string
  readonly limits: PortLimits
  readonly share: UserShare
  /** An `ecp.wire` event for this participant (the endpoint writes it to the trace). */
  readonly wire: (data: EcpWireData) => void
  /** Why uploads are not taken now, or undefined when they are (sftp-user.ts). */
  readonly uploadsRefused: () => string | undefined
  /** A file closed after a transfer (the endpoint answers uploads). */
  readonly closed: (direction: "download" | "upload", file: string, bytes: number) => void
}

interface Conn {
  readonly gated: GatedSocket
  loggedIn: boolean
  /** Frees the SFTP session slots this connection holds (idempotent). */
  readonly release: Set<() => void>
  /** The world's instant since which it is stalled (µs), for the `failAfter` rule. */
  stallFrom: number | undefined
  /** Closes the connection `idleMs` after its last SFTP request (or its start). */
  idle: ReturnType<typeof setTimeout> | undefined
}

/** Every SFTP request ssh2 emits: any of them is activity. */
const SFTP_REQUESTS = ["OPEN", "READ", "WRITE", "FSTAT", "FSETSTAT", "CLOSE", "OPENDIR", "READDIR", "LSTAT", "STAT", "REMOVE", "RMDIR", "REALPATH", "READLINK", "SETSTAT", "MKDIR", "RENAME", "SYMLINK", "EXTENDED"] as const

/**
 * Ciphers offered: AES-GCM and AES-CTR (OpenSSL's, with AES-NI), not chacha20-poly1305 — OpenSSH's sftp
 * prefers that one and ssh2's implementation of it moves bytes at a fraction of OpenSSL's AES (bench: about
 * 0.35 of OpenSSH's throughput with it, about 1.0 without). OpenSSH then negotiates aes128-ctr with
 * hmac-sha2-256-etm; every OpenSSH since 6.2 has both.
 */
const CIPHERS: Array<ssh2.CipherAlgorithm> = ["aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr"]

type Mode = "listening" | "black-hole" | "none"

const modeOf = (r: Reach): Mode => (r._tag === "open" || r._tag === "mtu" ? "listening" : r._tag === "unreachable" ? "black-hole" : "none")
const passageOf = (r: Reach): Passage => (r._tag === "open" ? { _tag: "open" } : r._tag === "mtu" ? { _tag: "mtu", mtu: r.mtu } : { _tag: "down" })

const keyMatches = (want: PublicKey, algo: string, data: Buffer): boolean => {
  const mine = want.getPublicSSH()
  return algo === want.type && data.length === mine.length && timingSafeEqual(data, mine)
}

export class SftpPort {
  readonly options: PortOptions
  port = 0
  private mode: Mode = "none"
  private reach: Reach = { _tag: "closed" }
  private listener: NetServer | undefined
  private blackHole: BlackHole | undefined
  private readonly conns = new Set<Conn>()
  /** Connections of sessions a crash lost: mute until the restart resets them. */
  private readonly lost = new Set<GatedSocket>()
  /** Connections accepted while the black hole was starting: unanswered until the port is served again. */
  private readonly unanswered = new Set<Socket>()
  private readonly byPeerPort = new Map<number, Conn>()
  private readonly ssh: ssh2.Server
  private chain: Promise<void> = Promise.resolve()
  private closing = false

  private constructor(options: PortOptions) {
    this.options = options
    this.ssh = new ssh2.Server({ hostKeys: [options.hostKey], ident: "ECP-SFTP", algorithms: { cipher: CIPHERS } }, (client, info) => this.onClient(client, info.port))
  }

  /** Binds a free port (listening), then takes the reach given. */
  static async open(options: PortOptions, reach: Reach): Promise<SftpPort> {
    const p = new SftpPort(options)
    await p.listen(0)
    p.mode = "listening"
    p.reach = { _tag: "open" }
    await p.setReach(reach)
    return p
  }

  get sessions(): number {
    return [...this.conns].filter((c) => c.loggedIn).length
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = createServer((tcp) => this.accept(tcp))
      server.once("error", reject)
      // reusePort: the black hole (../black-hole.ts) binds beside it, so a reach switches without a gap.
      server.listen({ host: this.options.host, port, exclusive: true, reusePort: true }, () => {
        server.off("error", reject)
        server.on("error", () => undefined)
        const a = server.address()
        if (a !== null && typeof a === "object") this.port = a.port
        this.listener = server
        resolve()
      })
    })
  }

  private stopListening(): void {
    const l = this.listener
    this.listener = undefined
    // close() stops listening at once; its callback would wait for every session to end, which is not wanted.
    if (l !== undefined) l.close()
  }

  private async closeBlackHole(): Promise<void> {
    const b = this.blackHole
    this.blackHole = undefined
    if (b !== undefined) await b.close()
  }

  private async unlisten(): Promise<void> {
    this.stopListening()
    await this.closeBlackHole()
  }

  /** The reach last given (`setReach`), applied or being applied. */
  get currentReach(): Reach {
    return this.reach
  }

  /** Applies a reach (queued behind the last one: listeners are swapped one at a time). */
  setReach(reach: Reach): Promise<void> {
    const same = JSON.stringify(reach) === JSON.stringify(this.reach)
    this.reach = reach
    if (same && this.mode === modeOf(reach)) return this.chain
    this.chain = this.chain.then(() => this.apply()).catch((e: unknown) => {
      process.stderr.write(`ecp-sftp ${this.options.participant} ${this.options.server}: ${e instanceof Error ? e.message : String(e)}\n`)
    })
    return this.chain
  }

  /** Resolves when the last reach set has been applied. */
  settled(): Promise<void> {
    return this.chain
  }

  private async apply(): Promise<void> {
    if (this.closing) return
    const reach = this.reach
    const want = modeOf(reach)
    if (reach._tag === "closed") this.dropAll("site-closed")
    for (const c of this.conns) c.gated.setPassage(passageOf(reach))
    if (want === this.mode) return
    this.mode = want
    // The new socket binds before the old one lets go (both SO_REUSEPORT): a connect across the switch is
    // answered or not, as the twin says, never refused — refused is what a closed site gives.
    if (want === "listening") {
      await this.listen(this.port)
      await this.closeBlackHole()
      this.resetUnanswered()
    } else if (want === "black-hole") {
      this.blackHole = await openBlackHole(this.options.host, this.port, async () => {
        await afterAccepting()
        this.stopListening()
      }).catch((e: unknown) => {
        // No black hole: the port is at least not served while unreachable.
        this.stopListening()
        throw e
      })
    } else await this.unlisten()
  }

  /** As the connections that reached the black hole's queue when it closes: reset. */
  private resetUnanswered(): void {
    for (const tcp of this.unanswered) resetOrDestroy(tcp)
    this.unanswered.clear()
  }

  /** Drops every session with a polite close. */
  dropAll(reason: string): void {
    for (const c of [...this.conns]) this.drop(c, reason)
  }

  /**
   * The server node crashed: every session is lost (`dropped`, `server-crashed`) and ended for ssh2, its
   * socket mute — not even ssh2's own keepalive timeout may send a FIN from a crashed host.
   */
  crash(): void {
    for (const c of [...this.conns]) {
      this.conns.delete(c)
      if (c.loggedIn) this.options.wire({ event: "dropped", server: this.options.server, reason: "server-crashed" })
      for (const release of c.release) release()
      this.lost.add(c.gated)
      c.gated.tcp.once("close", () => this.lost.delete(c.gated))
      c.gated.mute()
    }
  }

  /** The server node is up again: the connections the crash lost are reset. */
  restart(): void {
    for (const g of [...this.lost]) g.reset()
    this.lost.clear()
  }

  /** Activity on `c`: its idle limit starts again. */
  private touch(c: Conn): void {
    clearTimeout(c.idle)
    c.idle = setTimeout(() => this.drop(c, "idle"), this.options.limits.idleMs)
    c.idle.unref()
  }

  private drop(c: Conn, reason: string): void {
    if (!this.conns.delete(c)) return
    if (c.loggedIn) this.options.wire({ event: "dropped", server: this.options.server, reason })
    c.gated.destroy()
  }

  /** The world reached `now` (µs): sessions stalled for `failAfter` or more are dropped. */
  tick(now: number, failAfter: number): void {
    // After every step of the world, for every port: most have no session.
    if (this.conns.size === 0) return
    const down = this.reach._tag === "unreachable"
    for (const c of [...this.conns]) {
      const stalled = down || c.gated.stalledSince !== undefined
      if (!stalled) {
        c.stallFrom = undefined
        continue
      }
      c.stallFrom ??= now
      if (now - c.stallFrom >= failAfter) this.drop(c, down ? "path-down" : "stalled")
    }
  }

  private accept(tcp: Socket): void {
    if (this.closing) return void tcp.destroy()
    if (this.reach._tag === "unreachable") {
      // Unreachable now, the black hole not in place yet (a worker thread starting): the connect that
      // slipped in hears nothing, as one in the black hole's queue does, and is reset when the port is served.
      tcp.on("error", () => undefined)
      tcp.pause()
      this.unanswered.add(tcp)
      tcp.once("close", () => this.unanswered.delete(tcp))
      return
    }
    if ([...this.conns].filter((c) => !c.loggedIn).length >= this.options.limits.maxStartups) return void tcp.destroy()
    tcp.on("error", () => undefined)
    const gated = new GatedSocket(tcp)
    gated.on("error", () => undefined)
    gated.setPassage(passageOf(this.reach))
    const conn: Conn = { gated, loggedIn: false, release: new Set(), stallFrom: undefined, idle: undefined }
    this.conns.add(conn)
    const peer = tcp.remotePort ?? -1
    this.byPeerPort.set(peer, conn)
    const grace = setTimeout(() => {
      if (!conn.loggedIn) this.drop(conn, "login-timeout")
    }, this.options.limits.loginGraceMs)
    this.touch(conn)
    gated.once("close", () => {
      clearTimeout(grace)
      clearTimeout(conn.idle)
      this.byPeerPort.delete(peer)
      if (this.conns.delete(conn) && conn.loggedIn) this.options.wire({ event: "logout", server: this.options.server })
    })
    // ssh2 reads and writes the stream only; GatedSocket has the socket methods it calls (setNoDelay, remote*).
    this.ssh.injectSocket(gated as Duplex as Socket)
  }

  private onClient(client: ssh2.Connection, peerPort: number): void {
    const conn = this.byPeerPort.get(peerPort)
    client.on("error", () => undefined)
    if (conn === undefined) return void client.end()
    const o = this.options
    client.on("authentication", (ctx) => {
      if (ctx.method !== "publickey" || ctx.username !== o.participant || !keyMatches(o.userKey, ctx.key.algo, ctx.key.data)) return ctx.reject(["publickey"])
      if (ctx.signature === undefined) return ctx.accept() // the client asks whether this key would do
      if (ctx.blob !== undefined && o.userKey.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) ctx.accept()
      else ctx.reject(["publickey"])
    })
    client.on("ready", () => {
      conn.loggedIn = true
      o.wire({ event: "login", server: o.server })
      client.on("session", (accept) => {
        const session = accept()
        session.on("sftp", (acceptSftp, rejectSftp) => {
          if (o.share.sessions >= o.limits.maxSessions) return rejectSftp()
          o.share.sessions++
          const sftp = acceptSftp()
          for (const request of SFTP_REQUESTS) sftp.prependListener(request, () => this.touch(conn))
          let counted = true
          const release = () => {
            if (counted) o.share.sessions--
            counted = false
          }
          conn.release.add(release)
          sftp.on("close", release)
          sftp.on("end", release)
          serveSftp(sftp, { name: o.participant, root: o.root, limits: o.limits, uploadsRefused: o.uploadsRefused, onClosed: o.closed })
        })
      })
    })
  }

  async close(): Promise<void> {
    this.closing = true
    await this.chain
    this.dropAll("closed")
    this.restart()
    this.resetUnanswered()
    await this.unlisten()
  }
}

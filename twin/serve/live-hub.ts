/**
 * The live drill's hub: runs the world paced to the wall clock, and speaks the live protocol
 * (protocol.ts) with every connected viewer — `welcome` and the trace from where the client left off on
 * `hello`, new events as the world makes them, `clock` a few times a second, `end` when the day is over.
 *
 * The world runs in slices of at most one simulated second, within a wall-time budget per tick, so the
 * socket loop is never blocked for long: a world that cannot keep up falls behind (`lagMs`) instead.
 * Nothing a client sends can stop the hub: every frame is decoded (bad ones get an `error` reply), and a
 * defect in applying a control is reported to that client and logged, the world running on.
 */
import { timingSafeEqual } from "node:crypto"
import { Result } from "effect"
import type { RawData } from "ws"
import { formatClock } from "../engine/time.ts"
import type { LiveSession, WorldControl } from "./live-session.ts"
import { faultKindInfo } from "./live-session.ts"
import { Pacer } from "./pacer.ts"
import { RunToward } from "./run-toward.ts"
import { TokenGuard, type TokenGuardOptions } from "./token-guard.ts"
import { type Control, decodeClientMessage, eventsFrame, type ServerMessage } from "./protocol.ts"

/** Events per `events` frame (a client joining late gets the day so far in frames of this many). */
const FRAME_EVENTS = 5000
const CLOCK_EVERY_MS = 250
/**
 * Flow control per client (issue 16, defect 6): the backlog is sent only while the socket has less than
 * HIGH_WATER_BYTES queued, the rest when it drains, so a client that does not read holds at most that much
 * of the server's memory (the log itself is shared). A client whose queue has not drained for STALL_MS is
 * cut off (it reconnects and resyncs with `hello {have: N}`); one past MAX_BUFFERED_BYTES at once, too.
 */
const HIGH_WATER_BYTES = 4 * 1024 * 1024
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024
const STALL_MS = 30_000
/**
 * Replies held for a client whose backlog waits: one that floods frames without reading would otherwise
 * grow the held list without bound (each bad frame earns an `error`). Past this many it is cut off.
 */
const MAX_HELD = 1000
/** Encoded events frames kept for clients catching up together (200 joining at once share them). */
const FRAME_CACHE = 64

export interface LiveHubOptions {
  readonly session: LiveSession
  readonly speed: number
  readonly token: string
  /** Wall clock in ms (tests give a fake one). */
  readonly wallNow?: () => number
  readonly tickMs?: number
  /** Wall ms a tick may spend running the world before it lets the sockets in. */
  readonly budgetMs?: number
  /** A client's backlog waits while its socket holds this many bytes (default 4 MiB). */
  readonly highWaterBytes?: number
  /** A client whose socket has not drained for this long is cut off (default 30 s). */
  readonly stallMs?: number
  /** Events per `events` frame (default FRAME_EVENTS). */
  readonly frameEvents?: number
  readonly tokenGuard?: TokenGuardOptions
  readonly log?: (line: string) => void
}

/** What the hub uses of a `ws` WebSocket (a test gives a fake that drains when told). */
export interface HubSocket {
  on(event: "message", listener: (data: RawData, isBinary: boolean) => void): unknown
  on(event: "close" | "error", listener: () => void): unknown
  send(text: string, done?: (error?: Error) => void): void
  readonly readyState: number
  readonly OPEN: number
  readonly bufferedAmount: number
  terminate(): void
  close(code?: number, reason?: string): void
}

/**
 * Wires one client's socket to a hub: text frames to `receive`; a binary frame refused; a defect while
 * handling one logged and answered (the hub keeps serving); close or error → `gone`. Both hubs (live, drill).
 */
export const followClientSocket = (
  socket: HubSocket,
  on: { readonly receive: (text: string) => void; readonly refuse: (message: string) => void; readonly log: (line: string) => void; readonly gone: () => void }
): void => {
  socket.on("message", (data, isBinary) => {
    try {
      if (isBinary) return on.refuse("message: expected a JSON text frame, got a binary frame")
      on.receive(data.toString())
    } catch (defect) {
      on.log(`internal error handling a message: ${String(defect)}`)
      on.refuse(`internal error: ${String(defect)}`)
    }
  })
  socket.on("close", on.gone)
  socket.on("error", on.gone)
}

interface Client {
  readonly socket: HubSocket
  /** Where it connects from (the token guard counts failures per address too). */
  readonly address: string
  /** Wall ms of its recent wrong tokens (token-guard.ts). */
  readonly failures: Array<number>
  greeted: boolean
  /** Events of the log this client has been sent. */
  sent: number
  /** Since when (wall ms) the backlog waits for the socket to drain; undefined: not waiting. */
  waitingSince: number | undefined
  /** Messages held while waiting, sent in order once the backlog is out (clocks are dropped: a later one comes). */
  readonly held: Array<string>
}

const sameToken = (given: string | undefined, expected: string): boolean => {
  if (given === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export class LiveHub {
  readonly session: LiveSession
  readonly pacer: Pacer
  private readonly token: string
  private readonly clients = new Set<Client>()
  private readonly wallNow: () => number
  private readonly tickMs: number
  private readonly log: (line: string) => void
  private readonly highWater: number
  private readonly frameEvents: number
  private readonly stallMs: number
  private readonly frames = new Map<string, string>()
  private readonly guard: TokenGuard
  /** Runs the world toward the instant due within the tick's budget (slices adapted to their cost). */
  private readonly toward: RunToward
  private timer: ReturnType<typeof setTimeout> | undefined
  /** The next tick when the world is behind: at once, after the sockets' I/O (setTimeout 0 waits 1 ms). */
  private immediate: ReturnType<typeof setImmediate> | undefined
  private lastClock = -Infinity
  /** Whether the operator was told, once, that two threads might hold the speed asked (`hintThreads`). */
  private hinted = false
  private ended = false
  private running = false

  constructor(options: LiveHubOptions) {
    this.session = options.session
    this.token = options.token
    this.wallNow = options.wallNow ?? (() => performance.now())
    this.tickMs = options.tickMs ?? 50
    this.toward = new RunToward(this.wallNow, options.budgetMs ?? 40)
    this.highWater = options.highWaterBytes ?? HIGH_WATER_BYTES
    this.stallMs = options.stallMs ?? STALL_MS
    this.frameEvents = options.frameEvents ?? FRAME_EVENTS
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`))
    this.guard = new TokenGuard(this.log, options.tokenGuard)
    this.pacer = new Pacer({ start: this.session.now, speed: options.speed, wallNow: this.wallNow() })
  }

  /** Starts the world's clock (the day's opening is run at once). */
  start(): void {
    if (this.running) return
    this.running = true
    this.pacer.resume(this.wallNow(), this.session.now)
    this.tick()
  }

  stop(): void {
    this.running = false
    if (this.timer !== undefined) clearTimeout(this.timer)
    if (this.immediate !== undefined) clearImmediate(this.immediate)
    this.timer = undefined
    this.immediate = undefined
    for (const c of this.clients) c.socket.close(1001, "server stopping")
  }

  get clientCount(): number {
    return this.clients.size
  }

  /** Takes a connected socket; the client speaks first (`hello`). */
  attach(socket: HubSocket, address = ""): void {
    const client: Client = { socket, address, failures: [], greeted: false, sent: 0, waitingSince: undefined, held: [] }
    this.clients.add(client)
    followClientSocket(socket, {
      receive: (text) => this.receive(client, text),
      refuse: (message) => this.send(client, { type: "error", message }),
      log: (line) => this.log(`twin serve: ${line}`),
      gone: () => void this.clients.delete(client)
    })
  }

  /** One step of the world: run it towards the pacer's target within the budget, then send what it wrote. */
  tick = (): void => {
    this.timer = undefined
    this.immediate = undefined
    if (!this.running) return
    const began = this.wallNow()
    let behind = false
    // The instant due now, taken once a tick (run-toward.ts says why).
    const target = this.pacer.target(began, this.session.now)
    // Where the next tick will want the world if this one gets there: the trading part may run ahead to it.
    const next = this.pacer.paused ? undefined : target + Math.floor(this.tickMs * 1000 * this.pacer.speed)
    try {
      behind = this.toward.run(this.session, target, began, next)
    } catch (defect) {
      this.stopped(defect)
    }
    if (this.running && !this.session.over) this.pacer.note(this.wallNow(), this.session.now)
    this.flush()
    if (this.session.over && !this.ended) {
      this.ended = true
      this.broadcastClock()
      this.broadcast({ type: "end", t: this.session.now })
    }
    if (this.wallNow() - this.lastClock >= CLOCK_EVERY_MS) this.broadcastClock()
    if (!this.running || this.ended) return
    // Behind: the next tick right after the sockets' I/O and the rig's turn (setTimeout 0 would idle 1 ms
    // a tick, 2.5 % of a world that cannot keep up); on time: tickMs after this one began. Counted from its
    // end, a tick that took 36 of its 50 ms at ×1000 left the world 86 ms behind before the next, every tick.
    if (behind) this.immediate = setImmediate(this.tick)
    else this.timer = setTimeout(this.tick, Math.max(0, this.tickMs - (this.wallNow() - began)))
  }

  /** A bug in the world: say so once, keep serving what was made so far. */
  private stopped(defect: unknown): void {
    this.log(`twin serve: the simulation stopped at ${formatClock(this.session.now)}: ${defect instanceof Error ? defect.stack : String(defect)}`)
    this.broadcast({ type: "error", message: `the simulation stopped at ${formatClock(this.session.now)}: ${String(defect)}` })
    this.running = false
  }

  /** Sends every client the events it has not had yet; cuts off the ones that stopped reading. */
  flush(): void {
    const wall = this.wallNow()
    for (const c of this.clients) {
      if (c.waitingSince !== undefined && wall - c.waitingSince > this.stallMs) this.cutOff(c)
      else if (c.greeted) this.catchUp(c)
    }
  }

  /**
   * Sends the backlog while the socket has room; when it is full, the last frame's write callback carries
   * on. The frames are cut at multiples of `frameEvents`, so clients catching up together share them.
   */
  private catchUp(client: Client): void {
    if (client.waitingSince !== undefined) return
    const lines = this.session.lines
    while (client.sent < lines.length) {
      if (client.socket.readyState !== client.socket.OPEN) return
      const to = Math.min(lines.length, (Math.floor(client.sent / this.frameEvents) + 1) * this.frameEvents)
      const text = this.frame(client.sent, to)
      client.sent = to
      if (client.socket.bufferedAmount + text.length < this.highWater) {
        client.socket.send(text)
        continue
      }
      client.waitingSince = this.wallNow()
      client.socket.send(text, () => {
        client.waitingSince = undefined
        this.catchUp(client)
      })
      return
    }
    for (const text of client.held.splice(0)) this.sendText(client, text)
  }

  private frame(from: number, to: number): string {
    const key = `${from}:${to}`
    const cached = this.frames.get(key)
    if (cached !== undefined) return cached
    const text = eventsFrame(from, this.session.lines.slice(from, to))
    // Only whole frames are worth keeping: the last, still filling, changes with every tick.
    if (to - from === this.frameEvents) {
      if (this.frames.size >= FRAME_CACHE) this.frames.delete(this.frames.keys().next().value!)
      this.frames.set(key, text)
    }
    return text
  }

  private cutOff(client: Client): void {
    this.clients.delete(client)
    client.socket.terminate()
  }

  private receive(client: Client, text: string): void {
    const decoded = decodeClientMessage(text)
    if (Result.isFailure(decoded)) {
      const { message, ref } = decoded.failure
      return this.send(client, { type: "error", ...(ref === undefined ? {} : { ref }), message })
    }
    const message = decoded.success
    if (message.type === "hello") return this.greet(client, message.have, message.token)
    const ref = message.ref === undefined ? {} : { ref: message.ref }
    const allowed = this.guard.attempt(client.failures, client.address, this.wallNow(), () => sameToken(message.token, this.token))
    if (!allowed.ok) return this.send(client, { type: "error", ...ref, message: allowed.message })
    const done = this.control(message)
    this.send(client, Result.isSuccess(done) ? { type: "ack", ...ref, detail: done.success } : { type: "error", ...ref, message: done.failure })
    if (Result.isSuccess(done)) this.log(`instructor: ${done.success}`)
    // The control's effects are due at the instant reached: run them now (even when paused) and send them.
    if (Result.isSuccess(done) && !this.session.over) this.session.advance(this.session.now)
    this.flush()
    this.broadcastClock()
  }

  private control(message: Control): Result.Result<string, string> {
    // A control acts at the instant the whole world has reached: a step run ahead is taken first.
    try {
      this.session.settle()
    } catch (defect) {
      this.stopped(defect)
      return Result.fail(`the simulation stopped at ${formatClock(this.session.now)}`)
    }
    const wall = this.wallNow()
    switch (message.type) {
      case "speed":
        this.pacer.setSpeed(message.speed, wall, this.session.now)
        return Result.succeed(`speed ${message.speed}×`)
      case "pause":
        if (this.pacer.paused) return Result.fail("already paused")
        this.pacer.pause(wall, this.session.now)
        return Result.succeed(`paused at ${formatClock(this.session.now).slice(0, 8)}`)
      case "resume":
        if (!this.pacer.paused) return Result.fail("not paused")
        this.pacer.resume(wall, this.session.now)
        return Result.succeed(`resumed at ${formatClock(this.session.now).slice(0, 8)}`)
      default:
        return this.session.apply(message satisfies WorldControl)
    }
  }

  private greet(client: Client, have: number, token: string | undefined): void {
    // A hello's token is a guess like a control's: the same guard (no token at all is a trainee, not a guess).
    const verdict = token === undefined ? undefined : this.guard.attempt(client.failures, client.address, this.wallNow(), () => sameToken(token, this.token))
    const instructor = verdict?.ok === true
    this.send(client, {
      type: "welcome",
      role: instructor ? "instructor" : "trainee",
      scenario: this.session.scenario,
      faultKinds: faultKindInfo(),
      units: this.session.units,
      speed: this.pacer.speed
    })
    if (verdict !== undefined && !verdict.ok) this.send(client, { type: "error", message: `${verdict.message} (joined as trainee)` })
    // A client holding more than the log has seen another run (the server restarted): it starts over.
    client.sent = have <= this.session.lines.length ? have : 0
    client.greeted = true
    this.catchUp(client)
    this.send(client, this.clockMessage())
    if (this.ended) this.send(client, { type: "end", t: this.session.now })
  }

  private clockMessage(): ServerMessage {
    const wall = this.wallNow()
    const over = this.session.over
    const held = over ? undefined : this.pacer.held
    return { type: "clock", t: this.session.now, speed: this.pacer.speed, paused: this.pacer.paused, lagMs: over ? 0 : this.pacer.lagMs(wall, this.session.now), ...(held === undefined ? {} : { held }) }
  }

  private broadcastClock(): void {
    this.lastClock = this.wallNow()
    this.broadcast(this.clockMessage())
    this.hintThreads()
  }

  /**
   * A world that holds under 95 % of the speed asked and could go faster (no scenario, no real sessions) —
   * on one thread, or on two with the trading path in one part: the operator is told once, on the log, what
   * `--threads 2` or `--trading-parts` is for.
   */
  private hintThreads(): void {
    const held = this.pacer.held
    const s = this.session
    if (this.hinted || held === undefined || held >= 0.95 * this.pacer.speed) return
    if (s.scenario !== null || s.realOcgSessions.size > 0 || (s.threads === 2 && s.tradingParts > 1)) return
    this.hinted = true
    const holds = `twin serve: the world holds ×${Math.round(held)} of ×${this.pacer.speed}`
    this.log(
      s.threads === 1
        ? `${holds} on one thread; --threads 2 runs the OCG-C/OTP-C trading path on a core of its own (docs/live.md "Two threads")`
        : `${holds} on two threads; --trading-parts 4 splits the OCG-C/OTP-C trading path over both, not one world (docs/live.md "Two threads")`
    )
  }

  private broadcast(message: ServerMessage): void {
    for (const c of this.clients) if (c.greeted) this.send(c, message)
  }

  private send(client: Client, message: ServerMessage): void {
    if (client.waitingSince !== undefined) {
      if (message.type === "clock") return
      if (client.held.length >= MAX_HELD) return this.cutOff(client)
      client.held.push(JSON.stringify(message))
      return
    }
    this.sendText(client, JSON.stringify(message))
  }

  private sendText(client: Client, text: string): void {
    if (client.socket.readyState !== client.socket.OPEN) return
    if (client.socket.bufferedAmount > MAX_BUFFERED_BYTES) return this.cutOff(client)
    client.socket.send(text)
  }
}

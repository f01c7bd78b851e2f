/** Shared by the live-mode tests: the tiny estate, and a WebSocket client that waits for messages. */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import WebSocket from "ws"
import { parseEstate } from "../../../topology/load.ts"
import { buildModel, type EstateModel } from "../../../topology/model.ts"
import type { TraceEvent } from "../../../twin/engine/trace.ts"

const parsed = parseEstate("tiny", readFileSync(new URL("../../topology/fixtures/tiny-estate.yaml", import.meta.url), "utf8"))
if (Result.isFailure(parsed)) throw new Error("tiny estate does not parse")
export const tiny: EstateModel = buildModel(parsed.success)

export const NINE = 9 * 3600 * 1_000_000
export const minutes = (m: number): number => m * 60_000_000

// Messages as the server sends them (the tests read fields freely).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Message = Record<string, any>

/** A live client: every message kept in order; `next` waits for the next one matching. */
export class LiveClient {
  readonly socket: WebSocket
  readonly messages: Array<Message> = []
  /** The trace as this client holds it (events frames appended when `from` matches). */
  readonly events: Array<TraceEvent> = []
  private read = 0
  private waiters: Array<() => void> = []

  private constructor(socket: WebSocket) {
    this.socket = socket
    socket.on("message", (data, isBinary) => {
      const message = JSON.parse(data.toString()) as Message
      if (isBinary) throw new Error("binary frame from the server")
      this.messages.push(message)
      if (message.type === "events" && message.from === this.events.length) this.events.push(...(message.events as Array<TraceEvent>))
      for (const w of this.waiters.splice(0)) w()
    })
  }

  static open(url: string): Promise<LiveClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url)
      socket.once("open", () => resolve(new LiveClient(socket)))
      socket.once("error", reject)
    })
  }

  send(message: unknown): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message))
  }

  /** The next unread message of `type` (others before it are skipped), waiting up to `timeoutMs`. */
  async next(type: string, match: (m: Message) => boolean = () => true, timeoutMs = 20_000): Promise<Message> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      while (this.read < this.messages.length) {
        const m = this.messages[this.read++]!
        if (m.type === type && match(m)) return m
      }
      if (Date.now() > deadline) throw new Error(`no ${type} message within ${timeoutMs} ms; got ${this.messages.slice(-3).map((m) => JSON.stringify(m).slice(0, 200)).join(" | ")}`)
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve)
        setTimeout(resolve, 100)
      })
    }
  }

  /** Waits until the trace this client holds has an event matching. */
  async event(match: (e: TraceEvent) => boolean, timeoutMs = 20_000): Promise<TraceEvent> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.events.find(match)
      if (found !== undefined) return found
      if (Date.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms (${this.events.length} held)`)
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve)
        setTimeout(resolve, 100)
      })
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve()
      this.socket.once("close", () => resolve())
      this.socket.close()
    })
  }
}

/**
 * A hub's socket in the test's hands (twin/serve/live-hub.ts `HubSocket`): what the hub sends is kept;
 * `bufferedAmount` is what was sent and not yet drained, and a write callback runs when the test drains it.
 */
export class FakeSocket {
  readonly OPEN = 1
  readyState = 1
  bufferedAmount = 0
  readonly sent: Array<string> = []
  terminated = false
  private readonly handlers = new Map<string, (data: unknown, binary?: boolean) => void>()
  private waiting: Array<() => void> = []
  on(event: string, handler: (data: Buffer, binary: boolean) => void) {
    this.handlers.set(event, handler as (data: unknown, binary?: boolean) => void)
    return this
  }
  send(text: string, done?: () => void) {
    this.sent.push(text)
    this.bufferedAmount += text.length
    if (done !== undefined) this.waiting.push(done)
  }
  terminate() {
    this.terminated = true
    this.readyState = 3
    this.handlers.get("close")?.(undefined)
  }
  close() {
    this.terminate()
  }
  receive(message: unknown) {
    this.handlers.get("message")?.(Buffer.from(JSON.stringify(message)), false)
  }
  /** The client read everything: the socket is empty and the writes waiting on it complete. */
  drain() {
    this.bufferedAmount = 0
    for (const done of this.waiting.splice(0)) done()
  }
  types() {
    return this.sent.map((t) => {
      const m = JSON.parse(t) as { type: string; from?: number; events?: Array<unknown> }
      return m.type === "events" ? `events ${m.from}+${m.events!.length}` : m.type
    })
  }
}

/** Shared by the drill tests: loading a shipped drill, and a drill client that keeps every message. */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect } from "effect"
import WebSocket from "ws"
import { catalogues } from "../../../../scenarios/catalogues.ts"
import type { Drill } from "../../../../scenarios/drill/drill.ts"
import { loadDrill } from "../../../../scenarios/drill/load-drill.ts"

export const drillPath = (name: string) => new URL(`../../../../scenarios/drills/${name}.yaml`, import.meta.url).pathname

export const shippedDrill = (name: string): Promise<Drill> =>
  Effect.runPromise(loadDrill(drillPath(name), { catalogues }).pipe(Effect.provide(NodeServices.layer)))

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Message = Record<string, any>

export class DrillClient {
  readonly socket: WebSocket
  readonly messages: Array<Message> = []
  /** The raw text of every frame received, in order (what the blindness test searches). */
  readonly frames: Array<string> = []
  private read = 0
  private waiters: Array<() => void> = []

  private constructor(socket: WebSocket) {
    this.socket = socket
    socket.on("message", (data) => {
      const text = data.toString()
      this.frames.push(text)
      this.messages.push(JSON.parse(text) as Message)
      for (const w of this.waiters.splice(0)) w()
    })
  }

  static open(url: string): Promise<DrillClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url)
      socket.once("open", () => resolve(new DrillClient(socket)))
      socket.once("error", reject)
    })
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message))
  }

  /** The next unread message of `type` matching, waiting up to `timeoutMs`. */
  async next(type: string, match: (m: Message) => boolean = () => true, timeoutMs = 60_000): Promise<Message> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      while (this.read < this.messages.length) {
        const m = this.messages[this.read++]!
        if (m.type === type && match(m)) return m
      }
      if (Date.now() > deadline) throw new Error(`no ${type} message within ${timeoutMs} ms; last: ${this.frames.slice(-2).map((f) => f.slice(0, 200)).join(" | ")}`)
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve)
        setTimeout(resolve, 100)
      })
    }
  }

  /** The latest message of `type` received so far. */
  latest(type: string): Message | undefined {
    return this.messages.findLast((m) => m.type === type)
  }

  close(): void {
    this.socket.terminate()
  }
}

/**
 * The drill pages' socket: `ws://HOST/drill` on the page's own host. Sends `hello` (with the instructor's
 * token, if any) after every (re)connect, and reconnects with backoff after a drop — the server then sends
 * every panel's state again. Requests get a `ref` (`r1`, `r2`, …) echoed in their ack.
 */
import type { DrillClientMessage, DrillServerMessage } from "../../../twin/contract/drill-protocol.ts"
import { decodeDrillMessage } from "./protocol.ts"

const backoffMs = [250, 500, 1000, 2000, 4000, 8000]

export type ConnectionStatus = "connecting" | "connected" | "reconnecting"

/** A client message without its ref and token (added here). */
export type Outgoing = DrillClientMessage extends infer M ? (M extends { readonly type: string } ? Omit<M, "ref" | "token"> : never) : never

export class DrillConnection {
  private socket: WebSocket | undefined
  private attempt = 0
  private refs = 0
  private readonly token: string | null
  private readonly onMessage: (m: DrillServerMessage) => void
  private readonly onStatus: (s: ConnectionStatus) => void
  private readonly onProblem: (text: string) => void

  constructor(token: string | null, onMessage: (m: DrillServerMessage) => void, onStatus: (s: ConnectionStatus) => void, onProblem: (text: string) => void) {
    this.token = token
    this.onMessage = onMessage
    this.onStatus = onStatus
    this.onProblem = onProblem
  }

  connect(): void {
    this.onStatus(this.attempt === 0 ? "connecting" : "reconnecting")
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/drill`)
    this.socket = ws
    ws.addEventListener("open", () => {
      this.attempt = 0
      this.onStatus("connected")
      ws.send(JSON.stringify(this.token === null ? { type: "hello" } : { type: "hello", token: this.token }))
    })
    ws.addEventListener("message", (ev) => {
      const m = decodeDrillMessage(String(ev.data))
      if (typeof m === "string") this.onProblem(m)
      else this.onMessage(m)
    })
    ws.addEventListener("close", () => {
      if (this.socket !== ws) return
      this.onStatus("reconnecting")
      const wait = backoffMs[Math.min(this.attempt, backoffMs.length - 1)]!
      this.attempt++
      setTimeout(() => this.connect(), wait)
    })
  }

  /** Sends a request; returns its ref, or undefined when not connected (the caller says so). */
  send(message: Outgoing): string | undefined {
    if (this.socket?.readyState !== WebSocket.OPEN) return undefined
    const ref = `r${++this.refs}`
    this.socket.send(JSON.stringify({ ...message, ref, ...(this.token === null ? {} : { token: this.token }) }))
    return ref
  }
}

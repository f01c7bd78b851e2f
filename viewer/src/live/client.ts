/**
 * Live mode: follows `twin serve` over ws /live on the same host. Sends `hello` with the number of events
 * held (0 at first), appends `events` batches through the same index and reducer as playback, resends
 * `hello` when a batch does not start where it should (resync), and reconnects with backoff after a drop.
 */
import type { App } from "../app.ts"
import { must } from "../util/dom.ts"
import { InstructorPanel } from "./instructor.ts"
import { decodeServerMessage, heldNote, onEvents } from "./protocol.ts"

const backoffMs = [250, 500, 1000, 2000, 4000, 8000]

export const startLive = (app: App, token: string | null): void => {
  const status = must(document, '[data-testid="live-status"]')
  app.live = true
  // the server sets the pace in live mode (the instructor's speed control)
  must(document, '[data-testid="speed"]').hidden = true
  status.hidden = false
  document.body.setAttribute("data-mode", "live")
  let attempt = 0
  let socket: WebSocket | undefined
  let instructor: InstructorPanel | undefined
  let ended = false

  const setStatus = (text: "connecting" | "connected" | "reconnecting" | "ended", detail = ""): void => {
    status.textContent = text
    status.setAttribute("data-status", text)
    status.title = detail
  }

  const send = (message: Record<string, unknown>): void => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message))
  }
  const hello = (): void => send({ type: "hello", have: app.index.events.length, ...(token === null ? {} : { token }) })

  const connect = (): void => {
    setStatus(attempt === 0 ? "connecting" : "reconnecting")
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/live`
    const ws = new WebSocket(url)
    socket = ws
    ws.addEventListener("open", () => {
      attempt = 0
      hello()
    })
    ws.addEventListener("message", (ev) => {
      const m = decodeServerMessage(String(ev.data))
      if (typeof m === "string") {
        instructor?.result(m, true)
        return
      }
      switch (m.type) {
        case "welcome":
          setStatus("connected")
          if (m.role === "instructor" && token !== null) {
            instructor ??= new InstructorPanel(must(document, "#instructor-slot"), (msg) => send({ ...msg, token }))
            instructor.configure(m)
          }
          return
        case "events": {
          const action = onEvents(app.index.events.length, m.from, m.events[0])
          if (action === "reset") app.resetLive()
          if (action === "resync") hello()
          else app.appendLive(m.events)
          return
        }
        case "clock": {
          const held = heldNote(m)
          setStatus(ended ? "ended" : "connected", `t ${m.t} · ×${m.speed}${m.paused ? " · paused" : ""}${held === undefined ? "" : ` · holding ${held}`} · lag ${m.lagMs} ms`)
          status.setAttribute("data-paused", String(m.paused))
          // A world that cannot keep the speed asked says so where it is seen, not only in the tooltip.
          if (held !== undefined) status.textContent = `${status.textContent} · ${held}`
          if (m.held === undefined) status.removeAttribute("data-held")
          else status.setAttribute("data-held", String(m.held))
          app.liveEdge = m.t
          if (app.follow && document.body.getAttribute("data-ready") === "true") {
            app.player.setWindow(app.index.from, Math.max(app.index.to, m.t))
            app.player.seek(m.t)
          }
          instructor?.clock(m.speed, m.paused)
          return
        }
        case "ack":
          instructor?.result(m.detail, false)
          return
        case "error":
          instructor?.result(m.message, true)
          return
        case "end":
          ended = true
          setStatus("ended")
          return
      }
    })
    ws.addEventListener("close", () => {
      if (socket !== ws) return
      if (ended) return setStatus("ended")
      setStatus("reconnecting")
      const wait = backoffMs[Math.min(attempt, backoffMs.length - 1)]!
      attempt++
      setTimeout(connect, wait)
    })
  }
  connect()
}

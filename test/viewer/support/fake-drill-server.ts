/**
 * A stand-in for `twin drill` speaking twin/contract/drill-protocol.ts, for the drill pages' own browser
 * tests: the built viewer over the same static routes, and ws /drill where the test decides what each
 * page is sent and sees every frame the pages send. Loopback, a free port; `close` ends every socket.
 */
import { createServer, type Server } from "node:http"
import { WebSocketServer, type WebSocket } from "ws"
import type { DrillClientMessage, DrillServerMessage } from "../../../twin/contract/drill-protocol.ts"
import { serveStatic } from "../../../twin/serve/static-files.ts"

export interface FakeClient {
  readonly role: "instructor" | "trainee"
  readonly socket: WebSocket
  /** Every frame sent to this client, as sent. */
  readonly sent: Array<string>
}

export interface FakeDrillServer {
  readonly url: string
  readonly clients: Array<FakeClient>
  /** Every client frame received, decoded, with the role of its sender. */
  readonly received: Array<{ role: "instructor" | "trainee"; message: DrillClientMessage }>
  send(client: FakeClient, m: DrillServerMessage): void
  /** To every client of the role (both when omitted). */
  broadcast(m: DrillServerMessage, role?: "instructor" | "trainee"): void
  close(): Promise<void>
}

/** `onHello`: what a client is sent after its hello; `onRequest`: what the server does with any other frame. */
export const startFakeDrillServer = (
  viewer: string,
  token: string,
  onHello: (server: FakeDrillServer, client: FakeClient) => void,
  onRequest: (server: FakeDrillServer, client: FakeClient, m: DrillClientMessage) => void
): Promise<FakeDrillServer> =>
  new Promise((resolve) => {
    const routes = { viewer, traces: new Map<string, string>() }
    const http: Server = createServer((req, res) => {
      const pathname = new URL(req.url ?? "/", "http://x").pathname
      if (!serveStatic(routes, req, res, pathname)) res.writeHead(404).end(`${pathname}: not found`)
    })
    const sockets = new WebSocketServer({ noServer: true })
    const fake: FakeDrillServer = {
      url: "",
      clients: [],
      received: [],
      send: (client, m) => {
        const text = JSON.stringify(m)
        client.sent.push(text)
        client.socket.send(text)
      },
      broadcast: (m, role) => {
        for (const c of fake.clients) if (role === undefined || c.role === role) fake.send(c, m)
      },
      close: () =>
        new Promise<void>((done) => {
          for (const c of fake.clients) c.socket.terminate()
          sockets.close()
          http.closeAllConnections()
          http.close(() => done())
        })
    }
    http.on("upgrade", (req, socket, head) => {
      if (new URL(req.url ?? "/", "http://x").pathname !== "/drill") return socket.destroy()
      sockets.handleUpgrade(req, socket, head, (ws) => {
        let client: FakeClient | undefined
        ws.on("message", (data) => {
          const m = JSON.parse(data.toString()) as DrillClientMessage
          if (m.type === "hello") {
            client = { role: m.token === token ? "instructor" : "trainee", socket: ws, sent: [] }
            fake.clients.push(client)
            fake.received.push({ role: client.role, message: m })
            onHello(fake, client)
            return
          }
          if (client === undefined) return
          fake.received.push({ role: client.role, message: m })
          onRequest(fake, client, m)
        })
      })
    })
    http.listen(0, "127.0.0.1", () => {
      const address = http.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      Object.assign(fake, { url: `http://127.0.0.1:${port}` })
      resolve(fake)
    })
  })

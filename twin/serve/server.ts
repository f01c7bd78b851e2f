/**
 * The HTTP server of `twin serve` and `twin run --view`: static files (static-files.ts) and, in live mode,
 * the WebSocket `/live` handed to the hub. Loopback by default: a drill's instructor token travels in
 * plain HTTP, so listening elsewhere is the operator's explicit choice (the CLI warns). Requests naming
 * another host, and WebSocket upgrades from another site's pages, are refused (request-origin.ts).
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { type WebSocket, WebSocketServer } from "ws"
import type { LiveHub } from "./live-hub.ts"
import { type OriginPolicy, originPolicy } from "./request-origin.ts"
import { notFound, serveStatic, type StaticRoutes } from "./static-files.ts"

/** Frames above this close the socket (ws's own limit); the hub refuses smaller oversized ones politely. */
const MAX_PAYLOAD = 16 * 1024 * 1024

export interface ServeOptions extends StaticRoutes {
  readonly host: string
  /** 0 picks a free port. */
  readonly port: number
  readonly hub?: LiveHub
  /** A drill (`twin drill`): its pages talk on `/drill` (twin/serve/drill/drill-hub.ts). */
  readonly drillHub?: { attach(socket: WebSocket, address: string): void; stop(): void }
  /** Origins (`https://host:port`) whose pages may also open `/live`, beyond the server's own (request-origin.ts). */
  readonly allowOrigins?: ReadonlyArray<string>
  /** The real endpoints' listing (twin/rig), answered as JSON on `/rig`; without it `/rig` is not found. */
  readonly rigListing?: () => unknown
  /** Overrides of HTTP_TIMEOUTS (tests shorten them). */
  readonly timeouts?: Partial<HttpTimeouts>
}

/**
 * How long a client may take over a request. Node's defaults (60 s for the headers, 300 s for the request,
 * checked every 30 s) let a slowloris client that sends its headers a byte at a time hold a socket for
 * minutes; a browser sends its headers at once, so 10 s is generous. Upgraded WebSockets are not affected
 * (the timers stop at the upgrade).
 */
export interface HttpTimeouts {
  readonly headersMs: number
  readonly requestMs: number
  /** How often Node checks the two above. */
  readonly checkEveryMs: number
}
export const HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000, checkEveryMs: 1_000 }

export interface Serving {
  readonly host: string
  /** The address the socket is bound to, as the system reports it (`127.1` → `127.0.0.1`). */
  readonly address: string
  readonly port: number
  /** `http://HOST:PORT` */
  readonly origin: string
  readonly close: () => Promise<void>
}

/** Why listening failed, as one line (the CLI prints it with the flag's name). */
export class ListenFailed extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

/** A loopback address as written or as bound: `localhost`, 127.0.0.0/8, `::1`, and 127/8 mapped into IPv6. */
export const isLoopback = (host: string): boolean =>
  host === "localhost" || /^(::1|0:0:0:0:0:0:0:1)$/.test(host) || /^(::ffff:)?127\.\d+\.\d+\.\d+$/i.test(host)

export const startServer = (options: ServeOptions): Promise<Serving> => {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD })
  // Known once listening (port 0 picks one): nothing is answered before.
  let policy: OriginPolicy | undefined
  const timeouts = { ...HTTP_TIMEOUTS, ...options.timeouts }
  const server: Server = createServer({
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: timeouts.checkEveryMs
  }, (req, res) => {
    const refused = policy === undefined ? "not listening yet" : policy.refuse(req, false)
    if (refused !== undefined) {
      res.writeHead(403, { "content-type": "text/plain; charset=utf-8" })
      res.end(`forbidden: ${refused}\n`)
      return
    }
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname
    if (pathname === "/rig" && options.rigListing !== undefined && (req.method === "GET" || req.method === "HEAD")) {
      const body = `${JSON.stringify({ endpoints: options.rigListing() }, null, 2)}\n`
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" })
      res.end(req.method === "HEAD" ? undefined : body)
      return
    }
    if (!serveStatic(options, req, res, pathname)) notFound(res, pathname)
  })
  server.on("upgrade", (req, socket, head) => {
    const refused = policy === undefined ? "not listening yet" : policy.refuse(req, true)
    if (refused !== undefined) {
      socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain; charset=utf-8\r\n\r\nforbidden: ${refused}\n`)
      return
    }
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname
    const drillHub = options.drillHub
    if (pathname === "/drill" && drillHub !== undefined) {
      sockets.handleUpgrade(req, socket, head, (ws) => drillHub.attach(ws, req.socket.remoteAddress ?? ""))
      return
    }
    const hub = options.hub
    if (pathname !== "/live" || hub === undefined) {
      socket.end("HTTP/1.1 404 Not Found\r\n\r\n")
      return
    }
    sockets.handleUpgrade(req, socket, head, (ws) => hub.attach(ws, req.socket.remoteAddress ?? ""))
  })
  // A request too slow (headersTimeout/requestTimeout) gets Node's 408 before the socket closes; any other
  // malformed request is dropped without an answer.
  server.on("clientError", (e: NodeJS.ErrnoException, socket) => {
    if (e.code === "ERR_HTTP_REQUEST_TIMEOUT" && socket.writable) socket.end("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n")
    socket.destroy()
  })
  return new Promise((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      const code = e.code ?? "unknown"
      reject(new ListenFailed(code, code === "EADDRINUSE" ? "in use" : code === "EACCES" ? "not allowed" : e.message))
    })
    server.listen(options.port, options.host, () => {
      const { port, address } = server.address() as AddressInfo
      policy = originPolicy(address, port, isLoopback(address), options.allowOrigins ?? [], options.host)
      // A wildcard address is not one a browser can open: show loopback (others use the machine's address).
      const reachable = address === "0.0.0.0" || address === "::" ? "127.0.0.1" : address.replace(/^::ffff:/i, "")
      const shown = reachable.includes(":") ? `[${reachable}]` : reachable
      resolve({
        host: options.host,
        address,
        port,
        origin: `http://${shown}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            options.hub?.stop()
            options.drillHub?.stop()
            for (const client of sockets.clients) client.terminate()
            sockets.close()
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
}

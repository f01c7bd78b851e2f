/**
 * The built viewer and some traces served for browser tests and the viewer benchmark, through the same
 * static routes `twin serve` uses (twin/serve/static-files.ts): the viewer at `/`, each trace at
 * `/trace/NAME.ndjson`. Loopback only, a free port.
 */
import { createServer, type Server } from "node:http"
import { serveStatic as serveRoutes } from "../../../twin/serve/static-files.ts"

export interface StaticServer {
  readonly url: string
  readonly close: () => Promise<void>
}

/** `traces`: NAME.ndjson → file, served as `/trace/NAME.ndjson`. */
export const serveStatic = (viewer: string, traces: Record<string, string> = {}): Promise<StaticServer> =>
  new Promise((resolve) => {
    const routes = { viewer, traces: new Map(Object.entries(traces)) }
    const server: Server = createServer((req, res) => {
      const pathname = new URL(req.url ?? "/", "http://x").pathname
      if (!serveRoutes(routes, req, res, pathname)) res.writeHead(404).end(`${pathname}: not found`)
    })
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) })
    })
  })

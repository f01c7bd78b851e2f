/**
 * A tiny static file server for browser tests and the viewer benchmark: serves a directory (the built
 * viewer) and, under fixed paths, extra files (traces). Loopback only, a free port.
 */
import { createReadStream, existsSync, statSync } from "node:fs"
import { createServer, type Server } from "node:http"
import { extname, join, normalize } from "node:path"

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".ndjson": "application/x-ndjson",
  ".json": "application/json"
}

export interface StaticServer {
  readonly url: string
  readonly close: () => Promise<void>
}

export const serveStatic = (root: string, extra: Record<string, string> = {}): Promise<StaticServer> =>
  new Promise((resolve) => {
    const server: Server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)
      const file = extra[path] ?? join(root, normalize(path === "/" ? "/index.html" : path).replace(/^(\.\.[/\\])+/, ""))
      if (!existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end(`${path}: not found`)
        return
      }
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" })
      createReadStream(file).pipe(res)
    })
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) })
    })
  })
